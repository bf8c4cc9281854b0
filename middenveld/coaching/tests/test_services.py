"""Coaching services: who may ask, the city's answer, the trajectory, e-mails and refusals."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.coaching import services
from middenveld.coaching.models import (
    CoachingRequest,
    GoalStatus,
    RequestStatus,
    Trajectory,
    TrajectoryStatus,
)
from middenveld.coaching.tests.factories import (
    CoachingRequestFactory,
    GoalFactory,
    TrajectoryFactory,
)
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.support.workdays import BRUSSELS

pytestmark = pytest.mark.django_db


def _ask(org, by=None, **overrides):
    values = {
        "themes": ["finances", "volunteers"],
        "text": "We willen een subsidie aanvragen.",
        "language": "tr",
        "availability": "Maandagavond",
    }
    values.update(overrides)
    return services.coaching_request(organisation=org.organisation, by=by or org.member, **values)


# --- Asking ---------------------------------------------------------------------------------


def test_a_member_asks_for_coaching_and_the_answer_is_due_in_five_working_days(org_a):
    request = _ask(org_a)
    assert request.status == RequestStatus.NEW
    assert request.asked_by == org_a.member
    assert request.themes == ["finances", "volunteers"]
    assert request.language.code == "tr"
    assert services.CALENDAR.working_days_between(
        request.created_at.astimezone(BRUSSELS).date(), request.due_at.astimezone(BRUSSELS).date()
    ) in (5, 6)  # from the day itself, or from the next working day when asked on a weekend
    assert request.due_at > request.created_at + timedelta(days=4)


def test_the_due_date_skips_weekends_and_holidays(org_a, monkeypatch):
    friday = datetime(2026, 4, 3, 10, 0, tzinfo=BRUSSELS)  # Easter Monday is 6 April
    monkeypatch.setattr(services.timezone, "now", lambda: friday)
    request = _ask(org_a)
    assert request.due_at.astimezone(BRUSSELS) == datetime(2026, 4, 13, 10, 0, tzinfo=BRUSSELS)


def test_an_admin_may_ask_too(org_a):
    assert _ask(org_a, by=org_a.admin).asked_by == org_a.admin


@pytest.mark.parametrize("who", ["outsider", "other_member", "staff", "administrator"])
def test_people_outside_the_organisation_cannot_ask(org_a, org_b, who):
    person = {
        "outsider": UserFactory(),
        "other_member": org_b.admin,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }[who]
    with pytest.raises(Forbidden):
        _ask(org_a, by=person)
    assert not CoachingRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"themes": []}, "themes"),
        ({"themes": ["astrology"]}, "themes"),
        ({"themes": None}, "themes"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 100_000}, "text"),
        ({"text": 42}, "text"),
        ({"language": "klingon"}, "language"),
        ({"availability": "y" * 501}, "availability"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(org_a, overrides, field):
    with pytest.raises(Invalid) as caught:
        _ask(org_a, **overrides)
    assert field in caught.value.details["fields"]
    assert not CoachingRequest.objects.exists()


def test_themes_are_kept_once_in_the_order_of_the_list(org_a):
    request = _ask(org_a, themes=["other", "starting", "other"])
    assert request.themes == ["starting", "other"]


def test_text_is_tidied_and_no_language_means_no_preference(org_a):
    request = _ask(org_a, text="  Hulp\x00 nodig  ", language="")
    assert request.text == "Hulp nodig"
    assert request.language is None


def test_one_waiting_request_per_organisation(org_a):
    _ask(org_a)
    with pytest.raises(Conflict):
        _ask(org_a, by=org_a.admin)
    assert CoachingRequest.objects.count() == 1


def test_no_new_request_while_a_trajectory_is_open(org_a):
    TrajectoryFactory(organisation=org_a.organisation)
    with pytest.raises(Conflict):
        _ask(org_a)


def test_after_a_decline_the_organisation_may_ask_again(org_a, coach):
    request = _ask(org_a)
    services.coaching_decline(request=request, by=coach, reason="Eerst het loket.")
    assert _ask(org_a).status == RequestStatus.NEW


# --- The city's answer ---------------------------------------------------------------------


def test_accepting_opens_a_trajectory_and_mails_the_admins_the_asker_and_the_coach(
    org_a, coach, mailbox
):
    org_a.admin.language = "fr"
    org_a.admin.save()
    request = _ask(org_a)
    staff = StaffFactory()
    trajectory = services.coaching_accept(request=request, by=staff, coach=coach)

    assert trajectory.status == TrajectoryStatus.OPEN
    assert trajectory.coach == coach
    assert trajectory.request == request
    assert trajectory.created_by == staff
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.decided_by == staff
    assert request.decided_at is not None

    to = {m.to[0]: m for m in mailbox}
    assert set(to) == {org_a.admin.email, org_a.member.email, coach.email}
    assert "Lotte De Smet" in to[org_a.admin.email].body
    assert "/fr/mijn/organisaties/" in to[org_a.admin.email].body  # in the admin's language
    assert "/mijn/organisaties/" in to[org_a.member.email].body
    assert "/beheer/coaching/trajectory/" in to[coach.email].body


def test_an_inactive_admin_gets_no_mail(org_a, coach, mailbox):
    org_a.admin.is_active = False
    org_a.admin.save()
    services.coaching_accept(request=_ask(org_a), by=coach, coach=coach)
    assert org_a.admin.email not in [m.to[0] for m in mailbox]


@pytest.mark.parametrize("who", ["citizen", "member"])
def test_only_staff_answer_requests(org_a, coach, who):
    request = _ask(org_a)
    person = UserFactory() if who == "citizen" else org_a.admin
    with pytest.raises(Forbidden):
        services.coaching_accept(request=request, by=person, coach=coach)
    with pytest.raises(Forbidden):
        services.coaching_decline(request=request, by=person, reason="Nee")
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


@pytest.mark.parametrize("coach_kind", ["citizen", "inactive", "none"])
def test_the_coach_must_be_active_city_staff(org_a, coach_kind):
    request = _ask(org_a)
    coach = {
        "citizen": UserFactory(),
        "inactive": StaffFactory(is_active=False),
        "none": None,
    }[coach_kind]
    with pytest.raises(Invalid):
        services.coaching_accept(request=request, by=StaffFactory(), coach=coach)
    assert not Trajectory.objects.exists()


def test_an_administrator_may_coach(org_a):
    administrator = AdministratorFactory()
    trajectory = services.coaching_accept(
        request=_ask(org_a), by=administrator, coach=administrator
    )
    assert trajectory.coach == administrator


def test_a_request_is_answered_once(org_a, coach):
    request = _ask(org_a)
    services.coaching_accept(request=request, by=coach, coach=coach)
    with pytest.raises(Conflict):
        services.coaching_accept(request=request, by=coach, coach=coach)
    with pytest.raises(Conflict):
        services.coaching_decline(request=request, by=coach, reason="Toch niet")
    assert Trajectory.objects.count() == 1


def test_accepting_while_another_trajectory_is_open_is_refused_and_changes_nothing(org_a, coach):
    request = CoachingRequestFactory(organisation=org_a.organisation)
    TrajectoryFactory(organisation=org_a.organisation)
    with pytest.raises(Conflict):
        services.coaching_accept(request=request, by=coach, coach=coach)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    assert Trajectory.objects.count() == 1


def test_declining_needs_a_reason_and_mails_it(org_a, coach, mailbox):
    request = _ask(org_a)
    with pytest.raises(Invalid):
        services.coaching_decline(request=request, by=coach, reason="  ")
    services.coaching_decline(request=request, by=coach, reason="Het ondernemersloket helpt u.")
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert request.decline_reason == "Het ondernemersloket helpt u."
    assert {m.to[0] for m in mailbox} == {org_a.admin.email, org_a.member.email}
    assert all("Het ondernemersloket helpt u." in m.body for m in mailbox)


# --- The trajectory ------------------------------------------------------------------------


@pytest.fixture
def trajectory(org_a, coach):
    return services.coaching_accept(request=_ask(org_a), by=coach, coach=coach)


def test_reassigning_mails_the_new_coach(trajectory, mailbox):
    other = StaffFactory()
    mailbox.clear()
    services.coach_assign(trajectory=trajectory, by=other, coach=other)
    trajectory.refresh_from_db()
    assert trajectory.coach == other
    assert [m.to[0] for m in mailbox] == [other.email]


def test_reassigning_to_the_same_coach_is_refused(trajectory, coach):
    with pytest.raises(Conflict):
        services.coach_assign(trajectory=trajectory, by=coach, coach=coach)


def test_goals_are_added_in_order_and_change_status(trajectory, coach):
    first = services.goal_add(trajectory=trajectory, by=coach, text="Begroting")
    second = services.goal_add(trajectory=trajectory, by=coach, text="Vrijwilligers")
    assert second.order > first.order
    services.goal_set_status(goal=first, by=coach, status=GoalStatus.REACHED)
    first.refresh_from_db()
    assert first.status == GoalStatus.REACHED
    with pytest.raises(Invalid):
        services.goal_set_status(goal=first, by=coach, status="forgotten")
    with pytest.raises(Invalid):
        services.goal_add(trajectory=trajectory, by=coach, text="x" * 301)


def test_a_session_is_recorded_with_its_internal_note(trajectory, coach):
    day = timezone.localdate()
    session = services.session_record(
        trajectory=trajectory,
        by=coach,
        date=day,
        minutes=90,
        summary="Begroting overlopen",
        internal_note="Voorzitter twijfelt",
    )
    assert (session.date, session.minutes, session.recorded_by) == (day, 90, coach)
    assert session.internal_note == "Voorzitter twijfelt"


@pytest.mark.parametrize(
    ("minutes", "days_from_today", "field"),
    [
        (0, 0, "minutes"),
        (-30, 0, "minutes"),
        (13 * 60, 0, "minutes"),
        ("60", 0, "minutes"),
        (60, 1, "date"),
        (60, -400, "date"),
    ],
)
def test_impossible_sessions_are_refused(trajectory, coach, minutes, days_from_today, field):
    with pytest.raises(Invalid) as caught:
        services.session_record(
            trajectory=trajectory,
            by=coach,
            date=timezone.localdate() + timedelta(days=days_from_today),
            minutes=minutes,
            summary="Iets",
        )
    assert field in caught.value.details["fields"]
    assert not trajectory.sessions.exists()


def test_closing_needs_a_summary_and_mails_it(trajectory, coach, org_a, mailbox):
    with pytest.raises(Invalid):
        services.trajectory_close(trajectory=trajectory, by=coach, summary="")
    mailbox.clear()
    services.trajectory_close(trajectory=trajectory, by=coach, summary="Doelen bereikt.")
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.CLOSED
    assert trajectory.closed_at is not None
    assert trajectory.summary == "Doelen bereikt."
    assert {m.to[0] for m in mailbox} == {org_a.admin.email, org_a.member.email}
    assert all("Doelen bereikt." in m.body for m in mailbox)


def test_nothing_changes_on_a_closed_trajectory(trajectory, coach):
    goal = GoalFactory(trajectory=trajectory)
    services.trajectory_close(trajectory=trajectory, by=coach, summary="Klaar.")
    with pytest.raises(Conflict):
        services.goal_add(trajectory=trajectory, by=coach, text="Nog iets")
    with pytest.raises(Conflict):
        services.goal_set_status(goal=goal, by=coach, status=GoalStatus.DROPPED)
    with pytest.raises(Conflict):
        services.session_record(
            trajectory=trajectory, by=coach, date=timezone.localdate(), minutes=30, summary="x"
        )
    with pytest.raises(Conflict):
        services.note_add(trajectory=trajectory, by=coach, text="x")
    with pytest.raises(Conflict):
        services.coach_assign(trajectory=trajectory, by=coach, coach=StaffFactory())
    with pytest.raises(Conflict):
        services.trajectory_close(trajectory=trajectory, by=coach, summary="Nog eens")


def test_after_closing_the_organisation_may_ask_again(trajectory, coach, org_a):
    services.trajectory_close(trajectory=trajectory, by=coach, summary="Klaar.")
    assert _ask(org_a).status == RequestStatus.NEW


def test_members_cannot_change_a_trajectory(trajectory, org_a):
    for person in (org_a.admin, org_a.member):
        with pytest.raises(Forbidden):
            services.goal_add(trajectory=trajectory, by=person, text="Iets")
        with pytest.raises(Forbidden):
            services.note_add(trajectory=trajectory, by=person, text="Iets")
        with pytest.raises(Forbidden):
            services.trajectory_close(trajectory=trajectory, by=person, summary="Iets")
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.OPEN
