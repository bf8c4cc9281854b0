"""The knowledge base's lists keep a constant number of queries as articles are added."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from middenveld.core.cache import _EARLY_PATHS
from middenveld.knowledge.models import Article
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def _grow(n: int) -> None:
    categories = [CategoryFactory(slug=f"onderwerp-{i}") for i in range(3)]
    for i in range(n):
        ArticleFactory(
            title_nl=f"Een zaal huren {i}",
            title_en=f"Renting a room {i}" if i % 2 else None,
            category=categories[i % 3],
        )


def _count(client, url: str) -> int:
    # A full render: no cached page, no early answer from the middleware.
    cache.clear()
    _EARLY_PATHS.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/vragen/faq/",
        "/vragen/faq/?q=zaal+huren",
        "/en/vragen/faq/?q=room&category=onderwerp-1",
        "/fr/vragen/faq/?q=zaal&page=2",
        "/vragen/faq/suggesties/?fragment=1&q=waar+kan+ik+een+zaal+huren",
        "/vragen/faq/suggesties/?q=waar+kan+ik+een+zaal+huren",
        "/api/v1/articles",
        "/api/v1/articles?q=zaal&lang=en",
        "/api/v1/articles?category=onderwerp-2",
    ],
)
def test_the_lists_cost_the_same_queries_for_25_or_60_articles(client, url):
    _grow(25)
    small = _count(client, url)
    _grow(35)
    large = _count(client, url)
    assert large == small
    assert large <= 8


def test_an_article_page_costs_a_few_queries(client):
    _grow(10)
    article = Article.objects.order_by("pk").first()
    assert _count(client, article.get_absolute_url()) <= 6
