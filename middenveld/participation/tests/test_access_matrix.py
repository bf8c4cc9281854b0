"""Who may do what in participation: every role × every page and endpoint × their own or
another organisation (the approach of coaching/tests/test_access_matrix.py).

* organisation A (verified) with ``admin_a`` and ``member_a``;
* organisation B (verified) with ``admin_b`` and ``member_b``;
* plus ``anonymous``, ``citizen`` (signed in, no organisation), ``staff`` and ``administrator``.

Cases that act "for an organisation" act for A. A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer
from middenveld.core.cache import _EARLY_PATHS
from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.participation.models import Comment, CommentReport, Process, Proposal
from middenveld.participation.tests.factories import (
    CommentFactory,
    CommentReportFactory,
    ProcessFactory,
    ProposalFactory,
)

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
    process: Process
    draft: Process
    proposal: Proposal
    comment: Comment

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(
                Proposal.objects.values_list("id", "organisation_id", "status", "decision_reason")
            ),
            sorted(
                Comment.objects.values_list("id", "organisation_id", "hidden_at", "moderator_note")
            ),
            sorted(CommentReport.objects.values_list("id", "reporter_id", "handled_at")),
            sorted(Process.objects.values_list("id", "published", "title")),
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
    process = ProcessFactory(slug="ronde")
    proposal = ProposalFactory(process=process, organisation=a, title="Voorstel A")
    comment = CommentFactory(process=process, proposal=proposal, text="Reactie")
    CommentReportFactory(comment=comment, reporter=UserFactory())
    return World(
        a=a,
        b=b,
        users=users,
        process=process,
        draft=ProcessFactory(slug="ontwerp", published=False),
        proposal=proposal,
        comment=comment,
    )


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    api: bool = False
    # Sign-in pages: anonymous people are sent to sign in rather than refused.
    to_sign_in: bool = True

    def __str__(self) -> str:
        return self.name


def _moderate(w: World) -> str:
    return f"/beheer/participation/comment/{w.comment.pk}/modereren/"


def _decide(w: World) -> str:
    return f"/beheer/participation/proposal/{w.proposal.pk}/beslissen/"


CASES = [
    Case("list", "get", lambda w: "/inspraak/", EVERYONE),
    Case("process", "get", lambda w: "/inspraak/ronde/", EVERYONE),
    Case("draft process", "get", lambda w: "/inspraak/ontwerp/", STAFF, to_sign_in=False),
    Case("proposals", "get", lambda w: "/inspraak/ronde/voorstellen/", EVERYONE),
    Case("proposal", "get", lambda w: w.proposal.get_absolute_url(), EVERYONE),
    Case(
        "comment on the process",
        "post",
        lambda w: "/inspraak/ronde/",
        SIGNED_IN,
        data=lambda w: {"text": "Mijn mening"},
    ),
    Case(
        "comment for organisation A",
        "post",
        lambda w: "/inspraak/ronde/",
        A_MEMBERS,
        data=lambda w: {"text": "Voor A", "organisation": w.a.pk},
    ),
    Case("proposal form", "get", lambda w: "/inspraak/ronde/voorstellen/nieuw/", SIGNED_IN),
    Case(
        "send a proposal for A",
        "post",
        lambda w: "/inspraak/ronde/voorstellen/nieuw/",
        A_MEMBERS,
        data=lambda w: {"organisation": w.a.pk, "title": "Nieuw", "text": "Tekst"},
    ),
    Case(
        "report a comment",
        "post",
        lambda w: f"/inspraak/reacties/{w.comment.pk}/melden/",
        SIGNED_IN,
        data=lambda w: {"reason": "Spam"},
    ),
    Case("moderation queue", "get", lambda w: "/beheer/participation/comment/", STAFF),
    Case("moderate a comment", "get", _moderate, STAFF),
    Case(
        "hide a comment",
        "post",
        _moderate,
        STAFF,
        data=lambda w: {"action": "hide", "reason": "Reclame", "note": "n"},
    ),
    Case("proposals back office", "get", lambda w: "/beheer/participation/proposal/", STAFF),
    Case(
        "decide on a proposal",
        "post",
        _decide,
        STAFF,
        data=lambda w: {"status": "rejected", "reason": "Nee"},
    ),
    Case("processes back office", "get", lambda w: "/beheer/participation/process/", STAFF),
    Case("figures", "get", lambda w: "/beheer/inspraak/ronde/cijfers/", STAFF),
    Case("API processes", "get", lambda w: "/api/v1/processes", EVERYONE, api=True),
    Case("API draft", "get", lambda w: "/api/v1/processes/ontwerp", STAFF, api=True),
    Case("API comments", "get", lambda w: "/api/v1/processes/ronde/comments", EVERYONE, api=True),
    Case(
        "API comment",
        "post",
        lambda w: "/api/v1/processes/ronde/comments",
        SIGNED_IN,
        data=lambda w: {"text": "Via de API"},
        api=True,
    ),
    Case(
        "API proposal for A",
        "post",
        lambda w: "/api/v1/processes/ronde/proposals",
        A_MEMBERS,
        data=lambda w: {"title": "API", "text": "Tekst", "organisation_id": w.a.pk},
        api=True,
    ),
    Case(
        "API report",
        "post",
        lambda w: f"/api/v1/comments/{w.comment.pk}/report",
        SIGNED_IN,
        data=lambda w: {"reason": "x"},
        api=True,
    ),
    Case(
        "API hide",
        "post",
        lambda w: f"/api/v1/comments/{w.comment.pk}/hide",
        STAFF,
        data=lambda w: {"reason": "Reclame"},
        api=True,
    ),
    Case(
        "API decision",
        "post",
        lambda w: f"/api/v1/proposals/{w.proposal.pk}/decision",
        STAFF,
        data=lambda w: {"status": "accepted"},
        api=True,
    ),
]

DENIED = {401, 403, 404, 405, 422}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_role_may_or_may_not(client, world, role, case):
    cache.clear()
    _EARLY_PATHS.clear()
    user = world.users[role]
    headers: dict[str, str] = {}
    if user is not None:
        if case.api:
            headers = bearer(api_token_create(user=user, name="t")[1])
        else:
            client.force_login(user)
    before = world.fingerprint()
    data = case.data(world) if case.data else {}
    if case.api and case.method == "post":
        response = client.post(
            case.url(world), data, content_type="application/json", headers=headers
        )
    else:
        response = getattr(client, case.method)(case.url(world), data, headers=headers)
    status = response.status_code
    location = response.get("Location", "")
    to_sign_in = status == 302 and ("/aanmelden/" in location or "/beheer/login/" in location)
    if role in case.allowed:
        assert status < 400, f"{role} should be allowed: {case} gave {status}"
        assert not to_sign_in, f"{role} was sent to sign in"
        if case.method != "get":
            assert world.fingerprint() != before, f"allowed {case} for {role} changed nothing"
    else:
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        if role == "anonymous" and not case.api and case.to_sign_in:
            assert to_sign_in, f"{case}: anonymous should be sent to sign in, got {status}"
        assert world.fingerprint() == before, f"refused {case} for {role} still changed data"


def test_a_draft_process_shows_nothing_to_people_who_guess_its_address(client, world):
    for role in ("citizen", "member_a", "admin_b"):
        client.force_login(world.users[role])
        for url in (
            "/inspraak/ontwerp/",
            "/inspraak/ontwerp/voorstellen/",
            "/api/v1/processes/ontwerp",
        ):
            response = client.get(url)
            assert response.status_code == 404, (role, url)
