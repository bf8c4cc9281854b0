"""Coaching in the 360° timeline: one event per change, what members see, never the text of
an internal note."""

from __future__ import annotations

import pytest
from django.utils import timezone

from middenveld.coaching import services
from middenveld.coaching.models import GoalStatus
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.timeline import event_kinds, event_sentence, timeline_for

pytestmark = pytest.mark.django_db


def _kinds(organisation):
    return [e.kind for e in TimelineEvent.objects.filter(organisation=organisation).order_by("id")]


def test_every_change_records_an_event(org_a, coach):
    request = services.coaching_request(
        organisation=org_a.organisation, by=org_a.member, themes=["room"], text="Een zaal"
    )
    trajectory = services.coaching_accept(request=request, by=coach, coach=coach)
    goal = services.goal_add(trajectory=trajectory, by=coach, text="Een zaal vinden")
    services.goal_set_status(goal=goal, by=coach, status=GoalStatus.REACHED)
    services.session_record(
        trajectory=trajectory, by=coach, date=timezone.localdate(), minutes=45, summary="Bezoek"
    )
    services.note_add(trajectory=trajectory, by=coach, text="Gedeeld", internal=False)
    services.note_add(trajectory=trajectory, by=coach, text="Geheim", internal=True)
    other = type(coach).objects.create(email="tweede@example.org", name="Tweede", role="staff")
    services.coach_assign(trajectory=trajectory, by=coach, coach=other)
    services.trajectory_close(trajectory=trajectory, by=other, summary="Zaal gevonden")
    assert _kinds(org_a.organisation) == [
        "coaching.requested",
        "coaching.accepted",
        "coaching.goal_added",
        "coaching.goal_status",
        "coaching.session",
        "coaching.note",
        "coaching.internal_note",
        "coaching.coach_changed",
        "coaching.closed",
    ]
    sentences = {
        e.kind: event_sentence(e) for e in TimelineEvent.objects.filter(kind__startswith="coach")
    }
    assert sentences["coaching.accepted"] == "Coaching request accepted; the coach is Lotte De Smet"
    assert sentences["coaching.goal_status"] == "Coaching goal “Een zaal vinden” is now: Reached"
    assert "45 minutes" in sentences["coaching.session"]
    assert sentences["coaching.coach_changed"] == "New coach: Tweede"


def test_the_text_of_notes_and_sessions_never_goes_into_the_timeline(org_a, coach):
    request = services.coaching_request(
        organisation=org_a.organisation, by=org_a.member, themes=["other"], text="Vraag"
    )
    trajectory = services.coaching_accept(request=request, by=coach, coach=coach)
    services.session_record(
        trajectory=trajectory,
        by=coach,
        date=timezone.localdate(),
        minutes=30,
        summary="Wat we deden",
        internal_note="GEHEIM-SESSIE",
    )
    services.note_add(trajectory=trajectory, by=coach, text="GEHEIM-NOTITIE")
    stored = str(list(TimelineEvent.objects.values_list("data", flat=True)))
    assert "GEHEIM" not in stored
    assert "Wat we deden" not in stored


def test_members_see_every_coaching_event_but_internal_notes(org_a, coach):
    kinds = {k: d for k, d in event_kinds().items() if k.startswith("coaching.")}
    assert {k for k, d in kinds.items() if not d.members_see} == {"coaching.internal_note"}
    request = services.coaching_request(
        organisation=org_a.organisation, by=org_a.member, themes=["other"], text="Vraag"
    )
    trajectory = services.coaching_accept(request=request, by=coach, coach=coach)
    services.note_add(trajectory=trajectory, by=coach, text="Intern")
    shown = [e.kind for e in timeline_for(org_a.organisation, members_only=True)]
    assert "coaching.accepted" in shown
    assert "coaching.internal_note" not in shown
    assert "coaching.internal_note" in [e.kind for e in timeline_for(org_a.organisation)]


def test_a_declined_request_shows_its_reason(org_a, coach):
    request = services.coaching_request(
        organisation=org_a.organisation, by=org_a.member, themes=["legal"], text="Statuten"
    )
    services.coaching_decline(request=request, by=coach, reason="Vraag het aan het loket")
    event = TimelineEvent.objects.get(kind="coaching.declined")
    assert event_sentence(event) == "Coaching request declined: Vraag het aan het loket"
    assert event.actor == coach
