"""Who may do what with events: every role × every event page and endpoint × their own or
another organisation (the approach of organisations/tests/test_access_matrix.py).

* organisation A with ``admin_a`` and ``member_a``; organisation B with ``admin_b``, ``member_b``;
* plus ``anonymous``, ``citizen`` (signed in, no organisation), ``staff``, ``administrator``.

The registration cases act on ``member_a``'s registration (on behalf of A) or register on
behalf of A, so for everyone else it is somebody else's. A refusal changes nothing.
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
from middenveld.events.models import Event, Registration
from middenveld.events.tests.factories import EventFactory, RegistrationFactory
from middenveld.organisations.models import MemberRole, Organisation
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
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
A_MEMBERS = frozenset({"member_a", "admin_a"})
STAFF = frozenset({"staff", "administrator"})


@dataclass
class World:
    a: Organisation
    b: Organisation
    users: dict[str, Any]
    event: Event
    hidden: Event
    registration: Registration

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(
                Registration.objects.values_list(
                    "id", "person_id", "organisation_id", "status", "checked_in_at"
                )
            ),
            sorted(Event.objects.values_list("id", "report_published", "minutes_nl")),
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
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=4))
    hidden = EventFactory(published=False)
    registration = RegistrationFactory(event=event, person=users["member_a"], organisation=a)
    return World(a=a, b=b, users=users, event=event, hidden=hidden, registration=registration)


def _past(world: World) -> None:
    now = timezone.now()
    Event.objects.filter(pk=world.event.pk).update(
        starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-2)
    )


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
    # Already done by this role: answered as a success that changes nothing (a double click).
    idempotent_for: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return self.name


def _event(w: World) -> str:
    return f"/activiteiten/{w.event.slug}/"


def _api(path: str) -> Callable[[World], str]:
    return lambda w: "/api/v1" + path.format(slug=w.event.slug, id=w.registration.pk)


CASES = [
    Case("list", "get", lambda w: "/activiteiten/", EVERYONE),
    Case("past list", "get", lambda w: "/activiteiten/?wanneer=voorbij", EVERYONE),
    Case("event page", "get", _event, EVERYONE),
    Case("unpublished event page", "get", lambda w: f"/activiteiten/{w.hidden.slug}/", STAFF),
    Case(
        "register myself",
        "post",
        _event,
        SIGNED_IN,
        data=lambda w: {},
        idempotent_for=frozenset({"member_a"}),
    ),
    Case(
        "register on behalf of A",
        "post",
        _event,
        A_MEMBERS,
        data=lambda w: {"organisation": str(w.a.pk)},
        idempotent_for=frozenset({"member_a"}),
    ),
    Case("cancel member_a's registration", "post", lambda w: f"{_event(w)}afmelden/", {"member_a"}),
    Case("member_a's .ics", "get", lambda w: f"{_event(w)}agenda.ics", {"member_a"}),
    Case("my activities", "get", lambda w: "/mijn/activiteiten/", SIGNED_IN),
    Case("back office events", "get", lambda w: "/beheer/events/event/", STAFF),
    Case("back office event", "get", lambda w: f"/beheer/events/event/{w.event.pk}/change/", STAFF),
    Case("back office registrations", "get", lambda w: "/beheer/events/registration/", STAFF),
    Case(
        "back office needs and check-in",
        "get",
        lambda w: f"/beheer/events/event/{w.event.pk}/deelnemers/",
        STAFF,
    ),
    Case(
        "back office check in",
        "post",
        lambda w: f"/beheer/events/event/{w.event.pk}/deelnemers/",
        STAFF,
        data=lambda w: {"registration": w.registration.pk, "action": "check_in"},
    ),
    Case(
        "back office publish minutes",
        "post",
        lambda w: f"/beheer/events/event/{w.event.pk}/verslag/",
        STAFF,
        data=lambda w: {"minutes": "Verslag", "publish": "on"},
        prepare=_past,
    ),
    Case("API list", "get", _api("/events"), EVERYONE),
    Case("API event", "get", _api("/events/{slug}"), EVERYONE),
    Case("API online link", "get", _api("/events/{slug}/online-link"), STAFF | {"member_a"}),
    Case("API my registrations", "get", _api("/me/registrations"), SIGNED_IN),
    Case(
        "API register on behalf of A",
        "post",
        _api("/events/{slug}/registrations"),
        frozenset({"admin_a"}),
        data=lambda w: {"organisation_id": w.a.pk},
        json=True,
    ),
    Case(
        "API cancel member_a's registration",
        "delete",
        _api("/events/{slug}/registrations/{id}"),
        STAFF | {"member_a"},
    ),
    Case("API registrations (staff)", "get", _api("/events/{slug}/registrations"), STAFF),
    Case("API needs (staff)", "get", _api("/events/{slug}/needs"), STAFF),
    Case(
        "API check in (staff)",
        "post",
        _api("/events/{slug}/registrations/{id}/check-in"),
        STAFF,
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
        if case.method != "get" and case.changes and role not in case.idempotent_for:
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"
    if role in case.idempotent_for:
        assert world.fingerprint() == before, f"{case} twice for {role} changed data"


def test_the_online_link_never_reaches_people_without_a_place(client, world):
    link = world.event.online_link
    for role in ("anonymous", "citizen", "admin_a", "member_b", "admin_b"):
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for url in (_event(world), f"/api/v1/events/{world.event.slug}", "/activiteiten/"):
            assert link not in client.get(url).content.decode(), (role, url)
    client.force_login(world.users["member_a"])
    assert link in client.get(_event(world)).content.decode()
