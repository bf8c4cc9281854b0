"""Who may do what with ballots. ``obj`` is the Ballot, or a ``Voter`` (ballot and
organisation) for casting an organisation's vote.

* ``ballots.view``: a published ballot is public; an unpublished one only for city staff.
* ``ballots.cast_as_resident``: any signed-in, active person, on a ballot for residents.
* ``ballots.cast_for_organisation``: on a ballot for organisations, for a verified
  organisation, by its admins (or by any member when the ballot says so:
  ``Ballot.who_casts``). City staff do not vote on an organisation's behalf.
* ``ballots.view_results`` and ``ballots.export``: everyone, but only once the ballot has
  closed, by the server's clock. Before that nobody sees a result, city staff included.
* ``ballots.manage``: city staff and administrators (ballots, options, counting, import).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.core import rules
from middenveld.core.rules import ALLOW, Decision, Predicate, is_authenticated, is_city_staff
from middenveld.organisations.models import MemberRole, Organisation, Status
from middenveld.organisations.rules import membership_of


@dataclass(frozen=True)
class Voter:
    """Casting for an organisation: the ballot and the organisation together."""

    ballot: Any
    organisation: Organisation


def _ballot(obj: Any) -> Any:
    return obj.ballot if isinstance(obj, Voter) else obj


def _when(moment: Any) -> str:
    return date_format(localtime(moment), "DATETIME_FORMAT")


def _published(user: Any, obj: Any) -> Decision:
    ballot = _ballot(obj)
    if ballot is not None and ballot.published:
        return ALLOW
    return Decision(False, _("This ballot does not exist."))


def _closed(user: Any, obj: Any) -> Decision:
    ballot = _ballot(obj)
    if ballot is not None and ballot.is_closed():
        return ALLOW
    if ballot is None:
        return Decision(False, _("This ballot does not exist."))
    return Decision(
        False,
        _(
            "The results stay hidden from everyone, city staff included, until the ballot "
            "closes on %(closes)s. Come back after that."
        )
        % {"closes": _when(ballot.closes_at)},
    )


def _for_residents(user: Any, obj: Any) -> Decision:
    ballot = _ballot(obj)
    if ballot is not None and ballot.electorate == "residents":
        return ALLOW
    return Decision(False, _("On this ballot organisations vote, not residents one by one."))


def _may_cast_for(user: Any, obj: Any) -> Decision:
    if not isinstance(obj, Voter):
        return Decision(False, _("Choose the organisation you vote for."))
    ballot, organisation = obj.ballot, obj.organisation
    if ballot.electorate != "organisations":
        return Decision(False, _("On this ballot residents vote, each for themselves."))
    membership = membership_of(user, organisation)
    if membership is None:
        return Decision(False, _("You can only vote for an organisation you are a member of."))
    if ballot.who_casts == "admins" and membership.role != MemberRole.ADMIN:
        return Decision(
            False,
            _("Only an admin of %(organisation)s can cast its vote. Ask one of its admins.")
            % {"organisation": organisation.name},
        )
    if organisation.status != Status.VERIFIED:
        return Decision(
            False,
            _("Only organisations verified by the city can vote; %(organisation)s is not (yet).")
            % {"organisation": organisation.name},
        )
    return ALLOW


is_published = Predicate(_published, "is_published", gettext_lazy("This ballot does not exist."))
is_closed = Predicate(_closed, "is_closed", gettext_lazy("The ballot has not closed yet."))
is_resident_ballot = Predicate(
    _for_residents, "is_resident_ballot", gettext_lazy("This ballot is not for residents.")
)
holds_organisation_vote = Predicate(
    _may_cast_for,
    "holds_organisation_vote",
    gettext_lazy("You cannot vote for this organisation."),
)

rules.register("ballots.view", is_published | is_city_staff)
rules.register("ballots.cast_as_resident", is_authenticated & is_published & is_resident_ballot)
rules.register(
    "ballots.cast_for_organisation", is_authenticated & is_published & holds_organisation_vote
)
rules.register("ballots.view_results", (is_published | is_city_staff) & is_closed)
rules.register("ballots.export", (is_published | is_city_staff) & is_closed)
rules.register("ballots.manage", is_city_staff)
