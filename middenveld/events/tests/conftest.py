"""Two organisations, A and B, each with an admin and a member; events; helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from middenveld.organisations.models import Language, MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory


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
def _english():
    """Service messages in English, so tests can read them."""
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


@pytest.fixture
def turkish(db) -> Language:
    return Language.objects.get(code="tr")


@pytest.fixture(autouse=True)
def _english_by_default():
    """Messages raised outside a request come in the active language; these tests read the
    English texts (pages still take their language from the URL)."""
    from django.utils import translation

    with translation.override("en"):
        yield
