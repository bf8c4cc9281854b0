"""Who may do what with coaching: every role × every coaching page × their own or another
organisation (the approach of organisations/tests/test_access_matrix.py).

* organisation A (verified) with ``admin_a`` and ``member_a``;
* organisation B (verified) with ``admin_b`` and ``member_b``;
* plus ``anonymous``, ``citizen`` (signed in, no organisation), ``staff`` and ``administrator``.

Every case acts on A's coaching, so for B's people it is another organisation's: they must
get a 404 (never a hint that A has coaching). A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.coaching.models import CoachingRequest, Goal, Note, Session, Trajectory
from middenveld.coaching.tests.factories import CoachingRequestFactory, TrajectoryFactory
from middenveld.organisations.models import MemberRole, Organisation, Status
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "member_a",
    "admin_a",
    "member_b",
    "admin_b",
    "staff",
    "administrator",
]
A_MEMBERS = frozenset({"member_a", "admin_a"})
STAFF = frozenset({"staff", "administrator"})
OTHERS_SIGNED_IN = frozenset({"citizen", "member_b", "admin_b"})


@dataclass
class World:
    a: Organisation
    b: Organisation
    users: dict[str, Any]
    request: CoachingRequest | None = None
    trajectory: Trajectory | None = None

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(CoachingRequest.objects.values_list("id", "organisation_id", "status")),
            sorted(Trajectory.objects.values_list("id", "status", "coach_id", "summary")),
            Goal.objects.count(),
            sorted(Goal.objects.values_list("id", "status")),
            Session.objects.count(),
            Note.objects.count(),
        )


@pytest.fixture
def world(db) -> World:
    a = OrganisationFactory(name="Organisatie A")
    b = OrganisationFactory(name="Organisatie B")
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member_a": MembershipFactory(organisation=a, role=MemberRole.MEMBER).user,
        "admin_a": MembershipFactory(organisation=a, role=MemberRole.ADMIN).user,
        "member_b": MembershipFactory(organisation=b, role=MemberRole.MEMBER).user,
        "admin_b": MembershipFactory(organisation=b, role=MemberRole.ADMIN).user,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }
    return World(a=a, b=b, users=users)


def _pending(world: World) -> None:
    world.request = CoachingRequestFactory(organisation=world.a, asked_by=world.users["member_a"])


def _open(world: World) -> None:
    world.trajectory = TrajectoryFactory(
        organisation=world.a, started_at=timezone.now() - timedelta(days=20)
    )


def _draft(world: World) -> None:
    Organisation.objects.filter(pk=world.a.pk).update(status=Status.DRAFT)
    _open(world)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    prepare: Callable[[World], None] | None = None
    # For people of another organisation the answer must be exactly "not found".
    hidden: bool = False

    def __str__(self) -> str:
        return self.name


def _page(w: World) -> str:
    return f"/mijn/organisaties/{w.a.slug}/coaching/"


def _decide(w: World) -> str:
    assert w.request is not None
    return f"/beheer/coaching/coachingrequest/{w.request.pk}/beslissen/"


def _trajectory(w: World) -> str:
    assert w.trajectory is not None
    return f"/beheer/coaching/trajectory/{w.trajectory.pk}/change/"


ASK = {"themes": ["finances"], "text": "Hulp gevraagd", "language": "", "availability": ""}

CASES = [
    Case("page coaching (nothing yet)", "get", _page, A_MEMBERS | STAFF, hidden=True),
    Case(
        "page coaching with a request",
        "get",
        _page,
        A_MEMBERS | STAFF,
        prepare=_pending,
        hidden=True,
    ),
    Case(
        "page coaching with a trajectory",
        "get",
        _page,
        A_MEMBERS | STAFF,
        prepare=_open,
        hidden=True,
    ),
    Case(
        "page coaching of a draft organisation",
        "get",
        _page,
        A_MEMBERS | STAFF,
        prepare=_draft,
        hidden=True,
    ),
    Case("page ask for coaching", "post", _page, A_MEMBERS, data=lambda w: ASK, hidden=True),
    Case("back office requests", "get", lambda w: "/beheer/coaching/coachingrequest/", STAFF),
    Case("back office one request", "get", _decide, STAFF, prepare=_pending),
    Case(
        "back office accept",
        "post",
        _decide,
        STAFF,
        prepare=_pending,
        data=lambda w: {"action": "accept", "coach": w.users["staff"].pk},
    ),
    Case(
        "back office decline",
        "post",
        _decide,
        STAFF,
        prepare=_pending,
        data=lambda w: {"action": "decline", "reason": "Niet voor ons"},
    ),
    Case("back office trajectories", "get", lambda w: "/beheer/coaching/trajectory/", STAFF),
    Case("back office trajectory", "get", _trajectory, STAFF, prepare=_open),
    Case(
        "back office add a goal",
        "post",
        _trajectory,
        STAFF,
        prepare=_open,
        data=lambda w: {"action": "goal", "goal-text": "Begroting"},
    ),
    Case(
        "back office record a session",
        "post",
        _trajectory,
        STAFF,
        prepare=_open,
        data=lambda w: {
            "action": "session",
            "session-date": timezone.localdate().isoformat(),
            "session-minutes": "60",
            "session-summary": "Gedaan",
        },
    ),
    Case(
        "back office add a note",
        "post",
        _trajectory,
        STAFF,
        prepare=_open,
        data=lambda w: {"action": "note", "note-text": "Intern"},
    ),
    Case(
        "back office reassign",
        "post",
        _trajectory,
        STAFF,
        prepare=_open,
        data=lambda w: {"action": "coach", "coach-coach": w.users["administrator"].pk},
    ),
    Case(
        "back office close",
        "post",
        _trajectory,
        STAFF,
        prepare=_open,
        data=lambda w: {"action": "close", "close-summary": "Klaar"},
    ),
    Case(
        "back office 360° view with the coaching panel",
        "get",
        lambda w: f"/beheer/organisations/organisation/{w.a.pk}/360/",
        STAFF,
        prepare=_open,
    ),
]

DENIED = {401, 403, 404, 405}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_role_may_or_may_not(client, world, role, case):
    if case.prepare:
        case.prepare(world)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = world.fingerprint()
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(case.url(world), data)
    status = response.status_code
    location = response.get("Location", "")
    if role in case.allowed:
        assert status < 400, f"{role} should be allowed: {case} gave {status}"
        assert "/aanmelden/" not in location, f"{role} was sent to sign in"
        assert "/beheer/login/" not in location, f"{role} was sent to sign in"
        if case.method != "get":
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        # The back office sends everyone without access to its sign-in address, which
        # answers 403 to people who are already signed in.
        to_sign_in = status == 302 and ("/aanmelden/" in location or "/beheer/login/" in location)
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        if case.hidden and role in OTHERS_SIGNED_IN:
            assert status == 404, f"{case} must not exist for {role}, gave {status}"
        if role == "anonymous":
            assert to_sign_in, f"{case}: anonymous should be sent to sign in, got {status}"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"


def test_guessing_ids_of_another_organisations_coaching_shows_nothing(client, world):
    _open(world)
    _pending(world)
    for role in ("member_b", "admin_b", "citizen"):
        client.force_login(world.users[role])
        for url in (_decide(world), _trajectory(world)):
            response = client.get(url)
            assert response.status_code in (302, 403, 404)
            assert b"Organisatie A" not in response.content
