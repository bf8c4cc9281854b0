import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from middenveld.support.workdays import (
    BRUSSELS,
    WorkingCalendar,
    belgian_public_holidays,
    easter_sunday,
)

CALENDAR = WorkingCalendar()
ONE_DAY = timedelta(days=1)


def brussels(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


# -- a brute-force reference: walk the calendar one day at a time -------------------------


def reference_add(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    """The rule of add_working_days, for naive wall-clock datetimes, walked day by day."""
    day, time_of_day = start.date(), start.time()
    if not calendar.is_working_day(day):
        while not calendar.is_working_day(day):
            day += ONE_DAY
        time_of_day = calendar.opening_time
    while days:
        day += ONE_DAY
        if calendar.is_working_day(day):
            days -= 1
    return datetime.combine(day, time_of_day)


def reference_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    if end < start:
        return -reference_between(calendar, end, start)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += calendar.is_working_day(day)
    return count


def random_calendar(rng: random.Random) -> WorkingCalendar:
    kind = rng.choice(["default", "city", "closed_often", "six_day_week", "odd_weekend"])
    if kind == "default":
        return WorkingCalendar()
    if kind == "city":
        return WorkingCalendar(annual_closed=frozenset({(1, 2), (11, 15), (12, 26)}))
    if kind == "closed_often":
        first = date(2019, 1, 1)
        closed = {first + timedelta(days=rng.randrange(6000)) for _ in range(400)}
        return WorkingCalendar(extra_closed=frozenset(closed), annual_closed={(2, 29)})
    if kind == "six_day_week":
        return WorkingCalendar(weekend=frozenset({6}))
    return WorkingCalendar(weekend=frozenset({0, 3, 6}), opening_time=time(8, 30))


# -- Easter and the public holidays --------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),  # the earliest possible date
        (1818, date(1818, 3, 22)),
        (1943, date(1943, 4, 25)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
    ],
)
def test_easter_sunday_matches_the_known_dates(year, easter):
    assert easter_sunday(year) == easter


def test_easter_is_always_a_sunday_between_22_march_and_25_april():
    for year in range(1583, 4100):
        easter = easter_sunday(year)
        assert easter.weekday() == 6
        assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_the_ten_public_holidays_of_2026():
    assert belgian_public_holidays(2026) == {
        date(2026, 1, 1): "new_year",
        date(2026, 4, 6): "easter_monday",
        date(2026, 5, 1): "labour_day",
        date(2026, 5, 14): "ascension_day",
        date(2026, 5, 25): "whit_monday",
        date(2026, 7, 21): "national_day",
        date(2026, 8, 15): "assumption",
        date(2026, 11, 1): "all_saints",
        date(2026, 11, 11): "armistice",
        date(2026, 12, 25): "christmas",
    }


def test_movable_holidays_keep_their_weekday():
    for year in range(1990, 2100):
        by_key = {key: day for day, key in belgian_public_holidays(year).items()}
        assert by_key["easter_monday"].weekday() == 0
        assert by_key["whit_monday"].weekday() == 0
        if "ascension_day" in by_key:
            assert by_key["ascension_day"].weekday() == 3


def test_ascension_on_labour_day_gives_one_closed_date_not_two():
    holidays = belgian_public_holidays(2008)
    assert len(holidays) == 9
    assert holidays[date(2008, 5, 1)] == "labour_day"
    assert easter_sunday(2008) + timedelta(days=39) == date(2008, 5, 1)


def test_the_holidays_are_cached_but_callers_get_their_own_copy():
    holidays = belgian_public_holidays(2026)
    holidays.clear()
    assert len(belgian_public_holidays(2026)) == 10
    assert not CALENDAR.is_working_day(date(2026, 12, 25))


# -- working days --------------------------------------------------------------------------


def test_weekends_and_holidays_are_not_working_days_good_friday_is():
    assert CALENDAR.is_working_day(date(2026, 4, 3))  # Good Friday is no legal holiday
    assert not CALENDAR.is_working_day(date(2026, 4, 4))  # Saturday
    assert not CALENDAR.is_working_day(date(2026, 4, 5))  # Easter Sunday
    assert not CALENDAR.is_working_day(date(2026, 4, 6))  # Easter Monday
    assert CALENDAR.is_working_day(date(2026, 4, 7))
    assert CALENDAR.is_working_day(date(2025, 12, 26))  # 26 December is no legal holiday


def test_a_holiday_on_a_weekend_gets_no_substitute_day():
    # 15 August 2026 is a Saturday and 1 November 2026 a Sunday.
    assert CALENDAR.is_working_day(date(2026, 8, 17))
    assert CALENDAR.is_working_day(date(2026, 11, 2))
    assert CALENDAR.add_working_days(brussels(2026, 8, 14, 11), 1) == brussels(2026, 8, 17, 11)
    assert CALENDAR.add_working_days(brussels(2026, 10, 30, 11), 1) == brussels(2026, 11, 2, 11)


def test_2026_has_253_working_days():
    # 261 weekdays, minus the eight holidays that do not fall on a weekend.
    assert CALENDAR.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253
    assert CALENDAR.add_working_days(brussels(2025, 12, 31, 10), 253) == brussels(2026, 12, 31, 10)
    assert CALENDAR.add_working_days(brussels(2025, 12, 31, 10), 250) == brussels(2026, 12, 28, 10)


def test_working_days_between_counts_after_start_up_to_end_and_turns_negative():
    assert CALENDAR.working_days_between(date(2026, 4, 3), date(2026, 4, 7)) == 1
    assert CALENDAR.working_days_between(date(2026, 1, 19), date(2026, 1, 14)) == -3
    assert CALENDAR.working_days_between(date(2026, 1, 14), date(2026, 1, 19)) == 3
    assert CALENDAR.working_days_between(date(2026, 1, 14), date(2026, 1, 14)) == 0
    assert CALENDAR.working_days_between(date(2026, 1, 17), date(2026, 1, 18)) == 0


# -- due moments ---------------------------------------------------------------------------


def test_the_docstring_examples_hold():
    assert CALENDAR.add_working_days(brussels(2026, 1, 16, 17), 2) == brussels(2026, 1, 20, 17)
    assert CALENDAR.add_working_days(brussels(2026, 1, 17, 10), 2) == brussels(2026, 1, 21, 9)
    assert CALENDAR.add_working_days(brussels(2026, 4, 2, 11), 2) == brussels(2026, 4, 7, 11)
    assert CALENDAR.add_working_days(brussels(2026, 4, 6, 14), 0) == brussels(2026, 4, 7, 9)


def test_zero_days_on_a_working_day_is_the_moment_itself():
    start = brussels(2026, 1, 14, 15, 42, 7, 123)
    assert CALENDAR.add_working_days(start, 0) == start


def test_a_question_on_a_sunday_counts_from_monday_opening():
    assert CALENDAR.add_working_days(brussels(2026, 1, 18, 23, 59), 0) == brussels(2026, 1, 19, 9)
    assert CALENDAR.add_working_days(brussels(2026, 1, 18, 0, 1), 1) == brussels(2026, 1, 20, 9)


def test_the_time_of_day_is_kept_to_the_microsecond():
    start = brussels(2026, 1, 14, 22, 5, 30, 999)
    assert CALENDAR.add_working_days(start, 3) == brussels(2026, 1, 19, 22, 5, 30, 999)


def test_across_christmas_and_new_year():
    start = brussels(2025, 12, 24, 10)  # Wednesday
    assert CALENDAR.add_working_days(start, 1) == brussels(2025, 12, 26, 10)
    assert CALENDAR.add_working_days(start, 3) == brussels(2025, 12, 30, 10)
    assert CALENDAR.add_working_days(start, 5) == brussels(2026, 1, 2, 10)
    city = WorkingCalendar(annual_closed=frozenset({(1, 2), (12, 26)}))
    assert city.add_working_days(start, 1) == brussels(2025, 12, 29, 10)
    assert city.add_working_days(start, 4) == brussels(2026, 1, 5, 10)
    # Christmas 2026 and New Year 2027 are both Fridays.
    assert CALENDAR.add_working_days(brussels(2026, 12, 24, 10), 1) == brussels(2026, 12, 28, 10)
    assert CALENDAR.add_working_days(brussels(2026, 12, 24, 10), 5) == brussels(2027, 1, 4, 10)


def test_across_the_easter_monday_week():
    start = brussels(2026, 4, 2, 16)  # Thursday before Easter
    assert CALENDAR.add_working_days(start, 1) == brussels(2026, 4, 3, 16)
    assert CALENDAR.add_working_days(start, 2) == brussels(2026, 4, 7, 16)
    assert CALENDAR.add_working_days(start, 5) == brussels(2026, 4, 10, 16)


def test_across_the_ascension_and_whit_monday_weeks():
    start = brussels(2026, 5, 13, 10)  # Wednesday before Ascension Thursday
    assert CALENDAR.add_working_days(start, 1) == brussels(2026, 5, 15, 10)
    assert CALENDAR.add_working_days(start, 2) == brussels(2026, 5, 18, 10)
    # Friday 22 May, then Whit Monday 25 May is skipped.
    assert CALENDAR.add_working_days(brussels(2026, 5, 22, 10), 1) == brussels(2026, 5, 26, 10)
    # Thursday 30 April, then Labour Day falls on Friday 1 May.
    assert CALENDAR.add_working_days(brussels(2026, 4, 30, 10), 1) == brussels(2026, 5, 4, 10)


def test_extra_closed_days_are_skipped_and_a_closed_start_waits_for_opening():
    calendar = WorkingCalendar(extra_closed=frozenset({date(2026, 1, 2)}))
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert CALENDAR.is_working_day(date(2026, 1, 2))
    assert calendar.add_working_days(brussels(2025, 12, 31, 15), 1) == brussels(2026, 1, 5, 15)
    assert calendar.add_working_days(brussels(2026, 1, 2, 8), 0) == brussels(2026, 1, 5, 9)


def test_annual_closing_days_come_back_every_year():
    calendar = WorkingCalendar(annual_closed=frozenset({(11, 15)}))
    assert not calendar.is_working_day(date(2027, 11, 15))  # a Monday
    assert calendar.add_working_days(brussels(2027, 11, 12, 9), 1) == brussels(2027, 11, 16, 9)
    leap_day = WorkingCalendar(annual_closed=frozenset({(2, 29)}))
    assert not leap_day.is_working_day(date(2028, 2, 29))
    assert leap_day.working_days_between(date(2027, 2, 26), date(2027, 3, 1)) == 1


def test_opening_time_and_weekend_can_be_changed():
    calendar = WorkingCalendar(weekend=frozenset({6}), opening_time=time(8, 30))
    assert calendar.add_working_days(brussels(2026, 1, 16, 17), 1) == brussels(2026, 1, 17, 17)
    assert calendar.add_working_days(brussels(2026, 1, 18, 12), 0) == brussels(2026, 1, 19, 8, 30)


# -- time zones and summer time ------------------------------------------------------------


def test_the_spring_clock_change_does_not_shift_the_due_time():
    # Summer time starts on Sunday 29 March 2026.
    due = CALENDAR.add_working_days(brussels(2026, 3, 27, 17), 1)
    assert due == brussels(2026, 3, 30, 17)
    assert due.utcoffset() == timedelta(hours=2)
    assert (due.hour, due.minute) == (17, 0)


def test_the_autumn_clock_change_does_not_shift_the_due_time():
    # Summer time ends on Sunday 25 October 2026.
    due = CALENDAR.add_working_days(brussels(2026, 10, 23, 17), 1)
    assert due == brussels(2026, 10, 26, 17)
    assert due.utcoffset() == timedelta(hours=1)
    assert (due.hour, due.minute) == (17, 0)


def test_a_utc_start_gives_a_utc_due_moment_with_the_same_brussels_time():
    spring = CALENDAR.add_working_days(datetime(2026, 3, 27, 16, tzinfo=UTC), 1)
    assert spring == datetime(2026, 3, 30, 15, tzinfo=UTC)
    assert spring.tzinfo is UTC
    autumn = CALENDAR.add_working_days(datetime(2026, 10, 23, 15, tzinfo=UTC), 1)
    assert autumn == datetime(2026, 10, 26, 16, tzinfo=UTC)
    assert autumn.tzinfo is UTC


def test_the_day_is_decided_in_brussels_not_in_the_zone_of_the_start():
    # 23:30 UTC on Friday is already Saturday 00:30 in Brussels.
    due = CALENDAR.add_working_days(datetime(2026, 1, 16, 23, 30, tzinfo=UTC), 0)
    assert due == datetime(2026, 1, 19, 8, tzinfo=UTC)
    new_york = ZoneInfo("America/New_York")
    due = CALENDAR.add_working_days(datetime(2026, 1, 16, 20, tzinfo=new_york), 1)
    assert due.tzinfo is new_york
    assert due == brussels(2026, 1, 20, 9)


def test_a_question_during_the_repeated_hour_counts_from_monday():
    start = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BRUSSELS)
    assert CALENDAR.add_working_days(start, 1) == brussels(2026, 10, 27, 9)


def test_a_naive_start_is_brussels_wall_time_and_stays_naive():
    due = CALENDAR.add_working_days(datetime(2026, 3, 27, 17), 1)
    assert due == datetime(2026, 3, 30, 17)
    assert due.tzinfo is None


def test_due_times_over_a_year_of_clock_changes_keep_their_wall_time():
    start = brussels(2026, 1, 5, 14, 15)
    for days in range(0, 300, 7):
        due = CALENDAR.add_working_days(start, days)
        local = due.astimezone(BRUSSELS)
        assert (local.hour, local.minute) == (14, 15)


# -- days left and overdue -----------------------------------------------------------------


def test_working_days_left_counts_down_and_turns_negative_when_overdue():
    due = brussels(2026, 1, 14, 17)  # Wednesday
    assert CALENDAR.working_days_left(due, brussels(2026, 1, 12, 10)) == 2
    assert CALENDAR.working_days_left(due, brussels(2026, 1, 14, 10)) == 0
    assert CALENDAR.working_days_left(due, brussels(2026, 1, 14, 18)) == 0
    assert CALENDAR.working_days_left(due, brussels(2026, 1, 15, 10)) == -1
    assert CALENDAR.working_days_left(due, brussels(2026, 1, 17, 10)) == -2  # Saturday
    assert CALENDAR.working_days_left(due, brussels(2026, 1, 19, 10)) == -3


def test_working_days_left_reads_the_dates_in_brussels():
    due = datetime(2026, 1, 19, 8, tzinfo=UTC)  # Monday 09:00 in Brussels
    now = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # already Friday in Brussels
    assert CALENDAR.working_days_left(due, now) == 1
    assert CALENDAR.working_days_left(datetime(2026, 1, 19, 9), datetime(2026, 1, 16, 0, 30)) == 1


def test_an_earlier_due_moment_never_has_more_days_left():
    # So order_by("due_at") is the same order as "fewest working days left first".
    rng = random.Random(8)
    now = brussels(2026, 3, 20, 12)
    dues = sorted(
        CALENDAR.add_working_days(now + timedelta(hours=rng.randrange(-2000, 2000)), 2)
        for _ in range(300)
    )
    lefts = [CALENDAR.working_days_left(due, now) for due in dues]
    assert lefts == sorted(lefts)


# -- the fast arithmetic agrees with walking day by day ------------------------------------


def test_add_working_days_agrees_with_the_day_by_day_reference():
    rng = random.Random(20260408)
    for _ in range(400):
        calendar = random_calendar(rng)
        start = datetime(2020, 1, 1) + timedelta(minutes=rng.randrange(14 * 365 * 24 * 60))
        days = rng.choice([rng.randrange(0, 12), rng.randrange(0, 80), rng.randrange(0, 800)])
        expected = reference_add(calendar, start, days)
        assert calendar.add_working_days(start, days) == expected, (calendar, start, days)
        aware = calendar.add_working_days(start.replace(tzinfo=BRUSSELS), days)
        assert aware == expected.replace(tzinfo=BRUSSELS)


def test_working_days_between_agrees_with_the_day_by_day_reference():
    rng = random.Random(11)
    for _ in range(400):
        calendar = random_calendar(rng)
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(14 * 365))
        end = start + timedelta(days=rng.randrange(-900, 900))
        expected = reference_between(calendar, start, end)
        assert calendar.working_days_between(start, end) == expected, (calendar, start, end)


def test_adding_then_counting_gives_back_the_number_of_days():
    rng = random.Random(3)
    for _ in range(300):
        calendar = random_calendar(rng)
        start = date(2021, 1, 1) + timedelta(days=rng.randrange(3000))
        days = rng.randrange(0, 500)
        due = calendar.add_working_days(datetime.combine(start, time(12)), days).date()
        assert calendar.is_working_day(due)
        # From a closed day the count starts on the next working day, which is counted too.
        extra = 0 if calendar.is_working_day(start) else 1
        assert calendar.working_days_between(start, due) == days + extra


def test_large_numbers_of_days_stay_quick_and_exact():
    start = brussels(2026, 1, 5, 10)
    due = CALENDAR.add_working_days(start, 25_000)
    assert CALENDAR.working_days_between(start.date(), due.date()) == 25_000
    assert CALENDAR.is_working_day(due.date())


# -- refusing wrong input ------------------------------------------------------------------


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(brussels(2026, 1, 14, 10), -1)


@pytest.mark.parametrize("days", [True, 1.0, "2"])
def test_days_must_be_an_integer(days):
    with pytest.raises(TypeError):
        CALENDAR.add_working_days(brussels(2026, 1, 14, 10), days)


def test_a_datetime_is_refused_where_a_date_is_meant():
    with pytest.raises(TypeError):
        CALENDAR.is_working_day(brussels(2026, 1, 14, 10))
    with pytest.raises(TypeError):
        CALENDAR.working_days_between(date(2026, 1, 14), brussels(2026, 1, 15, 10))
    with pytest.raises(TypeError):
        CALENDAR.add_working_days(date(2026, 1, 14), 1)
    with pytest.raises(TypeError):
        WorkingCalendar(extra_closed=frozenset({brussels(2026, 1, 2, 0)}))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekend": frozenset(range(7))},
        {"weekend": frozenset({7})},
        {"annual_closed": frozenset({(2, 30)})},
        {"annual_closed": frozenset({(13, 1)})},
        {"opening_time": time(9, tzinfo=UTC)},
    ],
)
def test_an_impossible_calendar_is_refused(kwargs):
    with pytest.raises(ValueError):
        WorkingCalendar(**kwargs)


def test_plain_sets_are_stored_as_frozensets_and_calendars_are_hashable():
    calendar = WorkingCalendar(extra_closed={date(2026, 1, 2)}, weekend={5, 6})
    assert isinstance(calendar.extra_closed, frozenset)
    assert calendar == WorkingCalendar(extra_closed=frozenset({date(2026, 1, 2)}))
    assert hash(calendar) == hash(WorkingCalendar(extra_closed=frozenset({date(2026, 1, 2)})))
    calendar.is_working_day(date(2026, 1, 2))  # fills the per-year cache
    assert calendar == WorkingCalendar(extra_closed=frozenset({date(2026, 1, 2)}))
