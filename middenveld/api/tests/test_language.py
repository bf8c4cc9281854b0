"""Messages come in the request's language: ?lang=, else Accept-Language, else Dutch.

Field messages reuse Django's own sentences, which are translated already; our own
sentences will follow when their translations are added.
"""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

URL = "/api/v1/news?limit=abc"
SENTENCE = "Enter a whole number."


def message(response):
    return response.json()["error"]["details"]["fields"]["limit"][0]


def translated(language):
    with translation.override(language):
        text = translation.gettext(SENTENCE)
    assert text != SENTENCE, f"no {language} translation to test with"
    return text


def test_dutch_is_the_default(client):
    response = client.get(URL)
    assert response["Content-Language"] == "nl"
    assert message(response) == translated("nl")


def test_accept_language_picks_the_language(client):
    response = client.get(URL, headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    assert response["Content-Language"] == "fr"
    assert message(response) == translated("fr")


def test_lang_parameter_wins_over_accept_language(client):
    response = client.get(f"{URL}&lang=en", headers={"Accept-Language": "fr"})
    assert response["Content-Language"] == "en"
    assert message(response) == SENTENCE


def test_an_unknown_lang_parameter_is_ignored(client):
    response = client.get(f"{URL}&lang=xx", headers={"Accept-Language": "tr"})
    assert response["Content-Language"] == "tr"
    assert message(response) == translated("tr")


def test_a_language_we_do_not_speak_falls_back_to_dutch(client):
    response = client.get(URL, headers={"Accept-Language": "de"})
    assert response["Content-Language"] == "nl"


def test_the_language_of_a_request_does_not_leak_into_the_next(client):
    client.get(f"{URL}&lang=ar")
    assert client.get(URL)["Content-Language"] == "nl"


def test_errors_outside_endpoints_are_in_the_language_too(client):
    response = client.get("/api/v1/nothing?lang=bg")
    assert response["Content-Language"] == "bg"
