"""The registry of benchmarked pages.

Each module in this package describes the pages of one app and registers them::

    from bench.scenarios import Scenario, register, resolver

    ORDER = 30  # modules run in this order (ties: by module name)

    register(
        Scenario("/ruimtes/", "spaces: list"),
        Scenario("/ruimtes/{space}/", "spaces: one space", needs=("space",)),
    )

    @resolver("space")
    def space_slug() -> str | None:
        from middenveld.spaces.models import Space

        return Space.objects.order_by("pk").values_list("slug", flat=True).first()

A ``{name}`` placeholder in a path (or in a header value) is filled in by the resolver of
that name. Resolvers run
once per benchmark, in a separate process with Django set up against the freshly seeded
benchmark database (production settings); returning ``None`` (nothing in the database)
turns the scenario into an error row. Keep the imports of app code inside the resolver:
this module is also imported by ``run.py``, which never sets Django up.

Pages for signed-in people: a resolver returns a session cookie made with
``session_cookie(email)`` (a database session for that demo account, signed with the
benchmark's secret key), and the scenario sends it in a header::

    Scenario("/mijn/vragen/", "my questions", headers={"Cookie": "{citizen}"},
             needs=("citizen",))

    @resolver("citizen")
    def citizen() -> str | None:
        return session_cookie("burger@example.org")
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scenario:
    """One page driven by the load generator.

    path     path on the stack, may hold ``{need}`` placeholders (see ``needs``).
    name     short label for the table.
    method   HTTP method (GET by default; POST etc. need ``body``).
    headers  extra request headers, e.g. {"Accept-Language": "ar"} or an Authorization.
    body     request body for non-GET methods.
    needs    names of resolvers whose values fill the placeholders in ``path`` and in the
             header values.
    targets  whether the page targets apply (ratio >= 0.5 to the ceiling, p95 <= 50 ms);
             errors always count.
    p95_ms   this page's own p95 target instead of the default 50 ms (e.g. the staff
             inbox: 80 ms).
    ceiling  the trivial view every other page is compared with (exactly one).
    variants name of a need whose value varies each request: lines of
             ``Header-Name: value<TAB>body``; wrk sends a random line's header and body
             with every request (many voters casting, each changing their mind).
    """

    path: str
    name: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    needs: tuple[str, ...] = ()
    targets: bool = True
    ceiling: bool = False
    p95_ms: float | None = None
    variants: str | None = None

    def resolve(self, values: dict[str, str | None]) -> str | None:
        """The concrete path, or None when a needed value could not be found."""
        if any(values.get(need) is None for need in self.needs):
            return None
        return self.path.format(**{need: values[need] for need in self.needs})

    def resolve_headers(self, values: dict[str, str | None]) -> dict[str, str]:
        """The headers with their ``{need}`` placeholders filled in (call after ``resolve``)."""
        if not self.needs:
            return dict(self.headers)
        filled = {need: values[need] or "" for need in self.needs}
        return {name: value.format(**filled) for name, value in self.headers.items()}


def session_cookie(email: str) -> str | None:
    """``Cookie`` header value of a fresh signed-in session for the account ``email``.

    For resolvers (Django is set up there, on the benchmark database, with the secret key
    the stack uses): the session lives in the database like one made by signing in, so the
    stack sees that person on every request. None when the account does not exist.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.filter(email=email, is_active=True).first()
    if user is None:
        return None
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


_SCENARIOS: list[tuple[int, str, int, Scenario]] = []
_RESOLVERS: dict[str, Callable[[], Any]] = {}


def register(*scenarios: Scenario) -> None:
    """Add scenarios from the calling module (ordered by the module's ORDER)."""
    import inspect

    frame = inspect.stack()[1]
    module = inspect.getmodule(frame[0])
    module_name = module.__name__ if module else "?"
    order = getattr(module, "ORDER", 100)
    for scenario in scenarios:
        _SCENARIOS.append((order, module_name, len(_SCENARIOS), scenario))


def resolver(need: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the function that finds the value of ``{need}`` in the seeded database."""

    def wrap(fn: Callable[[], Any]) -> Callable[[], Any]:
        _RESOLVERS[need] = fn
        return fn

    return wrap


def _load_modules() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}")


def all_scenarios() -> list[Scenario]:
    """Every registered scenario: the ceiling first, then by module ORDER."""
    if not _SCENARIOS:
        _load_modules()
    ordered = [s for *_, s in sorted(_SCENARIOS, key=lambda item: item[:3])]
    ceilings = [s for s in ordered if s.ceiling]
    if len(ceilings) != 1:
        raise RuntimeError(f"Exactly one scenario must be the ceiling, found {len(ceilings)}.")
    return ceilings + [s for s in ordered if not s.ceiling]


def resolvers() -> dict[str, Callable[[], Any]]:
    if not _SCENARIOS:
        _load_modules()
    return dict(_RESOLVERS)
