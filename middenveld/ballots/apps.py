from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.ballots"
    label = "ballots"
    verbose_name = _("Ballots")

    def ready(self) -> None:
        from middenveld.ballots import privacy, rules, timeline  # noqa: F401
        from middenveld.ballots.models import Cast
        from middenveld.participation.figures import participation_source

        participation_source(
            "ballots.casts",
            label=_("Voted on behalf of the organisation"),
            organisations=lambda process: Cast.objects.filter(
                ballot__process=process, organisation__isnull=False
            ).values("organisation_id"),
            order=40,
        )
