"""Who may do what: every role × every page and API endpoint of the register ×
their own or another organisation. Each case starts from the same data:

* organisation A (verified) with ``admin_a`` and ``member_a``;
* organisation B (verified) with ``admin_b`` and ``member_b``;
* plus ``anonymous``, ``staff`` and ``administrator``.

Every case acts on A (or on one of A's members), so for ``member_b`` and
``admin_b`` A is "another organisation" and for ``member_a``/``admin_a`` it is
their own. A refusal must change nothing (the fingerprint of the data stays).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.organisations.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Organisation,
    Status,
)
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member_a", "admin_a", "member_b", "admin_b", "staff", "administrator"]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN_A = {"admin_a"}
PEOPLE_VIEWERS = {"admin_a", "staff", "administrator"}
A_MEMBERS = {"member_a", "admin_a"}
HIDDEN_VIEWERS = A_MEMBERS | {"staff", "administrator"}
NON_MEMBERS_SIGNED_IN = SIGNED_IN - A_MEMBERS


@dataclass
class World:
    a: Organisation
    b: Organisation
    users: dict[str, Any]
    member_a: Membership

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(Membership.objects.values_list("organisation_id", "user_id", "role")),
            sorted(JoinRequest.objects.values_list("organisation_id", "user_id", "status")),
            Invitation.objects.count(),
            sorted(Organisation.objects.values_list("id", "name", "status", "description")),
        )


@pytest.fixture
def world(db) -> World:
    a = OrganisationFactory(name="Organisatie A", districts=["rabot"])
    b = OrganisationFactory(name="Organisatie B", districts=["ledeberg"])
    admin_a = MembershipFactory(organisation=a, role=MemberRole.ADMIN).user
    member_a = MembershipFactory(organisation=a, role=MemberRole.MEMBER)
    admin_b = MembershipFactory(organisation=b, role=MemberRole.ADMIN).user
    member_b = MembershipFactory(organisation=b, role=MemberRole.MEMBER).user
    users = {
        "anonymous": None,
        "member_a": member_a.user,
        "admin_a": admin_a,
        "member_b": member_b,
        "admin_b": admin_b,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }
    return World(a=a, b=b, users=users, member_a=member_a)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    api: bool = False
    draft: bool = False  # make A a draft first (not yet public)

    def __str__(self) -> str:
        return self.name


def _work(world: World) -> dict[str, Any]:
    return {"working_forms": ["basiswerk"], "districts": ["rabot"], "description": "Gewijzigd"}


PAGE_CASES = [
    Case("page directory", "get", lambda w: "/organisaties/", frozenset(EVERYONE)),
    Case("page profile", "get", lambda w: f"/organisaties/{w.a.slug}/", frozenset(EVERYONE)),
    Case(
        "page profile of a draft",
        "get",
        lambda w: f"/organisaties/{w.a.slug}/",
        frozenset(HIDDEN_VIEWERS),
        draft=True,
    ),
    Case(
        "page json-ld",
        "get",
        lambda w: f"/organisaties/{w.a.slug}/organisatie.jsonld",
        frozenset(EVERYONE),
    ),
    Case(
        "page json-ld of a draft",
        "get",
        lambda w: f"/organisaties/{w.a.slug}/organisatie.jsonld",
        frozenset(HIDDEN_VIEWERS),
        draft=True,
    ),
    Case("page register", "get", lambda w: "/organisaties/registreren/", frozenset(SIGNED_IN)),
    Case(
        "page edit identity",
        "get",
        lambda w: f"/organisaties/{w.a.slug}/bewerken/identiteit/",
        frozenset(ADMIN_A),
    ),
    Case(
        "page edit work (save)",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/bewerken/werking/",
        frozenset(ADMIN_A),
        data=_work,
    ),
    Case(
        "page edit a draft",
        "get",
        lambda w: f"/organisaties/{w.a.slug}/bewerken/contact/",
        frozenset(ADMIN_A),
        draft=True,
    ),
    Case(
        "page members",
        "get",
        lambda w: f"/organisaties/{w.a.slug}/leden/",
        frozenset(PEOPLE_VIEWERS),
    ),
    Case(
        "page members: remove one",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/leden/",
        frozenset(ADMIN_A),
        data=lambda w: {"action": "remove", "id": w.member_a.pk},
    ),
    Case(
        "page members: make admin",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/leden/",
        frozenset(ADMIN_A),
        data=lambda w: {"action": "make_admin", "id": w.member_a.pk},
    ),
    Case(
        "page members: invite",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/leden/",
        frozenset(ADMIN_A),
        data=lambda w: {"action": "invite", "email": "nieuw@example.org", "role": "member"},
    ),
    Case(
        "page ask to join",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/aansluiten/",
        frozenset(NON_MEMBERS_SIGNED_IN),
        data=lambda w: {"message": "Hallo"},
    ),
    Case(
        "page ask to join a draft",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/aansluiten/",
        frozenset({"staff", "administrator"}),
        data=lambda w: {"message": "Hallo"},
        draft=True,
    ),
    Case(
        "page leave (as member)",
        "post",
        lambda w: f"/organisaties/{w.a.slug}/verlaten/",
        frozenset({"member_a"}),
    ),
    Case("page my organisations", "get", lambda w: "/mijn/organisaties/", frozenset(SIGNED_IN)),
    Case(
        "back office queue",
        "get",
        lambda w: "/beheer/organisations/organisation/wachtrij/",
        frozenset({"staff", "administrator"}),
    ),
    Case(
        "back office 360° view",
        "get",
        lambda w: f"/beheer/organisations/organisation/{w.a.pk}/360/",
        frozenset({"staff", "administrator"}),
    ),
    Case(
        "back office import",
        "get",
        lambda w: "/beheer/organisations/organisation/importeren/",
        frozenset({"staff", "administrator"}),
    ),
    Case(
        "back office export",
        "get",
        lambda w: "/beheer/organisations/organisation/exporteren/?format=csv",
        frozenset({"staff", "administrator"}),
    ),
]

API_CASES = [
    Case("api list", "get", lambda w: "/api/v1/organisations", frozenset(EVERYONE), api=True),
    Case(
        "api detail",
        "get",
        lambda w: f"/api/v1/organisations/{w.a.pk}",
        frozenset(EVERYONE),
        api=True,
    ),
    Case(
        "api detail of a draft",
        "get",
        lambda w: f"/api/v1/organisations/{w.a.pk}",
        frozenset(HIDDEN_VIEWERS),
        api=True,
        draft=True,
    ),
    Case(
        "api edit work",
        "put",
        lambda w: f"/api/v1/organisations/{w.a.pk}/work",
        frozenset(ADMIN_A | {"staff", "administrator"}),
        data=_work,
        api=True,
    ),
    Case(
        "api members",
        "get",
        lambda w: f"/api/v1/organisations/{w.a.pk}/members",
        frozenset(PEOPLE_VIEWERS),
        api=True,
    ),
    Case(
        "api change a member's role",
        "patch",
        lambda w: f"/api/v1/organisations/{w.a.pk}/members/{w.member_a.pk}",
        frozenset(ADMIN_A),
        data=lambda w: {"role": "admin"},
        api=True,
    ),
    Case(
        "api remove a member",
        "delete",
        lambda w: f"/api/v1/organisations/{w.a.pk}/members/{w.member_a.pk}",
        frozenset(ADMIN_A),
        api=True,
    ),
    Case(
        "api invite",
        "post",
        lambda w: f"/api/v1/organisations/{w.a.pk}/invitations",
        frozenset(ADMIN_A),
        data=lambda w: {"email": "nieuw@example.org", "role": "member"},
        api=True,
    ),
    Case(
        "api ask to join",
        "post",
        lambda w: f"/api/v1/organisations/{w.a.pk}/join-requests",
        frozenset(NON_MEMBERS_SIGNED_IN),
        data=lambda w: {"message": "Hallo"},
        api=True,
    ),
    Case(
        "api list requests to join",
        "get",
        lambda w: f"/api/v1/organisations/{w.a.pk}/join-requests",
        frozenset(ADMIN_A),
        api=True,
    ),
    Case(
        "api leave (as member)",
        "post",
        lambda w: f"/api/v1/organisations/{w.a.pk}/leave",
        frozenset({"member_a"}),
        api=True,
    ),
    Case(
        "api verify",
        "post",
        lambda w: f"/api/v1/organisations/{w.a.pk}/verify",
        frozenset({"staff", "administrator"}),
        api=True,
        draft=True,
    ),
    Case(
        "api my organisations",
        "get",
        lambda w: "/api/v1/me/organisations",
        frozenset(SIGNED_IN),
        api=True,
    ),
]

DENIED = {401, 403, 404, 405, 409, 422, 410}


def _request(client: Any, world: World, role: str, case: Case) -> Any:
    user = world.users[role]
    data = case.data(world) if case.data else {}
    if case.api:
        headers = {}
        if user is not None:
            _token, plain = api_token_create(user=user, name="matrix")
            headers["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
        send = getattr(client, case.method)
        if case.method == "get":
            return send(case.url(world), **headers)
        return send(case.url(world), data=data, content_type="application/json", **headers)
    if user is not None:
        client.force_login(user)
    return getattr(client, case.method)(case.url(world), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", PAGE_CASES + API_CASES, ids=str)
def test_role_may_or_may_not(client, world, role, case):
    if case.draft:
        Organisation.objects.filter(pk=world.a.pk).update(
            status=Status.SUBMITTED if case.name == "api verify" else Status.DRAFT
        )
    before = world.fingerprint()
    response = _request(client, world, role, case)
    status = response.status_code
    if role in case.allowed:
        assert status < 400, f"{role} should be allowed: {case} gave {status}"
        if status == 302:
            assert "/aanmelden/" not in response["Location"], f"{role} was sent to sign in"
            assert "/beheer/login/" not in response["Location"], f"{role} was sent to sign in"
        if case.method != "get":
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        location = response.get("Location", "")
        to_sign_in = status == 302 and ("/aanmelden/" in location or "/beheer/login/" in location)
        # A refused form post on a page may answer with a message and a redirect
        # (post/redirect/get); it must still change nothing.
        refused_with_message = status == 302 and case.method == "post" and not case.api
        assert to_sign_in or refused_with_message or status in DENIED, (
            f"{role} should be refused: {case} gave {status}"
        )
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"
