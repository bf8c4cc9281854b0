"""A small parliament for tests: ``build_parliament(seats=N)`` makes a published body with
a current term, N seats each held by its own verified organisation (an admin who is the
delegate, a member who is the substitute), a secretary and a chair (plain accounts, not
city staff), and an open session with one decision item and one tabled motion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.parliament.models import (
    AgendaItem,
    Body,
    BodyKind,
    ItemKind,
    Majority,
    Mandate,
    MandatePerson,
    MandateRole,
    Motion,
    MotionKind,
    Officer,
    OfficerRole,
    Seat,
    SeatKind,
    Session,
    SessionStatus,
    Term,
)


@dataclass
class Member:
    organisation: Organisation
    mandate: Mandate
    seat: Seat
    delegate: Any
    substitute: Any


@dataclass
class Parliament:
    body: Body
    term: Term
    members: list[Member]
    secretary: Any
    chair: Any
    session: Session
    item: AgendaItem
    motion: Motion
    extra: dict[str, Any] = field(default_factory=dict)


def build_parliament(
    *,
    seats: int = 5,
    slug: str = "parlement",
    session_status: str = SessionStatus.OPEN,
    quorum_percent: int = 50,
) -> Parliament:
    today = timezone.localdate()
    body = Body.objects.create(
        kind=BodyKind.PARLIAMENT,
        name="Middenveldparlement",
        slug=slug,
        description="Het parlement van het Gentse middenveld.",
        quorum_percent=quorum_percent,
    )
    term = Term.objects.create(
        body=body, starts_on=today - timedelta(days=200), ends_on=today + timedelta(days=500)
    )
    members = []
    for number in range(1, seats + 1):
        organisation = OrganisationFactory(name=f"Organisatie {slug} {number}")
        delegate = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
        substitute = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
        seat = Seat.objects.create(term=term, number=number, kind=SeatKind.OPEN)
        mandate = Mandate.objects.create(
            seat=seat, organisation=organisation, starts_on=term.starts_on, ends_on=term.ends_on
        )
        MandatePerson.objects.create(mandate=mandate, user=delegate, role=MandateRole.DELEGATE)
        MandatePerson.objects.create(mandate=mandate, user=substitute, role=MandateRole.SUBSTITUTE)
        members.append(Member(organisation, mandate, seat, delegate, substitute))
    secretary = UserFactory(name="Secretaris")
    chair = UserFactory(name="Voorzitter")
    Officer.objects.create(body=body, user=secretary, role=OfficerRole.SECRETARY)
    Officer.objects.create(body=body, user=chair, role=OfficerRole.CHAIR)
    now = timezone.now()
    session = Session.objects.create(
        body=body,
        title="Zitting van vandaag",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        place="Stadhuis, Botermarkt 1, Gent",
        status=session_status,
    )
    item = AgendaItem.objects.create(
        session=session,
        position=1,
        title="Advies over basiswerking",
        kind=ItemKind.DECISION,
        majority=Majority.SIMPLE,
    )
    motion = Motion.objects.create(
        item=item,
        kind=MotionKind.ADVICE,
        title="Meer middelen voor basiswerking",
        text="Het parlement vraagt de stad om de middelen voor basiswerking te verhogen.",
        organisation=members[0].organisation,
        tabled_by=members[0].delegate,
    )
    return Parliament(body, term, members, secretary, chair, session, item, motion)


def seat_everyone(parliament: Parliament, *, count: int | None = None) -> None:
    """Register the first ``count`` delegates as present (all by default)."""
    from middenveld.parliament.services import attendance_register

    for member in parliament.members[: count if count is not None else len(parliament.members)]:
        attendance_register(
            session=parliament.session, by=parliament.secretary, person=member.delegate
        )
