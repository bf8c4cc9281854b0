"""Odd addresses and values never give a 500."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        f"/inspraak/{{slug}}/voorstellen/{HUGE}/",
        f"/inspraak/reacties/{HUGE}/melden/",
        "/inspraak/{slug}/?pagina=abc",
        f"/inspraak/{{slug}}/?antwoord={HUGE}",
        "/inspraak/?pagina=-1",
        f"/api/v1/proposals/{HUGE}",
        f"/api/v1/processes/{{slug}}/comments?proposal={HUGE}",
        "/api/v1/processes/{slug}/comments?proposal=abc",
        "/api/v1/processes?limit=0",
    ],
)
def test_odd_addresses_are_answered_without_an_error(client, process, path):
    client.force_login(UserFactory())
    response = client.get(path.format(slug=process.slug))
    assert response.status_code in (200, 404, 422), (path, response.status_code)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/processes/{slug}/comments", {"text": "x", "parent_id": int(HUGE)}),
        ("/api/v1/processes/{slug}/comments", {"text": "x", "proposal_id": int(HUGE)}),
        ("/api/v1/processes/{slug}/comments", {"text": "x", "organisation_id": int(HUGE)}),
        ("/api/v1/processes/{slug}/comments", {"text": "\x00nul"}),
        (
            "/api/v1/processes/{slug}/proposals",
            {"title": "x", "text": "y", "organisation_id": int(HUGE)},
        ),
        (f"/api/v1/comments/{HUGE}/report", {}),
        (f"/api/v1/comments/{HUGE}/hide", {"reason": "x"}),
    ],
)
def test_odd_api_bodies_are_refused_clearly(client, process, url, body):
    client.force_login(StaffFactory())
    response = client.post(url.format(slug=process.slug), body, content_type="application/json")
    assert response.status_code in (201, 403, 404, 422), (
        url,
        response.status_code,
        response.content,
    )


@pytest.mark.parametrize(
    "data",
    [
        {"text": "x", "parent": HUGE},
        {"text": "x", "organisation": HUGE},
        {"text": "\x00"},
        {"text": ["a", "b"]},
    ],
)
def test_odd_form_posts_are_refused_clearly(client, process, data):
    client.force_login(UserFactory())
    response = client.post(f"/inspraak/{process.slug}/", data)
    assert response.status_code in (302, 422), response.status_code


def test_odd_staff_pages_are_not_found(client):
    client.force_login(StaffFactory())
    for path in (
        f"/beheer/participation/comment/{HUGE}/modereren/",
        f"/beheer/participation/proposal/{HUGE}/beslissen/",
        f"/beheer/participation/comment/{HUGE}/change/",
    ):
        assert client.get(path).status_code in (302, 404), path
