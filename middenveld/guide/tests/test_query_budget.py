"""The checklist and the guide pages cost the same number of queries for 2 or 12 steps."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from middenveld.core.cache import _EARLY_PATHS
from middenveld.guide.owners import ChecklistOwner
from middenveld.guide.services import task_tick
from middenveld.guide.tests.factories import StepFactory, TaskFactory
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _grow(n: int, org_a) -> None:
    owner = ChecklistOwner(organisation=org_a.organisation)
    for _i in range(n):
        step = StepFactory()
        for _j in range(4):
            task = TaskFactory(step=step)
            task_tick(user=org_a.member, task=task, owner=owner)


def _count(client, url: str) -> int:
    cache.clear()
    _EARLY_PATHS.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/wegwijzer/checklist/?voor=buurtwerk-rabot",
        "/wegwijzer/checklist/?voor=mij",
        "/wegwijzer/checklist/",
        "/wegwijzer/",
        "/wegwijzer/vereniging-of-vzw/?voor=buurtwerk-rabot",
    ],
)
def test_signed_in_pages_cost_the_same_queries_for_few_or_many_steps(client, guide, org_a, url):
    # The member also belongs to a few other organisations (the choice of checklist).
    for i in range(3):
        MembershipFactory(
            organisation=OrganisationFactory(name=f"Andere {i}"),
            user=org_a.member,
            role=MemberRole.MEMBER,
        )
    client.force_login(org_a.member)
    _grow(1, org_a)
    small = _count(client, url)
    _grow(10, org_a)
    large = _count(client, url)
    assert large == small
    # session, user, (content version), organisations, membership, steps, tasks, ticks
    assert large <= 9


@pytest.mark.parametrize("url", ["/wegwijzer/", "/en/wegwijzer/verzekeringen/"])
def test_anonymous_pages_cost_the_same_queries_for_few_or_many_steps(client, guide, org_a, url):
    _grow(1, org_a)
    small = _count(client, url)
    _grow(10, org_a)
    assert _count(client, url) == small <= 6
