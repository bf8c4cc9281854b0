"""The coaching rules, role by role (the pages and services rely on these)."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.core import rules

pytestmark = pytest.mark.django_db

RULES = ("coaching.request", "coaching.view", "coaching.view_details", "coaching.manage")
EXPECTED = {
    # role: rules allowed on organisation A
    "anonymous": set(),
    "citizen": set(),
    "member_a": {"coaching.request", "coaching.view"},
    "admin_a": {"coaching.request", "coaching.view", "coaching.view_details"},
    "admin_b": set(),
    "staff": {"coaching.view", "coaching.view_details", "coaching.manage"},
    "administrator": {"coaching.view", "coaching.view_details", "coaching.manage"},
}


@pytest.mark.parametrize("role", EXPECTED)
def test_who_may_do_what_with_coaching(org_a, org_b, role):
    from django.contrib.auth.models import AnonymousUser

    user = {
        "anonymous": AnonymousUser(),
        "citizen": UserFactory(),
        "member_a": org_a.member,
        "admin_a": org_a.admin,
        "admin_b": org_b.admin,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }[role]
    allowed = {name for name in RULES if rules.check(name, user, org_a.organisation)}
    assert allowed == EXPECTED[role]


def test_a_refusal_says_why(org_a, org_b):
    decision = rules.check("coaching.request", org_b.admin, org_a.organisation)
    assert not decision
    assert str(decision.reason) == "Only members of this organisation can do this."
    assert user_has_perm(StaffFactory(), "coaching.manage")


def user_has_perm(user, perm) -> bool:
    return user.has_perm(perm)
