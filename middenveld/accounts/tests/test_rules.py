from types import SimpleNamespace

import pytest
from django.utils import translation

from middenveld.accounts.rules import is_token_owner
from middenveld.core import rules


def person(pk=1, role="citizen", authenticated=True, active=True):
    return SimpleNamespace(pk=pk, role=role, is_authenticated=authenticated, is_active=active)


ANONYMOUS = SimpleNamespace(pk=None, is_authenticated=False, is_active=False, role=None)


def token_of(pk):
    return SimpleNamespace(user_id=pk)


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        (ANONYMOUS, False),
        (person(), True),
        (person(active=False), False),
        (person(role="staff"), True),
    ],
)
def test_signed_in_people_manage_their_own_tokens(user, allowed):
    assert bool(rules.check("accounts.manage_own_tokens", user)) is allowed


@pytest.mark.parametrize(
    ("user", "token", "allowed"),
    [
        (person(pk=1), token_of(1), True),
        (person(pk=1), token_of(2), False),
        (person(pk=1, role="administrator"), token_of(2), False),
        (ANONYMOUS, token_of(1), False),
        (person(pk=1, active=False), token_of(1), False),
        (person(pk=1), None, False),
    ],
)
def test_only_the_owner_revokes_a_token(user, token, allowed):
    assert bool(rules.check("accounts.revoke_token", user, token)) is allowed


def test_revoking_someone_elses_token_gives_a_reason():
    decision = rules.check("accounts.revoke_token", person(pk=1), token_of(2))

    assert not decision
    with translation.override("en"):
        assert str(decision.reason) == "This key belongs to someone else."
    assert not is_token_owner(None, token_of(1))


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        (ANONYMOUS, False),
        (person(), False),
        (person(role="staff"), False),
        (person(role="administrator"), True),
    ],
)
def test_only_administrators_manage_users(user, allowed):
    assert bool(rules.check("accounts.manage_users", user)) is allowed
