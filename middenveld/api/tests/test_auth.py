"""Personal token or session; a bad token is refused, never ignored."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from middenveld.accounts.models import ApiToken
from middenveld.accounts.tests.factories import UserFactory
from middenveld.accounts.tokens import api_token_create, api_token_revoke
from middenveld.api.tests.helpers import bearer, error_of

pytestmark = pytest.mark.django_db


def test_me_answers_who_the_token_belongs_to(client, citizen, token):
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.json() == {
        "id": citizen.pk,
        "email": citizen.email,
        "name": citizen.name,
        "role": "citizen",
        "language": citizen.language,
    }


def test_me_answers_for_a_signed_in_session(client, staff):
    client.force_login(staff)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["role"] == "staff"


def test_me_without_credentials_is_401_with_a_bearer_challenge(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer mv_0123456789_unknownunknownunknownunknown",  # unknown
        "Bearer not-even-our-format",  # malformed
        "Bearer ",  # empty
        "Bearer",  # no token at all
        "Basic dXNlcjpwYXNz",  # another scheme
        "mv_0123456789_abc",  # no scheme
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/workstreams"])
def test_an_invalid_token_is_401_on_private_and_public_endpoints(client, header, url):
    response = client.get(url, headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert error_of(response)["code"] == "invalid_token"


def test_a_revoked_token_is_401(client, citizen):
    token, plain = api_token_create(user=citizen, name="old")
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 200
    api_token_revoke(token=token)
    response = client.get("/api/v1/me", headers=bearer(plain))
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"


def test_the_token_of_a_deactivated_person_is_401(client):
    person = UserFactory()
    _token, plain = api_token_create(user=person, name="t")
    person.is_active = False
    person.save()
    assert client.get("/api/v1/me", headers=bearer(plain)).status_code == 401


def test_a_bad_token_is_refused_even_with_a_valid_session(client, citizen):
    client.force_login(citizen)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer mv_nope_nope"})
    assert response.status_code == 401


def test_using_a_token_records_when_it_was_last_used(client, citizen, token):
    client.get("/api/v1/me", headers=bearer(token))
    assert ApiToken.objects.get(user=citizen).last_used_at is not None


def test_public_endpoints_welcome_anonymous_callers(client):
    assert client.get("/api/v1/workstreams").status_code == 200


@pytest.mark.urls("middenveld.api.tests.urls")
def test_a_token_identifies_the_caller_on_public_endpoints(client, citizen, token):
    assert client.get("/test-api/whoami").json() == {"authenticated": False, "email": None}
    body = client.get("/test-api/whoami", headers=bearer(token)).json()
    assert body == {"authenticated": True, "email": citizen.email}


# --- CSRF: a session needs it for unsafe methods, a token does not ------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.urls("middenveld.api.tests.urls")
def test_a_session_post_without_csrf_token_is_403(csrf_client, citizen):
    csrf_client.force_login(citizen)
    response = csrf_client.post(
        "/test-api/names", data={"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "csrf_failed"


@pytest.mark.urls("middenveld.api.tests.urls")
def test_a_session_post_with_the_csrf_token_is_accepted(csrf_client, citizen):
    csrf_client.force_login(citizen)
    secret = _get_new_csrf_string()
    csrf_client.cookies["csrftoken"] = secret
    response = csrf_client.post(
        "/test-api/names",
        data={"name": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": secret, "Referer": "https://testserver/"},
    )
    assert response.status_code == 200
    assert response.json() == {"name": "x", "by": citizen.email}


@pytest.mark.urls("middenveld.api.tests.urls")
def test_a_token_post_needs_no_csrf_token(csrf_client, citizen, token):
    response = csrf_client.post(
        "/test-api/names",
        data={"name": "x"},
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 200
    assert response.json()["by"] == citizen.email


@pytest.mark.urls("middenveld.api.tests.urls")
def test_an_anonymous_post_to_a_private_endpoint_is_401_not_a_csrf_error(csrf_client):
    response = csrf_client.post(
        "/test-api/names", data={"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.urls("middenveld.api.tests.urls")
def test_a_session_post_to_a_public_endpoint_still_needs_csrf(csrf_client, citizen):
    csrf_client.force_login(citizen)
    response = csrf_client.post(
        "/test-api/public-names", data={"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
