"""The parliament in the 360° timeline: mandates, motions, votes, signals, advice.

A secret vote appears as "took part in the vote", never with the choice; a roll-call vote
says the choice, as the published roll call does.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Civil-society parliament")

event_kind("parliament.mandate", _("Holds seat %(seat)s in %(body)s"), module=MODULE)
event_kind("parliament.attended", _("Present at the session %(session)s"), module=MODULE)
event_kind("parliament.motion_tabled", _("Tabled: %(title)s"), module=MODULE)
event_kind("parliament.cosigned", _("Co-signed: %(title)s"), module=MODULE)
event_kind("parliament.motion_withdrawn", _("Withdrawn: %(title)s"), module=MODULE)
event_kind("parliament.motion_decided", _("%(title)s: %(outcome)s"), module=MODULE)
event_kind("parliament.voted", _("Voted on: %(question)s"), module=MODULE)
event_kind("parliament.signal", _("Signal filed: %(title)s"), module=MODULE)
event_kind(
    "parliament.advice_answered", _("The city answered the advice %(number)s"), module=MODULE
)
