from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.events import privacy, rules, timeline  # noqa: F401
        from middenveld.events.models import Event, EventDocument

        # Registrations are not on the cached (anonymous) pages: only the events are.
        invalidate_on_change(Event, EventDocument)

        from middenveld.events.models import Registration
        from middenveld.participation.figures import participation_source

        participation_source(
            "events.registrations",
            label=_("Registered for an event on behalf of the organisation"),
            organisations=lambda process: (
                Registration.objects.filter(event__process=process, organisation__isnull=False)
                .exclude(status="cancelled")
                .values("organisation_id")
            ),
            order=30,
        )
