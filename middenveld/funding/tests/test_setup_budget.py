"""The staff budget overview: lines with budgeted, committed, paid and available; new
budgets and lines; transfers (never beyond what is free, always with a reason); the
participation decision behind a line. Refusals change nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from middenveld.ballots.tests.factories import BallotFactory
from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import Budget, BudgetLine, BudgetTransfer, FundingLog
from middenveld.funding.services.awards import award_create
from middenveld.funding.services.budget import line_create, line_transfer
from middenveld.funding.tests.factories import BudgetLineFactory, InstrumentFactory

pytestmark = pytest.mark.django_db


def _url(name: str, **kwargs) -> str:
    return reverse(f"funding:{name}", kwargs=kwargs)


def _second_line(funding, amount="5000.00"):
    return BudgetLineFactory(budget=funding.line.budget, code="extra", name="Extra", amount=amount)


def _commit(funding, amount="8000.00"):
    return award_create(
        line=funding.line,
        organisation=funding.organisation,
        amount=amount,
        title="Werking",
        decision_reference="CBS-1",
        decided_on=date.today(),
        by=funding.staff,
    )


def test_the_overview_shows_each_line_in_exact_euros(client, funding):
    _commit(funding, "1234.56")
    client.force_login(funding.staff)
    response = client.get(_url("staff_home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Basiswerking" in text
    assert "€10,000.00" in text  # budgeted
    assert "€1,234.56" in text  # committed
    assert "€8,765.44" in text  # available


def test_the_overview_in_dutch_writes_belgian_euros(client, funding):
    client.force_login(funding.staff)
    with translation.override("nl"):
        url = _url("staff_home")
    response = client.get(url)
    assert "€ 10.000,00" in response.content.decode()


def test_transfer_beyond_what_is_free_is_refused_and_changes_nothing(funding):
    other = _second_line(funding)
    _commit(funding, "8000.00")
    with pytest.raises(Conflict) as refused:
        line_transfer(
            from_line=funding.line,
            to_line=other,
            amount="2000.01",
            reason="Nodig",
            by=funding.staff,
        )
    assert "€2,000.00" in str(refused.value)
    funding.line.refresh_from_db()
    other.refresh_from_db()
    assert funding.line.amount == Decimal("10000.00")
    assert other.amount == Decimal("5000.00")
    assert not BudgetTransfer.objects.exists()


def test_transfer_requires_a_reason(funding):
    other = _second_line(funding)
    with pytest.raises(Invalid) as refused:
        line_transfer(
            from_line=funding.line, to_line=other, amount="100", reason="   ", by=funding.staff
        )
    assert "reason" in refused.value.details["fields"]
    assert not BudgetTransfer.objects.exists()


def test_transfer_page_moves_money_and_lists_the_transfer_with_its_reason(client, funding):
    other = _second_line(funding)
    client.force_login(funding.staff)
    response = client.post(
        _url("staff_line_transfer"),
        {
            "from_line": funding.line.pk,
            "to_line": other.pk,
            "amount": "1.500,50",
            "reason": "Meer aanvragen dan verwacht",
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Meer aanvragen dan verwacht" in text
    assert "€1,500.50" in text
    funding.line.refresh_from_db()
    other.refresh_from_db()
    assert funding.line.amount == Decimal("8499.50")
    assert other.amount == Decimal("6500.50")
    assert FundingLog.objects.filter(change="transfer_out", reason__contains="Meer").exists()


def test_transfer_page_without_reason_says_so_and_changes_nothing(client, funding):
    other = _second_line(funding)
    client.force_login(funding.staff)
    response = client.post(
        _url("staff_line_transfer"),
        {"from_line": funding.line.pk, "to_line": other.pk, "amount": "100", "reason": ""},
    )
    assert response.status_code == 422
    assert 'href="#transfer_reason"' in response.content.decode()
    assert not BudgetTransfer.objects.exists()


@pytest.mark.parametrize("amount", ["-5", "abc", "1,000", "99999999999", "2,500"])
def test_transfer_page_refuses_bad_amounts(client, funding, amount):
    other = _second_line(funding)
    client.force_login(funding.staff)
    response = client.post(
        _url("staff_line_transfer"),
        {"from_line": funding.line.pk, "to_line": other.pk, "amount": amount, "reason": "x"},
    )
    assert response.status_code == 422
    funding.line.refresh_from_db()
    assert funding.line.amount == Decimal("10000.00")


def test_new_budget_and_line_from_the_page(client, funding):
    instrument = InstrumentFactory(name="Buurtbudget")
    client.force_login(funding.staff)
    response = client.post(
        _url("staff_budget_new"), {"instrument": instrument.pk, "year": 2031}, follow=True
    )
    assert response.status_code == 200
    budget = Budget.objects.get(instrument=instrument, year=2031)
    response = client.post(
        _url("staff_line_new"),
        {"budget": budget.pk, "code": "wijk", "name": "Wijkwerking", "amount": "25.000"},
        follow=True,
    )
    assert response.status_code == 200
    line = BudgetLine.objects.get(budget=budget, code="wijk")
    assert line.amount == Decimal("25000.00")
    assert "Wijkwerking" in response.content.decode()


def test_a_second_budget_for_the_same_year_is_refused(client, funding):
    client.force_login(funding.staff)
    budget = funding.line.budget
    response = client.post(
        _url("staff_budget_new"), {"instrument": funding.instrument.pk, "year": budget.year}
    )
    assert response.status_code == 422
    assert "already has a budget" in response.content.decode()
    assert Budget.objects.filter(instrument=funding.instrument).count() == 1


def test_a_duplicate_line_code_is_refused(funding):
    with pytest.raises(Invalid):
        line_create(
            budget=funding.line.budget, code="basis", name="Dubbel", amount="1", by=funding.staff
        )


def test_the_participation_decision_is_recorded_on_the_line(client, funding):
    ballot = BallotFactory(title="Stemming buurtbudget")
    client.force_login(funding.staff)
    url = _url("staff_line_decision", pk=funding.line.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"ballot": ballot.pk, "note": "Gekozen door 40 verenigingen"})
    assert response.status_code == 302
    funding.line.refresh_from_db()
    assert funding.line.decided_by_ballot == ballot
    assert funding.line.decision_note == "Gekozen door 40 verenigingen"
    page = client.get(_url("staff_home")).content.decode()
    assert "Stemming buurtbudget" in page


def test_a_forged_ballot_changes_nothing(client, funding):
    client.force_login(funding.staff)
    response = client.post(
        _url("staff_line_decision", pk=funding.line.pk), {"ballot": "999999", "note": "x"}
    )
    assert response.status_code == 422
    funding.line.refresh_from_db()
    assert funding.line.decided_by_ballot is None


def test_a_forged_line_is_a_404(client, funding):
    client.force_login(funding.staff)
    assert client.get(_url("staff_line_decision", pk=987654)).status_code == 404


@pytest.mark.parametrize("count", [2, 10])
def test_query_budget_of_the_overview(client, funding, django_assert_max_num_queries, count):
    for number in range(count):
        BudgetLineFactory(budget=funding.line.budget, code=f"l{number}")
        BudgetLineFactory(budget__year=funding.line.budget.year)
    other = _second_line(funding)
    for _ in range(count):
        line_transfer(
            from_line=funding.line, to_line=other, amount="1", reason="r", by=funding.staff
        )
    client.force_login(funding.staff)
    with django_assert_max_num_queries(16):
        assert client.get(_url("staff_home")).status_code == 200
