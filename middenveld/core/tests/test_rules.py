from types import SimpleNamespace

import pytest

from middenveld.core import rules


def person(role="citizen", authenticated=True, active=True):
    return SimpleNamespace(role=role, is_authenticated=authenticated, is_active=active)


ANONYMOUS = SimpleNamespace(is_authenticated=False, is_active=False, role=None)


@pytest.mark.parametrize(
    ("user", "staff", "admin"),
    [
        (ANONYMOUS, False, False),
        (person("citizen"), False, False),
        (person("staff"), True, False),
        (person("administrator"), True, True),
        (person("administrator", active=False), False, False),
    ],
)
def test_platform_predicates_follow_the_role(user, staff, admin):
    assert bool(rules.is_city_staff(user)) is staff
    assert bool(rules.is_administrator(user)) is admin


def test_a_denial_carries_a_reason():
    from django.utils import translation

    decision = rules.is_city_staff(person("citizen"))
    assert not decision
    with translation.override("en"):
        assert "city staff" in str(decision.reason)


def test_predicates_compose_with_and_or_not():
    both = rules.is_authenticated & rules.is_city_staff
    either = rules.is_administrator | rules.is_city_staff
    neither = ~rules.is_city_staff
    assert not both(person("citizen"))
    assert both(person("staff"))
    assert either(person("staff"))
    assert not either(person("citizen"))
    assert neither(person("citizen"))
    assert not neither(person("staff"))
    assert "Predicate" in repr(both)


def test_checking_an_unknown_permission_denies():
    decision = rules.check("does.not.exist", person("administrator"))
    assert not decision
    assert decision.reason


def test_registered_rules_include_the_foundation_permissions():
    names = rules.registered()
    assert "trajectory.edit_content" in names
    assert "accounts.manage_own_tokens" in names


@pytest.mark.django_db
def test_has_perm_uses_the_rules_registry(staff, citizen):
    assert staff.has_perm("trajectory.edit_content")
    assert not citizen.has_perm("trajectory.edit_content")
    assert not staff.has_perm("unknown.permission")


def test_predicate_may_return_a_decision_itself():
    custom = rules.Predicate(
        lambda u, o: rules.Decision(False, "custom reason"), "custom", "fallback"
    )
    assert custom(None).reason == "custom reason"
