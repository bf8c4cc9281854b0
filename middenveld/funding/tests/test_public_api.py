"""The public funding API: regulations (with versions), calls (open and past), awards in the
360Giving shape with the page's filters; unpublished things are a 404; bad filters a 422."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from middenveld.funding.tests.factories import (
    RULES,
    BudgetLineFactory,
    CallFactory,
    InstrumentFactory,
    RegulationVersionFactory,
)
from middenveld.funding.tests.test_public_awards import make_award
from middenveld.organisations.tests.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/funding"


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


def test_regulations_lists_published_instruments_with_the_rules_in_force(client, funding):
    InstrumentFactory(name="Verborgen", published=False)
    response = client.get(f"{API}/regulations?lang=en")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["slug"] == "basiswerking"
    assert item["current"]["number"] == 1
    assert item["current"]["rules"]["lead_time_days"] == 42
    assert item["current"]["rules"]["rounds"] is None  # the normal form has every rule
    assert any("6 weeks" in sentence for sentence in item["current"]["described"])


def test_one_regulation_has_every_version_and_any_version_on_request(client, funding):
    RegulationVersionFactory(
        regulation=funding.version.regulation,
        number=2,
        valid_from=timezone.localdate(),
        rules={**RULES, "max_grants_per_year": 1},
        note="Eén toekenning per jaar.",
    )
    body = client.get(f"{API}/regulations/basiswerking?lang=en").json()
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][0]["changed"] == ["grants per calendar year"]
    assert body["versions"][0]["note"] == "Eén toekenning per jaar."
    assert body["current"]["rules"]["max_grants_per_year"] == 1
    older = client.get(f"{API}/regulations/basiswerking", {"version": 1}).json()
    assert older["version"]["rules"]["max_grants_per_year"] == 2
    assert older["current"]["number"] == 2


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/regulations/bestaat-niet", 404),
        ("/regulations/basiswerking?version=9", 404),
        ("/regulations/basiswerking?version=abc", 422),
        ("/calls/bestaat-niet", 404),
    ],
)
def test_what_does_not_exist_is_an_error_in_the_api_shape(client, funding, path, status):
    response = client.get(f"{API}{path}")
    assert response.status_code == status
    assert "error" in response.json()


def test_calls_open_and_past_with_the_open_filter(client, funding):
    now = timezone.now()
    past = CallFactory(
        line=funding.line, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30)
    )
    hidden = CallFactory(line=funding.line, published=False)
    hidden_instrument = InstrumentFactory(published=False)
    CallFactory(line=BudgetLineFactory(budget__instrument=hidden_instrument))

    every = client.get(f"{API}/calls").json()
    assert {c["slug"] for c in every["results"]} == {funding.call.slug, past.slug}
    open_now = client.get(f"{API}/calls", {"open": "true"}).json()
    assert [c["slug"] for c in open_now["results"]] == [funding.call.slug]
    assert open_now["results"][0]["is_open"] is True
    closed = client.get(f"{API}/calls", {"open": "false"}).json()
    assert [c["slug"] for c in closed["results"]] == [past.slug]
    assert client.get(f"{API}/calls/{hidden.slug}").status_code == 404


def test_one_call_has_its_questions_in_the_callers_language(client, funding):
    body = client.get(f"{API}/calls/{funding.call.slug}", headers={"Accept-Language": "en"}).json()
    assert body["instrument"] == "basiswerking"
    assert body["line"]["name"] == funding.line.name
    assert body["regulation_version"] == 1
    assert [q["key"] for q in body["questions"]] == ["doel", "deelnemers", "begroting", "bijlage"]
    assert body["questions"][0]["label"] == "What do you want to do?"
    cache.clear()
    dutch = client.get(f"{API}/calls/{funding.call.slug}", headers={"Accept-Language": "nl"})
    assert dutch.json()["questions"][0]["label"] == "Wat wil je doen?"


def test_awards_in_the_360giving_shape_with_the_page_filters(client, funding):
    rabot = DistrictFactory(slug="rabot", name="Rabot")
    inside = OrganisationFactory(name="Rabotvereniging", kbo_number="0499999999")
    inside.districts.add(rabot)
    outside = OrganisationFactory(name="Andere")
    mine = make_award(inside, funding.line, "500.00", date(2025, 4, 1))
    make_award(outside, funding.line, "600.00", date(2025, 4, 2))
    make_award(inside, funding.line, "700.00", date(2024, 4, 2))

    body = client.get(f"{API}/awards", {"year": "2025", "wijk": "rabot"}).json()
    assert body["count"] == 1
    grant = body["results"][0]
    assert grant["id"] == mine.identifier
    assert grant["amountAwarded"] == 500.0
    assert grant["recipientOrganization"][0]["id"] == "BE-BCE_KBO-0499999999"
    assert grant["grantProgramme"][0]["code"] == "basiswerking"
    assert grant["beneficiaryLocation"] == [{"name": "Rabot"}]
    assert client.get(f"{API}/awards", {"q": "andere"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"instrument": "nope"}, "instrument"),
        ({"line": "x"}, "line"),
        ({"wijk": "nergens"}, "wijk"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_a_bad_award_filter_is_a_422_naming_the_field(client, funding, params, field):
    response = client.get(f"{API}/awards", params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert field in str(error)


@pytest.mark.parametrize("how_many", [3, 60])
def test_the_public_lists_keep_a_constant_query_budget(
    client, funding, django_assert_max_num_queries, how_many
):
    org = OrganisationFactory()
    org.districts.add(DistrictFactory(slug="rabot"))
    for index in range(how_many):
        make_award(org, funding.line, "1.00", date(2025, 1, 1 + index % 28))
        CallFactory(line=funding.line)
    for path in ("/awards", "/calls", "/regulations"):
        cache.clear()
        with django_assert_max_num_queries(8):
            assert client.get(f"{API}{path}").status_code == 200
