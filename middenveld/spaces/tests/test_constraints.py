"""The database itself refuses what must never happen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from middenveld.core.errors import Conflict
from middenveld.spaces import services
from middenveld.spaces.models import Booking, Occupancy, Occurrence
from middenveld.spaces.tests.conftest import book, next_weekday

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's"
)

T0 = datetime(2030, 3, 5, 18, 0, tzinfo=UTC)


def _occurrence(space, org, start, end):
    booking = Booking.objects.create(
        space=space,
        organisation=org.organisation,
        purpose="x",
        attendees=1,
        first_day=start.date(),
        start_time=start.time(),
        end_time=end.time(),
        hourly_rate=Decimal(0),
        total_price=Decimal(0),
    )
    return Occurrence.objects.create(
        booking=booking, space=space, starts_at=start, ends_at=end, price=Decimal(0)
    )


def _hold(occurrence, unit, start, end, active=True):
    return Occupancy.objects.create(
        occurrence=occurrence, unit=unit, starts_at=start, ends_at=end, active=active
    )


@postgres_only
def test_two_active_occupancies_of_one_unit_never_overlap(space, org_a):
    first = _occurrence(space, org_a, T0, T0 + timedelta(hours=2))
    _hold(first, space, T0, T0 + timedelta(hours=2))
    second = _occurrence(space, org_a, T0 + timedelta(hours=1), T0 + timedelta(hours=3))
    with pytest.raises(IntegrityError, match="spaces_occupancy_no_overlap"), transaction.atomic():
        _hold(second, space, T0 + timedelta(hours=1), T0 + timedelta(hours=3))


@postgres_only
def test_back_to_back_and_inactive_occupancies_are_allowed(space, org_a):
    first = _occurrence(space, org_a, T0, T0 + timedelta(hours=2))
    _hold(first, space, T0, T0 + timedelta(hours=2))
    after = _occurrence(space, org_a, T0 + timedelta(hours=2), T0 + timedelta(hours=4))
    _hold(after, space, T0 + timedelta(hours=2), T0 + timedelta(hours=4))
    cancelled = _occurrence(space, org_a, T0, T0 + timedelta(hours=2))
    _hold(cancelled, space, T0, T0 + timedelta(hours=2), active=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Occupancy.objects.filter(occurrence=cancelled).update(active=True)


@postgres_only
def test_different_units_may_overlap(hall, org_a):
    first = _occurrence(hall.left, org_a, T0, T0 + timedelta(hours=2))
    _hold(first, hall.left, T0, T0 + timedelta(hours=2))
    second = _occurrence(hall.right, org_a, T0, T0 + timedelta(hours=2))
    _hold(second, hall.right, T0, T0 + timedelta(hours=2))


def test_an_empty_or_reversed_range_is_refused_on_every_database(space, org_a):
    occurrence = _occurrence(space, org_a, T0, T0 + timedelta(hours=2))
    for end in (T0, T0 - timedelta(minutes=1)):
        with pytest.raises(IntegrityError), transaction.atomic():
            _hold(occurrence, space, T0, end)


def test_a_denial_without_reason_is_refused_by_the_database(space, org_a):
    booking = book(space, org_a, next_weekday(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(status="denied", decision_reason="")


@postgres_only
def test_losing_a_race_is_a_clear_conflict_not_an_error(space, org_a, org_b, monkeypatch):
    day = next_weekday(1)
    book(space, org_a, day)
    # The other request checked before the first one committed: its check saw nothing.
    monkeypatch.setattr(services, "_mark_conflicts", lambda *args, **kwargs: None)
    with pytest.raises(Conflict) as lost:
        book(space, org_b, day)
    assert lost.value.code == "just_taken"
    assert "just taken" in str(lost.value)
    assert Booking.objects.filter(organisation=org_b.organisation).count() == 0


def test_a_building_cannot_take_an_address_of_the_module_itself():
    from django.core.exceptions import ValidationError

    from middenveld.spaces.models import Building

    building = Building(slug="toewijzing", name="Toewijzing", street="Straat 1", postal_code="9000")
    with pytest.raises(ValidationError) as refused:
        building.full_clean()
    assert "slug" in refused.value.message_dict
