import pytest

from middenveld.core.i18n import missing_languages, missing_translation
from middenveld.trajectory.models import Workstream


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [
        ("", "nl", "ltr"),
        ("/en", "en", "ltr"),
        ("/fr", "fr", "ltr"),
        ("/tr", "tr", "ltr"),
        ("/ar", "ar", "rtl"),
        ("/bg", "bg", "ltr"),
    ],
)
def test_every_language_has_its_prefix_lang_and_direction(client, prefix, lang, direction):
    response = client.get(f"{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


@pytest.mark.django_db
def test_the_language_switcher_links_to_the_same_page_in_every_language(client):
    html = client.get("/tijdlijn/").content.decode()
    for href in (
        'href="/tijdlijn/"',
        'href="/en/tijdlijn/"',
        'href="/ar/tijdlijn/"',
        'href="/bg/tijdlijn/"',
    ):
        assert href in html


@pytest.mark.django_db
def test_an_unknown_language_code_is_a_404_page_not_an_error(client):
    response = client.get("/xx/tijdlijn/")
    assert response.status_code == 404
    assert '<html lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_missing_translation_detects_fallback_to_dutch():
    ws = Workstream.objects.create(
        number=1,
        slug="a",
        title_nl="Titel",
        summary_nl="Kort",
        title_en="Title",
        summary_en="Short",
    )
    assert not missing_translation(ws, ("title", "summary"), "nl")
    assert not missing_translation(ws, ("title", "summary"), "en")
    assert missing_translation(ws, ("title", "summary"), "fr")
    assert missing_languages(ws, ("title", "summary")) == ["fr", "tr", "ar", "bg"]


def _links(path: str, language: str = "nl", **extra: str) -> dict[str, str]:
    from django.test import RequestFactory
    from django.utils import translation

    from middenveld.core.i18n import language_links

    with translation.override(language):
        links = language_links(RequestFactory().get(path, **extra))
    return {link["code"]: link["url"] for link in links}


def test_the_switcher_swaps_the_language_prefix_and_keeps_the_query():
    assert _links("/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9") == {
        "nl": "/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9",
        "en": "/en/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9",
        "fr": "/fr/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9",
        "tr": "/tr/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9",
        "ar": "/ar/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9",
        "bg": "/bg/subsidies/toekenningen/?jaar=2025&zoek=%C3%A9",
    }
    from_english = _links("/en/tijdlijn/", "en")
    assert from_english["nl"] == "/tijdlijn/"
    assert from_english["ar"] == "/ar/tijdlijn/"
    assert _links("/en/", "en")["nl"] == "/"
    assert _links("/en", "en")["nl"] == "/"
    assert (
        _links("/organisaties/caf\u00e9 de hoek/")["en"]
        == "/en/organisaties/caf%C3%A9%20de%20hoek/"
    )
    # A Dutch path that merely starts like a language code keeps its first segment.
    assert _links("/english-club/")["fr"] == "/fr/english-club/"


def test_the_switcher_leaves_paths_outside_the_language_patterns_alone():
    for path in ("/api/v1/docs", "/ping", "/admin/login/"):
        assert set(_links(path).values()) == {path}
    assert _links("/pingpong/")["en"] == "/en/pingpong/"


def test_the_switcher_keeps_the_script_prefix():
    from django.urls import set_script_prefix

    set_script_prefix("/middenveld/")
    try:
        links = _links("/tijdlijn/", SCRIPT_NAME="/middenveld")
    finally:
        set_script_prefix("/")
    assert links["nl"] == "/middenveld/tijdlijn/"
    assert links["en"] == "/middenveld/en/tijdlijn/"
