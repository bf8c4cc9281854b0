from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoryConfig(AppConfig):
    name = "middenveld.trajectory"
    label = "trajectory"
    verbose_name = _("Trajectory")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from middenveld.core.cache import invalidate_on_change
        from middenveld.trajectory import models, rules, selectors  # noqa: F401

        for signal in (post_save, post_delete):
            signal.connect(
                selectors.footer_forget,
                sender=models.ContactInfo,
                dispatch_uid="trajectory-footer",
            )

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
