"""Ticking tasks off a checklist. Idempotent: ticking twice leaves one tick.

The database keeps one tick per task and owner (partial unique constraints);
a second submit of the same form, or two members ticking at the same moment,
ends with the one tick that is there.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

import middenveld.guide.timeline  # noqa: F401  (declares "guide.task_done")
from middenveld.core import rules
from middenveld.core.errors import NotFound
from middenveld.guide.models import Task, Tick
from middenveld.guide.owners import ChecklistOwner
from middenveld.organisations.timeline import timeline_record


def _allowed(user: Any, owner: ChecklistOwner) -> None:
    # Someone else's checklist is "not found", never "forbidden": no hint that it exists.
    if not rules.check("guide.tick", user, owner):
        raise NotFound(_("This checklist was not found."))


def task_get(*, task_id: Any) -> Task:
    try:
        return Task.objects.select_related("step").get(pk=int(task_id))
    except (TypeError, ValueError, OverflowError, Task.DoesNotExist):
        raise NotFound(_("This task was not found.")) from None


def task_tick(*, user: Any, task: Task, owner: ChecklistOwner) -> Tick:
    """Tick ``task`` off ``owner``'s checklist; the existing tick when it already is."""
    _allowed(user, owner)
    existing = Tick.objects.filter(owner.tick_filter, task=task).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            tick = Tick.objects.create(task=task, done_by=user, **owner.tick_fields())
            if owner.organisation is not None:
                timeline_record(
                    organisation=owner.organisation,
                    kind="guide.task_done",
                    actor=user,
                    subject=tick,
                    data={
                        "task": task.title_nl or task.title,  # type: ignore[attr-defined]
                        "task_id": task.pk,
                        "person": user.get_full_name(),
                        "person_id": user.pk,
                    },
                )
    except IntegrityError:
        # Someone ticked it in the same moment: theirs is the tick.
        existing = Tick.objects.filter(owner.tick_filter, task=task).first()
        if existing is None:  # pragma: no cover - the constraint that failed was another one
            raise
        return existing
    return tick


def task_untick(*, user: Any, task: Task, owner: ChecklistOwner) -> bool:
    """Take the tick away again; False when the task was not ticked."""
    _allowed(user, owner)
    deleted, _rows = Tick.objects.filter(owner.tick_filter, task=task).delete()
    return deleted > 0
