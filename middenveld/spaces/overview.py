"""The spaces panel of an organisation's 360° view (``organisations.overview``):
its requests waiting for a decision and its coming bookings (space, next date,
status). Four queries, whatever the number of bookings."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.overview import overview_panel
from middenveld.spaces.models import ACTIVE_STATUSES, Booking, BookingStatus, Occurrence

#: How many bookings each table of the panel shows.
PANEL_ROWS = 10


def spaces_overview(organisation: Any, viewer: Any) -> dict[str, Any]:
    now = timezone.now()
    next_date = (
        Occurrence.objects.filter(
            booking_id=OuterRef("pk"), status__in=ACTIVE_STATUSES, starts_at__gt=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    bookings = (
        Booking.objects.filter(organisation_id=organisation.pk)
        .annotate(next_at=Subquery(next_date))
        .select_related("space__building")
    )
    waiting = list(
        bookings.filter(status=BookingStatus.REQUESTED).order_by(
            F("next_at").asc(nulls_last=True), "created_at", "pk"
        )[: PANEL_ROWS + 1]
    )
    coming = list(
        bookings.filter(status=BookingStatus.CONFIRMED, next_at__isnull=False)
        .annotate(
            dates_left=Count(
                "occurrences",
                filter=Q(occurrences__status__in=ACTIVE_STATUSES, occurrences__starts_at__gt=now),
            )
        )
        .order_by("next_at", "pk")[: PANEL_ROWS + 1]
    )
    counts = Booking.objects.filter(organisation_id=organisation.pk).aggregate(
        requested=Count("pk", filter=Q(status=BookingStatus.REQUESTED)),
        total=Count("pk"),
    )
    return {
        "waiting": waiting[:PANEL_ROWS],
        "more_waiting": len(waiting) > PANEL_ROWS,
        "coming": coming[:PANEL_ROWS],
        "more_coming": len(coming) > PANEL_ROWS,
        "requested": counts["requested"],
        "total": counts["total"],
    }


overview_panel(
    "spaces",
    title=_("Bookings of city spaces"),
    template="spaces/staff/_overview_panel.html",
    context=spaces_overview,
    order=60,
)
