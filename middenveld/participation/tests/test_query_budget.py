"""Participation pages and API lists keep a constant number of queries as they grow."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.cache import _EARLY_PATHS
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.participation.tests.factories import (
    CommentFactory,
    CommentReportFactory,
    ProcessFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    cache.clear()
    _EARLY_PATHS.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(process, n: int) -> None:
    for _ in range(n):
        organisation = OrganisationFactory()
        proposal = ProposalFactory(process=process, organisation=organisation)
        top = CommentFactory(process=process, organisation=organisation, author=UserFactory())
        CommentFactory(process=process, parent=top, author=UserFactory())
        on_proposal = CommentFactory(process=process, proposal=proposal, author=UserFactory())
        CommentFactory(process=process, proposal=proposal, parent=on_proposal, author=UserFactory())
        CommentReportFactory(comment=top)


def _pages(process) -> list[str]:
    proposal = process.proposals.order_by("id").first()
    return [
        "/inspraak/",
        f"/inspraak/{process.slug}/",
        f"/inspraak/{process.slug}/voorstellen/",
        f"/inspraak/{process.slug}/voorstellen/{proposal.pk}/",
        "/api/v1/processes",
        f"/api/v1/processes/{process.slug}/proposals",
        f"/api/v1/processes/{process.slug}/comments",
        f"/api/v1/processes/{process.slug}/comments?proposal={proposal.pk}",
    ]


@pytest.mark.parametrize("signed_in", [False, True])
def test_public_pages_cost_the_same_with_more_processes_proposals_and_comments(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    process = ProcessFactory()
    _grow(process, 2)
    for _ in range(2):
        ProcessFactory()
    small = {url: _count(client, url) for url in _pages(process)}
    _grow(process, 12)
    for _ in range(12):
        ProcessFactory()
    large = {url: _count(client, url) for url in _pages(process)}
    assert large == small


def test_the_moderation_queue_and_the_figures_cost_the_same_with_more_comments(client):
    client.force_login(StaffFactory())
    process = ProcessFactory()
    _grow(process, 2)
    urls = [
        "/beheer/participation/comment/",
        "/beheer/participation/comment/?meldingen=open",
        "/beheer/participation/proposal/",
        "/beheer/participation/process/",
        f"/beheer/inspraak/{process.slug}/cijfers/",
        "/beheer/inbox/?scope=teams",
    ]
    small = {url: _count(client, url) for url in urls}
    _grow(process, 12)
    for _ in range(5):
        ProcessFactory()
    large = {url: _count(client, url) for url in urls}
    assert large == small


def test_the_process_page_stays_within_its_budget(client, django_assert_max_num_queries):
    process = ProcessFactory()
    _grow(process, 5)
    cache.clear()
    _EARLY_PATHS.clear()
    with django_assert_max_num_queries(15):
        assert client.get(f"/inspraak/{process.slug}/").status_code == 200
