"""The knowledge base in the API: search, one article, subjects; drafts only for staff."""

from __future__ import annotations

import pytest

from middenveld.accounts.tokens import api_token_create
from middenveld.knowledge.models import ArticleStatus
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(db):
    category = CategoryFactory(slug="vrijwilligers", name_nl="Vrijwilligers", name_en="Volunteers")
    insurance = ArticleFactory(
        slug="vrijwilligers-verzekeren",
        title_nl="Vrijwilligers verzekeren",
        body_nl="Een vzw verzekert haar vrijwilligers.",
        title_en="Insuring volunteers",
        summary_en="Why and how.",
        body_en="A vzw insures its volunteers.",
        category=category,
    )
    room = ArticleFactory(slug="zaal", title_nl="Een zaal vinden", body_nl="Kijk bij Ruimtes.")
    draft = ArticleFactory(slug="klad", title_nl="Klad over vrijwilligers", status="draft")
    return insurance, room, draft


def test_the_list_searches_published_articles_in_the_request_language(client, articles):
    body = client.get("/api/v1/articles", {"q": "insurance", "lang": "en"}).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["slug"] == "vrijwilligers-verzekeren"
    assert item["title"] == "Insuring volunteers"
    assert item["language"] == "en" and item["untranslated"] is False
    assert item["category"]["name"] == "Volunteers"
    assert item["url"] == "http://testserver/en/vragen/faq/vrijwilligers-verzekeren/"


def test_the_list_without_query_has_every_published_article_and_no_draft(client, articles):
    body = client.get("/api/v1/articles").json()
    assert {a["slug"] for a in body["results"]} == {"vrijwilligers-verzekeren", "zaal"}


def test_the_list_filters_on_a_category_and_refuses_an_unknown_one(client, articles):
    body = client.get("/api/v1/articles", {"category": "vrijwilligers"}).json()
    assert [a["slug"] for a in body["results"]] == ["vrijwilligers-verzekeren"]
    response = client.get("/api/v1/articles", {"category": "bestaat-niet"})
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"]["category"]


def test_an_untranslated_article_says_so(client, articles):
    body = client.get("/api/v1/articles", {"q": "zaal", "lang": "fr"}).json()
    assert body["results"][0]["untranslated"] is True
    assert body["results"][0]["title"] == "Een zaal vinden"


@pytest.mark.parametrize(
    "params", [{"q": "x" * 201}, {"limit": "0"}, {"limit": "abc"}, {"offset": "-1"}]
)
def test_bad_list_parameters_are_a_422_in_the_error_shape(client, articles, params):
    response = client.get("/api/v1/articles", params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("q", ["\x00", "'; DROP TABLE x; --", "vzw:* & !", "😀"])
def test_junk_queries_answer_normally(client, articles, q):
    assert client.get("/api/v1/articles", {"q": q}).status_code == 200


def test_one_article_with_its_text(client, articles):
    body = client.get("/api/v1/articles/vrijwilligers-verzekeren", {"lang": "en"}).json()
    assert body["body"] == "A vzw insures its volunteers."
    assert body["status"] == "published"
    assert body["untranslated"] is False


def test_a_draft_is_a_404_for_visitors_and_citizens_but_not_for_staff(
    client, articles, citizen, staff
):
    assert client.get("/api/v1/articles/klad").status_code == 404
    token = api_token_create(user=citizen, name="test")[1]
    response = client.get("/api/v1/articles/klad", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    token = api_token_create(user=staff, name="test")[1]
    response = client.get("/api/v1/articles/klad", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["status"] == ArticleStatus.DRAFT


def test_an_unknown_article_is_a_404(client, articles):
    assert client.get("/api/v1/articles/bestaat-niet").status_code == 404


def test_the_subjects(client, articles):
    body = client.get("/api/v1/article-categories", {"lang": "en"}).json()
    assert [c["name"] for c in body] == ["Volunteers"]
