"""Spaces: the catalogue, one space's availability for a month (page and API), "which spaces
are free on this date from 19:00 to 21:00 for 30 people" (page and API), and the demo
citizen's bookings.

At --scale 10 ``seed_demo`` holds 134 buildings with 708 spaces and over 300,000 booking
dates with their occupancy rows (middenveld/spaces/seed.py). The resolvers pick, in the
seeded database:

- the month: the month of the day 45 days from now (inside the seeded range, which runs
  26 weeks ahead), and in it the top-level space with the most active booking dates;
- the day: the Monday to Thursday 2 to 6 weeks ahead on which most units are taken
  between 19:00 and 21:00.

Targets (issue 5): availability for a month p95 <= 30 ms; free spaces p95 <= 100 ms.
Anonymous answers come from the page cache, keyed on the public version and on the
bookings' version ("spaces", bumped in the same transaction as every booking change), and
kept at most 5 minutes. The rows "signed in" show the same pages computed live for every
request (signed-in pages are never cached): the cost of a cache miss.

The concurrency scenarios (200 requests for one slot, 40 writers) are not load runs of
one page: ``bench/spaces_concurrency.py`` (see bench/README.md).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import lru_cache
from typing import Any

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 48  # after the events (47), before the foundation's API pages (50)

CITIZEN = "burger@example.org"
FREE = "datum={busy_day}&van=19:00&tot=21:00&personen=30"

register(
    Scenario("/ruimtes/", "spaces: catalogue"),
    Scenario(
        "/ruimtes/{busy_space_path}/?maand={busy_month}", "spaces: availability of a month",
        needs=("busy_space_path", "busy_month"), p95_ms=30,
    ),
    Scenario(
        "/api/v1/spaces/{busy_space_id}/availability?from={month_first}&to={month_last}",
        "API: availability of a month", needs=("busy_space_id", "month_first", "month_last"),
        p95_ms=30,
    ),
    Scenario(f"/ruimtes/?{FREE}", "spaces: free 19-21 for 30", needs=("busy_day",), p95_ms=100),
    Scenario(
        "/api/v1/spaces?date={busy_day}&from=19:00&to=21:00&capacity=30",
        "API: free 19-21 for 30", needs=("busy_day",), p95_ms=100,
    ),
    Scenario(
        "/ruimtes/{busy_space_path}/?maand={busy_month}", "spaces: availability, signed in (live)",
        headers={"Cookie": "{spaces_citizen}"}, needs=("busy_space_path", "busy_month", "spaces_citizen"),
        targets=False,
    ),
    Scenario(
        f"/ruimtes/?{FREE}", "spaces: free 19-21 for 30, signed in (live)",
        headers={"Cookie": "{spaces_citizen}"}, needs=("busy_day", "spaces_citizen"),
        targets=False,
    ),
    Scenario(
        "/mijn/boekingen/", "spaces: my bookings (signed in)",
        headers={"Cookie": "{spaces_citizen}"}, needs=("spaces_citizen",),
    ),
)  # fmt: skip


@lru_cache(maxsize=1)
def _busy_month() -> dict[str, Any] | None:
    """The month 45 days from now and its busiest top-level space."""
    from django.db.models import Count
    from django.utils import timezone

    from middenveld.spaces import times
    from middenveld.spaces.models import ACTIVE_STATUSES, Occurrence

    day = timezone.localdate() + timedelta(days=45)
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    low, high = times.day_bounds(first)[0], times.day_bounds(last)[1]
    busiest = (
        Occurrence.objects.filter(
            starts_at__gte=low,
            starts_at__lt=high,
            status__in=ACTIVE_STATUSES,
            space__parent__isnull=True,
            space__bookable=True,
            space__building__published=True,
        )
        .values("space_id", "space__slug", "space__building__slug")
        .annotate(dates=Count("id"))
        .order_by("-dates", "space_id")
        .first()
    )
    if busiest is None:
        return None
    return {
        "space_id": busiest["space_id"],
        "path": f"{busiest['space__building__slug']}/{busiest['space__slug']}",
        "month": f"{first:%Y-%m}",
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


def _month(key: str) -> str | None:
    found = _busy_month()
    return None if found is None else str(found[key])


@resolver("busy_space_path")
def busy_space_path() -> str | None:
    return _month("path")


@resolver("busy_space_id")
def busy_space_id() -> str | None:
    return _month("space_id")


@resolver("busy_month")
def busy_month() -> str | None:
    return _month("month")


@resolver("month_first")
def month_first() -> str | None:
    return _month("first")


@resolver("month_last")
def month_last() -> str | None:
    return _month("last")


@resolver("busy_day")
def busy_day() -> str | None:
    """The Monday to Thursday 2 to 6 weeks ahead with the most units taken 19:00–21:00."""
    from django.utils import timezone

    from middenveld.spaces import times
    from middenveld.spaces.models import Occupancy

    today = timezone.localdate()
    best: tuple[int, date] | None = None
    for offset in range(14, 43):
        day = today + timedelta(days=offset)
        if day.weekday() > 3:
            continue
        starts_at, ends_at = times.span(day, time(19, 0), time(21, 0))
        taken = Occupancy.objects.filter(
            active=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).count()
        if taken and (best is None or taken > best[0]):
            best = (taken, day)
    return None if best is None else best[1].isoformat()


@resolver("spaces_citizen")
def spaces_citizen() -> str | None:
    return session_cookie(CITIZEN)
