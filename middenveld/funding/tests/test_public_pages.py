"""The public funding pages: the home, an instrument with its regulation and versions, the
rules as a file, a call; unpublished things stay hidden; the addresses other funding
modules use are not taken by the instrument page."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import yaml
from django.core.cache import cache
from django.urls import resolve, reverse
from django.utils import timezone

from middenveld.funding.regulation import rules_load
from middenveld.funding.tests.factories import (
    RULES,
    BudgetLineFactory,
    CallFactory,
    InstrumentFactory,
    RegulationVersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


def _url(name: str, *args) -> str:
    # English is active (conftest): /en/… addresses with English texts.
    return reverse(f"funding:{name}", args=args)


def _html(response) -> str:
    return response.content.decode()


def _second_version(funding, **changes):
    rules = {**RULES, **changes}
    return RegulationVersionFactory(
        regulation=funding.version.regulation,
        number=2,
        valid_from=timezone.localdate() - timedelta(days=1),
        rules=rules,
        note="Kortere termijn voor aanvragen.",
    )


def test_the_home_shows_instruments_rules_open_calls_and_the_self_check(client, funding):
    response = client.get(_url("home"))
    html = _html(response)
    assert response.status_code == 200
    assert funding.instrument.name in html
    # The rules in plain words (regulation.describe), in English on /en/.
    assert "Send your request at least 6 weeks before the activity starts." in html
    assert "Catering: at most 15% of the total budget of the activity." in html
    assert funding.call.title in html
    # The only regulation: its self-check form is on the home page, a GET form.
    assert 'action="/en/subsidies/zelftest/"' in html
    assert 'name="category"' in html and 'method="get"' in html
    assert _url("awards") in html


def test_a_call_that_is_not_open_yet_or_closed_is_not_among_the_open_calls(client, funding):
    now = timezone.now()
    later = CallFactory(
        line=funding.line,
        title="Oproep van volgend jaar",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=30),
    )
    closed = CallFactory(
        line=funding.line,
        title="Oproep van vorig jaar",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(seconds=1),
    )
    html = _html(client.get(_url("home")))
    assert funding.call.title in html
    assert later.title not in html
    assert closed.title not in html


def test_unpublished_instruments_and_calls_are_not_shown(client, funding):
    hidden = InstrumentFactory(name="Geheime regeling", published=False)
    hidden_line = BudgetLineFactory(budget__instrument=hidden)
    hidden_call = CallFactory(line=hidden_line, title="Oproep van een verborgen regeling")
    unpublished_call = CallFactory(
        line=funding.line, title="Nog niet gepubliceerd", published=False
    )

    html = _html(client.get(_url("home")))
    assert "Geheime regeling" not in html
    assert hidden_call.title not in html
    assert unpublished_call.title not in html
    assert client.get(_url("instrument", hidden.slug)).status_code == 404
    assert client.get(_url("regulation_yaml", hidden.slug)).status_code == 404
    assert client.get(_url("call", hidden_call.slug)).status_code == 404
    assert client.get(_url("call", unpublished_call.slug)).status_code == 404
    assert client.get(_url("instrument", "bestaat-niet")).status_code == 404


def test_the_instrument_page_shows_every_version_with_what_changed(client, funding):
    _second_version(funding, lead_time_days=21)
    response = client.get(_url("instrument", funding.instrument.slug))
    html = _html(response)
    assert response.status_code == 200
    # Version 2 is in force: its rules are described.
    assert "Send your request at least 3 weeks before the activity starts." in html
    assert "6 weeks before" not in html
    assert "Kortere termijn voor aanvragen." in html
    assert "Changed: how long before the activity a request must come in" in html
    assert "First version" in html
    assert f"{_url('regulation_yaml', funding.instrument.slug)}?versie=1" in html


def test_a_version_that_starts_later_is_shown_but_not_yet_in_force(client, funding):
    RegulationVersionFactory(
        regulation=funding.version.regulation,
        number=2,
        valid_from=timezone.localdate() + timedelta(days=30),
        rules={**RULES, "lead_time_days": 7},
    )
    html = _html(client.get(_url("instrument", funding.instrument.slug)))
    assert "not yet in force" in html
    assert "Send your request at least 6 weeks before the activity starts." in html


def test_the_rules_download_as_yaml_and_json_that_read_back_the_same(client, funding):
    _second_version(funding, lead_time_days=21)
    expected = rules_load(json.dumps(RULES), format="json")

    response = client.get(_url("regulation_yaml", funding.instrument.slug) + "?versie=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert 'filename="basiswerking-versie-1.yaml"' in response["Content-Disposition"]
    assert rules_load(response.content.decode(), format="yaml") == expected
    assert yaml.safe_load(response.content)["lead_time_days"] == 42

    response = client.get(_url("regulation_json", funding.instrument.slug))
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["lead_time_days"] == 21  # the version in force


@pytest.mark.parametrize("versie", ["abc", "99", "-1", "1" * 40])
def test_a_version_that_does_not_exist_is_a_404_not_an_error(client, funding, versie):
    response = client.get(_url("regulation_json", funding.instrument.slug), {"versie": versie})
    assert response.status_code == 404


def test_the_call_page_shows_period_line_amounts_questions_and_the_way_to_apply(client, funding):
    response = client.get(_url("call", funding.call.slug))
    html = _html(response)
    assert response.status_code == 200
    assert "This call is open." in html
    assert funding.line.name in html
    assert "(Brussels time)" in html
    local_close = timezone.localtime(funding.call.closes_at)
    assert f"{local_close:%H:%M}" in html  # shown on the Brussels clock
    assert "Small request" in html and "at most €2,500.00" in html
    assert "What do you want to do?" in html and "How many participants?" in html
    apply_url = f"/en/subsidies/oproepen/{funding.call.slug}/aanvragen/"
    assert f'href="{apply_url}"' in html


def test_a_closed_call_has_no_apply_button(client, funding):
    funding.call.opens_at = timezone.now() - timedelta(days=40)
    funding.call.closes_at = timezone.now() - timedelta(days=1)
    funding.call.save()
    html = _html(client.get(_url("call", funding.call.slug)))
    assert "This call is closed." in html
    assert ">Apply<" not in html


def test_the_other_funding_addresses_are_not_taken_by_the_instrument_page():
    from django.urls import Resolver404

    from middenveld.funding.urls_public import _reserved

    assert resolve("/en/subsidies/zelftest/").url_name == "check"
    assert resolve("/en/subsidies/toekenningen/").url_name == "awards"
    assert resolve("/en/subsidies/toekenningen.csv").url_name == "awards_csv"
    assert resolve("/en/subsidies/basiswerking/").url_name == "instrument"
    for segment in _reserved():
        try:
            match = resolve(f"/en/subsidies/{segment}/")
        except Resolver404:
            continue  # that module has no page at exactly this address
        assert match.url_name != "instrument", segment


def test_anonymous_pages_are_cached_and_signed_in_pages_are_not(client, funding):
    url = _url("instrument", funding.instrument.slug)
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    # A change to the instrument is visible at once.
    funding.instrument.name = "Nieuwe naam"
    funding.instrument.save()
    assert "Nieuwe naam" in _html(client.get(url))
    client.force_login(funding.member)
    response = client.get(url)
    assert "X-Cache" not in response
    assert "no-cache" in response.get("Cache-Control", "")


def test_the_public_pages_keep_a_small_query_budget(client, funding, django_assert_max_num_queries):
    for index in range(15):
        CallFactory(line=funding.line, title=f"Oproep {index}")
    for name, args in (("home", ()), ("instrument", (funding.instrument.slug,))):
        cache.clear()
        with django_assert_max_num_queries(16):
            assert client.get(_url(name, *args)).status_code == 200
