"""The rules that must never break are held by the database, not only by the services
(runs on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from middenveld.coaching.models import RequestStatus, Trajectory, TrajectoryStatus
from middenveld.coaching.tests.factories import (
    CoachingRequestFactory,
    GoalFactory,
    SessionFactory,
    TrajectoryFactory,
)
from middenveld.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_a_second_open_trajectory_for_one_organisation():
    organisation = OrganisationFactory()
    TrajectoryFactory(organisation=organisation)
    _refused(lambda: TrajectoryFactory(organisation=organisation, request=None))
    assert Trajectory.objects.filter(organisation=organisation).count() == 1


def test_closed_trajectories_do_not_count_as_open():
    organisation = OrganisationFactory()
    TrajectoryFactory(
        organisation=organisation,
        status=TrajectoryStatus.CLOSED,
        closed_at=timezone.now(),
        summary="Klaar",
    )
    TrajectoryFactory(organisation=organisation)
    TrajectoryFactory()  # another organisation may have its own
    assert Trajectory.objects.filter(status=TrajectoryStatus.OPEN).count() == 2


def test_the_database_refuses_a_second_waiting_request_for_one_organisation():
    organisation = OrganisationFactory()
    CoachingRequestFactory(organisation=organisation)
    _refused(lambda: CoachingRequestFactory(organisation=organisation))
    CoachingRequestFactory(
        organisation=organisation,
        status=RequestStatus.DECLINED,
        decided_at=timezone.now(),
        decline_reason="Nee",
    )


@pytest.mark.parametrize(
    "values",
    [
        {"summary": "", "closed_at": "now"},
        {"summary": "Klaar", "closed_at": None},
    ],
)
def test_a_closed_trajectory_has_a_summary_and_an_end(values):
    closed_at = timezone.now() if values["closed_at"] == "now" else None
    _refused(
        lambda: TrajectoryFactory(
            status=TrajectoryStatus.CLOSED, summary=values["summary"], closed_at=closed_at
        )
    )


def test_an_open_trajectory_has_no_end():
    _refused(lambda: TrajectoryFactory(closed_at=timezone.now()))


@pytest.mark.parametrize("minutes", [0])
def test_a_session_lasts_a_while(minutes):
    _refused(lambda: SessionFactory(minutes=minutes))


def test_statuses_are_from_the_list():
    _refused(lambda: TrajectoryFactory(status="paused"))
    _refused(lambda: GoalFactory(status="forgotten"))
    _refused(lambda: CoachingRequestFactory(status="maybe"))


def test_a_declined_request_has_a_reason_and_a_date():
    _refused(
        lambda: CoachingRequestFactory(
            status=RequestStatus.DECLINED, decided_at=timezone.now(), decline_reason=""
        )
    )
    _refused(lambda: CoachingRequestFactory(status=RequestStatus.ACCEPTED, decided_at=None))
