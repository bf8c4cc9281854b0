"""The set-up API: budgets, lines and transfers, regulation versions, calls, agreements and
distributions through the same services as the pages; bad input, forged fields and ids."""

from __future__ import annotations

from decimal import Decimal

import pytest

from middenveld.accounts.tests.factories import UserFactory
from middenveld.api.tests.helpers import error_of
from middenveld.funding.models import (
    Agreement,
    Award,
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    DistributionRun,
    IndicatorReport,
    InstrumentKind,
    RegulationVersion,
)
from middenveld.funding.regulation import rules_dump, rules_load
from middenveld.funding.tests.factories import (
    RULES,
    BudgetFactory,
    BudgetLineFactory,
    InstrumentFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/funding"
EN = {"Accept-Language": "en"}
YAML = rules_dump(RULES)


def get(client, path, params=None):
    return client.get(f"{API}{path}", params or {}, headers=EN)


def post(client, path, body=None, method="post"):
    return getattr(client, method)(
        f"{API}{path}", body or {}, content_type="application/json", headers=EN
    )


def fields_of(response):
    return error_of(response).get("details", {}).get("fields", {})


@pytest.fixture
def staff_client(client, funding):
    client.force_login(funding.staff)
    return client


# --- budgets -----------------------------------------------------------------------------


def test_budgets_lines_and_transfers(staff_client, funding):
    instrument = InstrumentFactory(slug="buurt")
    response = post(staff_client, "/setup/budgets", {"instrument": "buurt", "year": 2030})
    assert response.status_code == 201
    budget = Budget.objects.get(instrument=instrument, year=2030)
    response = post(
        staff_client,
        f"/setup/budgets/{budget.pk}/lines",
        {"code": "a", "name": "A", "amount": "1.000,50", "committed": "999"},
    )
    assert response.status_code == 201
    assert response.json()["budgeted"] == "1000.50"
    assert response.json()["committed"] == "0.00"  # a forged field changes nothing
    line = BudgetLine.objects.get(budget=budget, code="a")
    response = post(
        staff_client,
        "/setup/transfers",
        {"from_line": funding.line.pk, "to_line": line.pk, "amount": "500", "reason": "Wijk"},
    )
    assert response.status_code == 201
    line.refresh_from_db()
    assert line.amount == Decimal("1500.50")
    listing = get(staff_client, "/setup/budgets", {"year": 2030}).json()
    assert listing[0]["lines"][0]["available"] == "1500.50"
    assert get(staff_client, "/setup/transfers").json()[0]["reason"] == "Wijk"


def test_a_transfer_beyond_what_is_free_is_a_409_and_without_reason_a_422(staff_client, funding):
    other = BudgetLineFactory(budget=funding.line.budget, code="b")
    response = post(
        staff_client,
        "/setup/transfers",
        {"from_line": funding.line.pk, "to_line": other.pk, "amount": "10000.01", "reason": "x"},
    )
    assert response.status_code == 409
    response = post(
        staff_client,
        "/setup/transfers",
        {"from_line": funding.line.pk, "to_line": other.pk, "amount": "10", "reason": ""},
    )
    assert response.status_code == 422
    assert "reason" in fields_of(response)
    response = post(
        staff_client,
        "/setup/transfers",
        {"from_line": funding.line.pk, "to_line": other.pk, "amount": 10.5, "reason": "x"},
    )
    assert response.status_code == 422
    assert not BudgetTransfer.objects.exists()


@pytest.mark.parametrize("amount", ["-1", "NaN", "1e5", "10,000", "99999999999999"])
def test_bad_line_amounts_are_refused(staff_client, funding, amount):
    response = post(
        staff_client,
        f"/setup/budgets/{funding.line.budget.pk}/lines",
        {"code": "z", "name": "Z", "amount": amount},
    )
    assert response.status_code == 422
    assert not BudgetLine.objects.filter(code="z").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/setup/lines/999999",
        "/setup/lines/99999999999999999999",
        "/setup/regulations/nergens/versions",
        "/setup/regulations/basiswerking/versions/9",
        "/setup/calls/999999",
        "/setup/distributions/999999",
        "/agreements/999999",
    ],
)
def test_forged_ids_are_404(staff_client, path):
    assert get(staff_client, path).status_code == 404


def test_the_line_decision_takes_a_ballot(staff_client, funding):
    from middenveld.ballots.tests.factories import BallotFactory

    ballot = BallotFactory()
    response = post(
        staff_client, f"/setup/lines/{funding.line.pk}/decision", {"ballot": ballot.pk, "note": "n"}
    )
    assert response.status_code == 200
    assert response.json()["decided_by_ballot"] == ballot.pk
    response = post(staff_client, f"/setup/lines/{funding.line.pk}/decision", {"ballot": 999999})
    assert response.status_code == 404
    assert "ballot" in fields_of(response)


# --- regulations -------------------------------------------------------------------------


def test_regulation_import_and_export(staff_client, funding):
    text = YAML.replace("lead_time_days: 42", "lead_time_days: 20")
    response = post(
        staff_client,
        "/setup/regulations/basiswerking/versions",
        {"text": text, "format": "yaml", "valid_from": "2025-01-01", "note": "Korter"},
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2
    exported = get(staff_client, "/setup/regulations/basiswerking/versions/2", {"format": "json"})
    assert exported.status_code == 200
    assert rules_load(exported.json()["text"], format="json")["lead_time_days"] == 20
    versions = get(staff_client, "/setup/regulations/basiswerking/versions").json()
    assert [v["number"] for v in versions] == [2, 1]


def test_a_bad_regulation_file_names_its_line(staff_client, funding):
    text = YAML.replace("lead_time_days: 42", "lead_time_days: veertig")
    response = post(
        staff_client,
        "/setup/regulations/basiswerking/versions",
        {"text": text, "valid_from": "2025-01-01"},
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["details"]["line"] == 18
    assert error["message"].startswith("Line 18")
    response = post(
        staff_client,
        "/setup/regulations/basiswerking/versions",
        {"text": YAML, "valid_from": "2025-01-01"},
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "regulation_unchanged"
    assert RegulationVersion.objects.count() == 1


# --- calls -------------------------------------------------------------------------------


def _call_body(funding, **changes):
    return {
        "title": "Zomer",
        "slug": "zomer",
        "instrument": "basiswerking",
        "line": funding.line.pk,
        "opens_on": "2026-06-01",
        "opens_time": "09:00",
        "closes_on": "2026-07-01",
        "closes_time": "17:00",
        "form": [
            {"key": "doel", "type": "text", "label_nl": "Doel", "required": True},
            {"key": "soort", "type": "choice", "label_nl": "Soort", "choices": ["a", "b"]},
        ],
        "rubric": [{"key": "impact", "label_nl": "Impact", "weight": 2, "scale": 5}],
        **changes,
    }


def test_calls_are_created_and_changed(staff_client, funding):
    response = post(staff_client, "/setup/calls", _call_body(funding))
    assert response.status_code == 201
    body = response.json()
    assert body["regulation_version"] == 1
    assert body["opens_at"].startswith("2026-06-01T07:00")
    call_id = body["id"]
    response = post(
        staff_client, f"/setup/calls/{call_id}", _call_body(funding, title="Zomer!"), "put"
    )
    assert response.status_code == 200
    assert Call.objects.get(pk=call_id).title == "Zomer!"


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"form": [{"key": "a", "type": "budget", "label_nl": "B"}] * 2}, 422),
        ({"rubric": [{"key": "a", "label_nl": "A", "weight": 0, "scale": 5}]}, 422),
        ({"opens_on": "2026-03-29", "opens_time": "02:30"}, 422),
        ({"regulation_version": 7}, 404),
        ({"instrument": "nergens"}, 404),
        ({"line": 999999}, 404),
    ],
)
def test_bad_calls_are_refused(staff_client, funding, changes, status):
    response = post(staff_client, "/setup/calls", _call_body(funding, **changes))
    assert response.status_code == status
    assert not Call.objects.filter(slug="zomer").exists()


# --- agreements and distributions --------------------------------------------------------


def test_agreements_through_the_api(client, funding):
    instrument = InstrumentFactory(slug="conv", kind=InstrumentKind.AGREEMENT)
    line = BudgetLineFactory(budget=BudgetFactory(instrument=instrument, year=2026), amount="100")
    client.force_login(funding.staff)
    response = post(
        client,
        "/setup/agreements",
        {
            "instrument": "conv",
            "organisation": funding.organisation.pk,
            "title": "Jeugd",
            "reference": "C-9",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "years": {"2026": "150", "2027": "200"},
        },
    )
    assert response.status_code == 201
    agreement = Agreement.objects.get(reference="C-9")
    response = post(
        client,
        f"/setup/agreements/{agreement.pk}/years/2026/commit",
        {"line": line.pk, "decision_reference": "CBS-1", "decided_on": "2026-02-01"},
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "budget_exceeded"
    assert not Award.objects.exists()
    response = post(
        client,
        f"/setup/agreements/{agreement.pk}/amendments",
        {"signed_on": "2026-03-01", "description": "Minder", "amounts": {"2026": "90"}},
    )
    assert response.status_code == 201
    response = post(
        client,
        f"/setup/agreements/{agreement.pk}/years/2026/commit",
        {"line": line.pk, "decision_reference": "CBS-1", "decided_on": "2026-02-01"},
    )
    assert response.status_code == 201
    assert response.json()["amount"] == "90.00"
    response = post(
        client,
        f"/setup/agreements/{agreement.pk}/indicators",
        {"name": "Bereik", "target": "100"},
    )
    assert response.status_code == 201
    indicator = response.json()["id"]

    client.force_login(funding.member)
    assert get(client, f"/agreements/{agreement.pk}").status_code == 200
    response = post(
        client,
        f"/agreements/{agreement.pk}/indicator-reports",
        {"indicator": indicator, "year": 2026, "value": "80"},
    )
    assert response.status_code == 201
    client.force_login(UserFactory())
    assert get(client, f"/agreements/{agreement.pk}").status_code == 403
    response = post(
        client,
        f"/agreements/{agreement.pk}/indicator-reports",
        {"indicator": indicator, "year": 2027, "value": "80"},
    )
    assert response.status_code == 403
    assert IndicatorReport.objects.count() == 1


def test_distribution_through_the_api(staff_client, funding):
    response = post(
        staff_client,
        f"/setup/lines/{funding.line.pk}/distributions",
        {
            "rule": {"base": "6000", "tiers": [{"up_to": None, "per_activity": "10"}]},
            "source": "given",
            "activities": {str(funding.organisation.pk): 4},
        },
    )
    assert response.status_code == 201
    run = response.json()
    assert Decimal(run["total"]) <= Decimal("10000.00")
    assert Decimal(run["factor"]) < 1
    assert not Award.objects.exists()
    assert get(staff_client, f"/setup/distributions/{run['id']}").status_code == 200
    response = post(
        staff_client,
        f"/setup/distributions/{run['id']}/commit",
        {"decision_reference": "CBS-2", "decided_on": "2026-05-01"},
    )
    assert response.status_code == 201
    assert len(response.json()) == 2
    response = post(
        staff_client,
        f"/setup/distributions/{run['id']}/commit",
        {"decision_reference": "CBS-3", "decided_on": "2026-05-01"},
    )
    assert response.status_code == 409
    assert Award.objects.count() == 2


def test_distribution_csv_errors_name_the_line(staff_client, funding):
    response = post(
        staff_client,
        f"/setup/lines/{funding.line.pk}/distributions",
        {"rule": {"base": "100"}, "source": "csv", "csv": f"{funding.organisation.pk};1\nx;y"},
    )
    assert response.status_code == 422
    assert error_of(response)["message"].startswith("Line 2:")
    assert not DistributionRun.objects.exists()
