"""Who may use the set-up, agreement and distribution pages and endpoints: every role ×
every page and endpoint × own or other organisation. Only city staff set up; an
organisation's members read their own agreement and report on it; a refusal changes nothing.

Roles: ``anonymous``, ``citizen`` (signed in, no organisation), ``member`` (admin of the
agreement's organisation), ``outsider`` (admin of another organisation), ``assessor`` (of
the call), ``staff``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from middenveld.accounts.tests.factories import UserFactory
from middenveld.funding.models import (
    Agreement,
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    DistributionRun,
    FundingLog,
    IndicatorReport,
    InstrumentKind,
    RegulationVersion,
)
from middenveld.funding.regulation import rules_dump
from middenveld.funding.services.agreements import agreement_create, indicator_add
from middenveld.funding.services.distribution import distribution_preview
from middenveld.funding.tests.factories import (
    RULES,
    BudgetFactory,
    BudgetLineFactory,
    InstrumentFactory,
)
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "member", "outsider", "assessor", "staff"]
STAFF = {"staff"}
MEMBERS = {"member", "staff"}


@pytest.fixture
def world(funding) -> dict[str, Any]:
    outsider = UserFactory()
    MembershipFactory(organisation=funding.other, user=outsider, role=MemberRole.ADMIN)
    instrument = InstrumentFactory(slug="conv", kind=InstrumentKind.AGREEMENT)
    BudgetLineFactory(budget=BudgetFactory(instrument=instrument, year=2026))
    agreement = agreement_create(
        instrument=instrument,
        organisation=funding.organisation,
        title="Buurtwerk",
        reference="C-1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        years={2026: "100"},
        by=funding.staff,
    )
    indicator = indicator_add(agreement=agreement, name="Bereik", target="5", by=funding.staff)
    run = distribution_preview(
        line=funding.line, rule={"base": "10"}, organisations_activities={}, by=funding.staff
    )
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member": funding.member,
        "outsider": outsider,
        "assessor": funding.assessor,
        "staff": funding.staff,
    }
    return {
        "f": funding,
        "users": users,
        "agreement": agreement,
        "indicator": indicator,
        "run": run,
    }


def _state() -> tuple[Any, ...]:
    return (
        Budget.objects.count(),
        sorted(BudgetLine.objects.values_list("id", "amount", "committed", "decision_note")),
        BudgetTransfer.objects.count(),
        RegulationVersion.objects.count(),
        sorted(Call.objects.values_list("id", "title")),
        Agreement.objects.count(),
        IndicatorReport.objects.count(),
        sorted(DistributionRun.objects.values_list("id", "committed_at")),
        FundingLog.objects.count(),
    )


def _pages(w) -> list[tuple[str, set[str]]]:
    f = w["f"]
    slug = f.instrument.slug
    return [
        (reverse("funding:staff_home"), STAFF),
        (reverse("funding:staff_line_decision", args=[f.line.pk]), STAFF),
        (reverse("funding:staff_regulation", args=[slug]), STAFF),
        (reverse("funding:staff_regulation_yaml", args=[slug, 1]), STAFF),
        (reverse("funding:staff_regulation_json", args=[slug, 1]), STAFF),
        (reverse("funding:staff_calls"), STAFF),
        (reverse("funding:staff_call_new"), STAFF),
        (reverse("funding:staff_call_edit", args=[f.call.slug]), STAFF),
        (reverse("funding:staff_agreements"), STAFF),
        (reverse("funding:staff_agreement_new"), STAFF),
        (reverse("funding:staff_agreement", args=[w["agreement"].pk]), STAFF),
        (reverse("funding:staff_distribution", args=[f.line.pk]), STAFF),
        (reverse("funding:staff_distribution_run", args=[f.line.pk, w["run"].pk]), STAFF),
        (reverse("funding:agreement", args=[w["agreement"].pk]), MEMBERS),
    ]


def _login(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(client, world, role):
    _login(client, world["users"][role])
    for url, allowed in _pages(world):
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, url
        elif role in allowed:
            assert status == 200, url
        else:
            assert status == 403, url


def _posts(w) -> list[tuple[str, dict[str, Any]]]:
    f = w["f"]
    other = BudgetLineFactory(budget=f.line.budget, code="ander")
    return [
        (reverse("funding:staff_budget_new"), {"instrument": f.instrument.pk, "year": 2040}),
        (
            reverse("funding:staff_line_new"),
            {"budget": f.line.budget.pk, "code": "n", "name": "N", "amount": "5"},
        ),
        (
            reverse("funding:staff_line_transfer"),
            {"from_line": f.line.pk, "to_line": other.pk, "amount": "5", "reason": "r"},
        ),
        (reverse("funding:staff_line_decision", args=[f.line.pk]), {"note": "gestemd"}),
        (
            reverse("funding:staff_regulation", args=[f.instrument.slug]),
            {
                "text": rules_dump(RULES).replace("lead_time_days: 42", "lead_time_days: 1"),
                "valid_from": "2025-01-01",
            },
        ),
        (
            reverse("funding:staff_call_edit", args=[f.call.slug]),
            {"title": "Gekaapt", "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
        ),
        (
            reverse("funding:staff_agreement", args=[w["agreement"].pk]),
            {"action": "indicator", "name": "X", "target": "1"},
        ),
        (
            reverse("funding:staff_distribution_run", args=[f.line.pk, w["run"].pk]),
            {"decision_reference": "X", "decided_on": "2026-01-01"},
        ),
        (
            reverse("funding:agreement", args=[w["agreement"].pk]),
            {"indicator": w["indicator"].pk, "year": 2026, "value": "3"},
        ),
    ]


@pytest.mark.parametrize("role", ["anonymous", "citizen", "outsider", "assessor"])
def test_refused_posts_change_nothing(client, world, role):
    posts = _posts(world)
    before = _state()
    _login(client, world["users"][role])
    for url, data in posts:
        status = client.post(url, data).status_code
        assert status in (302, 403), url
        if role != "anonymous":
            assert status == 403, url
    assert _state() == before


def test_a_member_may_only_report_on_the_agreement(client, world):
    posts = _posts(world)
    _login(client, world["users"]["member"])
    for url, data in posts[:-1]:
        assert client.post(url, data).status_code == 403, url
    assert client.post(*posts[-1]).status_code == 302
    assert IndicatorReport.objects.count() == 1


# --- API ---------------------------------------------------------------------------------

API = "/api/v1/funding"


def _endpoints(w) -> list[tuple[str, str, dict[str, Any] | None, set[str]]]:
    f = w["f"]
    a = w["agreement"].pk
    return [
        ("get", "/setup/budgets", None, STAFF),
        ("get", f"/setup/lines/{f.line.pk}", None, STAFF),
        ("get", "/setup/transfers", None, STAFF),
        ("get", f"/setup/regulations/{f.instrument.slug}/versions", None, STAFF),
        ("get", f"/setup/regulations/{f.instrument.slug}/versions/1", None, STAFF),
        ("get", f"/setup/calls/{f.call.pk}", None, STAFF),
        ("get", "/setup/agreements", None, STAFF),
        ("get", f"/setup/distributions/{w['run'].pk}", None, STAFF),
        ("get", f"/agreements/{a}", None, MEMBERS),
        ("post", "/setup/budgets", {"instrument": f.instrument.slug, "year": 2041}, STAFF),
        (
            "post",
            f"/setup/budgets/{f.line.budget.pk}/lines",
            {"code": "q", "name": "Q", "amount": "1"},
            STAFF,
        ),
        ("post", f"/setup/lines/{f.line.pk}/decision", {"note": "x"}, STAFF),
        (
            "post",
            f"/setup/agreements/{a}/indicators",
            {"name": "Y", "target": "2"},
            STAFF,
        ),
        (
            "post",
            f"/setup/lines/{f.line.pk}/distributions",
            {"rule": {"base": "1"}, "source": "given"},
            STAFF,
        ),
        (
            "post",
            f"/setup/distributions/{w['run'].pk}/commit",
            {"decision_reference": "X", "decided_on": "2026-01-01"},
            STAFF,
        ),
        (
            "post",
            f"/agreements/{a}/indicator-reports",
            {"indicator": w["indicator"].pk, "year": 2027, "value": "1"},
            MEMBERS,
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_api_by_role(client, world, role):
    _login(client, world["users"][role])
    for method, path, body, allowed in _endpoints(world):
        before = _state()
        if method == "get":
            response = client.get(f"{API}{path}")
        else:
            response = client.post(f"{API}{path}", body, content_type="application/json")
        if role == "anonymous":
            assert response.status_code == 401, path
        elif role in allowed:
            assert response.status_code in (200, 201), (path, response.content)
            continue
        else:
            assert response.status_code == 403, path
        assert _state() == before, path
