"""The public awards register /subsidies/toekenningen/: filters, totals per line and per year
(checked against a sum computed here), paging, downloads as CSV and JSON with the same
filters, JSON-LD, bad filter values, caching and the query budget."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from middenveld.funding.models import Award, AwardStatus, BudgetLine
from middenveld.funding.tests.factories import BudgetFactory, BudgetLineFactory, InstrumentFactory
from middenveld.organisations.tests.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


_numbers = iter(range(1, 10**6))


def make_award(organisation, line: BudgetLine, amount: str, day: date, **kwargs) -> Award:
    number = next(_numbers)
    return Award.objects.create(
        identifier=f"360G-stadgent-{day.year}-{number:06d}",
        organisation=organisation,
        line=line,
        title=kwargs.pop("title", f"Werking {number}"),
        amount=Decimal(amount),
        decision_reference=kwargs.pop("decision_reference", f"CBS-{number}"),
        decided_on=day,
        **kwargs,
    )


@dataclass
class Register:
    awards: list[Award]
    lines: dict[str, BudgetLine]
    rabot: object
    centrum: object


@pytest.fixture
def register(db) -> Register:
    rabot = DistrictFactory(slug="rabot", name="Rabot")
    centrum = DistrictFactory(slug="centrum", name="Centrum")
    basis = InstrumentFactory(slug="basiswerking", name="Subsidie basiswerking")
    project = InstrumentFactory(slug="projecten", name="Projectsubsidie")
    lines = {
        "basis-2024": BudgetLineFactory(
            budget=BudgetFactory(instrument=basis, year=2024), code="basis", amount=10**6
        ),
        "basis-2025": BudgetLineFactory(
            budget=BudgetFactory(instrument=basis, year=2025), code="basis", amount=10**6
        ),
        "project-2025": BudgetLineFactory(
            budget=BudgetFactory(instrument=project, year=2025), code="buurt", amount=10**6
        ),
    }
    in_rabot = OrganisationFactory(name="Buurtwerk Rabot", kbo_number="0412345678")
    in_rabot.districts.add(rabot)
    in_centrum = OrganisationFactory(name="Feitelijke groep Centrum", vcode="V0001234")
    in_centrum.districts.add(centrum)
    elsewhere = OrganisationFactory(name="Stadsbrede vzw")
    awards = [
        make_award(in_rabot, lines["basis-2024"], "1000.00", date(2024, 3, 1)),
        make_award(in_rabot, lines["basis-2025"], "2500.50", date(2025, 2, 1)),
        make_award(in_centrum, lines["basis-2025"], "750.25", date(2025, 6, 30)),
        make_award(in_centrum, lines["project-2025"], "4000.00", date(2025, 9, 15)),
        make_award(elsewhere, lines["project-2025"], "1200.00", date(2025, 12, 31)),
        make_award(elsewhere, lines["basis-2024"], "333.33", date(2024, 12, 31)),
    ]
    # A cancelled award is not part of the public register.
    make_award(
        elsewhere, lines["basis-2025"], "99999.00", date(2025, 5, 5), status=AwardStatus.CANCELLED
    )
    return Register(awards=awards, lines=lines, rabot=rabot, centrum=centrum)


def _url(name: str = "awards", **params) -> str:
    url = reverse(f"funding:{name}")
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def _expected(awards, keep) -> tuple[dict[int, Decimal], dict[int, Decimal], int]:
    """Totals per line and per year computed here, independently of the app."""
    per_line: dict[int, Decimal] = defaultdict(Decimal)
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    count = 0
    for award in awards:
        if keep(award):
            per_line[award.line_id] += award.amount
            per_year[award.decided_on.year] += award.amount
            count += 1
    return dict(per_line), dict(per_year), count


def _shown(response) -> tuple[dict[int, Decimal], dict[int, Decimal], int]:
    totals = response.context["totals"]
    return (
        {row.line_id: row.total for row in totals.lines},
        {row.year: row.total for row in totals.years},
        totals.count,
    )


FILTERS = [
    ({}, lambda a: True),
    ({"jaar": "2025"}, lambda a: a.decided_on.year == 2025),
    ({"instrument": "projecten"}, lambda a: a.line.budget.instrument.slug == "projecten"),
    ({"wijk": "rabot"}, lambda a: a.organisation.name == "Buurtwerk Rabot"),
    ({"zoek": "centrum"}, lambda a: "Centrum" in a.organisation.name),
    (
        {"jaar": "2025", "instrument": "basiswerking", "wijk": "centrum"},
        lambda a: (
            a.decided_on.year == 2025
            and a.line.budget.instrument.slug == "basiswerking"
            and a.organisation.name == "Feitelijke groep Centrum"
        ),
    ),
]


@pytest.mark.parametrize(("params", "keep"), FILTERS)
def test_filters_and_totals_per_line_and_year_match_a_sum_made_here(client, register, params, keep):
    response = client.get(_url(**params))
    assert response.status_code == 200
    assert _shown(response) == _expected(register.awards, keep)
    shown_ids = {award.identifier for award in response.context["rows"]}
    assert shown_ids == {a.identifier for a in register.awards if keep(a)}


def test_the_line_filter_keeps_the_awards_of_that_line(client, register):
    line = register.lines["basis-2025"]
    response = client.get(_url(lijn=str(line.pk)))
    assert _shown(response) == _expected(register.awards, lambda a: a.line_id == line.pk)


def test_the_page_lists_organisation_instrument_line_amount_decision_and_date(client, register):
    html = client.get(_url()).content.decode()
    assert "Buurtwerk Rabot" in html
    assert "Subsidie basiswerking" in html and "Projectsubsidie" in html
    assert "€2,500.50" in html
    assert "CBS-" in html
    assert "31 December 2025" in html
    # The latest decision comes first.
    rows = re.findall(r'<td data-amount="([0-9.]+)">', html.split('id="awards"')[1])
    assert rows[0] == "1200.00"
    assert "99999" not in html  # cancelled


def test_the_register_pages_through_many_awards(client, register):
    org = OrganisationFactory()
    for index in range(60):
        make_award(org, register.lines["basis-2025"], "10.00", date(2025, 1, 1 + index % 28))
    first = client.get(_url())
    assert len(first.context["rows"]) == 50
    second = client.get(_url(pagina="2"))
    assert len(second.context["rows"]) == 16
    assert "Page 2 of 2" in second.content.decode()
    assert client.get(_url(pagina="999")).status_code == 200  # the last page
    assert client.get(_url(pagina="abc")).status_code == 200  # the first page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"jaar": "abc"}, "The year must be written with four digits, such as 2025."),
        ({"jaar": "20255"}, "The year must be written with four digits, such as 2025."),
        ({"jaar": "0000"}, "The year must be written with four digits, such as 2025."),
        ({"instrument": "bestaat-niet"}, "There is no funding instrument with this name."),
        ({"lijn": "abc"}, "There is no budget line with this number."),
        ({"lijn": "99999999999999999999"}, "There is no budget line with this number."),
        ({"wijk": "nergens"}, "There is no district (wijk) with this name."),
    ],
)
def test_a_filter_value_that_cannot_be_used_gives_a_clear_message(
    client, register, params, message
):
    response = client.get(_url(**params))
    assert response.status_code == 400
    assert message in response.content.decode()
    # The other filters still work; the bad one is left out.
    assert response.context["totals"].count == len(register.awards)
    for name in ("awards_csv", "awards_json"):
        download = client.get(_url(name, **params))
        assert download.status_code == 400
        assert message in download.content.decode()


def test_odd_search_text_is_harmless(client, register):
    for text in ("\x00", "%", "'; drop table", "x" * 5000, "<script>"):
        response = client.get(_url(zoek=text))
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</script>", 1)[1]


def _csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_download_has_the_360giving_columns_and_the_same_filters(client, register):
    response = client.get(_url("awards_csv", jaar="2025", instrument="basiswerking"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    keep = [
        a
        for a in register.awards
        if a.decided_on.year == 2025 and a.line.budget.instrument.slug == "basiswerking"
    ]
    assert [row["Identifier"] for row in rows] == [
        a.identifier for a in sorted(keep, key=lambda a: (a.decided_on, a.pk), reverse=True)
    ]
    first = rows[0]
    for column in (
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Code",
        "Grant Programme:Title",
    ):
        assert first[column], column
    assert first["Currency"] == "EUR"
    assert first["Amount Awarded"] == "750.25"
    assert first["Recipient Org:Identifier"].startswith("360G-stadgent-vcode-V0001234")
    assert first["Funding Org:Identifier"] == "BE-BCE_KBO-0207451227"
    assert first["Grant Programme:Code"] == "basiswerking"
    assert first["Beneficiary Location:Name"] == "Centrum"
    assert rows[1]["Recipient Org:Identifier"] == "BE-BCE_KBO-0412345678"


def test_the_json_download_is_a_360giving_package_with_the_same_filters(client, register):
    response = client.get(_url("awards_json", wijk="rabot"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(b"".join(response.streaming_content))
    grants = data["grants"]
    assert {g["id"] for g in grants} == {
        a.identifier for a in register.awards if a.organisation.name == "Buurtwerk Rabot"
    }
    grant = grants[0]
    assert grant["currency"] == "EUR"
    assert grant["amountAwarded"] == 2500.5
    assert grant["awardDate"] == "2025-02-01"
    assert grant["recipientOrganization"] == [
        {"id": "BE-BCE_KBO-0412345678", "name": "Buurtwerk Rabot", "companyNumber": "0412345678"}
    ]
    assert grant["fundingOrganization"][0]["name"] == "Stad Gent"
    assert grant["grantProgramme"][0]["code"] == "basiswerking"
    assert grant["beneficiaryLocation"] == [{"name": "Rabot"}]


def test_an_empty_register_downloads_as_an_empty_package(client, db):
    response = client.get(_url("awards_json"))
    assert json.loads(b"".join(response.streaming_content)) == {"grants": []}
    assert "No grant has been awarded yet." in client.get(_url()).content.decode()


def _jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD in the page"
    return json.loads(block.group(1))


def test_the_awards_page_and_an_award_page_carry_json_ld_with_oslo_terms(client, register):
    document = _jsonld(client.get(_url()).content.decode())
    assert "@context" in document
    assert document["@context"]["subsidie"] == "http://data.vlaanderen.be/ns/subsidie#"
    assert len(document["@graph"]) == len(register.awards)
    assert {node["@type"] for node in document["@graph"]} == {
        "subsidie:SubsidiemaatregelConsumptie"
    }

    award = register.awards[1]
    response = client.get(reverse("funding:award", args=[award.identifier]))
    assert response.status_code == 200
    document = _jsonld(response.content.decode())
    assert "@context" in document
    assert document["dct:identifier"] == award.identifier
    assert document["transactie:isInstantieVan"]["@type"] == "subsidie:SubsidiemaatregelAanbod"
    assert document["schema:amount"]["schema:value"]["@value"] == "2500.50"


def test_a_name_that_tries_to_close_the_script_cannot_break_out(client, register):
    org = register.awards[0].organisation
    org.name = "</script><script>alert(1)</script>"
    org.save()
    html = client.get(_url()).content.decode()
    data = _jsonld(html)
    assert "alert(1)" in json.dumps(data)
    assert "<script>alert(1)" not in html


def test_an_award_page_that_does_not_exist_or_is_cancelled_is_a_404(client, register):
    cancelled = Award.objects.get(status=AwardStatus.CANCELLED)
    assert client.get(reverse("funding:award", args=[cancelled.identifier])).status_code == 404
    assert client.get(reverse("funding:award", args=["360G-niets"])).status_code == 404


def test_the_register_is_cached_for_anonymous_visitors_and_renewed_by_a_new_award(client, register):
    assert client.get(_url())["X-Cache"] == "miss"
    assert client.get(_url())["X-Cache"] == "hit"
    make_award(
        register.awards[0].organisation, register.lines["basis-2025"], "5.00", date(2025, 1, 2)
    )
    response = client.get(_url())
    assert response["X-Cache"] == "miss"
    assert response.context["totals"].count == len(register.awards) + 1


# The early cache lookup's version (once the page was cached before) and the view's own,
# the filter lists (4), the two totals, the rows, their districts, the footer.
REGISTER_QUERIES = 11


@pytest.mark.parametrize("how_many", [5, 80])
def test_the_register_keeps_its_query_budget_whatever_the_number_of_awards(
    client, register, django_assert_max_num_queries, how_many
):
    for index in range(how_many):
        org = OrganisationFactory()
        org.districts.add(register.rabot)
        make_award(org, register.lines["project-2025"], "10.00", date(2025, 3, 1 + index % 28))
    with django_assert_max_num_queries(REGISTER_QUERIES):
        assert client.get(_url()).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(REGISTER_QUERIES):
        assert client.get(_url(jaar="2025", wijk="rabot", zoek="Vereniging")).status_code == 200
