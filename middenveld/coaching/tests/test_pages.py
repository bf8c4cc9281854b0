"""The organisation's coaching page and the back office: what each person sees and can do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

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
    NoteFactory,
    SessionFactory,
    TrajectoryFactory,
)
from middenveld.organisations.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


def _url(org) -> str:
    # English pages, so the assertions read the msgids whatever the Dutch translation says.
    return f"/en/mijn/organisaties/{org.organisation.slug}/coaching/"


ASK = {
    "themes": ["finances", "room"],
    "text": "We zoeken geld en een zaal.",
    "language": "ar",
    "availability": "Zaterdag",
}


# --- The organisation's page ---------------------------------------------------------------


def test_a_member_sees_the_form_and_sends_a_request(client, org_a):
    client.force_login(org_a.member)
    page = client.get(_url(org_a))
    assert page.status_code == 200
    assert 'name="themes"' in page.content.decode()
    response = client.post(_url(org_a), ASK)
    assert response.status_code == 302
    request = CoachingRequest.objects.get()
    assert (request.asked_by, request.themes, request.language.code) == (
        org_a.member,
        ["finances", "room"],
        "ar",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for an answer" in page
    assert 'name="themes"' not in page  # one request at a time


@pytest.mark.parametrize(
    "data",
    [
        {},
        {**ASK, "themes": ["astrology"]},
        {**ASK, "text": "x" * 100_000},
        {**ASK, "text": "   "},
        {**ASK, "language": "xx"},
        {**ASK, "availability": "y" * 5000},
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, org_a, data):
    client.force_login(org_a.admin)
    response = client.post(_url(org_a), data)
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    assert not CoachingRequest.objects.exists()


def test_a_second_request_while_one_waits_is_refused_on_the_form(client, org_a):
    CoachingRequestFactory(organisation=org_a.organisation)
    client.force_login(org_a.admin)
    response = client.post(_url(org_a), ASK)
    assert response.status_code == 409
    assert "already asked for coaching" in response.content.decode()
    assert CoachingRequest.objects.count() == 1


def test_the_page_shows_the_trajectory_without_internal_notes(client, org_a):
    trajectory = TrajectoryFactory(organisation=org_a.organisation, coach__name="Coach Kim")
    GoalFactory(trajectory=trajectory, text="Begroting maken", status=GoalStatus.REACHED)
    SessionFactory(trajectory=trajectory, summary="WAT-WE-DEDEN", internal_note="INTERN-SESSIE")
    NoteFactory(trajectory=trajectory, text="INTERNE-NOTITIE", internal=True)
    NoteFactory(trajectory=trajectory, text="GEDEELDE-NOTITIE", internal=False)

    client.force_login(org_a.admin)
    page = client.get(_url(org_a)).content.decode()
    assert "Coach Kim" in page
    assert "Begroting maken" in page and "Reached" in page
    assert "WAT-WE-DEDEN" in page
    assert "GEDEELDE-NOTITIE" in page
    assert "INTERN" not in page
    assert 'name="themes"' not in page

    client.force_login(org_a.member)
    page = client.get(_url(org_a)).content.decode()
    assert "Coach Kim" in page and "Begroting maken" in page
    session_day = trajectory.sessions.get().date
    assert f'datetime="{session_day:%Y-%m-%d}"' in page  # members see the dates …
    assert "WAT-WE-DEDEN" not in page  # … what was done is for the admins
    assert "GEDEELDE-NOTITIE" not in page
    assert "INTERN" not in page


def test_a_closed_trajectory_shows_its_summary_and_the_form_comes_back(client, org_a):
    TrajectoryFactory(
        organisation=org_a.organisation,
        status=TrajectoryStatus.CLOSED,
        closed_at=timezone.now(),
        summary="DE-SAMENVATTING",
    )
    client.force_login(org_a.member)
    page = client.get(_url(org_a)).content.decode()
    assert "DE-SAMENVATTING" in page
    assert "Earlier coaching" in page
    assert 'name="themes"' in page


def test_a_declined_request_shows_the_reason(client, org_a):
    CoachingRequestFactory(
        organisation=org_a.organisation,
        status=RequestStatus.DECLINED,
        decided_at=timezone.now(),
        decline_reason="HET-LOKET",
    )
    client.force_login(org_a.member)
    page = client.get(_url(org_a)).content.decode()
    assert "HET-LOKET" in page
    assert 'name="themes"' in page


def test_staff_see_the_page_without_a_form_and_cannot_ask(client, org_a, staff):
    client.force_login(staff)
    page = client.get(_url(org_a))
    assert page.status_code == 200
    assert 'name="themes"' not in page.content.decode()
    assert client.post(_url(org_a), ASK).status_code == 403
    assert not CoachingRequest.objects.exists()


def test_another_organisations_coaching_is_not_found(client, org_a, org_b):
    TrajectoryFactory(organisation=org_a.organisation)
    client.force_login(org_b.admin)
    assert client.get(_url(org_a)).status_code == 404
    assert client.post(_url(org_a), ASK).status_code == 404
    assert client.get("/en/mijn/organisaties/bestaat-niet/coaching/").status_code == 404


def test_the_page_works_in_another_language(client, org_a):
    client.force_login(org_a.member)
    assert client.get(_url(org_a).replace("/en/", "/ar/", 1)).status_code == 200
    assert client.get(_url(org_a).replace("/en/", "/", 1)).status_code == 200


# --- Back office ---------------------------------------------------------------------------

REQUESTS = "/en/beheer/coaching/coachingrequest/"


def test_the_requests_page_lists_waiting_requests_oldest_first_with_due_dates(client, staff):
    old = CoachingRequestFactory(
        organisation__name="Oude Vraag", created_at=timezone.now() - timedelta(days=20)
    )
    CoachingRequestFactory(organisation__name="Nieuwe Vraag")
    CoachingRequestFactory(
        organisation__name="Al Beantwoord",
        status=RequestStatus.DECLINED,
        decided_at=timezone.now(),
        decline_reason="Nee",
    )
    client.force_login(staff)
    page = client.get(REQUESTS).content.decode()
    assert page.index("Oude Vraag") < page.index("Nieuwe Vraag") < page.index("Al Beantwoord")
    assert "overdue" in page
    assert old.due_at < timezone.now()
    assert PersonalDataAccess.objects.filter(viewer=staff, what="coaching requests").exists()


def test_staff_accept_a_request_from_the_list(client, staff, coach, org_a, mailbox):
    request = CoachingRequestFactory(organisation=org_a.organisation, asked_by=org_a.member)
    client.force_login(staff)
    response = client.post(
        f"{REQUESTS}{request.pk}/beslissen/", {"action": "accept", "coach": coach.pk}
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get()
    assert trajectory.coach == coach
    assert coach.email in [m.to[0] for m in mailbox]


def test_staff_decline_with_a_reason_and_an_empty_reason_is_refused(client, staff, org_a):
    request = CoachingRequestFactory(organisation=org_a.organisation)
    client.force_login(staff)
    url = f"{REQUESTS}{request.pk}/beslissen/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "decline", "reason": ""})
    assert response.status_code == 422
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    response = client.post(url, {"action": "decline", "reason": "Ga naar het loket."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED


def test_accepting_with_a_coach_who_is_not_staff_is_refused(client, staff, org_a):
    request = CoachingRequestFactory(organisation=org_a.organisation)
    client.force_login(staff)
    response = client.post(
        f"{REQUESTS}{request.pk}/beslissen/", {"action": "accept", "coach": org_a.admin.pk}
    )
    assert response.status_code == 422
    assert not Trajectory.objects.exists()


def test_unknown_ids_and_actions_are_not_found(client, staff):
    client.force_login(staff)
    assert client.get(f"{REQUESTS}999999/beslissen/").status_code == 404
    request = CoachingRequestFactory()
    assert client.post(f"{REQUESTS}{request.pk}/beslissen/", {"action": "x"}).status_code == 404
    assert client.get("/en/beheer/coaching/trajectory/999999/change/").status_code == 404
    assert client.get(f"{REQUESTS}{request.pk}/change/").status_code == 302


@pytest.fixture
def trajectory(org_a, coach):
    return TrajectoryFactory(
        organisation=org_a.organisation,
        coach=coach,
        started_at=timezone.now() - timedelta(days=10),
    )


def _traj_url(trajectory) -> str:
    return f"/en/beheer/coaching/trajectory/{trajectory.pk}/change/"


def test_the_coach_keeps_goals_sessions_and_notes_and_closes(client, coach, trajectory):
    client.force_login(coach)
    url = _traj_url(trajectory)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "goal", "goal-text": "Begroting"}).status_code == 302
    goal = trajectory.goals.get()
    response = client.post(url, {"action": "goal_status", "goal": goal.pk, "status": "reached"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.REACHED
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url,
        {
            "action": "session",
            "session-date": day.isoformat(),
            "session-minutes": "75",
            "session-summary": "Begroting",
            "session-internal_note": "Intern",
        },
    )
    assert response.status_code == 302
    assert trajectory.sessions.get().minutes == 75
    response = client.post(url, {"action": "note", "note-text": "Gedeeld", "note-shared": "on"})
    assert response.status_code == 302
    assert trajectory.notes.get().internal is False
    response = client.post(url, {"action": "close", "close-summary": "Klaar."})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.CLOSED
    page = client.get(url).content.decode()
    assert "Klaar." in page
    assert 'name="action" value="close"' not in page


@pytest.mark.parametrize(
    "data",
    [
        {"action": "goal", "goal-text": ""},
        {"action": "session", "session-date": "gisteren", "session-minutes": "60"},
        {
            "action": "session",
            "session-date": "2999-01-01",
            "session-minutes": "60",
            "session-summary": "x",
        },
        {"action": "session", "session-date": "2020-01-01", "session-minutes": "0"},
        {"action": "note", "note-text": ""},
        {"action": "close", "close-summary": "   "},
        {"action": "coach", "coach-coach": "999999"},
    ],
)
def test_bad_input_on_the_trajectory_page_gives_a_message(client, coach, trajectory, data):
    client.force_login(coach)
    response = client.post(_traj_url(trajectory), data)
    assert response.status_code == 422
    assert "errornote" in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.status == TrajectoryStatus.OPEN
    assert not trajectory.sessions.exists() and not trajectory.goals.exists()


def test_a_goal_of_another_trajectory_is_not_found(client, coach, trajectory):
    other_goal = GoalFactory()
    client.force_login(coach)
    url = _traj_url(trajectory)
    data = {"action": "goal_status", "goal": other_goal.pk, "status": "reached"}
    assert client.post(url, data).status_code == 404
    assert client.post(url, {**data, "goal": "abc"}).status_code == 404
    assert client.post(url, {"action": "unknown"}).status_code == 404
    goal = GoalFactory(trajectory=trajectory)
    response = client.post(url, {"action": "goal_status", "goal": goal.pk, "status": "bogus"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN


def test_staff_reassign_the_coach(client, staff, coach, trajectory, mailbox):
    client.force_login(coach)
    response = client.post(_traj_url(trajectory), {"action": "coach", "coach-coach": staff.pk})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.coach == staff
    assert [m.to[0] for m in mailbox] == [staff.email]


def test_the_trajectory_list_filters_on_my_trajectories(client, coach, trajectory):
    TrajectoryFactory(organisation__name="Iemand Anders")
    client.force_login(coach)
    page = client.get("/en/beheer/coaching/trajectory/?coach=mine").content.decode()
    assert trajectory.organisation.name in page
    assert "Iemand Anders" not in page


def test_the_360_view_shows_the_coaching_panel(client, staff, trajectory):
    GoalFactory(trajectory=trajectory, text="PANEEL-DOEL")
    SessionFactory(trajectory=trajectory, date=timezone.localdate() - timedelta(days=2))
    TrajectoryFactory(
        organisation=trajectory.organisation,
        status=TrajectoryStatus.CLOSED,
        closed_at=timezone.now() - timedelta(days=100),
        started_at=timezone.now() - timedelta(days=200),
        summary="VORIG-TRAJECT",
        request=None,
    )
    client.force_login(staff)
    page = client.get(
        f"/en/beheer/organisations/organisation/{trajectory.organisation.pk}/360/"
    ).content.decode()
    assert "PANEEL-DOEL" in page
    assert trajectory.coach.get_full_name() in page
    assert "VORIG-TRAJECT" in page
    assert _traj_url(trajectory) in page


def test_answering_a_request_twice_says_it_was_already_answered(client, staff, org_a):
    request = CoachingRequestFactory(
        organisation=org_a.organisation,
        status=RequestStatus.DECLINED,
        decided_at=timezone.now(),
        decline_reason="Eerder",
    )
    client.force_login(staff)
    url = f"{REQUESTS}{request.pk}/beslissen/"
    response = client.post(url, {"action": "accept", "coach": staff.pk}, follow=True)
    assert "already been answered" in response.content.decode()
    assert not Trajectory.objects.exists()
    request.refresh_from_db()
    assert request.decline_reason == "Eerder"


def test_changing_a_closed_trajectory_says_it_is_closed(client, coach, trajectory):
    Trajectory.objects.filter(pk=trajectory.pk).update(
        status=TrajectoryStatus.CLOSED, closed_at=timezone.now(), summary="Klaar"
    )
    client.force_login(coach)
    response = client.post(
        _traj_url(trajectory), {"action": "goal", "goal-text": "Nog iets"}, follow=True
    )
    assert "is closed" in response.content.decode()
    assert not trajectory.goals.exists()
