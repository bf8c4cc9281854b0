"""Coaching in the 360° timeline. Events hold facts (names, dates, codes), never the text
of a session or a note: those stay on the trajectory page, where the rules apply."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.coaching.models import GoalStatus
from middenveld.organisations.timeline import event_kind

MODULE = _("Coaching")
GOAL_STATUSES = {s.value: s.label for s in GoalStatus}

event_kind("coaching.requested", _("Coaching requested"), module=MODULE)
event_kind(
    "coaching.accepted", _("Coaching request accepted; the coach is %(coach)s"), module=MODULE
)
event_kind("coaching.declined", _("Coaching request declined: %(reason)s"), module=MODULE)
event_kind("coaching.coach_changed", _("New coach: %(coach)s"), module=MODULE)
event_kind("coaching.goal_added", _("Coaching goal added: %(goal)s"), module=MODULE)
event_kind(
    "coaching.goal_status",
    _("Coaching goal “%(goal)s” is now: %(status)s"),
    module=MODULE,
    labels={"status": GOAL_STATUSES},
)
event_kind(
    "coaching.session",
    _("Coaching session on %(day)s (%(minutes)s minutes)"),
    module=MODULE,
)
event_kind("coaching.note", _("A note was added to the coaching"), module=MODULE)
event_kind(
    "coaching.internal_note",
    _("An internal note was added to the coaching"),
    module=MODULE,
    members_see=False,
)
event_kind("coaching.closed", _("Coaching trajectory closed"), module=MODULE)
