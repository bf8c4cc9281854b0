"""Brussels wall-clock times on the two days a year the clock changes.

* The last Sunday of March: the clock jumps from 02:00 to 03:00, so 02:30 does not exist
  and is refused with a clear message; 01:00–04:00 lasts two hours.
* The last Sunday of October: the clock goes back from 03:00 to 02:00, so 02:30 happens
  twice; without a choice it is refused, ``fold=0`` is the first time (summer time,
  UTC+2) and ``fold=1`` the second (winter time, UTC+1); 01:00–04:00 lasts four hours.
* A weekly series at 19:00 stays at 19:00 on the wall clock across both changes (its UTC
  time moves by an hour).
* Durations and fees follow real elapsed time.

The bookings are planned with ``now`` a few weeks before, so the tests do not depend on
today's date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from middenveld.core.errors import Invalid
from middenveld.spaces import services, times
from middenveld.spaces.models import Booking, BookingStatus, Occupancy, Occurrence
from middenveld.spaces.tests.conftest import book
from middenveld.spaces.tests.factories import TariffFactory

pytestmark = pytest.mark.django_db

YEAR = 2027


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


SPRING = last_sunday(YEAR, 3)  # 28 March 2027
AUTUMN = last_sunday(YEAR, 10)  # 31 October 2027


def before(day: date) -> datetime:
    """A moment three weeks before ``day``: the booking window is open."""
    return datetime.combine(day - timedelta(weeks=3), time(12, 0), tzinfo=UTC)


def test_the_change_days_are_the_last_sundays_of_march_and_october():
    assert date(2027, 3, 28) == SPRING and SPRING.weekday() == 6
    assert date(2027, 10, 31) == AUTUMN and AUTUMN.weekday() == 6


# --- March: 02:30 does not exist ------------------------------------------------------------


def test_0230_on_the_last_sunday_of_march_does_not_exist():
    with pytest.raises(times.NonExistentTime) as refused:
        times.local(SPRING, time(2, 30))
    message = str(refused.value)
    assert "02:30 does not exist on 28/03/2027" in message
    assert "the clock jumps from 02:00 to 03:00" in message
    assert refused.value.details["fields"] == {
        "start_time": ["This time does not exist on that day."]
    }


def test_booking_0230_on_the_last_sunday_of_march_is_refused_and_saves_nothing(space, org_a):
    with pytest.raises(times.NonExistentTime) as refused:
        book(space, org_a, SPRING, "02:30", "04:00", now=before(SPRING))
    assert "does not exist" in str(refused.value)
    assert isinstance(refused.value, Invalid)  # a 422 in the API, a field error in pages
    assert not Booking.objects.exists()
    assert not Occurrence.objects.exists()


def test_an_end_at_0230_on_the_last_sunday_of_march_is_refused_on_the_end_field(space, org_a):
    with pytest.raises(times.NonExistentTime) as refused:
        book(space, org_a, SPRING, "01:00", "02:30", now=before(SPRING))
    assert refused.value.details["fields"] == {
        "end_time": ["This time does not exist on that day."]
    }
    assert not Booking.objects.exists()


def test_0230_on_other_sundays_of_march_exists(space, org_a):
    booking = book(space, org_a, SPRING - timedelta(weeks=1), "02:30", "04:00", now=before(SPRING))
    occurrence = booking.occurrences.get()
    assert times.to_local(occurrence.starts_at).strftime("%H:%M") == "02:30"


def test_the_night_of_the_spring_change_is_an_hour_shorter(space, org_a):
    TariffFactory(space=space, hourly_rate=Decimal("20.00"))
    booking = book(space, org_a, SPRING, "01:00", "04:00", now=before(SPRING))
    occurrence = booking.occurrences.get()
    assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=2)
    assert occurrence.starts_at == datetime(2027, 3, 28, 0, 0, tzinfo=UTC)  # 01:00 +01:00
    assert occurrence.ends_at == datetime(2027, 3, 28, 2, 0, tzinfo=UTC)  # 04:00 +02:00
    assert occurrence.price == Decimal("40.00")
    assert booking.total_price == Decimal("40.00")


# --- October: 02:30 happens twice --------------------------------------------------------------


def test_0230_on_the_last_sunday_of_october_is_ambiguous_without_a_choice():
    assert times.is_ambiguous(AUTUMN, time(2, 30))
    assert not times.is_ambiguous(AUTUMN, time(3, 30))
    assert not times.is_ambiguous(AUTUMN - timedelta(weeks=1), time(2, 30))
    with pytest.raises(times.AmbiguousTime) as refused:
        times.local(AUTUMN, time(2, 30))
    message = str(refused.value)
    assert "02:30 happens twice on 31/10/2027" in message
    assert "the first time (summer time) or the second time (winter time)" in message
    assert refused.value.details["fields"] == {"fold": ["Choose the first or the second time."]}


@pytest.mark.parametrize(
    ("fold", "offset", "utc"),
    [(0, timedelta(hours=2), time(0, 30)), (1, timedelta(hours=1), time(1, 30))],
)
def test_fold_chooses_the_first_or_the_second_0230(fold, offset, utc):
    value = times.local(AUTUMN, time(2, 30), fold=fold)
    assert value.utcoffset() == offset
    assert value.astimezone(UTC) == datetime.combine(AUTUMN, utc, tzinfo=UTC)
    # The same wall-clock time either way.
    assert times.to_local(value).strftime("%H:%M") == "02:30"


def test_booking_0230_on_the_last_sunday_of_october_without_a_choice_is_refused(space, org_a):
    with pytest.raises(times.AmbiguousTime) as refused:
        book(space, org_a, AUTUMN, "02:30", "03:30", now=before(AUTUMN))
    assert "happens twice" in str(refused.value)
    assert not Booking.objects.exists()


def test_booking_0230_with_fold_0_starts_in_summer_time(space, org_a):
    booking = book(space, org_a, AUTUMN, "02:30", "03:30", fold=0, now=before(AUTUMN))
    occurrence = booking.occurrences.get()
    assert booking.fold == 0
    assert occurrence.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 +02:00
    assert occurrence.ends_at == datetime(2027, 10, 31, 2, 30, tzinfo=UTC)  # 03:30 +01:00
    assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=2)


def test_booking_0230_with_fold_1_starts_in_winter_time(space, org_a):
    booking = book(space, org_a, AUTUMN, "02:30", "03:30", fold=1, now=before(AUTUMN))
    occurrence = booking.occurrences.get()
    assert booking.fold == 1
    assert occurrence.starts_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 +01:00
    assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=1)


def test_the_first_and_the_second_0200_to_0230_are_different_hours_and_both_bookable(
    space, org_a, org_b
):
    first = book(space, org_a, AUTUMN, "02:00", "02:30", fold=0, now=before(AUTUMN))
    second = book(space, org_b, AUTUMN, "02:00", "02:30", fold=1, now=before(AUTUMN))
    one, two = first.occurrences.get(), second.occurrences.get()
    assert two.starts_at - one.starts_at == timedelta(hours=1)
    assert Occupancy.objects.filter(active=True).count() == 2
    # The same choice again is taken.
    with pytest.raises(Invalid):
        book(space, org_b, AUTUMN, "02:00", "02:30", fold=0, now=before(AUTUMN))


def test_a_bad_fold_is_refused_on_the_fold_field(space, org_a):
    with pytest.raises(Invalid) as refused:
        book(space, org_a, AUTUMN, "02:30", "03:30", fold=2, now=before(AUTUMN))
    assert "fold" in refused.value.details["fields"]
    with pytest.raises(Invalid):
        book(space, org_a, AUTUMN, "02:30", "03:30", fold="winter", now=before(AUTUMN))
    assert not Booking.objects.exists()


def test_the_night_of_the_autumn_change_is_four_hours_and_costs_four_hours(space, org_a):
    TariffFactory(space=space, hourly_rate=Decimal("20.00"))
    booking = book(space, org_a, AUTUMN, "01:00", "04:00", now=before(AUTUMN))
    occurrence = booking.occurrences.get()
    assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=4)
    assert occurrence.starts_at == datetime(2027, 10, 30, 23, 0, tzinfo=UTC)  # 01:00 +02:00
    assert occurrence.ends_at == datetime(2027, 10, 31, 3, 0, tzinfo=UTC)  # 04:00 +01:00
    assert occurrence.price == Decimal("80.00")
    assert booking.total_price == Decimal("80.00")
    assert booking.hourly_rate == Decimal("20.00")


def test_the_plan_shows_the_real_price_of_the_long_night(space, org_a):
    TariffFactory(space=space, hourly_rate=Decimal("15.00"))
    plan = services.booking_plan(
        space=space,
        organisation=org_a.organisation,
        by=org_a.member,
        purpose="Nachtwake",
        attendees=10,
        first_day=AUTUMN,
        start_time=time(1, 0),
        end_time=time(4, 0),
        now=before(AUTUMN),
    )
    assert [slot.price for slot in plan.slots] == [Decimal("60.00")]


def test_buffers_follow_real_time_across_the_change(space, org_a):
    space.buffer_before_minutes = 30
    space.buffer_after_minutes = 30
    space.save()
    booking = book(space, org_a, AUTUMN, "01:00", "04:00", now=before(AUTUMN))
    occupancy = Occupancy.objects.get(occurrence__booking=booking)
    assert occupancy.ends_at - occupancy.starts_at == timedelta(hours=5)


# --- A weekly series across both changes ------------------------------------------------------


def test_a_weekly_series_at_1900_stays_at_1900_across_both_changes(space, org_a):
    first = SPRING - timedelta(days=12)  # Tuesday 16 March 2027
    until = AUTUMN + timedelta(days=9)  # Tuesday 9 November 2027
    booking = book(
        space,
        org_a,
        first,
        "19:00",
        "21:00",
        repeat="weekly",
        weekdays=[1],
        until=until,
        now=before(first),
    )
    occurrences = list(booking.occurrences.order_by("starts_at"))
    assert len(occurrences) == 35
    for occurrence in occurrences:
        local = times.to_local(occurrence.starts_at)
        assert local.weekday() == 1
        assert local.strftime("%H:%M") == "19:00"
        assert times.to_local(occurrence.ends_at).strftime("%H:%M") == "21:00"
        assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=2)
        summer = SPRING < local.date() < AUTUMN
        assert occurrence.starts_at.astimezone(UTC).hour == (17 if summer else 18)
        assert local.utcoffset() == timedelta(hours=2 if summer else 1)
    # Both changes are crossed: winter, summer and winter again.
    hours = [o.starts_at.astimezone(UTC).hour for o in occurrences]
    assert hours[0] == 18 and 17 in hours and hours[-1] == 18
    # Every date costs the same two hours, whatever the season.
    assert len({o.price for o in occurrences}) == 1


def test_a_sunday_series_at_0230_leaves_out_the_dates_that_do_not_exist_or_are_ambiguous(
    space, org_a
):
    plan = services.booking_plan(
        space=space,
        organisation=org_a.organisation,
        by=org_a.member,
        purpose="Nachtwandeling",
        attendees=10,
        first_day=SPRING - timedelta(weeks=1),
        start_time=time(2, 30),
        end_time=time(4, 0),
        repeat="weekly",
        weekdays=[6],
        until=SPRING + timedelta(weeks=1),
        now=before(SPRING),
    )
    assert [slot.ok for slot in plan.slots] == [True, False, True]
    assert "does not exist" in plan.slots[1].problems[0]
    with pytest.raises(Invalid) as refused:
        book(
            space,
            org_a,
            AUTUMN - timedelta(weeks=1),
            "02:30",
            "04:00",
            repeat="weekly",
            weekdays=[6],
            until=AUTUMN + timedelta(weeks=1),
            now=before(AUTUMN),
        )
    assert "31/10/2027" in str(refused.value) and "happens twice" in str(refused.value)
    assert not Booking.objects.exists()


def test_a_series_with_the_refused_dates_left_out_keeps_the_others(space, org_a):
    booking = book(
        space,
        org_a,
        SPRING - timedelta(weeks=1),
        "02:30",
        "04:00",
        repeat="weekly",
        weekdays=[6],
        until=SPRING + timedelta(weeks=1),
        skip_refused=True,
        expected_count=2,
        now=before(SPRING),
    )
    assert booking.status == BookingStatus.REQUESTED
    days = [times.local_day(o.starts_at) for o in booking.occurrences.all()]
    assert days == [SPRING - timedelta(weeks=1), SPRING + timedelta(weeks=1)]
    assert SPRING.isoformat() in booking.exceptions
