"""Coaching pages keep a constant number of queries as coaching grows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.coaching.models import RequestStatus, TrajectoryStatus
from middenveld.coaching.tests.factories import (
    CoachingRequestFactory,
    GoalFactory,
    NoteFactory,
    SessionFactory,
    TrajectoryFactory,
)
from middenveld.core.cache import _EARLY_PATHS
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    cache.clear()
    _EARLY_PATHS.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _fill(trajectory, n: int) -> None:
    for _ in range(n):
        GoalFactory(trajectory=trajectory)
        SessionFactory(trajectory=trajectory, recorded_by=StaffFactory())
        NoteFactory(trajectory=trajectory, internal=False, author=StaffFactory())
        NoteFactory(trajectory=trajectory, internal=True, author=StaffFactory())


def _past(organisation, n: int) -> None:
    for i in range(n):
        past = TrajectoryFactory(
            organisation=organisation,
            status=TrajectoryStatus.CLOSED,
            started_at=timezone.now() - timedelta(days=400 + i),
            closed_at=timezone.now() - timedelta(days=300 + i),
            summary="Klaar",
            coach=StaffFactory(),
        )
        _fill(past, 2)


def test_the_organisation_page_costs_the_same_with_more_coaching(client):
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    trajectory = TrajectoryFactory(organisation=organisation)
    _fill(trajectory, 1)
    _past(organisation, 1)
    client.force_login(admin)
    url = f"/mijn/organisaties/{organisation.slug}/coaching/"
    small = _count(client, url)
    _fill(trajectory, 8)
    _past(organisation, 5)
    assert _count(client, url) == small
    assert small <= 15


def test_the_requests_page_costs_the_same_with_more_requests(client, staff):
    CoachingRequestFactory()
    TrajectoryFactory(coach=staff)
    client.force_login(staff)
    url = "/beheer/coaching/coachingrequest/"
    small = _count(client, url)
    for _ in range(10):
        CoachingRequestFactory(asked_by=StaffFactory())
        CoachingRequestFactory(
            status=RequestStatus.DECLINED,
            decided_at=timezone.now(),
            decline_reason="Nee",
            decided_by=StaffFactory(),
        )
        TrajectoryFactory(coach=staff)
    StaffFactory.create_batch(5)
    assert _count(client, url) == small


def test_the_trajectory_list_costs_the_same_with_more_trajectories(client, staff):
    TrajectoryFactory()
    client.force_login(staff)
    url = "/beheer/coaching/trajectory/"
    small = _count(client, url)
    for _ in range(10):
        TrajectoryFactory()
    assert _count(client, url) == small


def test_the_trajectory_page_costs_the_same_with_more_sessions_and_notes(client, staff):
    trajectory = TrajectoryFactory()
    _fill(trajectory, 1)
    client.force_login(staff)
    url = f"/beheer/coaching/trajectory/{trajectory.pk}/change/"
    small = _count(client, url)
    _fill(trajectory, 10)
    assert _count(client, url) == small


def test_the_360_panel_costs_the_same_with_more_coaching(client, staff):
    organisation = OrganisationFactory()
    trajectory = TrajectoryFactory(organisation=organisation)
    _fill(trajectory, 1)
    _past(organisation, 1)
    client.force_login(staff)
    url = f"/beheer/organisations/organisation/{organisation.pk}/360/"
    small = _count(client, url)
    _fill(trajectory, 6)
    _past(organisation, 4)
    assert _count(client, url) == small
