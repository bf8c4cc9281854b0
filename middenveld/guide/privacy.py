"""A person's own checklist ("just me") is their personal data: exported and erased with the account.

An organisation's checklist belongs to the organisation and stays; the person's
name is taken off the ticks they made (``done_by``). Their name in the timeline
is anonymised by the organisations' eraser (it carries ``person_id``).
"""

from __future__ import annotations

from typing import Any

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.guide.models import Tick


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("starters_guide")
def guide_export(user: Any) -> dict[str, Any]:
    return {
        "my_checklist": [
            {"step": t.task.step.title, "task": t.task.title, "done_at": _iso(t.done_at)}
            for t in Tick.objects.filter(user=user).select_related("task__step")
        ],
        "ticked_for_organisations": [
            {
                "organisation": t.organisation.name if t.organisation else None,
                "task": t.task.title,
                "done_at": _iso(t.done_at),
            }
            for t in Tick.objects.filter(done_by=user, organisation__isnull=False).select_related(
                "task", "organisation"
            )
        ],
    }


@register_eraser("starters_guide")
def guide_erase(user: Any) -> None:
    Tick.objects.filter(user=user).delete()
    Tick.objects.filter(done_by=user).update(done_by=None)
