"""The demo knowledge base (seed.py): real articles in Dutch and English, the volume per
scale step, search rows for every article and language, and idempotence."""

from __future__ import annotations

import pytest

from middenveld.accounts.seed import seed_accounts
from middenveld.core.seeding import SeedContext
from middenveld.knowledge import seed
from middenveld.knowledge.models import Article, ArticleSearch, ArticleStatus, Category
from middenveld.knowledge.seed_articles import ARTICLES, CATEGORIES
from middenveld.knowledge.selectors import article_search

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Article.objects.count(), ArticleSearch.objects.count(), Category.objects.count()


@pytest.fixture
def seeded(db):
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed_accounts(ctx)
    seed.seed_knowledge(ctx)
    return ctx


def test_scale_one_makes_200_published_articles_with_search_rows_in_six_languages(seeded):
    assert _counts() == (seed.PER_SCALE, seed.PER_SCALE * 6, len(CATEGORIES))
    assert not Article.objects.exclude(status=ArticleStatus.PUBLISHED).exists()
    assert not Article.objects.filter(category__isnull=True).exists()


def test_the_real_articles_are_in_dutch_and_english(seeded):
    for values in ARTICLES:
        article = Article.objects.get(slug=values["slug"])
        for field in Article.TRANSLATED:
            assert getattr(article, f"{field}_nl") and getattr(article, f"{field}_en")
    assert Article.objects.filter(featured=True).count() >= 4


def test_seeding_twice_creates_nothing_new(seeded):
    before = _counts()
    seed.seed_knowledge(SeedContext(scale=1, write=lambda text: None))
    assert _counts() == before


def test_a_larger_scale_keeps_the_first_articles_and_adds_the_rest(seeded):
    first = set(Article.objects.values_list("slug", flat=True))
    seed.seed_knowledge(SeedContext(scale=2, write=lambda text: None))
    assert Article.objects.count() == 2 * seed.PER_SCALE
    assert first <= set(Article.objects.values_list("slug", flat=True))


def test_generated_articles_have_different_titles():
    titles = [seed._generated(n)["title_nl"] for n in range(1, 2001)]
    assert len(set(titles)) == len(titles)


def test_the_seeded_knowledge_base_answers_real_questions(seeded):
    assert article_search("verzekering vrijwilligers", language="nl")[0].slug == (
        "vrijwilligers-verzekeren"
    )
    assert article_search("vzw oprichten", language="nl")[0].slug == "een-vzw-oprichten"
    assert article_search("insurance volunteers", language="en").exists()
