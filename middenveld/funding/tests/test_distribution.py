"""Distribution rules: a base plus amounts per activity in tiers for every eligible
organisation, scaled pro rata (rounded down to the cent) when the line has less; a preview
commits nothing, the commit makes every award or none, and only once."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import Award, BudgetLine, DistributionRun, ReportKind
from middenveld.funding.services.awards import award_create
from middenveld.funding.services.distribution import (
    activities_from_csv,
    activities_from_reports,
    distribution_commit,
    distribution_preview,
    rule_amount,
    rule_normalise,
)
from middenveld.funding.tests.factories import BudgetFactory, BudgetLineFactory
from middenveld.organisations.models import LegalForm
from middenveld.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

RULE = {
    "base": "500.00",
    "tiers": [{"up_to": 10, "per_activity": "50.00"}, {"up_to": None, "per_activity": "25.00"}],
}


@pytest.mark.parametrize(
    ("activities", "extra"),
    [(0, "0"), (1, "50"), (10, "500"), (11, "525"), (14, "600"), (100, "2750")],
)
def test_tiers_pay_the_first_activities_at_the_first_rate(activities, extra):
    base, per_activity = rule_amount(rule_normalise(RULE), activities)
    assert base == Decimal("500.00")
    assert per_activity == Decimal(extra)


def test_a_last_tier_with_a_limit_pays_nothing_beyond_it():
    rule = rule_normalise(
        {
            "base": "0",
            "tiers": [
                {"up_to": 5, "per_activity": "100"},
                {"up_to": 8, "per_activity": "10"},
            ],
        }
    )
    assert rule_amount(rule, 7) == (Decimal("0.00"), Decimal("520.00"))
    assert rule_amount(rule, 50) == (Decimal("0.00"), Decimal("530.00"))


@pytest.mark.parametrize(
    "rule",
    [
        {"base": "-5", "tiers": []},
        {"base": "abc", "tiers": []},
        {"base": "0", "tiers": []},
        {
            "base": "1",
            "tiers": [{"up_to": None, "per_activity": "1"}, {"up_to": 5, "per_activity": "1"}],
        },
        {
            "base": "1",
            "tiers": [{"up_to": 10, "per_activity": "1"}, {"up_to": 5, "per_activity": "1"}],
        },
        {"base": "1", "tiers": [{"up_to": 10, "per_activity": "1,005"}]},
        {"base": "1", "tiers": [{"up_to": 10}], "extra": 1},
    ],
)
def test_bad_rules_are_refused(rule):
    with pytest.raises(Invalid):
        rule_normalise(rule)


def _organisations(funding, count):
    """``count`` eligible organisations besides the fixture's two."""
    return [funding.organisation, funding.other] + [OrganisationFactory() for _ in range(count)]


def test_the_preview_computes_every_eligible_organisation_and_commits_nothing(funding):
    organisations = _organisations(funding, 1)
    stichting = OrganisationFactory(legal_form=LegalForm.FOUNDATION)
    activities = {organisations[0].pk: 14, organisations[1].pk: 3, stichting.pk: 20}
    run = distribution_preview(
        line=funding.line, rule=RULE, organisations_activities=activities, by=funding.staff
    )
    rows = {row["organisation"]: row for row in run.result}
    assert rows[organisations[0].pk]["amount"] == "1100.00"
    assert rows[organisations[1].pk]["amount"] == "650.00"
    assert rows[organisations[2].pk]["amount"] == "500.00"  # eligible, no activities: the base
    assert rows[stichting.pk]["eligible"] is False
    assert rows[stichting.pk]["amount"] == "0.00"
    assert run.factor == 1
    assert run.total == Decimal("2250.00")
    assert not Award.objects.exists()
    assert BudgetLine.objects.get(pk=funding.line.pk).committed == 0


def test_above_the_line_every_amount_is_scaled_down_to_the_cent(funding):
    organisations = _organisations(funding, 1)
    activities = {organisations[0].pk: 200, organisations[1].pk: 150, organisations[2].pk: 77}
    run = distribution_preview(
        line=funding.line, rule=RULE, organisations_activities=activities, by=funding.staff
    )
    computed = sum(Decimal(row["computed"]) for row in run.result)
    # 200 activities: 500 + 10 x 50 + 190 x 25; 150: 500 + 500 + 140 x 25; 77: 500 + 500 + 67 x 25.
    assert computed == Decimal("5750.00") + Decimal("4500.00") + Decimal("2675.00")
    assert run.factor < 1
    assert run.factor == (Decimal("10000") / computed).quantize(
        Decimal("0.00000001"), rounding="ROUND_DOWN"
    )
    for row in run.result:
        amount = Decimal(row["amount"])
        assert amount == amount.quantize(Decimal("0.01"))
        assert amount <= Decimal(row["computed"])
        assert amount == (Decimal(row["computed"]) * run.factor).quantize(
            Decimal("0.01"), rounding="ROUND_DOWN"
        )
    assert run.total == sum(Decimal(row["amount"]) for row in run.result)
    assert Decimal("9999.90") < run.total <= Decimal("10000.00")


def test_pro_rata_never_exceeds_what_is_available(funding):
    randomiser = random.Random(4)
    organisations = _organisations(funding, 8)
    for _ in range(25):
        line = BudgetLineFactory(
            budget=funding.line.budget,
            amount=Decimal(randomiser.randint(1, 2_000_000)) / 100,
        )
        rule = {
            "base": str(Decimal(randomiser.randint(0, 90_000)) / 100),
            "tiers": [
                {"up_to": 3, "per_activity": str(Decimal(randomiser.randint(1, 9999)) / 100)},
                {"up_to": None, "per_activity": "7.77"},
            ],
        }
        activities = {o.pk: randomiser.randint(0, 60) for o in organisations}
        run = distribution_preview(
            line=line, rule=rule, organisations_activities=activities, by=funding.staff
        )
        assert run.total <= line.amount
        assert all(Decimal(row["amount"]) >= 0 for row in run.result)


def test_commit_makes_one_award_per_organisation_and_only_once(funding):
    organisations = _organisations(funding, 1)
    run = distribution_preview(
        line=funding.line,
        rule=RULE,
        organisations_activities={organisations[0].pk: 14},
        by=funding.staff,
    )
    awards = distribution_commit(
        run=run, decision_reference="CBS-2026-10", decided_on=date(2026, 3, 1), by=funding.staff
    )
    assert len(awards) == 3
    assert {a.organisation_id: a.amount for a in awards} == {
        organisations[0].pk: Decimal("1100.00"),
        organisations[1].pk: Decimal("500.00"),
        organisations[2].pk: Decimal("500.00"),
    }
    assert all(a.distribution_id == run.pk for a in awards)
    line = BudgetLine.objects.get(pk=funding.line.pk)
    assert line.committed == Decimal("2100.00")
    with pytest.raises(Conflict) as refused:
        distribution_commit(
            run=DistributionRun.objects.get(pk=run.pk),
            decision_reference="CBS-2026-11",
            decided_on=date(2026, 3, 1),
            by=funding.staff,
        )
    assert refused.value.code == "already_committed"
    assert Award.objects.count() == 3


def test_commit_is_all_or_nothing_when_the_line_changed_since_the_preview(funding):
    organisations = _organisations(funding, 1)
    run = distribution_preview(
        line=funding.line,
        rule={"base": "3000", "tiers": []},
        organisations_activities={},
        by=funding.staff,
    )
    assert run.total == Decimal("9000.00")
    award_create(
        line=funding.line,
        organisation=organisations[0],
        amount="2000",
        title="Intussen",
        decision_reference="X",
        decided_on=date(2026, 1, 1),
        by=funding.staff,
    )
    with pytest.raises(Conflict) as refused:
        distribution_commit(
            run=run, decision_reference="CBS-1", decided_on=date(2026, 3, 1), by=funding.staff
        )
    assert refused.value.code == "budget_exceeded"
    assert Award.objects.count() == 1  # only the one made in between
    assert BudgetLine.objects.get(pk=funding.line.pk).committed == Decimal("2000.00")
    run.refresh_from_db()
    assert run.committed_at is None


def test_activities_come_from_accepted_reports_of_the_previous_year(funding):
    previous = BudgetLineFactory(
        budget=BudgetFactory(instrument=funding.instrument, year=funding.line.budget.year - 1)
    )
    award = award_create(
        line=previous,
        organisation=funding.organisation,
        amount="100",
        title="Vorig jaar",
        decision_reference="X",
        decided_on=date(2025, 1, 1),
        by=funding.staff,
    )
    award.reports.filter(kind=ReportKind.ACTIVITY).update(activities=14, accepted_at=timezone.now())
    other = award_create(
        line=previous,
        organisation=funding.other,
        amount="100",
        title="Niet aanvaard",
        decision_reference="Y",
        decided_on=date(2025, 1, 1),
        by=funding.staff,
    )
    other.reports.filter(kind=ReportKind.ACTIVITY).update(activities=99)  # not accepted
    assert activities_from_reports(line=funding.line) == {funding.organisation.pk: 14}


def test_activities_from_a_csv_by_id_or_kbo(funding):
    funding.other.kbo_number = "0440966354"
    funding.other.save()
    text = f"organisatie;activiteiten\n{funding.organisation.pk};7\n0440.966.354;12\n"
    assert activities_from_csv(text) == {funding.organisation.pk: 7, funding.other.pk: 12}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("org;act\n999999;3\n", 2),
        ("org;act\n{id};drie\n", 2),
        ("org;act\n{id};3\n{id};4\n", 3),
        ("{id};-1\n", 1),
        ("{id}\n", 1),
    ],
)
def test_a_bad_csv_names_the_line(funding, text, line):
    with pytest.raises(Invalid) as refused:
        activities_from_csv(text.format(id=funding.organisation.pk))
    assert str(refused.value).startswith(f"Line {line}:")


def test_an_unknown_organisation_in_the_preview_is_refused(funding):
    with pytest.raises(Invalid):
        distribution_preview(
            line=funding.line,
            rule=RULE,
            organisations_activities={987654321: 3},
            by=funding.staff,
        )
    assert not DistributionRun.objects.exists()


# --- pages -------------------------------------------------------------------------------


def test_the_page_previews_from_a_csv_and_commits(client, funding):
    _organisations(funding, 0)
    client.force_login(funding.staff)
    url = reverse("funding:staff_distribution", args=[funding.line.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "base": "500",
            "tiers": "10; 50\n; 25",
            "source": "csv",
            "csv_text": f"{funding.organisation.pk};14",
        },
    )
    assert response.status_code == 302
    run = DistributionRun.objects.get()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "This is a preview: nothing is committed yet." in text
    assert "€1,100.00" in text
    assert not Award.objects.exists()
    response = client.post(
        response["Location"], {"decision_reference": "CBS-5", "decided_on": "2026-04-01"}
    )
    assert response.status_code == 302
    assert Award.objects.filter(distribution=run).count() == 2
    again = client.post(
        response["Location"], {"decision_reference": "CBS-6", "decided_on": "2026-04-01"}
    )
    assert again.status_code == 422
    assert "already committed" in again.content.decode()
    assert Award.objects.count() == 2


def test_the_page_shows_a_bad_csv_line_and_computes_nothing(client, funding):
    client.force_login(funding.staff)
    response = client.post(
        reverse("funding:staff_distribution", args=[funding.line.pk]),
        {"base": "500", "tiers": "", "source": "csv", "csv_text": "999999;3"},
    )
    assert response.status_code == 422
    assert "Line 1:" in response.content.decode()
    assert not DistributionRun.objects.exists()


def test_the_page_refuses_bad_tiers(client, funding):
    client.force_login(funding.staff)
    response = client.post(
        reverse("funding:staff_distribution", args=[funding.line.pk]),
        {"base": "500", "tiers": "10; 50\n5; 25", "source": "reports"},
    )
    assert response.status_code == 422
    assert not DistributionRun.objects.exists()


def test_a_run_of_another_line_is_a_404(client, funding):
    run = distribution_preview(
        line=funding.line, rule=RULE, organisations_activities={}, by=funding.staff
    )
    other = BudgetLineFactory()
    client.force_login(funding.staff)
    url = reverse("funding:staff_distribution_run", args=[other.pk, run.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_query_budget_of_the_preview_page(client, funding, django_assert_max_num_queries, count):
    _organisations(funding, count)
    run = distribution_preview(
        line=funding.line, rule=RULE, organisations_activities={}, by=funding.staff
    )
    client.force_login(funding.staff)
    url = reverse("funding:staff_distribution_run", args=[funding.line.pk, run.pk])
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
