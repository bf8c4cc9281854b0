"""Writing articles: create (a draft in any language), update, publish, unpublish, and
the refusals that change nothing."""

from __future__ import annotations

import pytest

from middenveld.core.errors import Forbidden, Invalid
from middenveld.knowledge import services
from middenveld.knowledge.models import Article, ArticleSearch, ArticleStatus
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_staff_turn_an_answer_into_a_dutch_draft_with_search_rows_in_every_language(staff):
    category = CategoryFactory()
    article = services.article_create(
        by=staff,
        title="  Een zaal huren  ",
        body="Kijk op de pagina Ruimtes.\r\n\r\nVraag op tijd aan.",
        summary="Zo huur je een zaal.",
        category=category,
    )
    assert article.status == ArticleStatus.DRAFT
    assert article.title_nl == "Een zaal huren"
    assert article.body_nl == "Kijk op de pagina Ruimtes.\n\nVraag op tijd aan."
    assert article.slug == "een-zaal-huren"
    assert article.created_by == staff
    assert article.category == category
    assert article.published_at is None
    assert ArticleSearch.objects.filter(article=article).count() == 6


def test_an_answer_in_english_becomes_an_english_draft(staff):
    article = services.article_create(
        by=staff, title="Renting a room", body="Look at the Rooms page.", language="en"
    )
    assert article.title_en == "Renting a room"
    assert not article.title_nl
    assert article.slug == "renting-a-room"


def test_the_same_title_twice_gets_a_second_address(staff):
    first = services.article_create(by=staff, title="Een vzw oprichten", body="Tekst.")
    second = services.article_create(by=staff, title="Een vzw oprichten", body="Tekst.")
    assert (first.slug, second.slug) == ("een-vzw-oprichten", "een-vzw-oprichten-2")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "   ", "body": "Tekst."}, "title", "Fill in a title"),
        ({"title": "Titel", "body": " \n "}, "body", "Write the text of the article"),
        ({"title": "T" * 201, "body": "Tekst."}, "title", "at most 200 characters; it has 201"),
        ({"title": "Titel", "body": "x" * 100_000}, "body", "at most 20000 characters"),
        ({"title": "Titel", "body": "Tekst.", "summary": "s" * 301}, "summary", "at most 300"),
        ({"title": "Titel", "body": "Tekst.", "language": "xx"}, "language", "not one of"),
        ({"title": "Titel", "body": "Tekst.", "category": "starten"}, "category", "Choose one"),
        ({"title": ["a"], "body": "Tekst."}, "title", "must be text"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_creates_nothing(
    staff, fields, field, message
):
    with pytest.raises(Invalid) as refused:
        services.article_create(by=staff, **fields)
    assert message in str(refused.value.details["fields"][field][0])
    assert Article.objects.count() == 0


def test_control_and_invisible_characters_are_removed_from_the_texts(staff):
    article = services.article_create(by=staff, title="Zaal\x00 \u202ehuren", body="A\x07B")
    assert article.title_nl == "Zaal huren"
    assert article.body_nl == "AB"


@pytest.mark.parametrize("who", ["citizen", "anonymous"])
def test_only_city_staff_write_articles(who, citizen):
    from django.contrib.auth.models import AnonymousUser

    user = citizen if who == "citizen" else AnonymousUser()
    with pytest.raises(Forbidden):
        services.article_create(by=user, title="Titel", body="Tekst.")
    article = ArticleFactory(status=ArticleStatus.DRAFT, published_at=None)
    with pytest.raises(Forbidden):
        services.article_publish(article=article, by=user)
    with pytest.raises(Forbidden):
        services.article_update(article=article, by=user, title="Anders")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.title_nl != "Anders"


def test_publishing_sets_the_date_once_and_unpublishing_keeps_it(staff):
    article = services.article_create(by=staff, title="Titel", body="Tekst.")
    services.article_publish(article=article, by=staff)
    first = article.published_at
    assert article.status == ArticleStatus.PUBLISHED and first is not None
    services.article_unpublish(article=article, by=staff)
    assert article.status == ArticleStatus.DRAFT
    services.article_publish(article=article, by=staff)
    assert article.published_at == first


def test_an_article_without_dutch_text_cannot_be_published(staff):
    article = services.article_create(by=staff, title="Title", body="Text.", language="en")
    with pytest.raises(Invalid, match="Dutch title and text"):
        services.article_publish(article=article, by=staff)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    services.article_update(article=article, by=staff, title="Titel", body="Tekst.")
    services.article_publish(article=article, by=staff)
    assert article.status == ArticleStatus.PUBLISHED


def test_a_translation_is_added_and_found_in_that_language(staff):
    article = ArticleFactory(title_nl="Vrijwilligers verzekeren", body_nl="Tekst.")
    services.article_update(
        article=article, by=staff, language="en", title="Insuring volunteers", body="Text."
    )
    row = ArticleSearch.objects.get(article=article, language="en")
    assert "insur" in row.title_stems.split()
    assert "vrijwillig" in ArticleSearch.objects.get(article=article, language="fr").stems


def test_the_dutch_text_of_a_published_article_cannot_be_emptied(staff):
    article = ArticleFactory(title_nl="Titel")
    with pytest.raises(Invalid, match="Fill in a title"):
        services.article_update(article=article, by=staff, title=" ")
    article.refresh_from_db()
    assert article.title_nl == "Titel"


def test_a_translation_can_be_emptied_again(staff):
    article = ArticleFactory(title_nl="Titel", title_en="Title")
    services.article_update(article=article, by=staff, language="en", title="")
    article.refresh_from_db()
    assert not article.title_en


def test_category_and_featured_change(staff):
    article = ArticleFactory()
    category = CategoryFactory()
    services.article_update(article=article, by=staff, category=category, featured=True)
    article.refresh_from_db()
    assert article.category == category and article.featured
    services.article_update(article=article, by=staff, category=None)
    article.refresh_from_db()
    assert article.category is None
