"""The demo-data framework behind ``manage.py seed_demo``.

Each app that has demo data declares a ``seed.py`` module with a function::

    @seeder(order=20)
    def seed_trajectory(ctx: SeedContext) -> None: ...

``seed_demo`` imports ``<app>.seed`` for every installed project app, runs the
registered seeders by ``order`` (foundation first, then organisations, then the
modules), each in its own transaction. Seeders must be idempotent: key every row
on a natural key (``update_or_create``) so a second run creates nothing twice.
``ctx.scale`` multiplies the generated volume; ``ctx.random`` is seeded so the
same scale always gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "middenveld-demo"


@dataclass
class SeedContext:
    scale: int = 1
    random: random.Random = field(default_factory=lambda: random.Random(2021))
    accounts: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    write: Callable[[str], Any] = print

    def count(self, label: str, number: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + number


@dataclass(frozen=True)
class Seeder:
    order: int
    name: str
    fn: Callable[[SeedContext], None]


_SEEDERS: dict[str, Seeder] = {}


def seeder(order: int) -> Callable[[Callable[[SeedContext], None]], Callable[[SeedContext], None]]:
    def wrap(fn: Callable[[SeedContext], None]) -> Callable[[SeedContext], None]:
        name = f"{fn.__module__}.{fn.__name__}"
        _SEEDERS[name] = Seeder(order=order, name=name, fn=fn)
        return fn

    return wrap


def seeders() -> list[Seeder]:
    return sorted(_SEEDERS.values(), key=lambda s: (s.order, s.name))
