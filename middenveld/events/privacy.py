"""A person's registrations for events: what we export, what we erase.

Erasing cancels the person's registrations for events still to come (a place that
frees goes to the first person waiting) and clears what they said they need
(interpreting, childcare, food: it may tell something about their health or origin).
The rows stay, anonymised with the account, so the counts of past events stay right.
In organisations' 360° timelines their name becomes "a former member".
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.events.models import ACTIVE_STATUSES, Registration
from middenveld.organisations.models import TimelineEvent


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("events")
def events_export(user: Any) -> list[dict[str, Any]]:
    registrations = Registration.objects.filter(person=user).select_related(
        "event", "organisation", "interpreter_language"
    )
    return [
        {
            "event": r.event.title,
            "event_slug": r.event.slug,
            "starts_at": _iso(r.event.starts_at),
            "organisation": r.organisation.name if r.organisation else None,
            "status": r.status,
            "registered_at": _iso(r.created_at),
            "moved_up_at": _iso(r.promoted_at),
            "cancelled_at": _iso(r.cancelled_at),
            "checked_in_at": _iso(r.checked_in_at),
            "reminded_at": _iso(r.reminded_at),
            "needs": {
                "interpreter_language": r.interpreter_language.code
                if r.interpreter_language
                else None,
                "sign_language": r.sign_language,
                "childcare": r.childcare,
                "step_free_access": r.step_free_access,
                "dietary_needs": r.dietary_needs,
            },
        }
        for r in registrations.order_by("created_at", "id")
    ]


@register_eraser("events")
def events_erase(user: Any) -> None:
    from middenveld.events.services import registration_cancel

    upcoming = Registration.objects.filter(
        person=user, status__in=ACTIVE_STATUSES, event__starts_at__gt=timezone.now()
    ).select_related("event")
    for registration in upcoming:
        registration_cancel(registration=registration, by=user)
    Registration.objects.filter(person=user).update(
        interpreter_language=None,
        sign_language=False,
        childcare=False,
        step_free_access=False,
        dietary_needs="",
    )
    for event in TimelineEvent.objects.filter(kind__startswith="events.", data__person_id=user.pk):
        data = dict(event.data)
        data.update(person="—", person_id=None, person_erased=True)
        event.data = data
        event.save(update_fields=["data"])
