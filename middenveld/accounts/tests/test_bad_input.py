"""Odd and hostile input never breaks a page: a clear message, never a 500."""

import pytest

from middenveld.accounts.models import ApiToken, SignInFailure, User
from middenveld.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LONG = "a" * 10_000
ODD_VALUES = {
    "long": LONG,
    "long-email": LONG + "@example.org",
    "nul": "person\x00@example.org",
    "zero-width": "per\u200bson@example.org",
    "rtl-override": "\u202eperson@example.org",
    "bom": "\ufeffperson@example.org",
    "replacement-char": "person\ufffd@example.org",
    "only-spaces": "   ",
    "emoji": "👩‍👩‍👧@example.org",
    "idn-zero-width-domain": "person@exa\u200bmple.org",
}

FORMS = {
    "/registreren/": ["email", "name", "password1", "password2"],
    "/aanmelden/": ["email", "password", "next"],
    "/registreren/opnieuw/": ["email"],
    "/wachtwoord-vergeten/": ["email"],
}


def valid_data(path):
    return {
        "/registreren/": {
            "email": "new@example.org",
            "name": "Nieuw",
            "password1": "sturdy-window-cabbage-9",
            "password2": "sturdy-window-cabbage-9",
        },
        "/aanmelden/": {"email": "new@example.org", "password": "whatever-it-is"},
        "/registreren/opnieuw/": {"email": "new@example.org"},
        "/wachtwoord-vergeten/": {"email": "new@example.org"},
    }[path]


@pytest.mark.parametrize("kind", list(ODD_VALUES))
@pytest.mark.parametrize(("path", "field"), [(p, f) for p, fields in FORMS.items() for f in fields])
def test_public_forms_survive_odd_input(client, path, field, kind):
    data = valid_data(path)
    data[field] = ODD_VALUES[kind]

    response = client.post(path, data)

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("path", list(FORMS))
def test_public_forms_survive_bytes_that_are_not_utf8(client, path):
    body = "&".join(f"{field}=%FF%FE%00x" for field in FORMS[path])

    response = client.post(path, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "value", [LONG, "x\x00y", "per\u200bson@example.org", "\u202eperson@example.org"]
)
def test_an_odd_email_is_refused_with_a_clear_message(client, value):
    response = client.post("/en/registreren/", {**valid_data("/registreren/"), "email": value})

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_an_address_with_invisible_characters_is_explained(client):
    response = client.post(
        "/en/registreren/", {**valid_data("/registreren/"), "email": "per\u200bson@example.org"}
    )

    assert "invisible characters" in response.context["form"].errors["email"][0]


def test_a_name_with_invisible_characters_is_cleaned(client):
    client.post(
        "/registreren/", {**valid_data("/registreren/"), "name": "\u202eAmal\u200b Haddad\ufeff"}
    )

    assert User.objects.get().name == "Amal Haddad"


def test_an_over_long_name_is_refused(client):
    response = client.post("/registreren/", {**valid_data("/registreren/"), "name": LONG})

    assert response.context["form"].errors["name"]
    assert not User.objects.exists()


def test_an_over_long_password_is_refused_before_hashing(client):
    password = "p" * 10_000
    response = client.post(
        "/registreren/",
        {**valid_data("/registreren/"), "password1": password, "password2": password},
    )

    assert response.context["form"].errors["password1"]


def test_odd_sign_in_input_does_not_count_as_a_failure(client):
    client.post("/aanmelden/", {"email": "x\x00@example.org", "password": PASSWORD})

    assert not SignInFailure.objects.exists()


def test_a_missing_client_address_is_still_throttled(client, settings):
    for number in range(settings.SIGNIN_FAILURES_PER_ADDRESS):
        client.post(
            "/aanmelden/", {"email": f"a{number}@example.org", "password": "x"}, REMOTE_ADDR=""
        )

    response = client.post(
        "/aanmelden/", {"email": "b@example.org", "password": "x"}, REMOTE_ADDR=""
    )

    assert response.status_code == 429


@pytest.mark.parametrize(
    "query", ["?next=" + "x" * 10_000, "?next=%00", "?next=%E2%80%AE//evil.example"]
)
def test_odd_next_addresses_are_ignored(client, query):
    assert client.get("/aanmelden/" + query).status_code == 200


@pytest.mark.parametrize("query", ["?email=" + LONG, "?email=%00", "?email=%E2%80%AE"])
def test_odd_prefill_of_the_resend_form_is_harmless(client, query):
    assert client.get("/registreren/opnieuw/" + query).status_code == 200


@pytest.mark.parametrize("kind", list(ODD_VALUES))
def test_my_account_forms_survive_odd_input(client, citizen, kind):
    client.force_login(citizen)
    value = ODD_VALUES[kind]

    assert client.post("/mijn/", {"name": value, "language": value}).status_code == 200
    assert client.post("/mijn/", {"name": value, "language": "en"}).status_code in (200, 302)
    assert client.post("/mijn/api-sleutels/", {"name": value}).status_code in (200, 201)
    assert (
        client.post("/mijn/account-verwijderen/", {"password": value, "confirm": value}).status_code
        == 200
    )
    citizen.refresh_from_db()
    assert citizen.is_active
    for token in ApiToken.objects.all():
        assert "\x00" not in token.name and "\u202e" not in token.name and len(token.name) <= 100


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999"])
def test_odd_token_ids_are_not_found(client, citizen, pk):
    client.force_login(citizen)

    assert client.post(f"/mijn/api-sleutels/{pk}/intrekken/").status_code == 404
