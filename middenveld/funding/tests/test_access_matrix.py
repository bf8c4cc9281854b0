"""Who may do what with funding: every role × the review, award and public pages and
endpoints × their own or another organisation (the approach of
organisations/tests/test_access_matrix.py). The applicant's pages are in
test_apply_access.py and the staff set-up pages in test_setup_access.py.

* organisation A applied (``member_a``, ``admin_a``); ``admin_b`` belongs to B;
* ``assessor`` assesses the call; ``member_assessor`` assesses it too but is a member of A
  (a conflict); ``citizen`` is signed in without an organisation; ``staff``,
  ``administrator``.

A refusal changes nothing; an allowed action changes something.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, UserFactory
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Assessment,
    Award,
    BudgetLine,
    CallAssessor,
    Conflict,
    Decision,
    FundingLog,
    Payment,
    PaymentKind,
    ReportKind,
    ReportObligation,
)
from middenveld.funding.services import decisions
from middenveld.funding.tests.factories import ApplicationFactory, Funding, build_funding
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "member_a",
    "admin_a",
    "admin_b",
    "assessor",
    "member_assessor",
    "staff",
    "administrator",
]
EVERYONE = frozenset(ROLES)
A_MEMBERS = frozenset({"member_a", "admin_a", "member_assessor"})
STAFF = frozenset({"staff", "administrator"})
ASSESSOR = frozenset({"assessor"})
DENIED = {401, 403, 404}


@dataclass
class World:
    f: Funding
    users: dict[str, Any]
    pending: Application  # submitted, waiting for assessment and decision
    decided: Application
    award: Award

    def fingerprint(self) -> tuple[Any, ...]:
        return (
            sorted(Application.objects.values_list("id", "status")),
            sorted(Assessment.objects.values_list("id", "submitted_at", "total")),
            sorted(Conflict.objects.values_list("application_id", "assessor_id")),
            Decision.objects.count(),
            sorted(Award.objects.values_list("id", "amount", "reclaimed")),
            sorted(Payment.objects.values_list("id", "paid_on", "amount")),
            sorted(ReportObligation.objects.values_list("id", "submitted_at", "accepted_at")),
            sorted(BudgetLine.objects.values_list("id", "committed", "paid")),
            sorted(CallAssessor.objects.values_list("call_id", "user_id")),
            FundingLog.objects.count(),
        )


def _submitted(f: Funding, title: str) -> Application:
    return ApplicationFactory(
        call=f.call,
        organisation=f.organisation,
        title=title,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def world(db) -> World:
    cache.clear()
    f = build_funding()
    pending = _submitted(f, "Buurtfeest")
    decided = _submitted(f, "Zomerkamp")
    decisions.decision_record(
        application=decided,
        outcome="award",
        reasons="Goed plan.",
        reference="2026_CBS_00077",
        decided_on=timezone.localdate(),
        amount="1000",
        by=f.staff,
    )
    award = Award.objects.get(application=decided)
    member_a = UserFactory()
    MembershipFactory(organisation=f.organisation, user=member_a, role=MemberRole.MEMBER)
    admin_b = UserFactory()
    MembershipFactory(organisation=f.other, user=admin_b, role=MemberRole.ADMIN)
    member_assessor = UserFactory()
    MembershipFactory(organisation=f.organisation, user=member_assessor, role=MemberRole.MEMBER)
    CallAssessor.objects.create(call=f.call, user=member_assessor)
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member_a": member_a,
        "admin_a": f.member,
        "admin_b": admin_b,
        "assessor": f.assessor,
        "member_assessor": member_assessor,
        "staff": f.staff,
        "administrator": AdministratorFactory(),
    }
    return World(f=f, users=users, pending=pending, decided=decided, award=award)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    json: bool = False
    # Some refusals record what happened (a member who opens an application to assess it
    # leaves a conflict on record); those cases compare all but the conflicts and the log.
    records_conflict: bool = False

    def __str__(self) -> str:
        return self.name


def _report(w: World, kind: str = ReportKind.ACTIVITY) -> ReportObligation:
    return w.award.reports.get(kind=kind)


def _advance(w: World) -> Payment:
    return w.award.payments.get(kind=PaymentKind.ADVANCE)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "verslag.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def _staff_app(w: World) -> str:
    return f"/subsidies/beheer/aanvragen/{w.pending.reference}/"


def _award_page(w: World) -> str:
    return f"/subsidies/beheer/toekenningen/{w.award.identifier}/"


def _api(path: str) -> Callable[[World], str]:
    return lambda w: (
        "/api/v1/funding"
        + path.format(
            pending=w.pending.reference,
            award=w.award.identifier,
            advance=_advance(w).pk,
            report=_report(w).pk,
            call=w.f.call.slug,
            instrument=w.f.instrument.slug,
        )
    )


CASES = [
    # The public side.
    Case("subsidies", "get", lambda w: "/subsidies/", EVERYONE),
    Case(
        "self-check",
        "get",
        lambda w: f"/subsidies/zelftest/?instrument={w.f.instrument.slug}",
        EVERYONE,
    ),
    Case("instrument", "get", lambda w: f"/subsidies/{w.f.instrument.slug}/", EVERYONE),
    Case(
        "regulation as YAML",
        "get",
        lambda w: f"/subsidies/{w.f.instrument.slug}/reglement.yaml",
        EVERYONE,
    ),
    Case("call", "get", lambda w: f"/subsidies/oproepen/{w.f.call.slug}/", EVERYONE),
    Case("awards", "get", lambda w: "/subsidies/toekenningen/", EVERYONE),
    Case("awards CSV", "get", lambda w: "/subsidies/toekenningen.csv", EVERYONE),
    Case("awards JSON", "get", lambda w: "/subsidies/toekenningen.json", EVERYONE),
    Case("one award", "get", lambda w: f"/subsidies/toekenningen/{w.award.identifier}/", EVERYONE),
    Case("API regulations", "get", _api("/regulations"), EVERYONE),
    Case("API one regulation", "get", _api("/regulations/{instrument}"), EVERYONE),
    Case("API calls", "get", _api("/calls"), EVERYONE),
    Case("API one call", "get", _api("/calls/{call}"), EVERYONE),
    Case("API awards", "get", _api("/awards"), EVERYONE),
    # The decision letter: the organisation and staff.
    Case(
        "award letter",
        "get",
        lambda w: f"/subsidies/toekenningen/{w.award.identifier}/brief.pdf",
        A_MEMBERS | STAFF,
    ),
    # Staff review.
    Case("staff list", "get", lambda w: "/subsidies/beheer/aanvragen/", STAFF),
    Case("staff application", "get", _staff_app, STAFF),
    Case(
        "assessors of the call",
        "get",
        lambda w: f"/subsidies/beheer/oproepen/{w.f.call.slug}/beoordelaars/",
        STAFF,
    ),
    Case("staff award", "get", _award_page, STAFF),
    Case("API staff list", "get", _api("/staff/applications"), STAFF),
    Case(
        "decide",
        "post",
        _staff_app,
        STAFF,
        data=lambda w: {
            "outcome": "award",
            "reasons": "Past in het reglement.",
            "reference": "2026_CBS_01234",
            "decided_on": timezone.localdate().isoformat(),
            "amount": "800",
            "conditions": "",
        },
    ),
    Case(
        "API decide",
        "post",
        _api("/applications/{pending}/decision"),
        STAFF,
        json=True,
        data=lambda w: {
            "outcome": "award",
            "reasons": "Past in het reglement.",
            "reference": "2026_CBS_01235",
            "decided_on": timezone.localdate().isoformat(),
            "amount": "800",
        },
    ),
    Case(
        "API mark the advance paid",
        "post",
        _api("/awards/{award}/payments/{advance}/paid"),
        STAFF,
        json=True,
        data=lambda w: {"paid_on": timezone.localdate().isoformat()},
    ),
    Case(
        "API reclaim",
        "post",
        _api("/awards/{award}/reclaim"),
        STAFF,
        json=True,
        data=lambda w: {"amount": "100", "reason": "Minder uitgegeven."},
    ),
    # Assessment: the call's assessors without a conflict.
    # Everyone's own queue (empty for who assesses nothing).
    Case("to assess", "get", lambda w: "/subsidies/beoordelen/", EVERYONE - {"anonymous"}),
    Case(
        "assess one",
        "get",
        lambda w: f"/subsidies/beoordelen/{w.pending.reference}/",
        ASSESSOR,
        records_conflict=True,
    ),
    Case(
        "API score",
        "post",
        _api("/applications/{pending}/assessment"),
        ASSESSOR,
        json=True,
        data=lambda w: {"scores": {"relevantie": 4, "haalbaarheid": 3}, "submit": True},
        records_conflict=True,
    ),
    # Reports: the organisation files, staff accept.
    Case(
        "file a report (page)",
        "get",
        lambda w: f"/subsidies/mijn-aanvragen/rapporten/{_report(w).pk}/",
        A_MEMBERS,
    ),
    Case(
        "API file a report",
        "post",
        _api("/reports/{report}"),
        A_MEMBERS,
        data=lambda w: {"text": "We hielden 12 activiteiten.", "activities": "12", "file": _pdf()},
    ),
]


def _comparable(world: World, case: Case) -> tuple[Any, ...]:
    state = world.fingerprint()
    if case.records_conflict:
        return state[:2] + state[3:-1]
    return state


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_role_may_or_may_not(client, world, role, case):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    before = _comparable(world, case)
    data = case.data(world) if case.data else {}
    url = case.url(world)
    if case.json:
        response = getattr(client, case.method)(url, data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data)
    status = response.status_code
    to_sign_in = status == 302 and "/aanmelden/" in response.get("Location", "")
    if role in case.allowed:
        assert status < 400 and not to_sign_in, f"{role} should be allowed: {case} gave {status}"
        if case.method != "get":
            assert _comparable(world, case) != before, f"allowed {case} for {role} changed nothing"
    else:
        assert to_sign_in or status in DENIED, f"{role} should be refused: {case} gave {status}"
        assert _comparable(world, case) == before, f"refused {case} for {role} still changed data"


def test_a_member_who_assesses_leaves_a_conflict_on_record(client, world):
    client.force_login(world.users["member_assessor"])
    response = client.get(f"/subsidies/beoordelen/{world.pending.reference}/")
    assert response.status_code in DENIED
    assert Conflict.objects.filter(
        application=world.pending, assessor=world.users["member_assessor"], reason=Conflict.MEMBER
    ).exists()


def test_another_organisations_application_looks_like_a_missing_one(client, world):
    client.force_login(world.users["admin_b"])
    theirs = client.get(f"/subsidies/aanvragen/{world.pending.reference}/")
    missing = client.get("/subsidies/aanvragen/AV1999-000000/")
    assert theirs.status_code == missing.status_code == 404
