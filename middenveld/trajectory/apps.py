from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoryConfig(AppConfig):
    name = "middenveld.trajectory"
    label = "trajectory"
    verbose_name = _("Trajectory")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.trajectory import models, rules  # noqa: F401

        invalidate_on_change(
            models.Section,
            models.Workstream,
            models.Action,
            models.ActionMilestone,
            models.TimelineEntry,
            models.Document,
            models.NewsItem,
            models.ContactInfo,
        )
