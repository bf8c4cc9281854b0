"""The guide's event in an organisation's 360° timeline (ADR 13)."""

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Starter's guide")
event_kind(
    "guide.task_done",
    _("Starter's guide: “%(task)s” ticked off by %(person)s"),
    module=MODULE,
    members_see=True,
)
