"""The public pages: /vragen/faq/ (search, subjects, pages), an article (with the notice
when the reader's language falls back to Dutch), and the suggestions fragment."""

from __future__ import annotations

import pytest

from middenveld.knowledge.models import ArticleStatus
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory
from middenveld.knowledge.views import PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def insurance(db):
    return ArticleFactory(
        slug="vrijwilligers-verzekeren",
        title_nl="Moet ik mijn vrijwilligers verzekeren?",
        summary_nl="Een vzw moet dat doen.",
        body_nl="Een vzw verzekert de burgerlijke aansprakelijkheid.\n\nVraag het na.",
        title_en="Do I have to insure my volunteers?",
        summary_en="A vzw must do so.",
        body_en="A vzw insures civil liability.\n\nCheck it.",
        category=CategoryFactory(
            slug="vrijwilligers", name_nl="Vrijwilligers", name_en="Volunteers"
        ),
    )


def test_the_knowledge_base_lists_published_articles_with_the_featured_first(client, insurance):
    ArticleFactory(title_nl="Uitgelicht artikel", featured=True)
    ArticleFactory(title_nl="Nog een klad", status=ArticleStatus.DRAFT, published_at=None)
    response = client.get("/vragen/faq/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Uitgelicht artikel") < html.index("Moet ik mijn vrijwilligers verzekeren?")
    assert "Nog een klad" not in html
    assert 'role="search"' in html and '<label for="kb-q">' in html


def test_a_dutch_search_with_another_word_form_finds_the_article(client, insurance):
    response = client.get("/vragen/faq/", {"q": "verzekering vrijwilliger"})
    html = response.content.decode()
    assert "1 article found" in html or "1 artikel" in html
    assert "/vragen/faq/vrijwilligers-verzekeren/" in html


def test_an_english_search_in_english_finds_the_english_title(client, insurance):
    response = client.get("/en/vragen/faq/", {"q": "insurance"})
    html = response.content.decode()
    assert "Do I have to insure my volunteers?" in html
    assert "1 article found" in html
    assert "translation-notice" not in html


def test_the_subject_filter_and_an_unknown_subject(client, insurance):
    ArticleFactory(title_nl="Ander onderwerp")
    html = client.get("/vragen/faq/", {"category": "vrijwilligers"}).content.decode()
    assert "Moet ik mijn vrijwilligers" in html and "Ander onderwerp" not in html
    html = client.get("/vragen/faq/", {"category": "bestaat-niet"}).content.decode()
    assert "Moet ik mijn vrijwilligers" in html and "Ander onderwerp" in html


def test_results_are_paged_and_the_pager_keeps_the_search(client):
    for n in range(PER_PAGE + 3):
        ArticleFactory(title_nl=f"Zaal nummer {n}")
    html = client.get("/vragen/faq/", {"q": "zaal"}).content.decode()
    assert f"{PER_PAGE + 3} articles found" in html or f"{PER_PAGE + 3} artikels" in html
    assert "?q=zaal&amp;page=2" in html
    assert client.get("/vragen/faq/", {"q": "zaal", "page": "2"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "x" * 10_000},
        {"q": "'; DROP TABLE knowledge_article; --"},
        {"q": "<script>alert(1)</script>"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "abc"},
        {"category": "\x00"},
        {"category": "../../etc"},
    ],
)
def test_junk_input_never_breaks_the_page(client, insurance, params):
    response = client.get("/vragen/faq/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_article_page_shows_its_text_in_paragraphs(client, insurance):
    response = client.get("/vragen/faq/vrijwilligers-verzekeren/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Moet ik mijn vrijwilligers verzekeren?</h1>" in html
    assert "<p>Een vzw verzekert de burgerlijke aansprakelijkheid.</p>" in html
    assert "translation-notice" not in html


def test_an_article_in_english_has_no_fallback_notice(client, insurance):
    html = client.get("/en/vragen/faq/vrijwilligers-verzekeren/").content.decode()
    assert "Do I have to insure my volunteers?" in html
    assert "translation-notice" not in html


def test_an_untranslated_article_says_it_shows_the_dutch_text(client, insurance):
    html = client.get("/fr/vragen/faq/vrijwilligers-verzekeren/").content.decode()
    assert "translation-notice" in html
    assert '<h1 lang="nl" dir="ltr">Moet ik mijn vrijwilligers verzekeren?</h1>' in html


def test_the_list_marks_dutch_fallback_titles_and_shows_the_notice(client, insurance):
    html = client.get("/ar/vragen/faq/").content.decode()
    assert "translation-notice" in html
    assert 'lang="nl" dir="ltr">Moet ik mijn vrijwilligers verzekeren?</a>' in html


def test_an_unknown_or_draft_article_is_a_404_for_visitors(client, insurance):
    ArticleFactory(slug="klad", status=ArticleStatus.DRAFT, published_at=None)
    assert client.get("/vragen/faq/bestaat-niet/").status_code == 404
    assert client.get("/vragen/faq/klad/").status_code == 404


def test_staff_see_a_draft_with_a_notice_and_a_link_to_the_back_office(client, staff):
    draft = ArticleFactory(slug="klad", status=ArticleStatus.DRAFT, published_at=None)
    client.force_login(staff)
    html = client.get("/vragen/faq/klad/").content.decode()
    assert "This article is a draft" in html or "klad" in html
    assert f"/beheer/knowledge/article/{draft.pk}/change/" in html


def test_related_articles_of_the_same_subject_are_linked(client, insurance):
    other = ArticleFactory(title_nl="Vergoedingen", category=insurance.category)
    html = client.get("/vragen/faq/vrijwilligers-verzekeren/").content.decode()
    assert other.get_absolute_url() in html


def test_pages_are_cached_for_visitors_and_fresh_after_an_edit(client, insurance, staff):
    from middenveld.knowledge.services import article_update

    assert client.get("/vragen/faq/vrijwilligers-verzekeren/")["X-Cache"] == "miss"
    assert client.get("/vragen/faq/vrijwilligers-verzekeren/")["X-Cache"] == "hit"
    article_update(article=insurance, by=staff, title="Vrijwilligers goed verzekeren")
    response = client.get("/vragen/faq/vrijwilligers-verzekeren/")
    assert "Vrijwilligers goed verzekeren" in response.content.decode()


# --- the suggestions fragment -------------------------------------------------------------


def test_suggestions_answer_an_html_fragment_with_matching_articles(client, insurance):
    response = client.get(
        "/vragen/faq/suggesties/",
        {"fragment": "1", "q": "Moeten wij onze vrijwilligers verzekeren?"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'href="/vragen/faq/vrijwilligers-verzekeren/"' in html
    assert "<h2" in html


def test_without_the_fragment_parameter_the_suggestions_are_a_page_of_their_own(client, insurance):
    response = client.get("/vragen/faq/suggesties/", {"q": "vrijwilligers verzekeren"})
    html = response.content.decode()
    assert "<html" in html and "<h1>" in html
    assert 'href="/vragen/faq/vrijwilligers-verzekeren/"' in html
    assert "/vragen/faq/?q=vrijwilligers%20verzekeren" in html


def test_suggestions_read_the_question_form_field_as_htmx_sends_it(client, insurance):
    html = client.get(
        "/en/vragen/faq/suggesties/",
        {"fragment": "1", "question": "Do I need to insure our volunteers?"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Do I have to insure my volunteers?" in html


@pytest.mark.parametrize("text", ["", "hoe", "\x00\x00", "x" * 50_000, "<script>"])
def test_suggestions_for_nothing_meaningful_are_empty_but_fine(client, insurance, text):
    response = client.get("/vragen/faq/suggesties/", {"fragment": "1", "q": text})
    assert response.status_code == 200
    assert "vrijwilligers-verzekeren" not in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_the_text_becomes_paragraphs_and_lists_and_stays_escaped():
    from middenveld.knowledge.templatetags.knowledge import plain_text

    text = "Wat zegt de wet?\n- Een vzw <b>moet</b>.\n- Een feitelijke vereniging niet.\n\n1. Eerst\n2. Dan"
    assert plain_text(text) == (
        "<p>Wat zegt de wet?</p>\n"
        "<ul><li>Een vzw &lt;b&gt;moet&lt;/b&gt;.</li><li>Een feitelijke vereniging niet.</li></ul>\n"
        "<ol><li>Eerst</li><li>Dan</li></ol>"
    )
    assert plain_text("") == ""
    assert plain_text("Een\nregel") == "<p>Een<br>regel</p>"
