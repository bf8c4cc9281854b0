"""Demo data for spaces (seed.py): buildings over the wijken with rooms, divided halls,
rules, tariffs, opening hours and closures; bookings that keep every rule the booking
service keeps (no overlap per unit, buffers, wall-clock times, real-time prices, opening
hours, closures); the demo accounts' bookings; an open allocation round; a second run adds
nothing and a bigger scale adds buildings without touching the first ones."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from middenveld.accounts.models import User
from middenveld.accounts.seed import seed_accounts
from middenveld.city.seed import seed_city
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.organisations.models import Organisation, RecognitionType, TimelineEvent
from middenveld.organisations.seed import seed_organisations
from middenveld.spaces import seed, selectors, services, times
from middenveld.spaces.models import (
    AllocationRound,
    Booking,
    Building,
    Closure,
    Facility,
    Occupancy,
    Occurrence,
    RoundStatus,
    Space,
    Tariff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_organisations(ctx)
        seed_city(ctx)
        seed.seed_spaces(ctx)
        yield ctx
        transaction.set_rollback(True)


def _counts() -> tuple[int, ...]:
    return (
        Building.objects.count(),
        Space.objects.count(),
        Booking.objects.count(),
        Occurrence.objects.count(),
        Occupancy.objects.count(),
        Closure.objects.count(),
        Tariff.objects.count(),
        AllocationRound.objects.count(),
        TimelineEvent.objects.filter(kind__startswith="spaces.").count(),
    )


def _assert_no_overlap() -> None:
    by_unit: dict[int, list[tuple]] = defaultdict(list)
    for unit, start, end in Occupancy.objects.filter(active=True).values_list(
        "unit_id", "starts_at", "ends_at"
    ):
        by_unit[unit].append((start, end))
    for unit, ranges in by_unit.items():
        ranges.sort()
        for (_s1, e1), (s2, _e2) in zip(ranges, ranges[1:], strict=False):
            assert e1 <= s2, f"unit {unit}: {e1} > {s2}"


# --- The catalogue ----------------------------------------------------------------------------


def test_scale_1_is_small_eight_buildings_about_forty_spaces_a_few_thousand_dates(seeded):
    assert Building.objects.count() == 8
    assert 30 <= Space.objects.count() <= 50
    assert 1_000 <= Occurrence.objects.count() <= 5_000
    assert seeded.counts["buildings"] == 8


def test_buildings_are_spread_over_the_wijken_with_addresses_hours_and_contacts(seeded):
    buildings = list(Building.objects.select_related("district"))
    assert len({b.district_id for b in buildings}) == 8
    for building in buildings:
        assert building.district is not None and building.street and building.postal_code
        assert building.accessibility_nl and building.accessibility_en  # type: ignore[attr-defined]
        assert building.opening_hours.filter(weekday__lt=5).count() == 5
        assert building.contact_email and building.team is not None
    brugse_poort = Building.objects.get(slug="wijkcentrum-brugse-poort")
    assert brugse_poort.district.name == "Brugse Poort - Rooigem"


def test_facilities_rules_tariffs_and_divided_halls(seeded):
    codes = set(Facility.objects.values_list("code", flat=True))
    assert {"keuken", "beamer", "drempelvrij", "geluidsinstallatie", "wifi", "podium"} <= codes
    assert {"vergadertafels", "rolstoeltoilet"} <= codes
    halls = Space.objects.filter(parts__isnull=False).distinct()
    assert halls.count() >= 2
    for hall in halls:
        assert hall.parts.count() == 2
        assert sum(part.capacity for part in hall.parts.all()) <= hall.capacity
    spaces = Space.objects.all()
    assert spaces.filter(needs_approval=True).exists() and spaces.filter(needs_approval=False)
    assert spaces.filter(buffer_after_minutes__gt=0).exists()
    assert {15, 30, 60} & set(spaces.values_list("granularity_minutes", flat=True))
    assert len(set(spaces.values_list("max_days_ahead", flat=True))) > 1
    categories = Counter(Tariff.objects.values_list("category", flat=True))
    assert categories["free"] == categories["reduced"] == categories["standard"] > 0
    free = Tariff.objects.filter(category="free").first()
    assert free is not None and free.applies_to["recognitions"]
    known = set(RecognitionType.objects.values_list("code", flat=True))
    assert set(free.applies_to["recognitions"]) <= known


def test_christmas_closes_every_building(seeded):
    for building in Building.objects.all():
        closure = building.closures.get(reason__startswith="Kerstvakantie")
        assert times.to_local(closure.starts_at).strftime("%d/%m %H:%M") == "24/12 00:00"
        assert times.to_local(closure.ends_at).strftime("%d/%m %H:%M") == "02/01 00:00"


# --- Bookings keep the rules --------------------------------------------------------------------


def test_no_two_active_occupancies_overlap_on_a_unit(seeded):
    _assert_no_overlap()


def test_every_date_occupies_its_units_with_the_buffers(seeded):
    occupancy = defaultdict(list)
    for row in Occupancy.objects.values("occurrence_id", "unit_id", "starts_at", "ends_at", "active"):  # fmt: skip
        occupancy[row["occurrence_id"]].append(row)
    units = {}
    for occurrence in Occurrence.objects.select_related("space"):
        space = occurrence.space
        if space.pk not in units:
            units[space.pk] = services.units_of(space)
        rows = occupancy[occurrence.pk]
        assert sorted(r["unit_id"] for r in rows) == units[space.pk]
        for row in rows:
            assert row["starts_at"] == occurrence.starts_at - timedelta(
                minutes=space.buffer_before_minutes
            )
            assert row["ends_at"] == occurrence.ends_at + timedelta(
                minutes=space.buffer_after_minutes
            )
            assert row["active"] == (occurrence.status in ("requested", "confirmed"))


def test_dates_are_wall_clock_times_and_cost_their_real_length(seeded):
    for occurrence in Occurrence.objects.select_related("booking"):
        booking = occurrence.booking
        start, end = times.to_local(occurrence.starts_at), times.to_local(occurrence.ends_at)
        assert start.time() == booking.start_time and end.time() == booking.end_time
        if booking.repeat == "weekly":
            assert start.weekday() in booking.weekdays
            assert booking.first_day <= start.date() <= booking.until
        else:
            assert start.date() == booking.first_day
        minutes = times.minutes_between(occurrence.starts_at, occurrence.ends_at)
        price = services.Price(booking.tariff_category, booking.hourly_rate)
        assert occurrence.price == price.for_minutes(minutes)
    for booking in Booking.objects.all()[:300]:
        total = sum(o.price for o in booking.occurrences.all())
        assert booking.total_price == total


def test_the_tariff_is_the_one_the_service_gives(seeded):
    today = timezone.localdate()
    coming = Booking.objects.filter(first_day__gte=today).select_related("space", "organisation")
    assert coming.count() > 20
    for booking in coming[:200]:
        price = services.price_for(booking.space, booking.organisation, on=booking.first_day)
        assert (price.category, price.hourly_rate) == (booking.tariff_category, booking.hourly_rate)
    assert {"free", "reduced", "standard"} <= set(
        Booking.objects.values_list("tariff_category", flat=True)
    )


def test_dates_keep_the_rules_of_their_space(seeded):
    """Opening hours, durations, steps and closures, as the service would judge them (each
    date planned a day before the space's latest booking moment)."""
    rules = {}
    for occurrence in Occurrence.objects.select_related("booking", "space__building")[:1500]:
        space, booking = occurrence.space, occurrence.booking
        if space.pk not in rules:
            rules[space.pk] = services._Rules(space)
        slot = services._plan_slot(
            space,
            rules[space.pk],
            times.local_day(occurrence.starts_at),
            booking.start_time,
            booking.end_time,
            booking.fold,
            services.Price(booking.tariff_category, booking.hourly_rate),
            now=occurrence.starts_at - timedelta(days=space.min_days_ahead + 1),
            single=True,
        )
        assert slot.problems == [], (str(space), slot.day, slot.problems)
        closed = Closure.objects.filter(
            starts_at__lt=occurrence.ends_at, ends_at__gt=occurrence.starts_at
        ).filter(building=space.building_id) | Closure.objects.filter(
            starts_at__lt=occurrence.ends_at,
            ends_at__gt=occurrence.starts_at,
            space_id__in=services.related_space_ids(space),
        )
        if occurrence.status in ("requested", "confirmed"):
            assert not closed.exists(), (str(space), occurrence.starts_at)


def test_statuses_waiting_confirmed_denied_and_cancelled_are_all_there(seeded):
    statuses = Counter(Booking.objects.values_list("status", flat=True))
    assert statuses["confirmed"] > statuses["requested"] > 0
    assert statuses["denied"] > 0 and statuses["cancelled"] > 0
    today = timezone.localdate()
    assert not Booking.objects.filter(status="requested", first_day__lt=today).exists()
    for booking in Booking.objects.filter(status="denied"):
        assert booking.decision_reason and booking.decided_at
    cancelled = Occurrence.objects.filter(status="cancelled")
    assert cancelled.exists()
    assert not cancelled.filter(cancelled_at__isnull=True).exists()
    assert not cancelled.filter(cancel_reason="").exists()
    assert Booking.objects.filter(repeat="weekly", interval_weeks=1).count() > 50


def test_bookings_are_in_the_organisations_timeline_and_the_log(seeded):
    booked = Booking.objects.values("organisation_id").distinct().count()
    with_events = (
        TimelineEvent.objects.filter(kind__startswith="spaces.")
        .values("organisation_id")
        .distinct()
        .count()
    )
    assert with_events == booked
    denied = TimelineEvent.objects.filter(kind="spaces.booking_denied").first()
    assert denied is not None and denied.data["reason"]
    assert Booking.objects.filter(log__isnull=True).count() == 0


def test_a_seeded_booking_is_a_conflict_for_the_booking_service(seeded):
    citizen = User.objects.get(email=seed.CITIZEN)
    de_brug = Organisation.objects.get(slug=seed.DE_BRUG)
    taken = (
        Occurrence.objects.filter(
            status="confirmed",
            starts_at__gt=timezone.now() + timedelta(days=20),
            space__who_may_book={},
        )
        .select_related("booking", "space__building")
        .order_by("starts_at")
        .first()
    )
    assert taken is not None
    plan = services.booking_plan(
        space=taken.space,
        organisation=de_brug,
        by=citizen,
        purpose="Overleg",
        attendees=5,
        first_day=times.local_day(taken.starts_at),
        start_time=taken.booking.start_time,
        end_time=taken.booking.end_time,
    )
    assert plan.slots[0].conflicts


def test_free_spaces_on_a_busy_evening_agree_with_every_occupancy(seeded):
    """``selectors.free_spaces`` reads only the occupancy near the asked time; a full
    look at every occupancy finds the same spaces taken."""
    from datetime import time

    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 + 14)  # a Tuesday
    while (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 1):
        day += timedelta(weeks=1)  # not in the Christmas closure
    start, end = time(19, 0), time(21, 0)
    starts_at, ends_at = times.span(day, start, end)
    free = {
        space.pk for space in selectors.free_spaces(day=day, start=start, end=end, attendees=20)
    }
    candidates = list(selectors.space_list(capacity=20))
    taken = set()
    for space in candidates:
        held = (
            starts_at - timedelta(minutes=space.buffer_before_minutes),
            ends_at + timedelta(minutes=space.buffer_after_minutes),
        )
        if Occupancy.objects.filter(
            active=True,
            unit_id__in=services.units_of(space),
            starts_at__lt=held[1],
            ends_at__gt=held[0],
        ).exists():
            taken.add(space.pk)
    assert free and taken
    assert not free & taken
    for space in candidates:
        if space.pk in free or space.pk in taken:
            continue
        # Neither free nor taken: closed, or outside the opening hours.
        rules = services._Rules(space)
        closed = Closure.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).filter(
            Q(building_id=space.building_id) | Q(space_id__in=rules.related)
        )
        assert closed.exists() or rules.opening_problem(day, start, end), str(space)


# --- The demo accounts and the allocation round ---------------------------------------------------


def test_the_demo_citizen_has_bookings_to_show(seeded):
    citizen = User.objects.get(email=seed.CITIZEN)
    bookings = list(selectors.bookings_for_user(citizen))
    statuses = Counter(b.status for b in bookings)
    assert statuses["requested"] >= 1 and statuses["confirmed"] >= 2
    assert statuses["cancelled"] >= 1 and statuses["denied"] >= 1
    organisations = {b.organisation.slug for b in bookings}
    assert organisations == {seed.DE_BRUG, seed.ZONNEBLOEM}
    homework = [b for b in bookings if b.purpose == "Huiswerkklas"]
    assert homework and all(b.weekdays == [0, 1, 3] for b in homework)
    assert any(b.requested_by == citizen for b in bookings)
    # De Brug is recognised for basic work: it books for free.
    assert {b.tariff_category for b in bookings if b.organisation.slug == seed.DE_BRUG} == {"free"}
    assert TimelineEvent.objects.filter(
        organisation__slug=seed.DE_BRUG, kind="spaces.booking_denied"
    ).exists()


def test_an_allocation_round_is_open_for_requests(seeded):
    allocation_round = AllocationRound.objects.get()
    now = timezone.now()
    assert allocation_round.status == RoundStatus.OPEN
    assert allocation_round.requests_open_at < now < allocation_round.requests_close_at
    assert allocation_round.season_starts > timezone.localdate()
    assert allocation_round.spaces.count() >= 10
    assert not allocation_round.requests.exists()


# --- Runs ---------------------------------------------------------------------------------------


def test_a_second_run_creates_nothing(seeded):
    before = _counts()
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_spaces(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())


def test_a_bigger_scale_keeps_the_first_buildings_and_adds_more(seeded):
    first = dict(Building.objects.values_list("slug", "pk"))
    dates = Occurrence.objects.count()
    ctx = SeedContext(scale=2, write=lambda text: None)
    seed.seed_spaces(ctx)
    assert ctx.counts["buildings"] == seed.BUILDINGS_PER_SCALE
    assert Building.objects.count() == 8 + seed.BUILDINGS_PER_SCALE
    assert dict(Building.objects.filter(slug__in=first).values_list("slug", "pk")) == first
    assert Occurrence.objects.count() > dates
    _assert_no_overlap()


def test_the_volume_grows_with_the_scale():
    assert seed.weeks_back(1) == 4 and seed.weeks_back(10) == 52
    low, high = seed.series_per_space(10)
    assert seed.series_per_space(1) == (1, 3) and low > 1 and high > 3
    # --scale 10: 8 + 9 x 14 buildings with about five and a half spaces each.
    assert 8 + 9 * seed.BUILDINGS_PER_SCALE >= 130
