"""Who may do what with questions: every role × every page and API endpoint of the
support desk and the staff inbox × their own or another organisation's question.

Each case starts from the same data: organisations A and B (each with an admin and a
member), ``anonymous``, ``staff`` and ``administrator``, and question Q asked by
A's member for organisation A. For A's people Q is their own; for B's it is another
organisation's, which they must not be able to see or touch (a 404, never a hint).
A refusal must change nothing (the fingerprint of the data stays).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.support import services
from middenveld.support.models import Message, Question

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member_a", "admin_a", "member_b", "admin_b", "staff", "administrator"]
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
CITY = frozenset({"staff", "administrator"})
A_PEOPLE = frozenset({"member_a", "admin_a"})


@dataclass
class World:
    a: Organisation
    b: Organisation
    users: dict[str, Any]
    question: Question

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(Question.objects.values_list("id", "status", "assignee_id", "merged_into_id")),
            sorted(Message.objects.values_list("id", "question_id", "kind", "body")),
        )


@pytest.fixture
def world(db) -> World:
    a = OrganisationFactory(name="Organisatie A", districts=["rabot"])
    b = OrganisationFactory(name="Organisatie B", districts=["ledeberg"])
    admin_a = MembershipFactory(organisation=a, role=MemberRole.ADMIN).user
    member_a = MembershipFactory(organisation=a, role=MemberRole.MEMBER).user
    users = {
        "anonymous": None,
        "member_a": member_a,
        "admin_a": admin_a,
        "member_b": MembershipFactory(organisation=b, role=MemberRole.MEMBER).user,
        "admin_b": MembershipFactory(organisation=b, role=MemberRole.ADMIN).user,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }
    question = services.question_ask(
        body="Mogen we de zaal op zondag gebruiken?", user=member_a, organisation=a
    )
    return World(a=a, b=b, users=users, question=question)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    api: bool = False
    changes: bool = True  # an allowed POST changes data

    def __str__(self) -> str:
        return self.name


def _q(path: str) -> Callable[[World], str]:
    return lambda w: path.format(q=w.question.pk)


PAGE_CASES = [
    Case("page ask", "get", lambda w: "/vragen/", EVERYONE),
    Case("page my questions", "get", lambda w: "/mijn/vragen/", SIGNED_IN),
    Case("page question", "get", _q("/mijn/vragen/{q}/"), A_PEOPLE | CITY),
    Case(
        "page question: add a message",
        "post",
        _q("/mijn/vragen/{q}/"),
        A_PEOPLE,
        data=lambda w: {"body": "Nog iets"},
    ),
    Case("page notifications", "get", lambda w: "/mijn/meldingen/", SIGNED_IN),
    Case("back office inbox", "get", lambda w: "/beheer/inbox/", CITY),
    Case("back office questions", "get", lambda w: "/beheer/support/question/", CITY),
    Case("back office question", "get", _q("/beheer/support/question/{q}/change/"), CITY),
]

API_CASES = [
    Case(
        "api ask",
        "post",
        lambda w: "/api/v1/questions",
        EVERYONE,
        data=lambda w: {"body": "Een vraag", "email": "iemand@example.org"},
        api=True,
    ),
    Case("api my questions", "get", lambda w: "/api/v1/questions", SIGNED_IN, api=True),
    Case("api question", "get", _q("/api/v1/questions/{q}"), A_PEOPLE | CITY, api=True),
    Case(
        "api add a message",
        "post",
        _q("/api/v1/questions/{q}/messages"),
        A_PEOPLE,
        data=lambda w: {"body": "Nog iets"},
        api=True,
    ),
    Case(
        "api reply",
        "post",
        _q("/api/v1/questions/{q}/replies"),
        CITY,
        data=lambda w: {"body": "Ja, dat mag."},
        api=True,
    ),
    Case(
        "api note",
        "post",
        _q("/api/v1/questions/{q}/notes"),
        CITY,
        data=lambda w: {"body": "Intern"},
        api=True,
    ),
    Case("api close", "post", _q("/api/v1/questions/{q}/close"), CITY, api=True),
    Case("api staff list", "get", lambda w: "/api/v1/staff/questions", CITY, api=True),
    Case("api inbox", "get", lambda w: "/api/v1/inbox", CITY, api=True),
]

DENIED = {401, 403, 404, 405, 409, 422}


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
    before = world.fingerprint()
    response = _request(client, world, role, case)
    status = response.status_code
    if role in case.allowed:
        assert status < 400, f"{role} should be allowed: {case} gave {status}"
        if status == 302:
            assert "/aanmelden/" not in response["Location"], f"{role} was sent to sign in"
            assert "/beheer/login/" not in response["Location"], f"{role} was sent to sign in"
        if case.method != "get" and case.changes:
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        location = response.get("Location", "")
        to_sign_in = status == 302 and ("/aanmelden/" in location or "/beheer/login/" in location)
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"


@pytest.mark.parametrize("role", ["member_b", "admin_b"])
def test_guessing_ids_of_another_organisations_questions_reveals_nothing(client, world, role):
    """B's people get the same 404 for A's question as for a number that does not exist."""
    client.force_login(world.users[role])
    real = client.get(f"/mijn/vragen/{world.question.pk}/")
    missing = client.get("/mijn/vragen/99999999/")
    assert real.status_code == missing.status_code == 404
    _token, plain = api_token_create(user=world.users[role], name="guess")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    real = client.get(f"/api/v1/questions/{world.question.pk}", **headers)
    missing = client.get("/api/v1/questions/99999999", **headers)
    assert real.status_code == missing.status_code == 404
    assert real.json() == missing.json()
