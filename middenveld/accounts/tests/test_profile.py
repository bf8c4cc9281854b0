import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from middenveld.accounts.models import ApiToken, User
from middenveld.accounts.tests.factories import PASSWORD, UserFactory
from middenveld.accounts.tokens import api_token_authenticate, api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def test_my_account_needs_sign_in(client):
    response = client.get("/mijn/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=/mijn/")


def test_my_account_shows_my_details(signed_in, citizen):
    html = signed_in.get("/mijn/").content.decode()

    assert citizen.email in html
    assert f'value="{escape(citizen.name)}"' in html  # Faker names can hold an apostrophe


def test_my_account_is_never_cached(signed_in):
    assert "no-store" in signed_in.get("/mijn/")["Cache-Control"]


def test_i_can_change_my_name_and_language(signed_in, citizen):
    response = signed_in.post("/mijn/", {"name": "  Nieuwe   Naam\u202e ", "language": "fr"})

    assert response.status_code == 302
    assert response.url == "/fr/mijn/"
    citizen.refresh_from_db()
    assert (citizen.name, citizen.language) == ("Nieuwe Naam", "fr")


def test_an_unknown_language_is_refused(signed_in, citizen):
    response = signed_in.post("/mijn/", {"name": "X", "language": "xx"})

    assert response.status_code == 200
    assert response.context["profile_form"].errors["language"]
    citizen.refresh_from_db()
    assert citizen.language == "nl"


# --- API keys ---------------------------------------------------------------------


def test_a_new_key_is_shown_once_and_works(signed_in, citizen):
    response = signed_in.post("/mijn/api-sleutels/", {"name": "Mijn script"})

    assert response.status_code == 201
    plain = response.context["new_token_plain"]
    assert plain in response.content.decode()
    assert api_token_authenticate(plain) == citizen
    token = ApiToken.objects.get(user=citizen)
    assert token.name == "Mijn script"
    assert plain not in signed_in.get("/mijn/").content.decode()
    assert token.prefix in signed_in.get("/mijn/").content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_key_needs_a_name(signed_in, citizen):
    for name in ("", "   ", "\u200b\u202e"):
        response = signed_in.post("/mijn/api-sleutels/", {"name": name})
        assert response.status_code == 200
        assert response.context["token_form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_making_a_key_needs_a_post(signed_in):
    assert signed_in.get("/mijn/api-sleutels/").status_code == 405


def test_i_can_stop_my_own_key(signed_in, citizen):
    token, plain = api_token_create(user=citizen, name="oud")

    response = signed_in.post(f"/mijn/api-sleutels/{token.pk}/intrekken/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(plain) is None
    page = signed_in.get("/mijn/").content.decode()
    assert f"/mijn/api-sleutels/{token.pk}/intrekken/" not in page


def test_someone_elses_key_is_not_found(signed_in):
    other = UserFactory()
    token, plain = api_token_create(user=other, name="van iemand anders")

    response = signed_in.post(f"/mijn/api-sleutels/{token.pk}/intrekken/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_key_that_does_not_exist_is_not_found(signed_in):
    assert signed_in.post("/mijn/api-sleutels/999999/intrekken/").status_code == 404


def test_the_token_rule_guards_making_keys(signed_in, monkeypatch):
    from middenveld.core.rules import Decision

    monkeypatch.setattr(
        "middenveld.accounts.views.rules.check", lambda *a, **k: Decision(False, "no")
    )

    assert signed_in.post("/mijn/api-sleutels/", {"name": "x"}).status_code == 403


def test_the_key_list_has_a_fixed_number_of_queries(
    signed_in, citizen, django_assert_max_num_queries
):
    for number in range(10):
        api_token_create(user=citizen, name=f"key {number}")

    with django_assert_max_num_queries(6):
        response = signed_in.get("/mijn/")
    assert response.status_code == 200


# --- my data ------------------------------------------------------------------------


def test_i_can_download_my_data_without_secrets(signed_in, citizen):
    token, _plain = api_token_create(user=citizen, name="export test")

    response = signed_in.get("/mijn/gegevens-downloaden/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == citizen.email
    assert data["api_tokens"] == [
        {
            "name": "export test",
            "prefix": token.prefix,
            "created_at": token.created_at.isoformat(),
            "last_used_at": None,
            "revoked_at": None,
        }
    ]
    text = response.content.decode()
    assert token.key_hash not in text
    assert citizen.password not in text


def test_the_download_needs_sign_in(client):
    assert client.get("/mijn/gegevens-downloaden/").status_code == 302


# --- deleting my account ------------------------------------------------------------


def test_the_delete_page_asks_for_my_password(signed_in):
    response = signed_in.get("/mijn/account-verwijderen/")

    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()


def test_i_can_delete_my_account_with_my_password(signed_in, citizen):
    api_token_create(user=citizen, name="weg")

    response = signed_in.post("/mijn/account-verwijderen/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response.url == reverse("trajectory:home")
    assert "_auth_user_id" not in signed_in.session
    citizen.refresh_from_db()
    assert citizen.email == f"deleted-{citizen.pk}@invalid"
    assert not citizen.is_active
    assert not ApiToken.objects.filter(user=citizen, revoked_at__isnull=True).exists()


def test_deleting_needs_the_right_password_and_the_checkbox(signed_in, citizen):
    wrong = signed_in.post("/mijn/account-verwijderen/", {"password": "wrong", "confirm": "on"})
    unticked = signed_in.post("/mijn/account-verwijderen/", {"password": PASSWORD})

    assert wrong.status_code == unticked.status_code == 200
    assert wrong.context["form"].errors["password"]
    assert unticked.context["form"].errors["confirm"]
    citizen.refresh_from_db()
    assert citizen.is_active


def test_guessing_the_password_on_the_delete_page_is_throttled(signed_in, citizen, settings):
    for _ in range(settings.SIGNIN_FAILURES_PER_ACCOUNT):
        signed_in.post("/mijn/account-verwijderen/", {"password": "wrong", "confirm": "on"})

    response = signed_in.post("/mijn/account-verwijderen/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 429
    citizen.refresh_from_db()
    assert citizen.is_active


def test_the_last_administrator_cannot_delete_their_account(client, administrator):
    client.force_login(administrator)

    response = client.post("/en/mijn/account-verwijderen/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    assert "only administrator" in response.content.decode()
    assert User.objects.get(pk=administrator.pk).is_active


@pytest.mark.parametrize(
    "path", ["/mijn/", "/mijn/account-verwijderen/", "/aanmelden/", "/registreren/"]
)
def test_account_pages_have_unique_ids_and_no_inline_script_or_style(client, citizen, path):
    import re
    from collections import Counter

    if path.startswith("/mijn/"):
        client.force_login(citizen)
        api_token_create(user=citizen, name="one")
    html = client.get(path).content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    assert "style=" not in html
    assert "<script>" not in html
