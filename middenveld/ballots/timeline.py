"""Ballots in the 360° timeline. An event says that the organisation voted (or changed its
vote) on which ballot, and who sent it; never what it chose: that stays secret, as in
any vote."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from middenveld.organisations.timeline import event_kind

MODULE = _("Ballots")

event_kind("ballots.cast", _("Ballot cast: %(ballot)s"), module=MODULE)
event_kind("ballots.changed", _("Ballot changed: %(ballot)s"), module=MODULE)
