"""Erasing an account keeps the organisation's coaching and removes what is about the person."""

from __future__ import annotations

import pytest
from django.utils import timezone

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.coaching import services
from middenveld.coaching.models import CoachingRequest, Trajectory
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.timeline import event_sentence

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(org_a, coach):
    request = services.coaching_request(
        organisation=org_a.organisation,
        by=org_a.member,
        themes=["finances"],
        text="Geld",
        availability="Bel me na 18 uur op 0485 12 34 56",
    )
    trajectory = services.coaching_accept(request=request, by=coach, coach=coach)
    services.session_record(
        trajectory=trajectory, by=coach, date=timezone.localdate(), minutes=30, summary="x"
    )
    services.note_add(trajectory=trajectory, by=coach, text="Notitie")
    return trajectory


def test_the_export_holds_the_persons_requests_and_coaching(trajectory, org_a, coach):
    asked = user_export(org_a.member)["coaching"]
    assert asked["requests"][0]["availability"] == "Bel me na 18 uur op 0485 12 34 56"
    coached = user_export(coach)["coaching"]
    assert coached["coached"][0]["organisation"] == org_a.organisation.name
    assert coached["sessions_recorded"] == 1
    assert coached["notes_written"][0]["text"] == "Notitie"


def test_erasing_the_asker_keeps_the_request_without_their_availability(trajectory, org_a):
    user_erase(org_a.member)
    request = CoachingRequest.objects.get()
    assert request.availability == ""
    assert request.text == "Geld"
    assert Trajectory.objects.get().status == "open"


def test_erasing_the_coach_keeps_the_trajectory_and_removes_their_name(trajectory, coach):
    user_erase(coach)
    trajectory.refresh_from_db()
    assert trajectory.sessions.count() == 1
    event = TimelineEvent.objects.get(kind="coaching.accepted")
    assert "Lotte" not in event_sentence(event)
    assert event.data["coach_id"] is None


def test_deleting_an_account_outright_breaks_nothing(trajectory, org_a, coach):
    org_a.member.delete()
    coach.delete()
    trajectory.refresh_from_db()
    assert trajectory.coach is None
    assert trajectory.request.asked_by is None
    assert trajectory.sessions.get().recorded_by is None
    assert trajectory.notes.get().author is None
