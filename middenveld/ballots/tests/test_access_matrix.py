"""Who may do what with ballots: every role × every ballot page and endpoint × their own or
another organisation (the approach of organisations/tests/test_access_matrix.py).

* organisation A (verified) with ``admin_a`` and ``member_a``; organisation B likewise;
* plus ``anonymous``, ``citizen`` (signed in, no organisation), ``staff`` and
  ``administrator``.

The ballot is for organisations, cast by admins. Every vote is for A, so only ``admin_a``
may cast it. A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.ballots.models import Ballot, Cast
from middenveld.ballots.tests.factories import ballot_with_options
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
STAFF = frozenset({"staff", "administrator"})


@dataclass
class World:
    a: Organisation
    b: Organisation
    users: dict[str, Any]
    ballot: Ballot

    def fingerprint(self) -> tuple[Any, ...]:
        ballot = Ballot.objects.get(pk=self.ballot.pk)
        return (
            sorted(Cast.objects.values_list("id", "organisation_id", "user_id", "content")),
            ballot.result,
            ballot.inputs_hash,
            Ballot.objects.count(),
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
    return World(a=a, b=b, users=users, ballot=ballot_with_options())


def _close(world: World) -> None:
    Ballot.objects.filter(pk=world.ballot.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )


def _unpublish(world: World) -> None:
    Ballot.objects.filter(pk=world.ballot.pk).update(published=False)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], Any] | None = None
    prepare: Callable[[World], None] | None = None
    api: bool = False
    # Everyone may read it, but what it shows differs: status < 400 for all.
    changes: bool = True

    def __str__(self) -> str:
        return self.name


def _page(w: World) -> str:
    return f"/inspraak/stemmingen/{w.ballot.slug}/"


def _api(w: World, rest: str = "") -> str:
    return f"/api/v1/ballots/{w.ballot.slug}{rest}"


def _vote_form(w: World) -> dict[str, Any]:
    return {"organisation": w.a.slug, "choices": ["a"]}


def _vote_json(w: World) -> dict[str, Any]:
    return {"organisation": w.a.slug, "choices": ["a"]}


CASES = [
    Case("ballot page", "get", _page, EVERYONE, changes=False),
    Case("ballot page, unpublished", "get", _page, STAFF, prepare=_unpublish, changes=False),
    Case("vote on the page for A", "post", _page, frozenset({"admin_a"}), data=_vote_form),
    Case("closed ballot page", "get", _page, EVERYONE, prepare=_close, changes=True),
    Case(
        "export before the close",
        "get",
        lambda w: _page(w) + "stemmen.pb",
        frozenset(),
        changes=False,
    ),
    Case(
        "export after the close",
        "get",
        lambda w: _page(w) + "stemmen.pb",
        EVERYONE,
        prepare=_close,
        changes=False,
    ),
    Case("API one ballot", "get", _api, EVERYONE, api=True, changes=False),
    Case(
        "API vote for A",
        "put",
        lambda w: _api(w, "/cast"),
        frozenset({"admin_a"}),
        data=_vote_json,
        api=True,
    ),
    Case(
        "API results before the close", "get", lambda w: _api(w, "/results"), frozenset(), api=True
    ),
    Case(
        "API results after the close",
        "get",
        lambda w: _api(w, "/results"),
        EVERYONE,
        prepare=_close,
        api=True,
    ),
    Case("back office ballots", "get", lambda w: "/beheer/ballots/ballot/", STAFF, changes=False),
    Case(
        "back office one ballot",
        "get",
        lambda w: f"/beheer/ballots/ballot/{w.ballot.pk}/change/",
        STAFF,
        changes=False,
    ),
    Case(
        "back office result after the close",
        "get",
        lambda w: f"/beheer/ballots/ballot/{w.ballot.pk}/uitslag/",
        STAFF,
        prepare=_close,
    ),
    Case(
        "back office recount",
        "post",
        lambda w: f"/beheer/ballots/ballot/{w.ballot.pk}/uitslag/",
        STAFF,
        prepare=_close,
    ),
    Case(
        "back office count a .pb file",
        "get",
        lambda w: "/beheer/ballots/ballot/pb-tellen/",
        STAFF,
        changes=False,
    ),
]

DENIED = {401, 403, 404, 405, 409}


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
    if case.api and case.method != "get":
        response = getattr(client, case.method)(
            case.url(world), data, content_type="application/json"
        )
    else:
        response = getattr(client, case.method)(case.url(world), data)
    status = response.status_code
    location = response.get("Location", "")
    to_sign_in = status == 302 and ("/aanmelden/" in location or "/login/" in location)
    if role in case.allowed:
        assert status < 400, f"{role} should be allowed: {case} gave {status}"
        assert not to_sign_in, f"{role} was sent to sign in"
        if case.method != "get":
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        if role == "anonymous" and case.method != "get":
            assert to_sign_in or status == 401, f"{case}: anonymous should be asked to sign in"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"


def test_nobody_sees_a_count_before_the_close(client, world):
    """Before the close no page or endpoint stores or shows a result, for any role."""
    for role in ROLES:
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        for url in (_page(world), _api(world, "/results"), _api(world, "/export.pb")):
            client.get(url)
        client.get(f"/beheer/ballots/ballot/{world.ballot.pk}/uitslag/")
        client.logout()
    assert Ballot.objects.get(pk=world.ballot.pk).result is None
