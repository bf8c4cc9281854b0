"""Two organisations, A and B, each with an admin and a member; and helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import translation

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
def _english():
    """Service messages in English, so tests can read them; pages and the API
    still choose their language per request (URL prefix, Accept-Language)."""
    with translation.override("en"):
        yield


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
