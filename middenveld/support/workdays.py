"""Working-day arithmetic for the support desk's response-time targets.

Targets are promised in working days: weekends, the ten Belgian legal public holidays and the
city's own closing days do not count. This module does only that arithmetic. It has no models,
no settings and no user-facing text, so services, selectors, tasks and tests can all use it.

How the tickets model is meant to use it::

    from datetime import date

    from middenveld.support.workdays import WorkingCalendar

    CALENDAR = WorkingCalendar(
        annual_closed=frozenset({(1, 2), (11, 15)}),  # 2 January, Feest van de Dynastie
        extra_closed=frozenset({date(2026, 12, 24)}),  # a one-off closing day
    )

    # When a question comes in (created_at is aware, usually in UTC):
    due_at = CALENDAR.add_working_days(created_at, topic.first_answer_days)

    # The queue: order_by("due_at") already puts the questions that are about to pass their
    # target first, because the due moment grows with the working time left.
    # For the label and for escalation:
    left = CALENDAR.working_days_left(question.due_at, timezone.now())
    # left > 0: that many working days left; left == 0: due today (compare now with due_at to
    # know whether the moment itself has passed); left < 0: -left working days overdue.

Store ``due_at`` when the question is created instead of recomputing it, so that closing days
added later do not move promises that were already made.

The rule for a due moment is in :meth:`WorkingCalendar.add_working_days`. All arithmetic happens
on the wall clock of ``WorkingCalendar.timezone`` (Europe/Brussels), so changes to and from
summer time never shift a due time.
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

__all__ = [
    "BRUSSELS",
    "WorkingCalendar",
    "belgian_public_holidays",
    "easter_sunday",
]

BRUSSELS = ZoneInfo("Europe/Brussels")

_ONE_DAY = timedelta(days=1)


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of ``year`` in the Gregorian calendar.

    Uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher), which is exact for every
    Gregorian year.
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=512)
def _holidays(year: int) -> Mapping[date, str]:
    easter = easter_sunday(year)
    holidays: dict[date, str] = {}
    # In the order the law lists them. When two fall on the same date (Ascension on 1 May, as
    # in 2008) the date keeps the first name: there is no substitute day, so it closes once.
    for day, key in (
        (date(year, 1, 1), "new_year"),
        (easter + timedelta(days=1), "easter_monday"),
        (date(year, 5, 1), "labour_day"),
        (easter + timedelta(days=39), "ascension_day"),
        (easter + timedelta(days=50), "whit_monday"),
        (date(year, 7, 21), "national_day"),
        (date(year, 8, 15), "assumption"),
        (date(year, 11, 1), "all_saints"),
        (date(year, 11, 11), "armistice"),
        (date(year, 12, 25), "christmas"),
    ):
        holidays.setdefault(day, key)
    return MappingProxyType(holidays)


def belgian_public_holidays(year: int) -> dict[date, str]:
    """Return the ten Belgian legal public holidays of ``year``, date to English key.

    Keys: ``new_year``, ``easter_monday``, ``labour_day``, ``ascension_day``, ``whit_monday``,
    ``national_day``, ``assumption``, ``all_saints``, ``armistice``, ``christmas``.

    A holiday on a Saturday or Sunday is still listed; the law gives no substitute weekday, so it
    simply does not remove a working day. In the rare years where Ascension falls on 1 May
    (2008, 2160) the dict has nine entries and that date is ``labour_day``.

    The computation is cached per year; the returned dict is a fresh copy that callers may change.
    """
    return dict(_holidays(year))


def _require_date(value: object, name: str) -> date:
    # datetime is a subclass of date, but it never equals one, so a datetime would silently miss
    # every holiday. Refuse it instead of guessing which time zone its date should be read in.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    return value


def _require_datetime(value: object, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days, and arithmetic with them.

    A day is a working day unless its weekday is in ``weekend`` (Monday is 0, so the default
    ``{5, 6}`` is Saturday and Sunday), it is a Belgian legal public holiday, it is in
    ``extra_closed`` (one-off dates), or its (month, day) is in ``annual_closed`` (closing days
    that come back every year, such as ``(11, 15)`` for the Feest van de Dynastie; ``(2, 29)``
    only applies in leap years).

    Plain sets are accepted for the set fields and stored as frozensets, so a calendar is
    immutable and hashable.
    """

    extra_closed: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    annual_closed: frozenset[tuple[int, int]] = frozenset()
    opening_time: time = time(9, 0)
    timezone: ZoneInfo = BRUSSELS
    _closed_by_year: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        extra_closed = frozenset(self.extra_closed)
        for day in extra_closed:
            _require_date(day, "extra_closed")
        weekend = frozenset(self.weekend)
        if not weekend <= frozenset(range(7)):
            raise ValueError("weekend holds weekday numbers from 0 (Monday) to 6 (Sunday)")
        if len(weekend) == 7:
            raise ValueError("a calendar needs at least one working weekday")
        annual_closed = frozenset(self.annual_closed)
        for month, day_of_month in annual_closed:
            date(2000, month, day_of_month)  # a leap year: raises ValueError for impossible dates
        if self.opening_time.tzinfo is not None:
            raise ValueError("opening_time is a wall-clock time without tzinfo")
        object.__setattr__(self, "extra_closed", extra_closed)
        object.__setattr__(self, "weekend", weekend)
        object.__setattr__(self, "annual_closed", annual_closed)

    # -- days ------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Tell whether ``day`` (a date, not a datetime) is a working day."""
        _require_date(day, "day")
        return day.weekday() not in self.weekend and day not in self._closed_weekdays(day.year)

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days after ``start`` up to and including ``end``.

        Negative when ``end`` is before ``start``: ``working_days_between(a, b)`` is always
        ``-working_days_between(b, a)``, and counts add up: ``between(a, b) + between(b, c) ==
        between(a, c)``. From a working day ``d``, ``add_working_days`` lands on the date ``e``
        with ``working_days_between(d, e) == days``.

        Examples (2026): Friday 3 April to Tuesday 7 April is 1 (Easter Monday is a holiday);
        Monday 19 January to Wednesday 14 January is -3.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            return -self._count_after(end, start)
        return self._count_after(start, end)

    # -- moments ---------------------------------------------------------------------------

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Return the moment a target of ``days`` working days falls due, counted from ``start``.

        The rule:

        1. If ``start`` falls on a working day, the count starts at ``start`` itself. Otherwise
           (weekend, holiday, closing day) it starts on the next working day at
           ``opening_time`` (09:00): a question that comes in while the office is closed counts
           as coming in when it opens.
        2. The due moment is that time of day, ``days`` working days later. With ``days == 0``
           it is the starting moment of step 1.

        Only days count, not office hours: a question at 22:00 on a working day is due at
        22:00 on the due day.

        Examples, with a Saturday-Sunday weekend, in 2026:

        - Friday 16 January 17:00, 2 days: Tuesday 20 January 17:00 (Monday is day 1).
        - Saturday 17 January 10:00, 2 days: Wednesday 21 January 09:00 (the count starts on
          Monday at 09:00).
        - Thursday 2 April 11:00, 2 days: Tuesday 7 April 11:00 (Easter Monday is skipped).
        - Easter Monday 6 April 14:00, 0 days: Tuesday 7 April 09:00.

        Time zones: the rule works on the wall clock of ``self.timezone``. An aware ``start`` is
        converted to that zone and the due moment is converted back to ``start``'s tzinfo, so a
        UTC ``created_at`` gives a UTC ``due_at`` with the same Brussels time of day, also across
        a change to or from summer time: Friday 27 March 2026 17:00 CET plus 1 day is Monday
        30 March 17:00 CEST (16:00 UTC becomes 15:00 UTC). A naive ``start`` is read as wall-clock
        time in ``self.timezone`` and gives a naive result. (Clocks change on Sundays, so with a
        Saturday-Sunday weekend a due time never falls in a skipped or repeated hour.)

        Raises ValueError when ``days`` is negative.
        """
        _require_datetime(start, "start")
        if isinstance(days, bool) or not isinstance(days, int):
            raise TypeError(f"days must be an int, not {type(days).__name__}")
        if days < 0:
            raise ValueError(f"days must not be negative, got {days}")

        local = start if start.tzinfo is None else start.astimezone(self.timezone)
        day, time_of_day = local.date(), local.time()
        if not self.is_working_day(day):
            day, time_of_day = self._next_working_day(day), self.opening_time
        due = datetime.combine(self._add_to_date(day, days), time_of_day)
        if start.tzinfo is None:
            return due
        return due.replace(tzinfo=self.timezone).astimezone(start.tzinfo)

    def working_days_left(self, due: datetime, now: datetime) -> int:
        """Return how many working days are left until ``due``, negative once it has passed.

        Counted in whole days on the local calendar: ``working_days_between(now's date,
        due's date)``. Positive: that many working days left; 0: due today (compare ``now``
        with ``due`` to know whether the moment itself has passed); negative: that many working
        days overdue. With due Wednesday 17:00, on the Monday before it is 2, on Wednesday it is
        0, on Thursday -1 and on the next Monday -3 (Thursday, Friday, Monday).

        Aware values are read in ``self.timezone``, naive ones as wall-clock time there.
        """
        return self.working_days_between(
            self._local_date(_require_datetime(now, "now")),
            self._local_date(_require_datetime(due, "due")),
        )

    # -- internals -------------------------------------------------------------------------

    def _local_date(self, moment: datetime) -> date:
        if moment.tzinfo is None:
            return moment.date()
        return moment.astimezone(self.timezone).date()

    def _closed_weekdays(self, year: int) -> frozenset[date]:
        """Dates of ``year`` that are closed although their weekday is not in the weekend."""
        closed = self._closed_by_year.get(year)
        if closed is None:
            candidates = set(_holidays(year))
            candidates.update(day for day in self.extra_closed if day.year == year)
            candidates.update(
                date(year, month, day_of_month)
                for month, day_of_month in self.annual_closed
                if (month, day_of_month) != (2, 29) or isleap(year)
            )
            closed = frozenset(day for day in candidates if day.weekday() not in self.weekend)
            self._closed_by_year[year] = closed
        return closed

    def _count_after(self, start: date, end: date) -> int:
        """Working days d with start < d <= end, for end >= start, without walking every day."""
        weeks, rest = divmod((end - start).days, 7)
        first = start.weekday()
        weekdays = weeks * (7 - len(self.weekend)) + sum(
            1 for offset in range(1, rest + 1) if (first + offset) % 7 not in self.weekend
        )
        closed = sum(
            1
            for year in range(start.year, end.year + 1)
            for day in self._closed_weekdays(year)
            if start < day <= end
        )
        return weekdays - closed

    def _next_working_day(self, day: date) -> date:
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def _add_to_date(self, day: date, days: int) -> date:
        """The working day reached after ``days`` working days past ``day`` (``day`` if 0)."""
        per_week = 7 - len(self.weekend)
        # Jump whole weeks while that cannot overshoot: a jump of n weeks covers at most
        # n * per_week working days and leaves at least one to count day by day, so the result
        # is always reached by the final walk and is a working day.
        while (weeks := (days - 1) // per_week) > 0:
            target = day + timedelta(weeks=weeks)
            days -= self._count_after(day, target)
            day = target
        for _ in range(days):
            day = self._next_working_day(day)
        return day
