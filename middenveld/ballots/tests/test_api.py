from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.ballots import services
from middenveld.ballots.models import Ballot, Cast
from middenveld.ballots.tests.factories import ballot_with_options

pytestmark = pytest.mark.django_db

API = "/api/v1"
COSTS = {"a": 40_000, "b": 30_000, "c": 50_000, "d": 20_000}


def _bearer(user) -> dict[str, str]:
    _token, plain = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _put(client, slug, body, user):
    return client.put(
        f"{API}/ballots/{slug}/cast", body, content_type="application/json", **_bearer(user)
    )


def test_the_list_shows_published_ballots_with_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        ballot_with_options()
    ballot_with_options(published=False)
    with django_assert_max_num_queries(4):
        response = client.get(f"{API}/ballots")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    for _ in range(10):
        ballot_with_options(closed=True)
    with django_assert_max_num_queries(4):
        assert client.get(f"{API}/ballots").json()["count"] == 13


def test_one_ballot_lists_its_options_with_codes_and_costs(client):
    ballot = ballot_with_options(method="budget", budget=100_000, costs=COSTS)
    data = client.get(f"{API}/ballots/{ballot.slug}").json()
    assert data["method"] == "budget"
    assert data["state"] == "open"
    assert data["budget"] == "100000.00"
    assert [(o["code"], o["cost"]) for o in data["options"]][:2] == [
        ("a", "40000.00"),
        ("b", "30000.00"),
    ]


def test_casting_through_the_api_then_changing_then_the_same_again(client, org_a):
    ballot = ballot_with_options()
    body = {"organisation": org_a.organisation.slug, "choices": ["a"]}
    first = _put(client, ballot.slug, body, org_a.admin)
    assert first.status_code == 200, first.json()
    assert first.json()["status"] == "cast"
    assert first.json()["organisation"] == org_a.organisation.slug
    changed = _put(client, ballot.slug, {**body, "choices": ["b", "a"]}, org_a.admin)
    assert changed.json()["status"] == "changed"
    assert changed.json()["vote"] == {"choices": ["a", "b"]}
    again = _put(client, ballot.slug, {**body, "choices": ["a", "b"]}, org_a.admin)
    assert again.json()["status"] == "unchanged"
    assert Cast.objects.count() == 1
    mine = client.get(
        f"{API}/ballots/{ballot.slug}/my-vote?organisation={org_a.organisation.slug}",
        **_bearer(org_a.admin),
    )
    assert mine.json()["vote"] == {"choices": ["a", "b"]}


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"choices": ["a", "b", "c"]}, 422, "allows at most 2"),
        ({"choices": ["a", "a"]}, 422, "twice"),
        ({"choices": ["nope"]}, 422, "not on this ballot"),
        ({"choices": "a"}, 422, "as a list"),
        ({"choices": [{"x": 1}]}, 422, "is not on this ballot"),
        ({"ranking": ["a"]}, 422, "“choices”"),
        ({"choices": ["a"], "ranking": ["a"]}, 422, "only"),
        ({}, 422, "“choices”"),
    ],
)
def test_bad_votes_get_a_clear_message(client, org_a, body, status, words):
    ballot = ballot_with_options()
    response = _put(
        client, ballot.slug, {"organisation": org_a.organisation.slug, **body}, org_a.admin
    )
    assert response.status_code == status
    assert words in response.json()["error"]["message"]
    assert not Cast.objects.exists()


def test_forged_organisations_are_refused_clearly(client, org_a, org_b):
    ballot = ballot_with_options()
    unknown = _put(
        client, ballot.slug, {"organisation": "bestaat-niet", "choices": ["a"]}, org_a.admin
    )
    assert unknown.status_code == 422
    assert "no organisation with this address" in unknown.json()["error"]["message"]
    other = _put(
        client,
        ballot.slug,
        {"organisation": org_b.organisation.slug, "choices": ["a"]},
        org_a.admin,
    )
    assert other.status_code == 403
    assert "member of" in other.json()["error"]["message"]
    missing = _put(client, ballot.slug, {"choices": ["a"]}, org_a.admin)
    assert missing.status_code == 422
    assert "Choose the organisation" in missing.json()["error"]["message"]
    assert not Cast.objects.exists()


def test_casting_needs_credentials(client):
    ballot = ballot_with_options(electorate="residents")
    response = client.put(
        f"{API}/ballots/{ballot.slug}/cast", {"choices": ["a"]}, content_type="application/json"
    )
    assert response.status_code == 401


def test_casting_outside_the_opening_hours_is_a_conflict(client):
    person = UserFactory()
    early = ballot_with_options(electorate="residents", upcoming=True)
    late = ballot_with_options(electorate="residents", closed=True)
    first = _put(client, early.slug, {"choices": ["a"]}, person)
    assert first.status_code == 409
    assert first.json()["error"]["code"] == "ballot_not_open"
    second = _put(client, late.slug, {"choices": ["a"]}, person)
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "ballot_closed"


def test_an_unknown_or_unpublished_ballot_is_not_found(client):
    hidden = ballot_with_options(published=False)
    assert client.get(f"{API}/ballots/{hidden.slug}").status_code == 404
    assert client.get(f"{API}/ballots/bestaat-niet").status_code == 404
    response = _put(client, hidden.slug, {"choices": ["a"]}, UserFactory())
    assert response.status_code == 404


def test_results_and_export_are_refused_before_the_close_for_staff_too(client, org_a):
    ballot = ballot_with_options()
    services.cast_ballot(
        ballot=ballot, by=org_a.admin, organisation=org_a.organisation, content={"choices": ["a"]}
    )
    staff = _bearer(StaffFactory())
    for path in ("results", "export.pb"):
        response = client.get(f"{API}/ballots/{ballot.slug}/{path}", **staff)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "results_hidden"
        assert "city staff included" in response.json()["error"]["message"]


def test_after_the_close_results_and_export_are_open_to_all(client):
    ballot = ballot_with_options(
        method="budget", budget=100_000, costs=COSTS, electorate="residents"
    )
    for choice in (["a", "b"], ["c"], ["a", "d"]):
        services.cast_ballot(ballot=ballot, by=UserFactory(), content={"choices": choice})
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    response = client.get(f"{API}/ballots/{ballot.slug}/results?lang=en")
    assert response.status_code == 200
    data = response.json()
    assert data["result"]["rule"] == "equal-shares-completion"
    assert data["result"]["comparison"]["rule"] == "greedy"
    assert len(data["inputs_hash"]) == 64
    assert data["explained"]["summary"].startswith("3 voters")
    export = client.get(f"{API}/ballots/{ballot.slug}/export.pb")
    assert export.status_code == 200
    assert export.content.decode().startswith("META\n")
