"""Reads for the starter's guide: steps with their tasks, and the state of a checklist."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.errors import NotFound
from middenveld.guide.models import Step, Task, Tick
from middenveld.guide.owners import ME, ChecklistOwner
from middenveld.organisations.models import Organisation

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def step_list() -> QuerySet[Step]:
    return Step.objects.prefetch_related(
        Prefetch("tasks", queryset=Task.objects.order_by("order", "id"))
    ).order_by("order", "id")


def step_get(*, slug: str) -> Step:
    """One step with its tasks; ``Step.DoesNotExist`` when there is none."""
    return step_list().get(slug=slug)


def checklist_organisations(user: Any) -> list[Organisation]:
    """The organisations whose checklist ``user`` may open: every membership, any status."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(memberships__user_id=user.pk)
        .only("id", "name", "slug", "status")
        .order_by("name_key", "id")
    )


def checklist_owner_get(
    *, user: Any, key: str | None, organisations: list[Organisation] | None = None
) -> ChecklistOwner:
    """Whose checklist ``?voor=<key>`` opens for ``user``.

    ``mij`` is the person's own; an organisation's slug is that organisation's,
    for its members only. Without a key: the person's first organisation, or their
    own checklist when they have none. Anything else is NotFound (never a hint).
    """
    not_found = NotFound(_("This checklist was not found."))
    if not getattr(user, "is_authenticated", False):
        raise not_found
    key = (key or "").strip()[:220]
    if key == ME:
        owner = ChecklistOwner(user=user)
    elif not key:
        mine = organisations if organisations is not None else checklist_organisations(user)
        owner = ChecklistOwner(organisation=mine[0]) if mine else ChecklistOwner(user=user)
    elif not _SLUG.fullmatch(key):
        # Not an address an organisation can have (a NUL byte would even upset PostgreSQL).
        raise not_found
    else:
        known = {o.slug: o for o in organisations or []}
        organisation = known.get(key) or Organisation.objects.filter(slug=key).first()
        if organisation is None:
            raise not_found
        owner = ChecklistOwner(organisation=organisation)
    if not rules.check("guide.view_checklist", user, owner):
        raise not_found
    return owner


def checklist_ticks(owner: ChecklistOwner) -> dict[int, Tick]:
    """The ticks of one checklist by task id."""
    ticks = Tick.objects.filter(owner.tick_filter).select_related("done_by")
    return {tick.task_id: tick for tick in ticks}


@dataclass
class StepState:
    step: Step
    tasks: list[tuple[Task, Tick | None]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for _task, tick in self.tasks if tick is not None)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass
class Checklist:
    owner: ChecklistOwner
    steps: list[StepState]

    @property
    def done(self) -> int:
        return sum(s.done for s in self.steps)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def for_step(self, step_id: int) -> StepState | None:
        return next((s for s in self.steps if s.step.pk == step_id), None)


def checklist_get(owner: ChecklistOwner, steps: list[Step] | None = None) -> Checklist:
    """Every step and task with its tick on ``owner``'s checklist: three queries."""
    steps = steps if steps is not None else list(step_list())
    ticks = checklist_ticks(owner)
    return Checklist(
        owner=owner,
        steps=[
            StepState(step=s, tasks=[(t, ticks.get(t.pk)) for t in s.tasks.all()]) for s in steps
        ],
    )
