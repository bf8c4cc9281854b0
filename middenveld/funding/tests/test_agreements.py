"""Agreements: yearly amounts committed on lines like awards (never beyond the line),
amendments that change a year not yet committed, indicators reported by the organisation's
members or staff; each change logged and in the organisation's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.funding.models import (
    Agreement,
    Amendment,
    Award,
    BudgetLine,
    FundingLog,
    IndicatorReport,
    InstrumentKind,
)
from middenveld.funding.services.agreements import (
    agreement_commit_year,
    agreement_create,
    amendment_add,
    indicator_add,
    indicator_report,
)
from middenveld.funding.tests.factories import BudgetFactory, BudgetLineFactory, InstrumentFactory
from middenveld.organisations.models import TimelineEvent

pytestmark = pytest.mark.django_db


@dataclass
class Setting:
    funding: Any
    instrument: Any
    lines: dict[int, BudgetLine]
    agreement: Agreement


def _setting(funding) -> Setting:
    instrument = InstrumentFactory(slug="convenant", kind=InstrumentKind.AGREEMENT)
    lines = {
        year: BudgetLineFactory(
            budget=BudgetFactory(instrument=instrument, year=year),
            code="conv",
            amount="50000.00",
        )
        for year in (2026, 2027, 2028)
    }
    agreement = agreement_create(
        instrument=instrument,
        organisation=funding.organisation,
        title="Buurtwerk Noord",
        reference="CONV-2026-01",
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 12, 31),
        years={2026: "40000", 2027: "40.000,00", 2028: "42000.00"},
        lines={2026: lines[2026]},
        by=funding.staff,
    )
    return Setting(funding, instrument, lines, agreement)


@pytest.fixture
def setting(funding) -> Setting:
    return _setting(funding)


def test_an_agreement_has_its_years_and_is_in_the_timeline(setting):
    years = list(setting.agreement.years.values_list("year", "amount", "line_id"))
    assert years == [
        (2026, Decimal("40000.00"), setting.lines[2026].pk),
        (2027, Decimal("40000.00"), None),
        (2028, Decimal("42000.00"), None),
    ]
    assert TimelineEvent.objects.filter(
        organisation=setting.funding.organisation, kind="funding.agreement"
    ).exists()
    assert FundingLog.objects.filter(subject="agreement", change="created").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"years": {2030: "100"}}, "years"),
        ({"years": {2026: "-5"}}, "years"),
        ({"years": {2026: "0"}}, "years"),
        ({"years": {}}, "years"),
        ({"ends_on": date(2025, 1, 1)}, "ends_on"),
        ({"reference": "CONV-2026-01"}, "reference"),
        ({"lines": {2027: "the line of 2026"}}, "lines"),
    ],
)
def test_bad_agreements_are_refused_and_change_nothing(setting, changes, field):
    if "lines" in changes:  # a line of another year than the one it is given for
        changes = {"lines": {2027: setting.lines[2026]}}
    arguments = {
        "instrument": setting.instrument,
        "organisation": setting.funding.organisation,
        "title": "Tweede",
        "reference": "CONV-2",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
        "years": {2026: "1000"},
        "by": setting.funding.staff,
        **changes,
    }
    with pytest.raises(Invalid) as refused:
        agreement_create(**arguments)
    assert field in refused.value.details["fields"]
    assert Agreement.objects.count() == 1


def test_an_agreement_needs_an_agreement_instrument(funding):
    with pytest.raises(Invalid):
        agreement_create(
            instrument=funding.instrument,
            organisation=funding.organisation,
            title="x",
            reference="R",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            years={2026: "10"},
            by=funding.staff,
        )


def test_committing_a_year_makes_an_award_on_the_line(setting):
    year = setting.agreement.years.get(year=2026)
    award = agreement_commit_year(
        agreement_year=year,
        decision_reference="CBS-2026-77",
        decided_on=date(2026, 2, 1),
        by=setting.funding.staff,
    )
    assert award.agreement_year == year
    assert award.amount == Decimal("40000.00")
    assert award.organisation == setting.funding.organisation
    line = BudgetLine.objects.get(pk=setting.lines[2026].pk)
    assert line.committed == Decimal("40000.00")
    with pytest.raises(Conflict):
        agreement_commit_year(
            agreement_year=year,
            decision_reference="CBS-2026-78",
            decided_on=date(2026, 2, 1),
            by=setting.funding.staff,
        )
    assert Award.objects.count() == 1


def test_a_year_beyond_what_the_line_has_left_is_refused_and_changes_nothing(setting):
    line = setting.lines[2027]
    line.amount = Decimal("39999.99")
    line.save()
    with pytest.raises(Conflict) as refused:
        agreement_commit_year(
            agreement_year=setting.agreement.years.get(year=2027),
            line=line,
            decision_reference="CBS-1",
            decided_on=date(2027, 2, 1),
            by=setting.funding.staff,
        )
    assert refused.value.code == "budget_exceeded"
    assert not Award.objects.exists()
    line.refresh_from_db()
    assert line.committed == 0
    assert setting.agreement.years.get(year=2027).line is None


def test_a_year_needs_a_line_of_that_year(setting):
    with pytest.raises(Invalid):
        agreement_commit_year(
            agreement_year=setting.agreement.years.get(year=2027),
            line=setting.lines[2026],
            decision_reference="CBS-1",
            decided_on=date(2027, 2, 1),
            by=setting.funding.staff,
        )
    with pytest.raises(Invalid):
        agreement_commit_year(
            agreement_year=setting.agreement.years.get(year=2027),
            decision_reference="CBS-1",
            decided_on=date(2027, 2, 1),
            by=setting.funding.staff,
        )


def test_an_amendment_changes_a_year_not_yet_committed(setting):
    amendment = amendment_add(
        agreement=setting.agreement,
        signed_on=date(2026, 6, 1),
        description="Meer middelen voor 2027",
        changes={"amounts": {2027: "45000"}},
        by=setting.funding.staff,
    )
    assert amendment.number == 1
    assert amendment.changes == {"amounts": {"2027": {"from": "40000.00", "to": "45000.00"}}}
    assert setting.agreement.years.get(year=2027).amount == Decimal("45000.00")
    assert TimelineEvent.objects.filter(kind="funding.amendment").count() == 1
    second = amendment_add(
        agreement=setting.agreement,
        signed_on=date(2026, 7, 1),
        description="Tekstuele wijziging",
        by=setting.funding.staff,
    )
    assert second.number == 2


def test_an_amendment_cannot_change_a_committed_year(setting):
    agreement_commit_year(
        agreement_year=setting.agreement.years.get(year=2026),
        decision_reference="CBS-1",
        decided_on=date(2026, 2, 1),
        by=setting.funding.staff,
    )
    with pytest.raises(Conflict):
        amendment_add(
            agreement=setting.agreement,
            signed_on=date(2026, 6, 1),
            description="Te laat",
            changes={"amounts": {2026: "50000", 2027: "1"}},
            by=setting.funding.staff,
        )
    assert not Amendment.objects.exists()
    assert setting.agreement.years.get(year=2027).amount == Decimal("40000.00")


@pytest.mark.parametrize(
    "changes", [{"amounts": {2031: "100"}}, {"ends_on": "2030-01-01"}, {"amounts": {2027: "x"}}]
)
def test_bad_amendments_are_refused(setting, changes):
    with pytest.raises(Invalid):
        amendment_add(
            agreement=setting.agreement,
            signed_on=date(2026, 6, 1),
            description="x",
            changes=changes,
            by=setting.funding.staff,
        )
    assert not Amendment.objects.exists()


def test_members_and_staff_report_indicators_others_may_not(setting):
    indicator = indicator_add(
        agreement=setting.agreement,
        name="Bereikte buurtbewoners",
        unit="personen",
        target="500",
        by=setting.funding.staff,
    )
    report = indicator_report(
        indicator=indicator, year=2026, value="512", note="", by=setting.funding.member
    )
    assert report.value == Decimal("512.00")
    assert TimelineEvent.objects.filter(kind="funding.indicator_report").count() == 1
    indicator_report(indicator=indicator, year=2026, value="520", by=setting.funding.staff)
    assert IndicatorReport.objects.get().value == Decimal("520.00")
    with pytest.raises(Forbidden):
        indicator_report(indicator=indicator, year=2027, value="1", by=UserFactory())
    with pytest.raises(Invalid):
        indicator_report(indicator=indicator, year=2035, value="1", by=setting.funding.member)
    with pytest.raises(Invalid):
        indicator_report(indicator=indicator, year=2027, value="-3", by=setting.funding.member)
    assert IndicatorReport.objects.count() == 1


# --- pages -------------------------------------------------------------------------------


def test_staff_record_an_agreement_on_the_page(client, funding):
    instrument = InstrumentFactory(slug="conv", kind=InstrumentKind.AGREEMENT)
    BudgetLineFactory(budget=BudgetFactory(instrument=instrument, year=2026), code="basis")
    client.force_login(funding.staff)
    assert client.get(reverse("funding:staff_agreement_new")).status_code == 200
    response = client.post(
        reverse("funding:staff_agreement_new"),
        {
            "instrument": instrument.pk,
            "organisation": funding.organisation.pk,
            "title": "Jeugdwerk",
            "reference": "C-1",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "years": "2026; 10.000; basis\n2027; 12000",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="C-1")
    assert list(agreement.years.values_list("year", "amount")) == [
        (2026, Decimal("10000.00")),
        (2027, Decimal("12000.00")),
    ]
    assert agreement.years.get(year=2026).line.code == "basis"


def test_an_unknown_line_code_on_the_page_changes_nothing(client, funding):
    instrument = InstrumentFactory(slug="conv", kind=InstrumentKind.AGREEMENT)
    client.force_login(funding.staff)
    response = client.post(
        reverse("funding:staff_agreement_new"),
        {
            "instrument": instrument.pk,
            "organisation": funding.organisation.pk,
            "title": "Jeugdwerk",
            "reference": "C-1",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "years": "2026; 10000; bestaatniet",
        },
    )
    assert response.status_code == 422
    assert "bestaatniet" in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_detail_page_commits_amends_and_follows_indicators(client, setting):
    client.force_login(setting.funding.staff)
    url = reverse("funding:staff_agreement", args=[setting.agreement.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "CONV-2026-01" in page.content.decode()
    response = client.post(
        url,
        {
            "action": "commit",
            "year": "2026",
            "line": "",
            "decision_reference": "CBS-9",
            "decided_on": "2026-02-02",
        },
    )
    assert response.status_code == 302
    assert Award.objects.get().decision_reference == "CBS-9"
    response = client.post(
        url,
        {
            "action": "amendment",
            "signed_on": "2026-05-05",
            "description": "Uitbreiding",
            "amounts": "2028; 50000",
        },
    )
    assert response.status_code == 302
    assert setting.agreement.years.get(year=2028).amount == Decimal("50000.00")
    response = client.post(
        url, {"action": "indicator", "name": "Activiteiten", "unit": "", "target": "24"}
    )
    assert response.status_code == 302
    indicator = setting.agreement.indicators.get()
    response = client.post(
        url, {"action": "report", "indicator": indicator.pk, "year": 2026, "value": "20"}
    )
    assert response.status_code == 302
    text = client.get(url).content.decode()
    assert "Yes: decision CBS-9" in text
    assert "below the target" in text
    assert "Uitbreiding" in text


def test_committing_beyond_the_line_on_the_page_shows_why(client, setting):
    line = setting.lines[2027]
    line.amount = Decimal("100.00")
    line.save()
    client.force_login(setting.funding.staff)
    response = client.post(
        reverse("funding:staff_agreement", args=[setting.agreement.pk]),
        {
            "action": "commit",
            "year": "2027",
            "line": line.pk,
            "decision_reference": "CBS-9",
            "decided_on": "2027-02-02",
        },
    )
    assert response.status_code == 422
    assert "does not fit" in response.content.decode()
    assert not Award.objects.exists()


def test_members_read_their_agreement_and_report_others_may_not(client, setting):
    indicator = indicator_add(
        agreement=setting.agreement, name="Bereik", target="10", by=setting.funding.staff
    )
    url = reverse("funding:agreement", args=[setting.agreement.pk])
    client.force_login(setting.funding.member)
    page = client.get(url)
    assert page.status_code == 200
    assert "Buurtwerk Noord" in page.content.decode()
    assert "Commit a year" not in page.content.decode()
    response = client.post(url, {"indicator": indicator.pk, "year": 2026, "value": "11"})
    assert response.status_code == 302
    assert IndicatorReport.objects.get().value == Decimal("11.00")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"indicator": indicator.pk, "year": 2027, "value": "1"}).status_code == 403
    )
    assert IndicatorReport.objects.count() == 1


@pytest.mark.parametrize("count", [1, 6])
def test_query_budget_of_the_agreement_list(client, funding, django_assert_max_num_queries, count):
    instrument = InstrumentFactory(slug="conv", kind=InstrumentKind.AGREEMENT)
    for number in range(count):
        agreement_create(
            instrument=instrument,
            organisation=funding.organisation,
            title=f"Overeenkomst {number}",
            reference=f"C-{number}",
            starts_on=date(2026, 1, 1),
            ends_on=date(2027, 12, 31),
            years={2026: "100", 2027: "200"},
            by=funding.staff,
        )
    client.force_login(funding.staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("funding:staff_agreements"))
    assert response.status_code == 200
    assert "€300.00" in response.content.decode()


def test_query_budget_of_the_agreement_page(client, setting, django_assert_max_num_queries):
    for number in range(4):
        indicator = indicator_add(
            agreement=setting.agreement, name=f"I{number}", target="1", by=setting.funding.staff
        )
        indicator_report(indicator=indicator, year=2026, value="2", by=setting.funding.staff)
    client.force_login(setting.funding.staff)
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("funding:staff_agreement", args=[setting.agreement.pk])).status_code
            == 200
        )
