import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import UnverifiedUserFactory
from middenveld.accounts.tokens import (
    TOKEN_PREFIX,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    email_verification_token,
)

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_an_api_token_is_stored(citizen):
    token, plain = api_token_create(user=citizen, name="  script  ")

    assert plain.startswith(f"{TOKEN_PREFIX}{token.prefix}_")
    assert plain not in token.key_hash
    assert token.name == "script"


@pytest.mark.parametrize(
    "plain", ["", "mv_", "x" * 300, "Bearer mv_abc", "mv_" + "a" * 250, "mv_\x00"]
)
def test_malformed_api_tokens_authenticate_nobody(plain):
    assert api_token_authenticate(plain) is None


def test_using_an_api_token_records_when(citizen):
    token, plain = api_token_create(user=citizen, name="x")

    assert api_token_authenticate(plain) == citizen
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_tokens_and_inactive_people_authenticate_nobody(citizen):
    token, plain = api_token_create(user=citizen, name="x")
    other, other_plain = api_token_create(user=citizen, name="y")

    api_token_revoke(token=token)
    revoked_at = token.revoked_at
    api_token_revoke(token=token)  # a second stop changes nothing

    assert token.revoked_at == revoked_at
    assert api_token_authenticate(plain) is None
    citizen.is_active = False
    citizen.save()
    assert api_token_authenticate(other_plain) is None


def test_a_confirmation_token_stops_working_when_the_address_changes():
    person = UnverifiedUserFactory()
    token = email_verification_token.make_token(person)

    person.email = "changed@example.org"

    assert not email_verification_token.check_token(person, token)


def test_a_confirmation_token_stops_working_once_confirmed():
    person = UnverifiedUserFactory()
    token = email_verification_token.make_token(person)

    person.email_verified_at = timezone.now()

    assert not email_verification_token.check_token(person, token)


def test_a_confirmation_token_is_not_a_password_reset_token():
    from django.contrib.auth.tokens import default_token_generator

    person = UnverifiedUserFactory()

    assert not default_token_generator.check_token(
        person, email_verification_token.make_token(person)
    )
