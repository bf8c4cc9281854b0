"""Fixtures of the participation tests (processes, proposals, comments): two organisations,
A and B, each with an admin and a member, and a published process taking proposals.

``english`` is not autouse (other test modules in this folder test the counting engine);
the participation test modules use it with ``pytestmark``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from middenveld.organisations.models import MemberRole, Organisation
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


@pytest.fixture
def english():
    """Service messages in English, so tests can read them."""
    with translation.override("en"):
        yield


@pytest.fixture
def org_a(db) -> OrgWithPeople:
    return _org("Buurtwerk Rabot")


@pytest.fixture
def org_b(db) -> OrgWithPeople:
    return _org("Vriendenkring Ledeberg")


@pytest.fixture
def process(db):
    from middenveld.participation.tests.factories import ProcessFactory

    return ProcessFactory(title="Prioriteiten basiswerk 2027", slug="prioriteiten-basiswerk-2027")


@pytest.fixture(autouse=True)
def _english_by_default():
    """Messages raised outside a request come in the active language; these tests read the
    English texts (pages still take their language from the URL)."""
    from django.utils import translation

    with translation.override("en"):
        yield
