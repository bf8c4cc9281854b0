"""Reading ballots: lists, one ballot, and who may vote on it for whom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from middenveld.ballots.models import Ballot, Cast, Option, WhoCasts
from middenveld.core import rules
from middenveld.core.errors import NotFound
from middenveld.organisations.models import MemberRole, Membership, Organisation, Status


def ballot_list(*, user: Any = None) -> QuerySet[Ballot]:
    """Published ballots (city staff also see unpublished ones), newest close first."""
    ballots = Ballot.objects.select_related("process").annotate(option_count=Count("options"))
    if not rules.is_city_staff(user):
        ballots = ballots.filter(published=True)
    return ballots.order_by("-closes_at", "-id")


def ballot_get(*, slug: Any, user: Any, for_casting: bool = False) -> Ballot:
    """One ballot with its options; NotFound when it does not exist for ``user``.

    ``for_casting``: only what casting needs (no process, no descriptions, options
    without their texts), the hot path of a vote.
    """
    ballots = Ballot.objects.filter(slug=str(slug)[:80])
    if for_casting:
        ballot = (
            ballots.defer("result", *_translations("description"))
            .prefetch_related(
                Prefetch(
                    "options",
                    queryset=Option.objects.only(
                        "id", "ballot_id", "code", "cost", "order"
                    ).order_by("order", "id"),
                )
            )
            .first()
        )
    else:
        ballot = (
            ballots.select_related("process")
            .defer("result")
            .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order", "id")))
            .first()
        )
    if ballot is None or not rules.check("ballots.view", user, ballot):
        raise NotFound()
    return ballot


def _translations(name: str) -> list[str]:
    from django.conf import settings

    return [name] + [f"{name}_{code}" for code, _label in settings.LANGUAGES]


def ballot_options(ballot: Ballot) -> list[Option]:
    return list(ballot.options.all())


@dataclass(frozen=True)
class VoterSeat:
    """An organisation ``user`` may cast the vote of, and its vote so far."""

    organisation: Organisation
    cast: Cast | None


def voter_organisations(*, ballot: Ballot, user: Any) -> list[VoterSeat]:
    """The verified organisations whose vote ``user`` may cast on ``ballot``."""
    if not ballot.for_organisations or not getattr(user, "is_authenticated", False):
        return []
    memberships = Membership.objects.filter(
        user=user, organisation__status=Status.VERIFIED
    ).select_related("organisation")
    if ballot.who_casts == WhoCasts.ADMINS:
        memberships = memberships.filter(role=MemberRole.ADMIN)
    organisations = [m.organisation for m in memberships.order_by("organisation__name")]
    casts = {
        c.organisation_id: c
        for c in Cast.objects.filter(ballot=ballot, organisation__in=organisations)
    }
    return [VoterSeat(o, casts.get(o.pk)) for o in organisations]


def member_organisations_without_right(*, ballot: Ballot, user: Any) -> list[Organisation]:
    """Organisations ``user`` belongs to but cannot vote for (to say why on the page)."""
    if not ballot.for_organisations or not getattr(user, "is_authenticated", False):
        return []
    seats = {seat.organisation.pk for seat in voter_organisations(ballot=ballot, user=user)}
    return [
        m.organisation
        for m in Membership.objects.filter(user=user).select_related("organisation")
        if m.organisation_id not in seats
    ]


def ballot_turnout(ballot: Ballot) -> int:
    return Cast.objects.filter(ballot=ballot).count()
