from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "middenveld.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from middenveld.core.cache import invalidate_on_change
        from middenveld.funding import inbox, privacy, rules, timeline  # noqa: F401
        from middenveld.funding.models import (
            Application,
            Award,
            Budget,
            BudgetLine,
            Call,
            Instrument,
            Regulation,
            RegulationVersion,
        )
        from middenveld.organisations.models import Organisation

        # The public pages (/subsidies/, the awards register, open data) show these.
        invalidate_on_change(
            Instrument, Budget, BudgetLine, Regulation, RegulationVersion, Call, Award
        )
        # The staff list of applications: only listed applications (not drafts) count.
        for model in (Application, Call, Instrument, Organisation):
            post_save.connect(_staff_list_changed, sender=model, dispatch_uid=f"staff-list-{model}")
            post_delete.connect(
                _staff_list_changed, sender=model, dispatch_uid=f"staff-list-del-{model}"
            )


def _staff_list_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from middenveld.core.cache import bump_content_version
    from middenveld.funding.models import Application
    from middenveld.funding.selectors import STAFF_LIST

    if kwargs.get("raw"):
        return
    if isinstance(instance, Application) and instance.submitted_at is None:
        return
    bump_content_version(STAFF_LIST)
