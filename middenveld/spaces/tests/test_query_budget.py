"""The list pages of spaces cost the same number of queries for 3 or 30 rows."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from middenveld.organisations.tests.factories import DistrictFactory
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import (
    BuildingFactory,
    ClosureFactory,
    FacilityFactory,
    OpeningHoursFactory,
    SpaceFactory,
    TariffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


def _spaces(count: int) -> None:
    district = DistrictFactory(slug="rabot", name="Rabot")
    kitchen = FacilityFactory(code="keuken", name="Keuken")
    beamer = FacilityFactory(code="beamer", name="Beamer")
    for _ in range(count):
        building = BuildingFactory(district=district)
        whole = SpaceFactory(building=building)
        whole.facilities.add(kitchen, beamer)
        SpaceFactory(building=building, parent=whole, capacity=10)


@pytest.mark.parametrize("count", [3, 30])
def test_the_catalogue(client, django_assert_max_num_queries, count):
    _spaces(count)
    with django_assert_max_num_queries(8):
        assert client.get("/ruimtes/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_catalogue_filtered_on_free_time(client, django_assert_max_num_queries, count, org_a):
    _spaces(count)
    day = next_weekday(2)
    query = f"/ruimtes/?wijk=rabot&personen=5&voorziening=keuken&datum={day}&van=19:00&tot=21:00"
    # 13: one more than the page itself for the cache key (the versions of content and bookings).
    with django_assert_max_num_queries(13):
        assert client.get(query).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_a_building_page(client, django_assert_max_num_queries, count):
    building = BuildingFactory()
    OpeningHoursFactory(building=building)
    for _ in range(count):
        whole = SpaceFactory(building=building)
        whole.facilities.add(FacilityFactory(code="keuken"))
        SpaceFactory(building=building, parent=whole)
    with django_assert_max_num_queries(8):
        assert client.get(f"/ruimtes/{building.slug}/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_a_space_page_with_its_month(client, django_assert_max_num_queries, count, space, org_a):
    TariffFactory(space=space)
    ClosureFactory(
        building=space.building,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=2),
    )
    day = next_weekday(1)
    for n in range(count):  # back to back, half an hour each, from 07:00
        start = datetime.combine(day, time(7)) + timedelta(minutes=30 * n)
        end = start + timedelta(minutes=30)
        book(space, org_a, day, f"{start:%H:%M}", f"{end:%H:%M}")
    month = f"{day.year}-{day.month:02d}"
    with django_assert_max_num_queries(20):
        response = client.get(f"/ruimtes/{space.building.slug}/{space.slug}/?maand={month}")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_my_bookings(client, django_assert_max_num_queries, count, space, org_a):
    first = next_weekday(1)
    for n in range(count):
        book(space, org_a, first + timedelta(days=n), "19:00", "20:00")
    client.force_login(org_a.member)
    with django_assert_max_num_queries(8):
        assert client.get("/mijn/boekingen/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_one_booking_with_many_dates(client, django_assert_max_num_queries, count, space, org_a):
    first = next_weekday(1)
    booking = book(
        space,
        org_a,
        first,
        repeat="weekly",
        weekdays=[1],
        until=first + timedelta(weeks=count - 1),
    )
    client.force_login(org_a.member)
    with django_assert_max_num_queries(12):
        assert client.get(f"/mijn/boekingen/{booking.pk}/").status_code == 200
