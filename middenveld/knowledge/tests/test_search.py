"""The documented searches of the knowledge base. CI runs this file on SQLite and on
PostgreSQL (GIN index over the stems); both must give exactly these results."""

from __future__ import annotations

import pytest

from middenveld.knowledge.models import ArticleStatus
from middenveld.knowledge.search import document_stems, meaningful_terms, search_terms
from middenveld.knowledge.selectors import article_search, article_suggestions
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

ARTICLES = [
    # slug, Dutch title, Dutch body, English title (or ""), English body
    ("verzekeren", "Moet ik mijn vrijwilligers verzekeren?",
     "Een vzw moet de burgerlijke aansprakelijkheid verzekeren.",
     "Do I have to insure my volunteers?", "A vzw must insure civil liability."),
    ("zaal", "Hoe vind ik een zaal?", "Op de pagina Ruimtes reserveer je een zaal voor vergaderingen.",
     "How do I find a room?", "On the Rooms page you book a room for meetings."),
    ("vzw", "Een vzw oprichten", "Je hebt statuten en twee oprichters nodig.",
     "Setting up a vzw", "You need statutes and two founders."),
    ("privacy", "Privacy voor verenigingen", "Bewaar de ledenlijst veilig. Vraag toestemming voor foto's.",
     "", ""),
    ("cafe", "Een café als ontmoetingsplek", "Het café is een plek waar buren elkaar ontmoeten.",
     "", ""),
]  # fmt: skip

# (language, what a person types, the slugs it must find, in this order)
DOCUMENTED_SEARCHES = [
    ("nl", "verzekering", ["verzekeren"]),  # another word form
    ("nl", "VERZEKERINGEN", ["verzekeren"]),
    ("nl", "vrijwilliger", ["verzekeren"]),
    ("nl", "zalen", ["zaal"]),
    ("nl", "vergadering", ["zaal"]),
    ("nl", "oprichter", ["vzw"]),
    ("nl", "vzw", ["vzw", "verzekeren"]),  # title match first
    ("nl", "ledenlijsten", ["privacy"]),
    ("nl", "cafe", ["cafe"]),
    ("nl", "Café ontmoeting", ["cafe"]),
    ("nl", "zaal vrijwilligers", []),  # every word must match
    ("nl", "zwembad", []),
    ("en", "insurance", ["verzekeren"]),
    ("en", "volunteer", ["verzekeren"]),
    ("en", "rooms", ["zaal"]),
    ("en", "founder", ["vzw"]),
    ("en", "ledenlijst", ["privacy"]),  # no English text: the Dutch one is searched
    ("fr", "oprichters", ["vzw"]),  # French readers see (and search) the Dutch text
    ("tr", "vrijwilligers", ["verzekeren"]),
    ("ar", "zaal", ["zaal"]),
    ("bg", "statuten", ["vzw"]),
    ("nl", "'; DROP TABLE knowledge_article; --", []),
    ("nl", "vzw:* & ! | (", ["vzw", "verzekeren"]),  # operators are not operators
]


@pytest.fixture
def articles(db):
    for slug, title_nl, body_nl, title_en, body_en in ARTICLES:
        ArticleFactory(
            slug=slug,
            title_nl=title_nl,
            body_nl=body_nl,
            summary_nl="",
            title_en=title_en or None,
            body_en=body_en or None,
        )


@pytest.mark.parametrize(("language", "query", "expected"), DOCUMENTED_SEARCHES)
def test_documented_search_gives_the_same_results_in_every_database(
    articles, language, query, expected
):
    assert [a.slug for a in article_search(query, language=language)] == expected


@pytest.mark.parametrize("query", ["", "   ", "de het een", "!!!", "\x00", "😀", "a" * 5000])
def test_a_query_without_searchable_words_lists_featured_then_newest(articles, query):
    ArticleFactory(slug="uitgelicht", featured=True)
    found = [a.slug for a in article_search(query, language="nl")]
    assert found[0] == "uitgelicht"
    assert len(found) == len(ARTICLES) + 1


def test_drafts_are_never_found(articles):
    ArticleFactory(slug="klad", title_nl="Verzekering in klad", status=ArticleStatus.DRAFT)
    assert "klad" not in [a.slug for a in article_search("verzekering", language="nl")]
    assert "klad" not in [a.slug for a in article_search("", language="nl")]


def test_the_category_narrows_the_search(articles):
    category = CategoryFactory(slug="geld")
    ArticleFactory(slug="subsidie", title_nl="Subsidie en verzekering", category=category)
    assert [a.slug for a in article_search("verzekering", language="nl", category="geld")] == [
        "subsidie"
    ]
    assert [a.slug for a in article_search("verzekering", language="nl", category=category)] == [
        "subsidie"
    ]
    assert list(article_search("verzekering", language="nl", category="bestaat-niet")) == []


def test_the_limit_caps_the_results(articles):
    assert len(article_search("", language="nl", limit=2)) == 2


def test_an_unknown_language_searches_as_dutch(articles):
    assert [a.slug for a in article_search("zalen", language="xx")] == ["zaal"]


def test_suggestions_pick_the_meaningful_words_of_a_question(articles):
    question = "Hallo, wij zoeken een zaal voor onze wekelijkse vergadering. Kan dat?"
    assert [a.slug for a in article_suggestions(question, language="nl")] == ["zaal"]


def test_suggestions_rank_the_article_with_most_matching_words_first(articles):
    question = "Moeten wij onze vrijwilligers verzekeren als we een zaal huren?"
    found = [a.slug for a in article_suggestions(question, language="nl")]
    assert found[0] == "verzekeren"
    assert "zaal" in found


@pytest.mark.parametrize("text", ["", "hoe wat waar", "12 34", "?" * 1000, "\x00\x01"])
def test_suggestions_for_text_without_meaning_are_empty(articles, text):
    assert article_suggestions(text, language="nl") == []


def test_suggestions_skip_drafts_and_respect_the_limit(articles):
    ArticleFactory(slug="klad", title_nl="Zaal in klad", status=ArticleStatus.DRAFT)
    for n in range(8):
        ArticleFactory(slug=f"zaal-{n}", title_nl=f"Zaal nummer {n}")
    found = [a.slug for a in article_suggestions("een zaal", language="nl", limit=5)]
    assert len(found) == 5 and "klad" not in found


def test_stems_are_distinct_folded_and_per_language():
    assert document_stems("Verzekering, verzekeringen, VERZEKERING", language="nl") == "verzeker"
    assert search_terms("Insurance", language="en") == ["insur"]
    assert search_terms("the and of", language="en") == []
    # The longest words first: they are usually the most specific.
    assert meaningful_terms("Wij zoeken een zaal in Rabot", language="nl") == [
        "rabot",
        "zoek",
        "zal",
    ]
