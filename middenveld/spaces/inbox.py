"""Booking requests as a source of the staff inbox (``middenveld.city.inbox``).

A request waits for a decision before its first date: that date is its due time,
and the inbox shows the soonest first. "For me" holds nothing (a request has no
person at the city); "for my teams" holds the requests for buildings that one of my
teams manages (``Building.team``); "everything" holds all waiting requests. Only
people who may decide see the source (rule ``spaces.decide``).
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.spaces import selectors
from middenveld.spaces.models import Booking, BookingStatus, Occurrence


def request_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if scope.mine:
        return [], 0
    if scope.everything:
        waiting = selectors.bookings_waiting()
    else:
        waiting = selectors.bookings_waiting(team_ids=scope.team_ids)
    first_date = (
        Occurrence.objects.filter(booking_id=OuterRef("pk"), status=BookingStatus.REQUESTED)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    waiting = waiting.annotate(first_at=Subquery(first_date)).order_by(
        F("first_at").asc(nulls_last=True), "created_at", "pk"
    )
    rows, count = rows_and_count(
        waiting.values_list(
            "pk",
            "purpose",
            "space__name",
            "space__building__name",
            "created_at",
            "first_at",
            "organisation__name",
        ),
        limit,
    )
    url = reverse("beheer:spaces_request", args=[0]).replace("/0/", "/{}/")
    items = [
        InboxItem(
            title=_("Decide on the request for %(space)s in %(building)s: %(purpose)s")
            % {"space": space, "building": building, "purpose": purpose},
            url=url.format(pk),
            since=created_at,
            due=first_at,
            organisation=organisation or "",
        )
        for pk, purpose, space, building, created_at, first_at, organisation in rows
    ]
    return items, count


inbox_source(
    "spaces.requests",
    label=gettext_lazy("Booking requests"),
    items=request_items,
    rule="spaces.decide",
    order=40,
    models=(Booking,),
)
