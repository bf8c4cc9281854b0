"""A person's part in coaching: what we export, what we erase.

Coaching belongs to the organisation: requests, trajectories, sessions and notes stay
when a person erases their account (the account row stays, anonymised, so the links
read "a deleted account"; were it ever deleted, the links become empty: SET_NULL).
What is about the person goes: the availability they wrote in a request, and their
name as a coach in the 360° timeline.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.coaching.models import CoachingRequest, Note, Session, Trajectory
from middenveld.organisations.models import TimelineEvent


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("coaching")
def coaching_export(user: Any) -> dict[str, Any]:
    return {
        "requests": [
            {
                "organisation": r.organisation.name,
                "themes": r.themes,
                "text": r.text,
                "language": r.language.code if r.language else None,
                "availability": r.availability,
                "status": r.status,
                "created_at": _iso(r.created_at),
                "decided_at": _iso(r.decided_at),
            }
            for r in CoachingRequest.objects.filter(asked_by=user).select_related(
                "organisation", "language"
            )
        ],
        "coached": [
            {
                "organisation": t.organisation.name,
                "status": t.status,
                "started_at": _iso(t.started_at),
                "closed_at": _iso(t.closed_at),
            }
            for t in Trajectory.objects.filter(coach=user).select_related("organisation")
        ],
        "sessions_recorded": Session.objects.filter(recorded_by=user).count(),
        "notes_written": [
            {
                "organisation": n.trajectory.organisation.name,
                "text": n.text,
                "internal": n.internal,
                "created_at": _iso(n.created_at),
            }
            for n in Note.objects.filter(author=user).select_related("trajectory__organisation")
        ],
    }


@register_eraser("coaching")
def coaching_erase(user: Any) -> None:
    CoachingRequest.objects.filter(asked_by=user).update(availability="")
    for event in TimelineEvent.objects.filter(
        Q(kind__startswith="coaching.") & Q(data__coach_id=user.pk)
    ):
        data = dict(event.data)
        data.update(coach="—", coach_id=None)
        event.data = data
        event.save(update_fields=["data"])
