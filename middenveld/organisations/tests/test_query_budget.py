"""Pages keep a constant number of queries as the register grows."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from middenveld.core.cache import _EARLY_PATHS
from middenveld.core.models import District
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import (
    AddressFactory,
    MembershipFactory,
    OrganisationFactory,
    RecognitionFactory,
)
from middenveld.organisations.timeline import timeline_record

pytestmark = pytest.mark.django_db


def _grow(n: int) -> None:
    for i in range(n):
        organisation = OrganisationFactory(
            name=f"Buurtwerk {i}",
            districts=["rabot", "ledeberg"],
            target_groups=["vrouwen", "gezinnen"],
            languages=["nl", "tr"],
        )
        AddressFactory(organisation=organisation, kind="activity")
        RecognitionFactory(organisation=organisation)
        MembershipFactory(organisation=organisation, role=MemberRole.ADMIN)
        timeline_record(organisation=organisation, kind="organisations.verified")


def _count(client, url: str) -> int:
    # Measure a full render: no cached page, no early answer from the middleware.
    cache.clear()
    _EARLY_PATHS.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/organisaties/",
        "/organisaties/?q=buurtwerk&district=rabot&working_form=ontmoeting",
        "/organisaties/?language=tr&target_group=vrouwen&sort=-naam",
    ],
)
def test_the_directory_costs_the_same_queries_for_5_or_40_organisations(client, url):
    _grow(5)
    small = _count(client, url + ("&" if "?" in url else "?") + "")
    _grow(35)
    large = _count(client, url)
    assert large == small
    assert large <= 12


def test_a_profile_costs_the_same_queries_with_more_recognitions(client):
    _grow(1)
    organisation = OrganisationFactory(name="Groeiende Vereniging", districts=["rabot"])
    RecognitionFactory(organisation=organisation)
    small = _count(client, f"/organisaties/{organisation.slug}/")
    for _ in range(6):
        RecognitionFactory(organisation=organisation)
    organisation.districts.add(*District.objects.all())
    large = _count(client, f"/organisaties/{organisation.slug}/")
    assert large == small
    assert large <= 12


def test_the_360_view_costs_the_same_queries_with_more_members_and_events(client, staff):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation)
    RecognitionFactory(
        organisation=organisation
    )  # documents are only fetched when there are recognitions
    client.force_login(staff)
    url = f"/beheer/organisations/organisation/{organisation.pk}/360/"
    small = _count(client, url)
    for _ in range(10):
        MembershipFactory(organisation=organisation)
        RecognitionFactory(organisation=organisation)
        timeline_record(organisation=organisation, kind="organisations.verified", actor=staff)
    large = _count(client, url)
    assert large == small


def test_the_members_page_costs_the_same_queries_with_more_members(client):
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    client.force_login(admin)
    url = f"/organisaties/{organisation.slug}/leden/"
    small = _count(client, url)
    for _ in range(10):
        MembershipFactory(organisation=organisation)
    assert _count(client, url) == small


def test_the_verification_queue_costs_the_same_queries_with_more_waiting(client, staff):
    client.force_login(staff)
    url = "/beheer/organisations/organisation/wachtrij/"
    OrganisationFactory(status="submitted", districts=["rabot"])
    small = _count(client, url)
    for _ in range(10):
        OrganisationFactory(status="submitted", districts=["rabot", "ledeberg"])
    assert _count(client, url) == small
