from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _overview_context(organisation: Any, viewer: Any) -> dict[str, Any]:
    from middenveld.coaching.selectors import coaching_for_organisation

    state = coaching_for_organisation(organisation)
    return {"pending": state.pending, "open": state.open, "past": state.past}


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from middenveld.coaching import inbox, privacy, rules, timeline  # noqa: F401
        from middenveld.organisations.overview import overview_panel

        overview_panel(
            "coaching",
            title=_("Coaching"),
            template="coaching/admin/_overview_panel.html",
            context=_overview_context,
            order=50,
        )
