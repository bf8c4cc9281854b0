"""Funding in the 360° timeline: applications, assessments, decisions, awards, payments,
reports and agreements. Amounts are facts in ``data``; never the assessors' names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Funding")

event_kind("funding.application_started", _("Application started: %(title)s"), module=MODULE)
event_kind("funding.application_submitted", _("Application submitted: %(title)s"), module=MODULE)
event_kind(
    "funding.application_returned",
    _("Application sent back for completion: %(title)s"),
    module=MODULE,
)
event_kind("funding.application_withdrawn", _("Application withdrawn: %(title)s"), module=MODULE)
event_kind(
    "funding.application_assessed",
    _("An assessment was completed for: %(title)s"),
    module=MODULE,
    members_see=False,
)
event_kind(
    "funding.decision",
    _("Decision %(reference)s on %(title)s: %(outcome)s"),
    module=MODULE,
    labels={"outcome": {"award": _("awarded"), "reject": _("not awarded")}},
)
event_kind("funding.awarded", _("Awarded EUR %(amount)s: %(title)s"), module=MODULE)
event_kind("funding.paid", _("Paid EUR %(amount)s (%(kind)s): %(title)s"), module=MODULE)
event_kind("funding.reclaimed", _("Reclaimed EUR %(amount)s: %(title)s"), module=MODULE)
event_kind("funding.report_filed", _("Report filed for: %(title)s"), module=MODULE)
event_kind("funding.agreement", _("Agreement %(reference)s: %(title)s"), module=MODULE)
event_kind("funding.amendment", _("Amendment %(number)s to agreement %(reference)s"), module=MODULE)
event_kind(
    "funding.indicator_report",
    _("Indicators reported for %(year)s: agreement %(reference)s"),
    module=MODULE,
)
