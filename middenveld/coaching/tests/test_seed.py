"""Demo coaching (seed.py): De Brug has an open trajectory for the demo, the inbox has work,
and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from middenveld.accounts.seed import seed_accounts
from middenveld.coaching import seed
from middenveld.coaching.models import (
    CoachingRequest,
    Goal,
    Note,
    RequestStatus,
    Session,
    Trajectory,
    TrajectoryStatus,
)
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.seed import seed_organisations

pytestmark = pytest.mark.django_db

MODELS = (CoachingRequest, Trajectory, Goal, Session, Note, TimelineEvent)


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_organisations(ctx)
        seed.seed_coaching(ctx)
        yield ctx
        transaction.set_rollback(True)


def test_the_demo_organisation_has_an_open_trajectory_with_the_demo_coach(seeded):
    trajectory = Trajectory.objects.get(
        organisation__slug="huiswerkklas-de-brug", status=TrajectoryStatus.OPEN
    )
    assert trajectory.coach.email == "medewerker@example.org"
    assert trajectory.request.asked_by.email == "burger@example.org"
    assert trajectory.goals.count() == 3
    assert trajectory.sessions.count() == 3
    assert trajectory.notes.filter(internal=False).exists()
    assert TimelineEvent.objects.filter(
        organisation=trajectory.organisation, kind="coaching.accepted"
    ).exists()


def test_the_inbox_has_waiting_requests_and_there_is_history(seeded):
    assert (
        CoachingRequest.objects.filter(
            organisation__slug="vrouwenvereniging-de-zonnebloem", status=RequestStatus.DECLINED
        )
        .exclude(decline_reason="")
        .exists()
    )
    assert CoachingRequest.objects.filter(status=RequestStatus.NEW).count() >= 5
    assert CoachingRequest.objects.filter(status=RequestStatus.DECLINED).exists()
    assert Trajectory.objects.filter(status=TrajectoryStatus.CLOSED).count() >= 3
    assert Trajectory.objects.filter(status=TrajectoryStatus.OPEN).count() >= 3
    # Every trajectory is consistent with what the services would have made.
    for trajectory in Trajectory.objects.select_related("request"):
        assert trajectory.request.status == RequestStatus.ACCEPTED
        assert trajectory.coach.role in ("staff", "administrator")
        for session in trajectory.sessions.all():
            assert session.date >= trajectory.started_at.date()
        if trajectory.closed_at:
            assert trajectory.closed_at > trajectory.started_at
    assert seeded.counts["coaching trajectories"] >= 7


def test_a_second_run_creates_nothing(seeded):
    before = _counts()
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_coaching(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())


def test_a_larger_scale_adds_more(seeded):
    before = CoachingRequest.objects.count()
    seed.seed_coaching(SeedContext(scale=2, write=lambda text: None))
    assert CoachingRequest.objects.count() > before
