"""Wall-clock times in Europe/Brussels, and the two days a year they misbehave.

People book "Tuesday 19:00–21:00" in Brussels time. Each date's wall-clock time is
turned into an aware datetime here, so a weekly series at 19:00 stays at 19:00
across the change of hour, and durations and fees follow the real elapsed time
(01:00–04:00 on the last Sunday of October lasts four hours).

* On the last Sunday of March the clock jumps from 02:00 to 03:00: 02:30 does not
  exist and is refused (``NonExistentTime``).
* On the last Sunday of October the clock goes from 03:00 back to 02:00: 02:30
  happens twice. Without a choice it is refused (``AmbiguousTime``); ``fold=0`` is
  the first time (summer time, +02:00), ``fold=1`` the second (winter time, +01:00).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid

BRUSSELS = ZoneInfo("Europe/Brussels")


class NonExistentTime(Invalid):
    code = "time_does_not_exist"


class AmbiguousTime(Invalid):
    code = "time_ambiguous"


def is_ambiguous(day: date, clock: time) -> bool:
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=BRUSSELS, fold=0)
    second = naive.replace(tzinfo=BRUSSELS, fold=1)
    return first.utcoffset() != second.utcoffset() and _exists(naive)


def _exists(naive: datetime) -> bool:
    aware = naive.replace(tzinfo=BRUSSELS)
    return aware.astimezone(UTC).astimezone(BRUSSELS).replace(tzinfo=None) == naive


def local(
    day: date, clock: time, *, fold: int | None = None, field: str = "start_time"
) -> datetime:
    """The aware datetime of ``clock`` on ``day`` in Brussels, or a clear refusal."""
    naive = datetime.combine(day, clock)
    if not _exists(naive):
        raise NonExistentTime(
            _(
                "%(time)s does not exist on %(day)s: the clock jumps from 02:00 to 03:00 "
                "that night. Choose another time."
            )
            % {"time": clock.strftime("%H:%M"), "day": day.strftime("%d/%m/%Y")},
            fields={field: [_("This time does not exist on that day.")]},
        )
    if is_ambiguous(day, clock):
        if fold not in (0, 1):
            raise AmbiguousTime(
                _(
                    "%(time)s happens twice on %(day)s: the clock goes back from 03:00 to 02:00 "
                    "that night. Say whether you mean the first time (summer time) or the "
                    "second time (winter time)."
                )
                % {"time": clock.strftime("%H:%M"), "day": day.strftime("%d/%m/%Y")},
                fields={"fold": [_("Choose the first or the second time.")]},
            )
        return naive.replace(tzinfo=BRUSSELS, fold=fold)
    return naive.replace(tzinfo=BRUSSELS)


def span(
    day: date, start: time, end: time, *, fold: int | None = None
) -> tuple[datetime, datetime]:
    """Start and end of a booking on ``day``, both in UTC. ``fold`` applies to
    whichever of the two is ambiguous."""
    starts = local(day, start, fold=fold, field="start_time")
    ends = local(day, end, fold=fold, field="end_time")
    return starts.astimezone(UTC), ends.astimezone(UTC)


def minutes_between(starts: datetime, ends: datetime) -> int:
    return int((ends - starts) / timedelta(minutes=1))


def local_day(value: datetime) -> date:
    return value.astimezone(BRUSSELS).date()


def to_local(value: datetime) -> datetime:
    return value.astimezone(BRUSSELS)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight in Brussels (23 or 25 hours on the days the clock changes)."""
    start = datetime.combine(day, time(0), tzinfo=BRUSSELS)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    return start.astimezone(UTC), end.astimezone(UTC)
