"""Demo events (seed.py): the 2021 consultation events and webinar with their minutes, coming
events with needs and a waiting list, many more at scale, and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Count, Q

from middenveld.accounts.seed import seed_accounts
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.events import seed, selectors
from middenveld.events.models import Event, Format, Registration, RegistrationStatus
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.seed import seed_organisations
from middenveld.trajectory.seed import seed_trajectory

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Event.objects.count(), Registration.objects.count(), TimelineEvent.objects.count()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_trajectory(ctx)
        seed_organisations(ctx)
        seed.seed_events(ctx)
        yield ctx
        transaction.set_rollback(True)


def test_the_2021_rounds_are_past_events_with_minutes(seeded):
    may = Event.objects.filter(starts_at__year=2021, starts_at__month=5).order_by("starts_at")
    assert [e.starts_at.day for e in may] == [7, 8]
    webinar = Event.objects.get(slug="webinar-beleidslijnen-basiswerk-26-juni-2021")
    assert webinar.format == Format.ONLINE and webinar.starts_at.day == 26
    for event in [*may, webinar]:
        assert event.report_published and event.minutes_nl and event.outcomes_nl
        assert event.workstream is not None and event.workstream.number == 1
    assert webinar.recording_url


def test_the_coming_hybrid_event_has_interpretation_needs_and_the_small_one_a_waiting_list(seeded):
    hybrid = Event.objects.get(slug="inspraakmoment-prioriteiten-basiswerk")
    assert hybrid.format == Format.HYBRID and hybrid.online_link and hybrid.documents.exists()
    sentences = " ".join(selectors.needs_summary(hybrid).sentences)
    assert "interpretation" in sentences and "childcare" in sentences
    small = Event.objects.get(slug="infoavond-samenwerken-met-de-stad")
    assert small.registrations.filter(status=RegistrationStatus.WAITING).count() == 1
    assert TimelineEvent.objects.filter(kind="events.registered").exists()


def test_at_scale_there_are_many_events_and_registrations_that_keep_the_rules(seeded):
    assert Event.objects.count() >= seed.EVENTS_PER_SCALE
    assert Registration.objects.count() >= 8_000
    over = Event.objects.annotate(
        n=Count("registrations", filter=Q(registrations__status="registered"))
    ).filter(n__gt=models_capacity())
    assert not over.exists()
    assert not Registration.objects.filter(
        status=RegistrationStatus.WAITING, event__starts_at__lt=seed.timezone.now()
    ).exists()


def models_capacity():
    from django.db.models import F

    return F("capacity")


def test_a_second_run_creates_nothing(seeded):
    before = _counts()
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_events(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())
