"""Named, composable permission predicates with a reason for every denial.

A predicate is a function ``(user, obj) -> Decision``. Predicates compose with
``&``, ``|`` and ``~``; each app registers the permissions it needs under a
dotted name in its own ``rules.py``::

    rules.register("trajectory.edit_content", is_city_staff)
    rules.check("trajectory.edit_content", user)         # -> Decision
    user.has_perm("trajectory.edit_content")             # via RulesBackend

Later modules add predicates such as ``is_organisation_admin`` or
``is_assessor`` that look at ``obj``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str | Promise = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


class Predicate:
    def __init__(
        self, fn: Callable[[Any, Any], Decision | bool], name: str, reason: str | Promise
    ) -> None:
        self.fn = fn
        self.name = name
        self.reason = reason

    def __call__(self, user: Any, obj: Any = None) -> Decision:
        result = self.fn(user, obj)
        if isinstance(result, Decision):
            return result
        return ALLOW if result else Decision(False, self.reason)

    def __and__(self, other: Predicate) -> Predicate:
        def both(user: Any, obj: Any) -> Decision:
            first = self(user, obj)
            return first if not first else other(user, obj)

        return Predicate(both, f"({self.name} & {other.name})", other.reason)

    def __or__(self, other: Predicate) -> Predicate:
        def either(user: Any, obj: Any) -> Decision:
            # When both refuse, the first reason is the one that fits: in
            # ``is_organisation_admin | is_city_staff`` a member hears they are
            # not an admin, not that they are not city staff.
            first = self(user, obj)
            if first:
                return first
            second = other(user, obj)
            return second if second else first

        return Predicate(either, f"({self.name} | {other.name})", self.reason)

    def __invert__(self) -> Predicate:
        def negated(user: Any, obj: Any) -> Decision:
            return Decision(False, _("This is not allowed for you.")) if self(user, obj) else ALLOW

        return Predicate(negated, f"~{self.name}", _("This is not allowed for you."))

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(reason: str | Promise) -> Callable[[Callable[[Any, Any], bool]], Predicate]:
    """Decorator: turn ``fn(user, obj) -> bool`` into a named predicate."""

    def wrap(fn: Callable[[Any, Any], bool]) -> Predicate:
        return Predicate(fn, fn.__name__, reason)

    return wrap


_REGISTRY: dict[str, Predicate] = {}


def register(name: str, pred: Predicate) -> None:
    _REGISTRY[name] = pred


def get(name: str) -> Predicate:
    return _REGISTRY[name]


def check(name: str, user: Any, obj: Any = None) -> Decision:
    pred = _REGISTRY.get(name)
    if pred is None:
        return Decision(False, _("This action does not exist."))
    return pred(user, obj)


def registered() -> list[str]:
    return sorted(_REGISTRY)


class RulesBackend:
    """Authentication backend that answers ``has_perm`` from the registry."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        if perm not in _REGISTRY:
            return False
        return bool(check(perm, user, obj))


# --- Platform predicates ------------------------------------------------------


@predicate(_("You need to sign in first."))
def is_authenticated(user: Any, obj: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@predicate(_("Only city staff can do this."))
def is_city_staff(user: Any, obj: Any) -> bool:
    return bool(is_authenticated(user, obj)) and user.role in ("staff", "administrator")


@predicate(_("Only an administrator can do this."))
def is_administrator(user: Any, obj: Any) -> bool:
    return bool(is_authenticated(user, obj)) and user.role == "administrator"


@predicate(_("Anyone may do this."))
def always(user: Any, obj: Any) -> bool:
    return True
