"""The booking engine: plans with reasons, all-or-nothing saves, parts of a hall,
buffers, approval, cancellation in three scopes."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest

from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.spaces import services
from middenveld.spaces.models import BookingStatus, Occupancy
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import ClosureFactory, OpeningHoursFactory, TariffFactory

pytestmark = pytest.mark.django_db


def test_a_member_books_a_space_and_it_waits_for_approval(space, org_a, mailbox):
    booking = book(space, org_a, next_weekday(1))
    assert booking.status == BookingStatus.REQUESTED
    assert booking.occurrences.count() == 1
    assert Occupancy.objects.filter(occurrence__booking=booking, active=True).count() == 1
    assert len(mailbox) == 1
    assert mailbox[0].attachments[0][0].endswith(".ics")


def test_a_second_booking_of_the_same_time_is_refused_with_the_reason(space, org_a, org_b):
    day = next_weekday(1)
    book(space, org_a, day)
    with pytest.raises(Invalid) as refused:
        book(space, org_b, day, "20:00", "22:00")
    assert "Already booked from 19:00 to 21:00" in str(refused.value)


def test_back_to_back_bookings_are_allowed(space, org_a, org_b):
    day = next_weekday(1)
    book(space, org_a, day, "17:00", "19:00")
    book(space, org_b, day, "19:00", "21:00")


def test_buffers_keep_time_free_between_bookings(space, org_a, org_b):
    space.buffer_after_minutes = 30
    space.save()
    day = next_weekday(1)
    book(space, org_a, day, "17:00", "19:00")
    with pytest.raises(Invalid):
        book(space, org_b, day, "19:00", "21:00")
    book(space, org_b, day, "19:30", "21:00")


def test_booking_the_whole_hall_takes_both_parts_and_a_part_blocks_the_whole(hall, org_a, org_b):
    day = next_weekday(2)
    book(hall.left, org_a, day)
    book(hall.right, org_b, day)
    with pytest.raises(Invalid):
        book(hall.whole, org_b, day)
    other = day + timedelta(days=7)
    book(hall.whole, org_a, other)
    with pytest.raises(Invalid):
        book(hall.right, org_b, other)


def test_a_weekly_series_keeps_its_wall_clock_time_across_the_change_of_hour(space, org_a):
    from middenveld.spaces import times

    space.max_days_ahead = 730
    space.save()
    today = times.local_day(services.timezone.now())
    first = (
        today.replace(month=10, day=1)
        if today.month < 10
        else today.replace(year=today.year + 1, month=10, day=1)
    )
    first += timedelta(days=(1 - first.weekday()) % 7)
    booking = book(
        space, org_a, first, repeat="weekly", weekdays=[1], until=first + timedelta(weeks=6)
    )
    hours = {times.to_local(o.starts_at).strftime("%H:%M") for o in booking.occurrences.all()}
    assert hours == {"19:00"}
    offsets = {times.to_local(o.starts_at).utcoffset() for o in booking.occurrences.all()}
    assert len(offsets) == 2


def test_a_series_above_the_cap_is_refused_before_anything_is_made(space, org_a):
    space.max_series_weeks = 10_000
    space.max_days_ahead = 365
    space.save()
    with pytest.raises(Invalid) as refused:
        book(
            space,
            org_a,
            next_weekday(0),
            repeat="weekly",
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            until=next_weekday(0) + timedelta(weeks=1500),
        )
    assert "at most 200" in str(refused.value)
    assert not space.bookings.exists()


def test_a_series_with_one_clash_is_saved_without_that_date_when_the_person_agrees(
    space, org_a, org_b
):
    first = next_weekday(3)
    book(space, org_b, first + timedelta(weeks=1))
    with pytest.raises(Invalid):
        book(space, org_a, first, repeat="weekly", weekdays=[3], until=first + timedelta(weeks=3))
    booking = book(
        space,
        org_a,
        first,
        repeat="weekly",
        weekdays=[3],
        until=first + timedelta(weeks=3),
        skip_refused=True,
        expected_count=3,
    )
    assert booking.occurrences.count() == 3
    assert (first + timedelta(weeks=1)).isoformat() in booking.exceptions


def test_closures_and_opening_hours_are_reasons(space, org_a):
    day = next_weekday(0)
    OpeningHoursFactory(building=space.building, weekday=0, opens=time(9), closes=time(17))
    with pytest.raises(Invalid) as refused:
        book(space, org_a, day, "19:00", "21:00")
    assert "open on monday from 09:00–17:00 only" in str(refused.value)
    ClosureFactory(
        space=space,
        starts_at=services.times.span(day, time(0), time(23))[0],
        ends_at=services.times.span(day, time(0), time(23, 30))[1],
        reason="Schilderwerken",
    )
    with pytest.raises(Invalid) as refused:
        book(space, org_a, day, "10:00", "12:00")
    assert "Schilderwerken" in str(refused.value)


def test_price_follows_the_tariff_and_real_time(space, org_a):
    TariffFactory(space=space, category="standard", hourly_rate=Decimal("12.50"))
    booking = book(space, org_a, next_weekday(1), "19:00", "20:30")
    assert booking.total_price == Decimal("18.75")
    assert booking.tariff_category == "standard"


def test_a_member_of_another_organisation_cannot_book_or_cancel_for_it(space, org_a, org_b):
    with pytest.raises(Forbidden):
        services.booking_plan(
            space=space,
            organisation=org_a.organisation,
            by=org_b.member,
            purpose="x",
            attendees=2,
            first_day=next_weekday(1),
            start_time="19:00",
            end_time="20:00",
        )
    booking = book(space, org_a, next_weekday(1))
    with pytest.raises(Forbidden):
        services.booking_cancel(booking=booking, by=org_b.admin, reason="weg")
    assert booking.occurrences.filter(status=BookingStatus.REQUESTED).count() == 1


def test_approve_deny_and_cancel_in_three_scopes(space, org_a, mailbox):
    from middenveld.accounts.tests.factories import StaffFactory

    staff = StaffFactory()
    first = next_weekday(4)
    booking = book(
        space, org_a, first, repeat="weekly", weekdays=[4], until=first + timedelta(weeks=4)
    )
    services.booking_approve(booking=booking, by=staff)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    dates = list(booking.occurrences.order_by("starts_at"))
    services.booking_cancel(
        booking=booking, by=org_a.member, reason="Vakantie", scope="one", occurrence=dates[1]
    )
    services.booking_cancel(
        booking=booking, by=org_a.member, reason="Gestopt", scope="following", occurrence=dates[3]
    )
    statuses = [o.status for o in booking.occurrences.order_by("starts_at")]
    assert statuses == ["confirmed", "cancelled", "confirmed", "cancelled", "cancelled"]
    services.booking_cancel(booking=booking, by=staff, reason="Renovatie")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert not Occupancy.objects.filter(occurrence__booking=booking, active=True).exists()
    with pytest.raises(Conflict):
        services.booking_deny(booking=booking, by=staff, reason="te laat")


def test_a_denial_needs_a_reason(space, org_a):
    from middenveld.accounts.tests.factories import StaffFactory

    booking = book(space, org_a, next_weekday(1))
    with pytest.raises(Invalid):
        services.booking_deny(booking=booking, by=StaffFactory(), reason="  ")
    services.booking_deny(booking=booking, by=StaffFactory(), reason="Zaal in renovatie")
    assert not Occupancy.objects.filter(active=True).exists()
