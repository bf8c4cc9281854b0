import pytest
from django.db import IntegrityError

from middenveld.accounts.models import ApiToken, Role, SignInFailure, User
from middenveld.accounts.tokens import api_token_create

pytestmark = pytest.mark.django_db


def test_a_user_needs_an_email_address():
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="", password="x")


def test_addresses_are_stored_in_lower_case_and_unique_in_any_case():
    User.objects.create_user(email="Someone@Example.org", password="x")

    assert User.objects.get_by_natural_key("SOMEONE@example.ORG").email == "someone@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create(email="SOMEONE@EXAMPLE.ORG")


def test_a_superuser_is_a_confirmed_administrator():
    user = User.objects.create_superuser(email="root@example.org", password="x")

    assert (user.is_superuser, user.is_staff, user.role) == (True, True, Role.ADMINISTRATOR)
    assert user.is_verified
    assert user.is_city_staff


def test_names_fall_back_to_the_address():
    user = User(email="amal@example.org")

    assert str(user) == user.get_full_name() == "amal@example.org"
    assert user.get_short_name() == "amal"
    user.name = "Amal"
    assert str(user) == user.get_full_name() == user.get_short_name() == "Amal"
    assert not user.is_verified
    assert not user.is_city_staff


def test_tokens_and_failures_describe_themselves(citizen):
    token, _plain = api_token_create(user=citizen, name="script")
    failure = SignInFailure.objects.create(kind="account", key="k")

    assert str(token) == f"script ({token.prefix}…)"
    assert token.is_active
    assert str(failure).startswith("account failure at ")
    assert ApiToken.objects.count() == 1
