"""Check a named rule from ``middenveld.core.rules`` in an endpoint.

::

    @router.post("/spaces/{slug}/bookings", auth=AUTH_REQUIRED, ...)
    def booking_create(request, slug: str, payload: BookingIn):
        space = selectors.space_get(slug=slug)
        require_rule(request, "spaces.book", space)
        ...

    @router.get("/inbox", ...)
    @rule_required("support.view_inbox")
    def inbox(request): ...

A denial becomes 403 with the rule's reason as the message, or 401 when the
caller is anonymous (signing in might help).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest

from middenveld.api.pagination import resolved_signature
from middenveld.core import rules
from middenveld.core.errors import Forbidden, NotAuthenticated

F = TypeVar("F", bound=Callable[..., Any])


def require_rule(request: HttpRequest, name: str, obj: Any = None) -> None:
    """Raise 403 (or 401 for an anonymous caller) unless rule ``name`` allows it."""
    user = request.user
    decision = rules.check(name, user, obj)
    if decision:
        return
    reason = decision.reason or None
    if not user.is_authenticated:
        raise NotAuthenticated(reason)
    raise Forbidden(reason)


def rule_required(name: str) -> Callable[[F], F]:
    """Decorator form of ``require_rule`` for rules that do not look at an object."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            require_rule(request, name)
            return view(request, *args, **kwargs)

        wrapper.__signature__ = resolved_signature(view)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
