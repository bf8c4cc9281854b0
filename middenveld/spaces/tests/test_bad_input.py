"""Bad input to the booking services: a clear message, nothing saved."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from middenveld.core.errors import Invalid
from middenveld.spaces import services
from middenveld.spaces.models import Booking, Occupancy
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import OpeningHoursFactory

pytestmark = pytest.mark.django_db


def _refused(space, org, **asked) -> Invalid:
    with pytest.raises(Invalid) as refused:
        services.booking_request(
            space=space,
            organisation=org.organisation,
            by=org.member,
            **{
                "purpose": "Repetitie",
                "attendees": 10,
                "first_day": next_weekday(2),
                "start_time": "19:00",
                "end_time": "21:00",
                **asked,
            },
        )
    assert not Booking.objects.exists()
    assert not Occupancy.objects.exists()
    return refused.value


def test_an_end_before_the_start_is_refused(space, org_a):
    error = _refused(space, org_a, start_time="21:00", end_time="19:00")
    assert "The end must come after the start" in str(error)
    assert "end_time" in error.details["fields"]


def test_a_booking_without_length_is_refused(space, org_a):
    error = _refused(space, org_a, start_time="19:00", end_time="19:00")
    assert "no length" in str(error)


@pytest.mark.parametrize(
    "day", ["9999-12-31", date(9999, 12, 31), "2026-13-45", "morgen", None, 12]
)
def test_impossible_or_far_dates_are_refused(space, org_a, day):
    error = _refused(space, org_a, first_day=day)
    assert "first_day" in error.details["fields"]


@pytest.mark.parametrize("clock", ["25:00", "19:00:30", "7 uur", "", None, 1900])
def test_impossible_times_are_refused(space, org_a, clock):
    error = _refused(space, org_a, start_time=clock)
    assert "start_time" in error.details["fields"]


def test_a_day_in_the_past_is_refused(space, org_a):
    error = _refused(space, org_a, first_day=date.today() - timedelta(days=3))
    assert "past" in str(error)


def test_a_series_of_ten_thousand_dates_is_refused_by_the_documented_cap(space, org_a):
    space.max_series_weeks = 20_000
    space.max_days_ahead = 700
    space.save()
    first = next_weekday(0)
    error = _refused(
        space,
        org_a,
        first_day=first,
        repeat="weekly",
        weekdays=list(range(7)),
        until=first + timedelta(days=10_000),
    )
    assert error.code == "too_many_dates"
    assert str(services.SERIES_MAX_OCCURRENCES) in str(error)


def test_a_series_longer_than_the_space_allows_is_refused(space, org_a):
    space.max_series_weeks = 8
    space.save()
    first = next_weekday(0)
    error = _refused(
        space,
        org_a,
        first_day=first,
        repeat="weekly",
        weekdays=[0],
        until=first + timedelta(weeks=20),
    )
    assert "at most 8 weeks" in str(error)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("weekdays", "maandag"),
        ("weekdays", [9]),
        ("interval_weeks", 0),
        ("interval_weeks", "twee"),
        ("until", "nooit"),
        ("exceptions", ["geen datum"]),
        ("repeat", "daily"),
    ],
)
def test_a_garbled_series_is_refused(space, org_a, field, value):
    asked = {"repeat": "weekly", "weekdays": [2], "until": next_weekday(2) + timedelta(weeks=3)}
    asked[field] = value
    error = _refused(space, org_a, **asked)
    assert field in error.details["fields"]


def test_outside_the_booking_window_is_refused(space, org_a):
    space.min_days_ahead = 28
    space.max_days_ahead = 183
    space.save()
    error = _refused(space, org_a, first_day=date.today() + timedelta(days=3))
    assert "at least 28 days ahead" in str(error)
    error = _refused(space, org_a, first_day=date.today() + timedelta(days=200))
    assert "at most 183 days ahead" in str(error)


def test_outside_opening_hours_is_refused(space, org_a):
    day = next_weekday(2)
    OpeningHoursFactory(building=space.building, weekday=2, opens=time(9), closes=time(18))
    error = _refused(space, org_a, first_day=day)
    assert "from 09:00–18:00 only" in str(error)


def test_too_many_people_and_nonsense_numbers_are_refused(space, org_a):
    assert "at most 40 people" in str(_refused(space, org_a, attendees=41))
    for value in (0, -3, "veel", 2.5, None):
        assert "attendees" in _refused(space, org_a, attendees=value).details["fields"]


def test_an_empty_or_huge_purpose_is_refused(space, org_a):
    assert "purpose" in _refused(space, org_a, purpose="   ").details["fields"]
    assert "purpose" in _refused(space, org_a, purpose="x" * 201).details["fields"]
    assert "purpose" in _refused(space, org_a, purpose={"a": 1}).details["fields"]


def test_durations_and_steps_of_the_space_are_reasons(space, org_a):
    space.min_duration_minutes = 60
    space.max_duration_minutes = 180
    space.granularity_minutes = 30
    space.save()
    assert "at least 60 minutes" in str(
        _refused(space, org_a, start_time="19:00", end_time="19:30")
    )
    assert "at most 180 minutes" in str(
        _refused(space, org_a, start_time="09:00", end_time="19:00")
    )
    assert "steps of 30 minutes" in str(
        _refused(space, org_a, start_time="19:10", end_time="21:10")
    )


def test_a_space_the_organisation_may_not_book_gives_the_reasons(space, org_a):
    space.who_may_book = {"recognitions": ["basiswerk"]}
    space.save()
    error = _refused(space, org_a)
    assert error.code == "not_eligible"
    assert "recognition" in str(error)


def test_a_space_that_is_not_bookable_is_refused(space, org_a):
    space.bookable = False
    space.save()
    assert _refused(space, org_a).code == "not_bookable"


def test_a_cancel_without_reason_or_with_a_foreign_date_changes_nothing(space, org_a, org_b):
    mine = book(space, org_a, next_weekday(1))
    theirs = book(space, org_b, next_weekday(1) + timedelta(days=1))
    with pytest.raises(Invalid):
        services.booking_cancel(booking=mine, by=org_a.member, reason="")
    with pytest.raises(Invalid):
        services.booking_cancel(
            booking=mine,
            by=org_a.member,
            reason="x",
            scope="one",
            occurrence=theirs.occurrences.get().pk,
        )
    with pytest.raises(Invalid):
        services.booking_cancel(booking=mine, by=org_a.member, reason="x", scope="half")
    assert Occupancy.objects.filter(active=True).count() == 2
