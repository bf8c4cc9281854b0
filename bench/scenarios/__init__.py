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

A ``{name}`` placeholder in a path is filled in by the resolver of that name. Resolvers run
once per benchmark, in a separate process with Django set up against the freshly seeded
benchmark database (production settings); returning ``None`` (nothing in the database)
turns the scenario into an error row. Keep the imports of app code inside the resolver:
this module is also imported by ``run.py``, which never sets Django up.
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
    needs    names of resolvers whose values fill the placeholders in ``path``.
    targets  whether the page targets apply (ratio >= 0.5 to the ceiling, p95 <= 50 ms);
             errors always count.
    ceiling  the trivial view every other page is compared with (exactly one).
    """

    path: str
    name: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    needs: tuple[str, ...] = ()
    targets: bool = True
    ceiling: bool = False

    def resolve(self, values: dict[str, str | None]) -> str | None:
        """The concrete path, or None when a needed value could not be found."""
        if any(values.get(need) is None for need in self.needs):
            return None
        return self.path.format(**{need: values[need] for need in self.needs})


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
