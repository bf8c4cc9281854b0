"""Who may do what with spaces and bookings: every role × every page and endpoint ×
their own or another organisation (the approach of organisations/tests/test_access_matrix.py).

* organisation A with ``admin_a`` and ``member_a``; organisation B with ``admin_b``, ``member_b``;
* plus ``anonymous``, ``citizen`` (signed in, no organisation), ``staff``, ``administrator``.

The booking cases act on A's booking (asked by ``member_a``) or book for A, so for
everyone else it is somebody else's. A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.spaces import services
from middenveld.spaces.models import (
    AllocationRequest,
    AllocationRound,
    Booking,
    CalendarFeed,
    Occurrence,
    RoundStatus,
    Space,
)
from middenveld.spaces.tests.conftest import next_weekday
from middenveld.spaces.tests.factories import BuildingFactory, SpaceFactory

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
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
A_MEMBERS = frozenset({"member_a", "admin_a"})
STAFF = frozenset({"staff", "administrator"})


@dataclass
class World:
    a: Organisation
    b: Organisation
    users: dict[str, Any]
    space: Space
    hidden: Space
    booking: Booking
    round: AllocationRound | None = None

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(
                Booking.objects.values_list("id", "organisation_id", "status", "decision_reason")
            ),
            sorted(Occurrence.objects.values_list("id", "status", "cancel_reason")),
            sorted(CalendarFeed.objects.values_list("id", "organisation_id", "space_id", "token")),
            sorted(AllocationRequest.objects.values_list("id", "organisation_id", "status")),
        )


@pytest.fixture
def world(db) -> World:
    cache.clear()
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
    space = SpaceFactory(capacity=50)
    hidden = SpaceFactory(building=BuildingFactory(published=False))
    first = next_weekday(2, weeks=3)
    booking = services.booking_request(
        space=space,
        organisation=a,
        by=users["member_a"],
        purpose="Repetitie",
        attendees=10,
        first_day=first,
        start_time="19:00",
        end_time="21:00",
        repeat="weekly",
        weekdays=[2],
        until=first + timedelta(weeks=2),
    )
    now = timezone.now()
    season = timezone.localdate() + timedelta(days=60)
    allocation_round = AllocationRound.objects.create(
        name="Seizoen",
        season_starts=season,
        season_ends=season + timedelta(weeks=12),
        requests_open_at=now - timedelta(days=1),
        requests_close_at=now + timedelta(days=20),
        status=RoundStatus.OPEN,
        seed="zaad",
    )
    allocation_round.spaces.set([space])
    return World(
        a=a, b=b, users=users, space=space, hidden=hidden, booking=booking, round=allocation_round
    )


def _feed_a(world: World) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(organisation=world.a)
    return f"/ruimtes/agenda/{feed.token}.ics"


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    prepare: Callable[[World], None] | None = None
    json: bool = False
    changes: bool = True  # an allowed unsafe request changes data

    def __str__(self) -> str:
        return self.name


def _space(w: World) -> str:
    return f"/ruimtes/{w.space.building.slug}/{w.space.slug}/"


def _booking(w: World) -> str:
    return f"/mijn/boekingen/{w.booking.pk}/"


def _api(path: str) -> Callable[[World], str]:
    return lambda w: "/api/v1" + path.format(space=w.space.pk, booking=w.booking.pk)


def _book_for_a(w: World) -> dict[str, Any]:
    return {
        "organisation": str(w.a.pk),
        "purpose": "Vergadering",
        "attendees": "12",
        "first_day": next_weekday(4, weeks=3).isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat": "once",
        "interval_weeks": "1",
        "step": "request",
        "skip_refused": "on",
        "expected_count": "1",
    }


def _api_booking(w: World) -> dict[str, Any]:
    return {
        "space": w.space.pk,
        "organisation": w.a.pk,
        "purpose": "Vergadering",
        "attendees": 12,
        "first_day": next_weekday(4, weeks=3).isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
    }


def _cancel_one(w: World) -> dict[str, Any]:
    first = w.booking.occurrences.order_by("starts_at").first()
    assert first is not None
    return {"scope": "one", "occurrence": str(first.pk), "reason": "Ziekte"}


CASES = [
    Case("catalogue", "get", lambda w: "/ruimtes/", EVERYONE),
    Case("building", "get", lambda w: f"/ruimtes/{w.space.building.slug}/", EVERYONE),
    Case("space with availability", "get", lambda w: _space(w) + "?maand=2030-01", EVERYONE),
    Case(
        "unpublished building",
        "get",
        lambda w: f"/ruimtes/{w.hidden.building.slug}/{w.hidden.slug}/",
        STAFF,
    ),
    Case("booking form", "get", lambda w: _space(w) + "boeken/", SIGNED_IN),
    Case(
        "book for A",
        "post",
        lambda w: _space(w) + "boeken/",
        A_MEMBERS | STAFF,
        data=_book_for_a,
    ),
    Case("my bookings", "get", lambda w: "/mijn/boekingen/", SIGNED_IN),
    Case("A's booking", "get", _booking, A_MEMBERS | STAFF),
    Case("A's booking .ics", "get", lambda w: _booking(w) + "agenda.ics", A_MEMBERS | STAFF),
    Case("cancel a date of A's booking", "post", _booking, A_MEMBERS | STAFF, data=_cancel_one),
    Case("my calendar feeds", "get", lambda w: "/mijn/boekingen/agenda/", SIGNED_IN),
    Case("A's calendar feed (by its secret address)", "get", _feed_a, EVERYONE),
    Case(
        "new address for A's feed",
        "post",
        lambda w: "/mijn/boekingen/agenda/",
        frozenset({"admin_a"}),
        data=lambda w: {"organisation": str(w.a.pk)},
        prepare=lambda w: CalendarFeed.objects.get_or_create(organisation=w.a) and None,
    ),
    Case("waiting requests", "get", lambda w: "/beheer/spaces/aanvragen/", STAFF),
    Case("request page", "get", lambda w: f"/beheer/spaces/aanvragen/{w.booking.pk}/", STAFF),
    Case(
        "approve",
        "post",
        lambda w: f"/beheer/spaces/aanvragen/{w.booking.pk}/",
        STAFF,
        data=lambda w: {"action": "approve", "approve-reason": ""},
    ),
    Case(
        "deny",
        "post",
        lambda w: f"/beheer/spaces/aanvragen/{w.booking.pk}/",
        STAFF,
        data=lambda w: {"action": "deny", "deny-reason": "Zaal in renovatie"},
    ),
    Case("back office buildings", "get", lambda w: "/beheer/spaces/building/", STAFF),
    Case(
        "back office space",
        "get",
        lambda w: f"/beheer/spaces/space/{w.space.pk}/change/",
        STAFF,
    ),
    Case("back office bookings", "get", lambda w: "/beheer/spaces/booking/", STAFF),
    Case("allocation rounds", "get", lambda w: "/ruimtes/toewijzing/", SIGNED_IN),
    Case("allocation round", "get", lambda w: f"/ruimtes/toewijzing/{w.round.pk}/", SIGNED_IN),
    Case(
        "ask weekly use for A",
        "post",
        lambda w: f"/ruimtes/toewijzing/{w.round.pk}/",
        A_MEMBERS,
        data=lambda w: {
            "organisation": str(w.a.pk),
            "purpose": "Koor",
            "attendees": "20",
            "weekday": "1",
            "start_time": "19:00",
            "end_time": "21:00",
            "interval_weeks": "1",
            "preference_1": str(w.space.pk),
        },
    ),
    Case("staff: rounds", "get", lambda w: "/beheer/spaces/toewijzing/", STAFF),
    Case("staff: round", "get", lambda w: f"/beheer/spaces/toewijzing/{w.round.pk}/", STAFF),
    Case(
        "staff: close the round",
        "post",
        lambda w: f"/beheer/spaces/toewijzing/{w.round.pk}/",
        STAFF,
        data=lambda w: {"action": "close"},
        changes=False,
    ),
    Case("open data: catalogue", "get", lambda w: "/ruimtes/open-data/ruimtes.jsonld", EVERYONE),
    Case("open data: occupancy", "get", lambda w: "/ruimtes/open-data/bezetting.jsonld", EVERYONE),
    Case("API spaces", "get", _api("/spaces"), EVERYONE),
    Case("API space", "get", _api("/spaces/{space}"), EVERYONE),
    Case(
        "API availability",
        "get",
        _api("/spaces/{space}/availability?from=2030-01-01&to=2030-01-31"),
        EVERYONE,
    ),
    Case(
        "API plan for A",
        "post",
        _api("/spaces/bookings/plan"),
        A_MEMBERS | STAFF,
        data=lambda w: _api_booking(w),
        json=True,
        changes=False,
    ),
    Case(
        "API book for A",
        "post",
        _api("/spaces/bookings"),
        A_MEMBERS | STAFF,
        data=lambda w: _api_booking(w),
        json=True,
    ),
    Case("API bookings", "get", _api("/spaces/bookings"), SIGNED_IN),
    Case("API A's booking", "get", _api("/spaces/bookings/{booking}"), A_MEMBERS | STAFF),
    Case(
        "API cancel A's booking",
        "post",
        _api("/spaces/bookings/{booking}/cancel"),
        A_MEMBERS | STAFF,
        data=lambda w: {"reason": "Gestopt", "scope": "all"},
        json=True,
    ),
    Case(
        "API approve",
        "post",
        _api("/spaces/bookings/{booking}/approve"),
        STAFF,
        data=lambda w: {"reason": ""},
        json=True,
    ),
    Case(
        "API deny",
        "post",
        _api("/spaces/bookings/{booking}/deny"),
        STAFF,
        data=lambda w: {"reason": "Zaal in renovatie"},
        json=True,
    ),
]

DENIED = {401, 403, 404, 405, 409, 422}


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
    url = case.url(world)
    if case.json:
        response = getattr(client, case.method)(url, data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data)
    status = response.status_code
    location = response.get("Location", "")
    to_sign_in = status == 302 and ("/aanmelden/" in location or "/beheer/login/" in location)
    if role in case.allowed:
        assert status < 400 and not to_sign_in, f"{role} should be allowed: {case} gave {status}"
        if case.method != "get" and case.changes:
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"


def test_guessing_the_id_of_another_organisations_booking_looks_like_a_missing_one(client, world):
    client.force_login(world.users["admin_b"])
    other = client.get(f"/mijn/boekingen/{world.booking.pk}/")
    missing = client.get("/mijn/boekingen/999999/")
    assert other.status_code == missing.status_code == 404
