"""A person's part in bookings: the export holds the bookings they asked for and the
requests for weekly use they sent; erasing removes their name, the bookings stay."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.accounts.tests.factories import StaffFactory
from middenveld.spaces import services
from middenveld.spaces.models import (
    AllocationPreference,
    AllocationRequest,
    AllocationRound,
    Booking,
    BookingLog,
)
from middenveld.spaces.tests.conftest import book, next_weekday

pytestmark = pytest.mark.django_db


def _allocation_request(space, org, person) -> AllocationRequest:
    now = timezone.now()
    allocation_round = AllocationRound.objects.create(
        name="Seizoen 2027",
        season_starts=date(2027, 9, 1),
        season_ends=date(2028, 6, 30),
        requests_open_at=now - timedelta(days=1),
        requests_close_at=now + timedelta(days=30),
    )
    request = AllocationRequest.objects.create(
        allocation_round=allocation_round,
        organisation=org.organisation,
        requested_by=person,
        purpose="Wekelijkse training",
        attendees=15,
        weekday=2,
        start_time=time(18),
        end_time=time(20),
    )
    AllocationPreference.objects.create(request=request, space=space, rank=1)
    return request


def test_the_export_holds_my_bookings_and_my_requests_for_weekly_use(space, org_a, org_b):
    first = next_weekday(1)
    book(
        space,
        org_a,
        first,
        purpose="Buurtvergadering",
        repeat="weekly",
        weekdays=[1],
        until=first + timedelta(weeks=1),
    )
    book(space, org_b, next_weekday(3), purpose="Niet van mij")
    _allocation_request(space, org_a, org_a.member)

    data = user_export(org_a.member)["spaces"]

    assert [b["purpose"] for b in data["bookings"]] == ["Buurtvergadering"]
    exported = data["bookings"][0]
    assert exported["space"] == str(space)
    assert exported["organisation"] == "Buurtwerk Rabot"
    assert exported["status"] == "requested"
    assert len(exported["dates"]) == 2
    assert exported["dates"][0]["status"] == "requested"
    request = data["allocation_requests"][0]
    assert request["purpose"] == "Wekelijkse training"
    assert request["round"] == "Seizoen 2027"
    assert request["spaces"] == [str(space)]
    assert user_export(org_b.admin)["spaces"] == {"bookings": [], "allocation_requests": []}


def test_erasing_removes_my_name_but_the_bookings_stay(space, org_a, staff):
    booking = book(space, org_a, next_weekday(1))
    services.booking_approve(booking=booking, by=staff)
    services.booking_cancel(booking=booking, by=org_a.member, reason="Ziek")
    request = _allocation_request(space, org_a, org_a.member)
    other = book(space, org_a, next_weekday(2), by=org_a.admin)

    user_erase(org_a.member)

    booking.refresh_from_db()
    request.refresh_from_db()
    assert booking.requested_by is None
    assert booking.status == "cancelled"
    assert booking.occurrences.get().cancelled_by is None
    assert request.requested_by is None
    assert not BookingLog.objects.filter(actor=org_a.member).exists()
    assert BookingLog.objects.filter(booking=booking).count() == 3
    assert Booking.objects.get(pk=other.pk).requested_by == org_a.admin
    # The staff member's decision stays theirs.
    assert booking.decided_by == staff


def test_erasing_a_staff_member_removes_them_from_decisions(space, org_a):
    staff = StaffFactory()
    booking = book(space, org_a, next_weekday(1))
    services.booking_deny(booking=booking, by=staff, reason="Vol")

    user_erase(staff)

    booking.refresh_from_db()
    assert booking.decided_by is None
    assert booking.decision_reason == "Vol"
    assert not BookingLog.objects.filter(actor=staff).exists()
