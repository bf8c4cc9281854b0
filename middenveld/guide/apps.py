from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _overview_context(organisation: Any, viewer: Any) -> dict[str, Any]:
    """The organisation's checklist for the 360° view: three queries, whatever its size."""
    from middenveld.guide.owners import ChecklistOwner
    from middenveld.guide.selectors import checklist_get

    checklist = checklist_get(ChecklistOwner(organisation=organisation))
    ticks = [tick for state in checklist.steps for _task, tick in state.tasks if tick]
    last = max((tick.done_at for tick in ticks), default=None)
    return {"checklist": checklist, "last": last}


class GuideConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.guide"
    label = "guide"
    verbose_name = _("Starter's guide")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.guide import models, privacy, rules, timeline  # noqa: F401
        from middenveld.organisations.overview import overview_panel

        # The public guide pages are cached whole; editing a step or task makes them fresh.
        invalidate_on_change(models.Step, models.Task)
        overview_panel(
            "guide",
            title=_("Starter's guide"),
            template="guide/admin/_overview_panel.html",
            context=_overview_context,
            order=60,
        )
