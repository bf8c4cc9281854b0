"""The knowledge base in /beheer/: writing in every language, publish and unpublish
actions, missing-translation warnings, search rows kept up to date."""

from __future__ import annotations

import pytest

from middenveld.knowledge.models import Article, ArticleSearch, ArticleStatus
from middenveld.knowledge.selectors import article_search
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

ADD = "/en/beheer/knowledge/article/add/"  # English pages: the tests read messages
LIST = "/en/beheer/knowledge/article/"


def _form(**values):
    data = {"title_nl": "Een zaal huren", "body_nl": "Kijk bij Ruimtes.", "slug": "een-zaal-huren"}
    data.update(values)
    return data


def test_staff_write_a_draft_in_dutch_and_english_and_it_becomes_searchable(client, staff):
    client.force_login(staff)
    response = client.post(ADD, _form(title_en="Renting a room", body_en="See Rooms."))
    assert response.status_code == 302
    article = Article.objects.get(slug="een-zaal-huren")
    assert article.status == ArticleStatus.DRAFT
    assert article.created_by == staff
    assert ArticleSearch.objects.filter(article=article).count() == 6
    client.post(LIST, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert [a.slug for a in article_search("room", language="en")] == ["een-zaal-huren"]


def test_the_dutch_title_and_text_are_required(client, staff):
    client.force_login(staff)
    response = client.post(ADD, _form(title_nl="", body_nl=" "))
    assert response.status_code == 200
    assert "Dutch text" in response.content.decode()
    assert not Article.objects.exists()


def test_a_text_that_is_too_long_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(ADD, _form(body_nl="x" * 100_000))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_invisible_characters_are_removed_and_nul_is_refused(client, staff):
    client.force_login(staff)
    client.post(ADD, _form(title_nl="Een \u202ezaal\u200b"))
    assert Article.objects.get().title_nl == "Een zaal"
    response = client.post(ADD, _form(title_nl="Nul\x00", slug="nul"))
    assert response.status_code == 200
    assert not Article.objects.filter(slug="nul").exists()


def test_publishing_without_dutch_text_says_why_and_changes_nothing(client, staff):
    article = ArticleFactory(
        title_nl=None, body_nl=None, title_en="Title", body_en="Text", status="draft"
    )
    client.force_login(staff)
    response = client.post(
        LIST, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert "Dutch title and text" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_unpublish_takes_an_article_offline(client, staff):
    article = ArticleFactory()
    client.force_login(staff)
    client.post(LIST, {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 200  # staff still see it
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_list_and_the_form_show_missing_translations(client, staff):
    article = ArticleFactory(title_nl="Alleen Nederlands", title_en="Only English")
    client.force_login(staff)
    html = client.get(LIST).content.decode()
    assert "FR, TR, AR, BG" in html
    html = client.get(f"/en/beheer/knowledge/article/{article.pk}/change/").content.decode()
    assert "not yet translated into" in html
    for code in ("nl", "en", "fr", "tr", "ar", "bg"):
        assert f'name="title_{code}"' in html and f'name="body_{code}"' in html


def test_editing_a_text_refreshes_its_search(client, staff):
    article = ArticleFactory(title_nl="Oude titel", slug="oud")
    client.force_login(staff)
    data = _form(title_nl="Vrijwilligers verzekeren", slug="oud", body_nl="Tekst.")
    response = client.post(f"/beheer/knowledge/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert [a.slug for a in article_search("verzekering", language="nl")] == ["oud"]


def test_categories_are_managed_in_every_language(client, staff):
    category = CategoryFactory(name_nl="Geld", name_en=None)
    client.force_login(staff)
    html = client.get(f"/en/beheer/knowledge/category/{category.pk}/change/").content.decode()
    assert 'name="name_ar"' in html
    assert "not yet translated into" in html
