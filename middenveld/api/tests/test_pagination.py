"""?limit= and ?offset= on every list; bad values are a 422, never a 500."""

import pytest

from middenveld.api.tests.helpers import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("middenveld.api.tests.urls")]


def test_a_page_has_count_links_and_results(client):
    body = client.get("/test-api/numbers?limit=3&offset=3").json()
    assert body["count"] == 7
    assert [r["n"] for r in body["results"]] == [3, 4, 5]
    assert body["next"] == "http://testserver/test-api/numbers?limit=3&offset=6"
    assert body["previous"] == "http://testserver/test-api/numbers?limit=3&offset=0"


def test_the_links_keep_the_other_query_parameters(client):
    body = client.get("/test-api/numbers?upto=10&limit=4").json()
    assert body["next"] == "http://testserver/test-api/numbers?upto=10&limit=4&offset=4"
    assert body["previous"] is None


def test_the_last_page_has_no_next(client):
    body = client.get("/test-api/numbers?limit=3&offset=6").json()
    assert [r["n"] for r in body["results"]] == [6]
    assert body["next"] is None


def test_an_offset_past_the_end_is_an_empty_page_pointing_back(client):
    body = client.get("/test-api/numbers?limit=3&offset=100").json()
    assert body["results"] == []
    assert body["next"] is None
    assert body["previous"].endswith("offset=4")


def test_the_default_limit_is_50(client):
    body = client.get("/test-api/numbers?upto=60").json()
    assert len(body["results"]) == 50
    assert body["next"].endswith("limit=50&offset=50")


def test_limit_200_is_allowed(client):
    assert len(client.get("/test-api/numbers?upto=250&limit=200").json()["results"]) == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("limit=99999999999999999999999", "limit"),
        ("offset=-1", "offset"),
        ("offset=abc", "offset"),
        ("offset=1000001", "offset"),
        ("offset=99999999999999999999999", "offset"),
    ],
)
def test_bad_limits_and_offsets_are_a_422_naming_the_parameter(client, query, field):
    response = client.get(f"/test-api/numbers?{query}")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["details"]["fields"]) == [field]


def test_real_list_endpoints_check_the_bounds_too(client):
    for url in ("/api/v1/workstreams", "/api/v1/timeline", "/api/v1/documents", "/api/v1/news"):
        assert client.get(f"{url}?limit=1000").status_code == 422
        assert client.get(f"{url}?offset=-5").status_code == 422
