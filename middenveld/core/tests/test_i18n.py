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
