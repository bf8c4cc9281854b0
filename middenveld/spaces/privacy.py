"""A person's part in bookings of spaces: what we export, what we erase.

Bookings and requests for weekly use belong to the organisation and stay; erasing
a person removes their name from them: who asked (``requested_by``), who decided or
cancelled (for city staff who leave), and who acted in the log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.spaces.models import (
    AllocationPreference,
    AllocationRequest,
    AllocationRound,
    Booking,
    BookingLog,
    Occurrence,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("spaces")
def spaces_export(user: Any) -> dict[str, Any]:
    bookings = (
        Booking.objects.filter(requested_by_id=user.pk)
        .select_related("space__building", "organisation")
        .prefetch_related(
            Prefetch("occurrences", queryset=Occurrence.objects.order_by("starts_at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    requests = (
        AllocationRequest.objects.filter(requested_by_id=user.pk)
        .select_related("allocation_round", "organisation")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=AllocationPreference.objects.select_related("space__building").order_by(
                    "rank"
                ),
            )
        )
        .order_by("created_at", "pk")
    )
    return {
        "bookings": [
            {
                "id": booking.pk,
                "space": str(booking.space),
                "organisation": booking.organisation.name,
                "purpose": booking.purpose,
                "attendees": booking.attendees,
                "status": booking.status,
                "requested_at": _iso(booking.created_at),
                "dates": [
                    {
                        "starts_at": _iso(date.starts_at),
                        "ends_at": _iso(date.ends_at),
                        "status": date.status,
                    }
                    for date in booking.occurrences.all()
                ],
            }
            for booking in bookings
        ],
        "allocation_requests": [
            {
                "id": request.pk,
                "round": request.allocation_round.name,
                "organisation": request.organisation.name,
                "purpose": request.purpose,
                "attendees": request.attendees,
                "weekday": request.weekday,
                "start_time": request.start_time.strftime("%H:%M"),
                "end_time": request.end_time.strftime("%H:%M"),
                "interval_weeks": request.interval_weeks,
                "status": request.status,
                "sent_at": _iso(request.created_at),
                "spaces": [str(preference.space) for preference in request.preferences.all()],
            }
            for request in requests
        ],
    }


@register_eraser("spaces")
def spaces_erase(user: Any) -> None:
    Booking.objects.filter(requested_by_id=user.pk).update(requested_by=None)
    Booking.objects.filter(decided_by_id=user.pk).update(decided_by=None)
    Occurrence.objects.filter(cancelled_by_id=user.pk).update(cancelled_by=None)
    AllocationRequest.objects.filter(requested_by_id=user.pk).update(requested_by=None)
    BookingLog.objects.filter(actor_id=user.pk).update(actor=None)
    AllocationRound.objects.filter(created_by_id=user.pk).update(created_by=None)
