"""Buildings, spaces (with parts), tariffs, bookings for tests."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import factory

from middenveld.spaces.models import Building, Closure, Facility, OpeningHours, Space, Tariff


class FacilityFactory(factory.django.DjangoModelFactory[Facility]):
    class Meta:
        model = Facility
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"facility-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " "))


class BuildingFactory(factory.django.DjangoModelFactory[Building]):
    class Meta:
        model = Building

    slug = factory.Sequence(lambda n: f"gebouw-{n}")
    name = factory.Sequence(lambda n: f"Buurthuis {n}")
    street = "Kortrijksesteenweg 1"
    postal_code = "9000"
    municipality = "Gent"
    accessibility = "Drempelvrije ingang, lift naar alle verdiepingen."
    contact_email = "ruimtes@example.org"


class SpaceFactory(factory.django.DjangoModelFactory[Space]):
    class Meta:
        model = Space

    building = factory.SubFactory(BuildingFactory)
    slug = factory.Sequence(lambda n: f"zaal-{n}")
    name = factory.Sequence(lambda n: f"Zaal {n}")
    capacity = 40
    min_days_ahead = 0
    max_days_ahead = 365
    min_duration_minutes = 30
    max_duration_minutes = 720
    granularity_minutes = 15
    needs_approval = True
    max_series_weeks = 52
    who_may_book = factory.LazyFunction(dict)


class TariffFactory(factory.django.DjangoModelFactory[Tariff]):
    class Meta:
        model = Tariff

    space = factory.SubFactory(SpaceFactory)
    category = "standard"
    hourly_rate = Decimal("20.00")
    applies_to = factory.LazyFunction(dict)


class OpeningHoursFactory(factory.django.DjangoModelFactory[OpeningHours]):
    class Meta:
        model = OpeningHours

    building = factory.SubFactory(BuildingFactory)
    weekday = 0
    opens = time(8, 0)
    closes = time(23, 0)


class ClosureFactory(factory.django.DjangoModelFactory[Closure]):
    class Meta:
        model = Closure

    reason = "Onderhoud"
