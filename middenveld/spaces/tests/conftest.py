"""Two organisations, A and B, each with an admin and a member; a building with a
divisible hall; helpers to book."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.spaces import services
from middenveld.spaces.models import Space
from middenveld.spaces.tests.factories import BuildingFactory, SpaceFactory


@dataclass
class OrgWithPeople:
    organisation: Organisation
    admin: Any
    member: Any


def _org(name: str) -> OrgWithPeople:
    organisation = OrganisationFactory(name=name)
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    member = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
    return OrgWithPeople(organisation, admin, member)


@pytest.fixture(autouse=True)
def _english_by_default():
    """Service messages in English, so tests can read them (pages take their language
    from the URL)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mailbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def org_a(db) -> OrgWithPeople:
    return _org("Buurtwerk Rabot")


@pytest.fixture
def org_b(db) -> OrgWithPeople:
    return _org("Vriendenkring Ledeberg")


@dataclass
class Hall:
    whole: Space
    left: Space
    right: Space


@pytest.fixture
def space(db) -> Space:
    return SpaceFactory(name="Vergaderzaal", slug="vergaderzaal")


@pytest.fixture
def hall(db) -> Hall:
    building = BuildingFactory(name="Wijkcentrum Brugse Poort", slug="wijkcentrum-brugse-poort")
    whole = SpaceFactory(building=building, name="Grote zaal", slug="grote-zaal", capacity=120)
    left = SpaceFactory(
        building=building, parent=whole, name="Grote zaal links", slug="links", capacity=60
    )
    right = SpaceFactory(
        building=building, parent=whole, name="Grote zaal rechts", slug="rechts", capacity=60
    )
    return Hall(whole, left, right)


def next_weekday(weekday: int, *, weeks: int = 2) -> date:
    """A ``weekday`` (0 = Monday) at least ``weeks`` weeks from today."""
    day = timezone.localdate() + timedelta(weeks=weeks)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def book(
    space: Space,
    org: OrgWithPeople,
    day: date,
    start: str = "19:00",
    end: str = "21:00",
    **extra: Any,
):
    return services.booking_request(
        space=space,
        organisation=org.organisation,
        by=extra.pop("by", org.member),
        purpose=extra.pop("purpose", "Buurtvergadering"),
        attendees=extra.pop("attendees", 20),
        first_day=day,
        start_time=time.fromisoformat(start),
        end_time=time.fromisoformat(end),
        **extra,
    )
