"""Two organisations, A and B, each with an admin and a member; and helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache

from middenveld.accounts.tests.factories import UserFactory
from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import (
    AddressFactory,
    MembershipFactory,
    OrganisationFactory,
)


@dataclass
class OrgWithPeople:
    organisation: Organisation
    admin: Any
    member: Any


def _org(name: str, district: str) -> OrgWithPeople:
    organisation = OrganisationFactory(name=name, districts=[district])
    AddressFactory(organisation=organisation, kind="activity")
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    member = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
    return OrgWithPeople(organisation, admin, member)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def org_a(db) -> OrgWithPeople:
    return _org("Buurtwerk Rabot", "rabot")


@pytest.fixture
def org_b(db) -> OrgWithPeople:
    return _org("Vriendenkring Ledeberg", "ledeberg")


@pytest.fixture
def outsider(db):
    return UserFactory()
