"""The read side of spaces: the catalogue, a space's availability, free spaces.

Availability is anonymous: it says when a space is taken (booked, or asked and
waiting for approval) and closed, never by whom. Times are Brussels wall-clock
times; a day is midnight to midnight in Brussels (23 or 25 hours when the clock
changes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from middenveld.spaces import times
from middenveld.spaces.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    Building,
    Closure,
    Occupancy,
    Occurrence,
    OpeningHours,
    Space,
)

#: The longest period one availability answer covers.
AVAILABILITY_MAX_DAYS = 62


@dataclass(frozen=True)
class Interval:
    starts_at: datetime  # Brussels local, aware
    ends_at: datetime
    kind: str  # "booked", "requested", "closed" or "free"
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "kind": self.kind,
            **({"label": self.label} if self.label else {}),
        }


@dataclass
class DayAvailability:
    day: date
    opening: list[tuple[time, time]]
    taken: list[Interval] = field(default_factory=list)
    free: list[Interval] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return bool(self.free) or bool(self.taken)

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "opening_hours": [[o.strftime("%H:%M"), c.strftime("%H:%M")] for o, c in self.opening],
            "taken": [interval.as_dict() for interval in self.taken],
            "free": [interval.as_dict() for interval in self.free],
        }


# --- The catalogue ------------------------------------------------------------------------


def building_list() -> QuerySet[Building]:
    return (
        Building.objects.filter(published=True)
        .select_related("district")
        .prefetch_related(
            Prefetch(
                "spaces",
                queryset=Space.objects.filter(parent__isnull=True).order_by("name"),
                to_attr="top_spaces",
            )
        )
        .order_by("name")
    )


def space_list(
    *,
    district: str | None = None,
    capacity: int | None = None,
    facilities: Iterable[str] = (),
    building: Building | None = None,
) -> QuerySet[Space]:
    """Bookable spaces of published buildings, with what the list shows."""
    spaces = Space.objects.filter(bookable=True, building__published=True)
    if district:
        spaces = spaces.filter(building__district__slug=district)
    if capacity:
        spaces = spaces.filter(capacity__gte=capacity)
    for code in facilities:
        spaces = spaces.filter(facilities__code=code)
    if building is not None:
        spaces = spaces.filter(building=building)
    return (
        spaces.select_related("building__district", "parent")
        .prefetch_related("facilities")
        .order_by("building__name", "name")
        .distinct()
    )


def space_get(building_slug: str, space_slug: str) -> Space | None:
    return (
        Space.objects.select_related("building__district", "parent")
        .prefetch_related("facilities", "parts", "tariffs")
        .filter(building__slug=building_slug, slug=space_slug)
        .first()
    )


# --- Units --------------------------------------------------------------------------------


def unit_map(spaces: Iterable[tuple[int, int | None]] | None = None) -> dict[int, list[int]]:
    """Every space's units (its smallest parts), from ``(id, parent_id)`` pairs."""
    pairs = (
        list(spaces) if spaces is not None else list(Space.objects.values_list("pk", "parent_id"))
    )
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in pairs:
        if parent is not None:
            children[parent].append(pk)

    result: dict[int, list[int]] = {}

    def leaves(pk: int, seen: frozenset[int]) -> list[int]:
        if pk in result:
            return result[pk]
        kids = [kid for kid in children.get(pk, ()) if kid not in seen]
        found = (
            sorted({leaf for kid in kids for leaf in leaves(kid, seen | {pk})}) if kids else [pk]
        )
        result[pk] = found
        return found

    for pk, _parent in pairs:
        leaves(pk, frozenset())
    return result


# --- Availability -------------------------------------------------------------------------


def _merge(intervals: list[tuple[datetime, datetime, str]]) -> list[tuple[datetime, datetime, str]]:
    """Merge overlapping intervals of the same kind; "booked" wins over "requested"."""
    merged: list[tuple[datetime, datetime, str]] = []
    for start, end, kind in sorted(intervals):
        if merged and start <= merged[-1][1] and kind == merged[-1][2]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), kind)
        else:
            merged.append((start, end, kind))
    return merged


def _subtract(
    windows: list[tuple[datetime, datetime]], taken: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    free: list[tuple[datetime, datetime]] = []
    for start, end in windows:
        cursor = start
        for busy_start, busy_end in sorted(taken):
            if busy_end <= cursor or busy_start >= end:
                continue
            if busy_start > cursor:
                free.append((cursor, busy_start))
            cursor = max(cursor, busy_end)
            if cursor >= end:
                break
        if cursor < end:
            free.append((cursor, end))
    return free


def _day_windows(
    day: date, opening: list[tuple[time, time]], has_hours: bool
) -> list[tuple[datetime, datetime]]:
    if not has_hours:
        start, end = times.day_bounds(day)
        return [(times.to_local(start), times.to_local(end))]
    windows = []
    for opens, closes in opening:
        try:
            windows.append(
                (
                    times.to_local(times.local(day, opens, fold=0)),
                    times.to_local(times.local(day, closes, fold=1)),
                )
            )
        except times.NonExistentTime:
            continue
    return windows


def space_availability(space: Space, first: date, last: date) -> list[DayAvailability]:
    """Day by day from ``first`` to ``last`` (both included): opening hours, what is
    taken (booked, waiting for approval, closed) and what is free."""
    if last < first:
        first, last = last, first
    last = min(last, first + timedelta(days=AVAILABILITY_MAX_DAYS - 1))
    low = times.day_bounds(first)[0]
    high = times.day_bounds(last)[1]
    units = unit_map(
        Space.objects.filter(building_id=space.building_id).values_list("pk", "parent_id")
    )
    unit_ids = units.get(space.pk, [space.pk])
    rows = Occupancy.objects.filter(
        unit_id__in=unit_ids, active=True, starts_at__lt=high, ends_at__gt=low
    ).values_list("starts_at", "ends_at", "occurrence__status")
    related = _related_ids(space)
    closures = list(
        Closure.objects.filter(
            Q(building_id=space.building_id) | Q(space_id__in=related),
            starts_at__lt=high,
            ends_at__gt=low,
        ).values_list("starts_at", "ends_at", "reason")
    )
    hours = list(
        OpeningHours.objects.filter(building_id=space.building_id).values_list(
            "weekday", "opens", "closes"
        )
    )
    per_weekday: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for weekday, opens, closes in hours:
        per_weekday[weekday].append((opens, closes))

    days: list[DayAvailability] = []
    day = first
    while day <= last:
        day_start, day_end = (times.to_local(value) for value in times.day_bounds(day))
        opening = sorted(per_weekday.get(day.weekday(), []))
        windows = _day_windows(day, opening, bool(hours))
        taken_raw: list[tuple[datetime, datetime, str]] = []
        for start, end, status in rows:
            if start < day_end and end > day_start:
                kind = "booked" if status == BookingStatus.CONFIRMED else "requested"
                taken_raw.append(
                    (max(times.to_local(start), day_start), min(times.to_local(end), day_end), kind)
                )
        closed = [
            Interval(
                max(times.to_local(start), day_start),
                min(times.to_local(end), day_end),
                "closed",
                reason,
            )
            for start, end, reason in closures
            if start < day_end and end > day_start
        ]
        merged = _merge(taken_raw)
        taken = [Interval(start, end, kind) for start, end, kind in merged] + closed
        taken.sort(key=lambda interval: (interval.starts_at, interval.kind))
        free = _subtract(
            windows,
            [(item.starts_at, item.ends_at) for item in taken],
        )
        days.append(
            DayAvailability(
                day=day,
                opening=opening if hours else [(time(0), time(0))],
                taken=taken,
                free=[Interval(start, end, "free") for start, end in free if end > start],
            )
        )
        day += timedelta(days=1)
    return days


def _related_ids(space: Space) -> list[int]:
    from middenveld.spaces.services import related_space_ids

    return related_space_ids(space)


# --- Free spaces --------------------------------------------------------------------------


def free_spaces(
    *,
    day: date,
    start: time,
    end: time,
    attendees: int | None = None,
    district: str | None = None,
    facilities: Iterable[str] = (),
) -> QuerySet[Space]:
    """Bookable spaces that are open and not taken on ``day`` from ``start`` to
    ``end`` (their own buffers included), for at least ``attendees`` people.

    Decided on plain rows (no model instances for the hundreds of candidates); the
    answer is a lazy queryset of the free ones, so a page builds only what it shows."""
    starts_at, ends_at = times.span(day, start, end, fold=0)
    candidates = list(
        space_list(district=district, capacity=attendees, facilities=facilities)
        .prefetch_related(None)
        .order_by()
        .values_list("pk", "building_id", "buffer_before_minutes", "buffer_after_minutes")
    )
    if not candidates:
        return Space.objects.none()
    widest_before = max(row[2] for row in candidates)
    widest_after = max(row[3] for row in candidates)
    low = starts_at - timedelta(minutes=widest_before)
    high = ends_at + timedelta(minutes=widest_after)
    building_ids = {row[1] for row in candidates}
    family_rows = list(
        Space.objects.filter(building_id__in=building_ids).values_list(
            "pk", "parent_id", "buffer_before_minutes", "buffer_after_minutes"
        )
    )
    units = unit_map((pk, parent) for pk, parent, _before, _after in family_rows)
    parents = {pk: parent for pk, parent, _before, _after in family_rows}
    # An occupancy lasts at most a day (25 hours when the clock goes back) plus the
    # buffers of the space booked, one of these buildings' spaces (a day more in case
    # staff shortened them since): a lower bound on its start lets the (unit, starts_at)
    # index answer instead of a scan of every occupancy.
    longest = timedelta(
        hours=49, minutes=max(before + after for *_ids, before, after in family_rows)
    )
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for unit, busy_start, busy_end in Occupancy.objects.filter(
        active=True,
        unit_id__in=sorted({unit for row in candidates for unit in units.get(row[0], [row[0]])}),
        starts_at__lt=high,
        starts_at__gt=low - longest,
        ends_at__gt=low,
    ).values_list("unit_id", "starts_at", "ends_at"):
        busy[unit].append((busy_start, busy_end))
    closed_buildings: set[int] = set()
    closed_spaces: set[int] = set()
    for building_id, space_id in Closure.objects.filter(
        starts_at__lt=ends_at, ends_at__gt=starts_at
    ).values_list("building_id", "space_id"):
        if building_id:
            closed_buildings.add(building_id)
        if space_id:
            closed_spaces.add(space_id)
    hours: dict[int, list[tuple[time, time]]] = defaultdict(list)
    with_hours: set[int] = set()
    for building_id, weekday, opens, closes in OpeningHours.objects.filter(
        building_id__in=building_ids
    ).values_list("building_id", "weekday", "opens", "closes"):
        with_hours.add(building_id)
        if weekday == day.weekday():
            hours[building_id].append((opens, closes))

    free: list[int] = []
    for pk, building_id, before, after in candidates:
        if building_id in closed_buildings:
            continue
        if building_id in with_hours and not any(
            opens <= start and end <= closes for opens, closes in hours[building_id]
        ):
            continue
        family = set(units.get(pk, [pk]))
        ancestor = parents.get(pk)
        while ancestor is not None and ancestor not in family:
            family.add(ancestor)
            ancestor = parents.get(ancestor)
        if family & closed_spaces or pk in closed_spaces:
            continue
        held_start = starts_at - timedelta(minutes=before)
        held_end = ends_at + timedelta(minutes=after)
        if any(
            busy_start < held_end and busy_end > held_start
            for unit in units.get(pk, [pk])
            for busy_start, busy_end in busy.get(unit, ())
        ):
            continue
        free.append(pk)
    return space_list().filter(pk__in=free)


# --- Bookings -----------------------------------------------------------------------------


def bookings_for_user(user: Any) -> QuerySet[Booking]:
    """The bookings of every organisation ``user`` is a member of."""
    return (
        Booking.objects.filter(organisation__memberships__user=user)
        .select_related("space__building", "organisation")
        .order_by("-created_at", "-pk")
    )


def bookings_waiting(
    *, person: Any = None, team_ids: Iterable[int] | None = None
) -> QuerySet[Booking]:
    """Requests waiting for a decision, oldest first. ``person``: only buildings managed
    by a team the person is in; ``team_ids``: only buildings managed by these teams."""
    waiting = Booking.objects.filter(status=BookingStatus.REQUESTED)
    if person is not None:
        waiting = waiting.filter(space__building__team__memberships__user_id=person.pk)
    if team_ids is not None:
        waiting = waiting.filter(space__building__team_id__in=list(team_ids))
    return waiting.select_related("space__building", "organisation", "requested_by").order_by(
        "created_at", "pk"
    )


def coming_occurrences(booking: Booking, *, now: datetime) -> Any:
    return booking.occurrences.filter(status__in=ACTIVE_STATUSES, starts_at__gt=now).order_by(
        "starts_at"
    )


# --- Open data ----------------------------------------------------------------------------


def public_occupancy(first: date, last: date) -> QuerySet[Any]:
    """Every active date (booked or waiting for approval) from ``first`` to ``last``
    (Brussels days, both included) on the catalogue's spaces, as
    ``(space_id, starts_at, ends_at, status)`` rows, space by space. Anonymous by
    construction: no organisation, purpose or person is selected."""
    low = times.day_bounds(first)[0]
    high = times.day_bounds(last)[1]
    return (
        Occurrence.objects.filter(
            status__in=ACTIVE_STATUSES,
            starts_at__lt=high,
            ends_at__gt=low,
            space__bookable=True,
            space__building__published=True,
        )
        .order_by("space_id", "starts_at", "pk")
        .values_list("space_id", "starts_at", "ends_at", "status")
    )


# --- For the API --------------------------------------------------------------------------


def space_by_id(pk: int) -> Space | None:
    """One space with everything its detail shows (the caller checks ``spaces.view``)."""
    return (
        Space.objects.select_related("building__district", "parent")
        .prefetch_related(
            "facilities", "parts", "tariffs", "building__opening_hours", "building__photos"
        )
        .filter(pk=pk)
        .first()
    )


def booking_list(
    *,
    user: Any,
    everyone: bool = False,
    status: str | None = None,
    space_id: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet[Booking]:
    """The bookings of ``user``'s organisations (``everyone``: all, for city staff)."""
    bookings = (
        Booking.objects.select_related("space__building", "organisation").order_by(
            "-created_at", "-pk"
        )
        if everyone
        else bookings_for_user(user)
    )
    if status:
        bookings = bookings.filter(status=status)
    if space_id is not None:
        bookings = bookings.filter(space_id=space_id)
    if organisation_id is not None:
        bookings = bookings.filter(organisation_id=organisation_id)
    return bookings


def booking_by_id(pk: int) -> Booking | None:
    """One booking with its dates (the caller checks ``spaces.view_booking``)."""
    return (
        Booking.objects.select_related("space__building", "organisation")
        .prefetch_related("occurrences")
        .filter(pk=pk)
        .first()
    )
