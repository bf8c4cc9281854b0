"""The parliament's pages: the parliament, a body, a session with its actions, a vote and
its live tally. Who sees what, who may do what, forged ids, and the query budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory
from middenveld.parliament import services
from middenveld.parliament.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Confirmation,
    CoSigner,
    MinutesStatus,
    Motion,
    MotionKind,
    MotionStatus,
    SecretChoice,
    Session,
    SessionStatus,
    Vote,
    VoteCast,
    VoteStatus,
)
from middenveld.parliament.tests.factories import build_parliament, seat_everyone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


def _url(name: str, *args) -> str:
    # The conftest makes English active, so these are /en/… addresses with English texts.
    return reverse(f"parliament:{name}", args=args)


def _session_url(parliament) -> str:
    return _url("session", parliament.session.pk)


def _post(client, url, **data):
    return client.post(url, data, follow=True)


def _open_vote(parliament, **kwargs) -> Vote:
    return services.vote_open(item=parliament.item, by=parliament.secretary, **kwargs)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Every page answers the public ---------------------------------------------------------


def test_every_page_renders_for_the_public(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    table = Body.objects.create(kind=BodyKind.TABLE, name="Tafel jeugd", slug="tafel-jeugd")
    for url in (
        _url("home"),
        _url("body", table.slug),
        _session_url(parliament),
        _url("session_ics", parliament.session.pk),
        _url("vote", vote.pk),
        _url("tally", vote.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_dutch_pages_answer_too(client, parliament):
    assert client.get("/middenveldparlement/").status_code == 200
    assert client.get(f"/middenveldparlement/zittingen/{parliament.session.pk}/").status_code == 200


def test_the_parliament_page_shows_seats_sessions_and_other_bodies(client, parliament):
    table = Body.objects.create(kind=BodyKind.TABLE, name="Tafel jeugd", slug="tafel-jeugd")
    Body.objects.create(
        kind=BodyKind.WORKING_GROUP, name="Verborgen groep", slug="verborgen", published=False
    )
    response = client.get(_url("home"))
    content = response.content.decode()
    assert "Middenveldparlement" in content
    assert parliament.members[0].organisation.name in content
    assert parliament.members[0].organisation.get_absolute_url() in content
    assert parliament.session.title in content
    assert _url("body", table.slug) in content
    assert "Verborgen groep" not in content
    assert _url("advice_list") in content and _url("signal_new") in content
    # Chair and secretary are a role, never a name on the public page.
    assert parliament.secretary.name not in content
    assert parliament.chair.name not in content


def test_the_header_links_to_the_parliament(client, parliament):
    content = client.get(_url("home")).content.decode()
    assert f'<a href="{_url("home")}" aria-current="page">Parliament</a>' in content


def test_no_parliament_or_an_unpublished_body_is_not_found(client, db):
    assert client.get(_url("home")).status_code == 404
    parliament = build_parliament()
    Body.objects.filter(pk=parliament.body.pk).update(published=False)
    assert client.get(_url("home")).status_code == 404
    assert client.get(_url("body", parliament.body.slug)).status_code == 404
    assert client.get(_session_url(parliament)).status_code == 404
    assert client.get(_url("session_ics", parliament.session.pk)).status_code == 404
    vote = _open_vote(parliament)
    assert client.get(_url("vote", vote.pk)).status_code == 404
    assert client.get(_url("tally", vote.pk)).status_code == 404
    assert client.get(_url("body", "does-not-exist")).status_code == 404
    assert client.get(_url("session", 999999)).status_code == 404
    # City staff see an unpublished body.
    client.force_login(StaffFactory())
    assert client.get(_url("body", parliament.body.slug)).status_code == 200


def test_the_public_page_is_cached_and_a_change_shows_at_once(client, parliament):
    assert client.get(_url("home")).headers["X-Cache"] == "miss"
    assert client.get(_url("home")).headers["X-Cache"] == "hit"
    Session.objects.create(
        body=parliament.body,
        title="Zitting in de lente",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2),
        place="Stadhuis",
    )
    assert "Zitting in de lente" in client.get(_url("home")).content.decode()


# --- What the public does not see ----------------------------------------------------------


def test_the_attendance_list_is_for_officers_and_staff_only(client, parliament):
    seat_everyone(parliament, count=3)
    delegate = parliament.members[0].delegate
    public = client.get(_session_url(parliament)).content.decode()
    assert delegate.name not in public
    assert "3 of 5 seats are present" in public
    client.force_login(parliament.members[4].delegate)
    assert delegate.name not in client.get(_session_url(parliament)).content.decode()
    client.force_login(parliament.secretary)
    assert delegate.name in client.get(_session_url(parliament)).content.decode()
    client.force_login(StaffFactory())
    assert delegate.name in client.get(_session_url(parliament)).content.decode()


def test_the_online_link_is_only_for_people_on_a_seat_and_officers(client, parliament):
    link = "https://meet.example.org/parlement-geheim"
    Session.objects.filter(pk=parliament.session.pk).update(online_link=link, place="")
    ics = _url("session_ics", parliament.session.pk)
    assert link not in client.get(_session_url(parliament)).content.decode()
    assert link not in client.get(ics).content.decode()
    client.force_login(UserFactory())
    assert link not in client.get(_session_url(parliament)).content.decode()
    for person in (parliament.members[1].substitute, parliament.chair, StaffFactory()):
        client.force_login(person)
        assert link in client.get(_session_url(parliament)).content.decode()
        assert link in client.get(ics).content.decode()


def test_draft_minutes_are_for_officers_approved_minutes_for_everyone(client, parliament):
    Session.objects.filter(pk=parliament.session.pk).update(
        status=SessionStatus.CLOSED, minutes="Het ontwerpverslag.", minutes_status="draft"
    )
    assert "Het ontwerpverslag." not in client.get(_session_url(parliament)).content.decode()
    client.force_login(parliament.secretary)
    assert "Het ontwerpverslag." in client.get(_session_url(parliament)).content.decode()
    client.logout()
    session = Session.objects.get(pk=parliament.session.pk)
    session.minutes_status = MinutesStatus.APPROVED
    session.save()  # a save bumps the cached pages' version
    assert "Het ontwerpverslag." in client.get(_session_url(parliament)).content.decode()


# --- Officers run the session --------------------------------------------------------------


def test_the_secretary_registers_and_removes_attendance(client, parliament):
    member = parliament.members[0]
    client.force_login(parliament.secretary)
    response = _post(client, _session_url(parliament), action="attend", person=member.substitute.pk)
    assert response.status_code == 200
    attendance = Attendance.objects.get(session=parliament.session)
    assert attendance.user == member.substitute and attendance.as_substitute
    assert "present on seat 1" in " ".join(_messages(response))
    # The delegate cannot take the seat as well: the service's sentence is shown.
    response = _post(client, _session_url(parliament), action="attend", person=member.delegate.pk)
    assert "already taken" in " ".join(_messages(response))
    assert Attendance.objects.filter(session=parliament.session).count() == 1
    response = _post(
        client, _session_url(parliament), action="unattend", person=member.substitute.pk
    )
    assert not Attendance.objects.filter(session=parliament.session).exists()
    assert "no longer registered" in " ".join(_messages(response))


def test_a_forged_person_gives_a_message_not_an_error(client, parliament):
    client.force_login(parliament.secretary)
    outsider = UserFactory()
    for value in (outsider.pk, 999999, "abc", ""):
        response = client.post(_session_url(parliament), {"action": "attend", "person": value})
        assert response.status_code == 422
        assert "Choose" in response.content.decode()
    for value in (999999, "abc", ""):
        response = _post(client, _session_url(parliament), action="unattend", person=value)
        assert response.status_code == 200
        assert _messages(response)
    assert not Attendance.objects.exists()


def test_an_unknown_action_is_a_message(client, parliament):
    client.force_login(parliament.secretary)
    response = _post(client, _session_url(parliament), action="explode")
    assert "not known" in " ".join(_messages(response))


def test_officer_actions_are_refused_for_others_and_change_nothing(client, parliament):
    member = parliament.members[0]
    for person in (member.delegate, UserFactory()):
        client.force_login(person)
        url = _session_url(parliament)
        for data in (
            {"action": "attend", "person": member.delegate.pk},
            {"action": "close"},
            {
                "action": "vote_open",
                "item": parliament.item.pk,
                f"vote-{parliament.item.pk}-majority": "simple",
            },
        ):
            response = _post(client, url, **data)
            assert response.status_code == 403
            assert "Only the secretary or the chair can do this." in " ".join(_messages(response))
    assert not Attendance.objects.exists()
    assert not Vote.objects.exists()
    parliament.session.refresh_from_db()
    assert parliament.session.status == SessionStatus.OPEN


def test_an_anonymous_post_goes_to_sign_in(client, parliament):
    response = client.post(_session_url(parliament), {"action": "close"})
    assert response.status_code == 302 and "next=" in response["Location"]
    parliament.session.refresh_from_db()
    assert parliament.session.status == SessionStatus.OPEN


def test_convene_open_close_and_minutes(client, parliament, mailoutbox):
    planned = build_parliament(slug="tafel", session_status=SessionStatus.PLANNED)
    url = _session_url(planned)
    client.force_login(planned.secretary)
    response = _post(client, url, action="convene")
    assert "convocation is sent to 10 people" in " ".join(_messages(response))
    assert len(mailoutbox) == 10
    response = _post(client, url, action="convene")  # nothing twice
    assert "already sent" in " ".join(_messages(response))
    assert len(mailoutbox) == 10
    _post(client, url, action="open")
    planned.session.refresh_from_db()
    assert planned.session.status == SessionStatus.OPEN
    # Minutes come after the close.
    assert "minutes_form" not in client.get(url).context
    _post(client, url, action="close")
    planned.session.refresh_from_db()
    assert planned.session.status == SessionStatus.CLOSED
    response = _post(client, url, action="minutes_save", minutes="Wat we beslisten.")
    planned.session.refresh_from_db()
    assert planned.session.minutes_status == MinutesStatus.DRAFT
    assert planned.session.minutes == "Wat we beslisten."
    response = client.post(url, {"action": "minutes_save", "minutes": ""})
    assert response.status_code == 422


def test_minutes_are_approved_in_the_next_session(client, parliament):
    earlier = Session.objects.create(
        body=parliament.body,
        title="Vorige zitting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
        place="Stadhuis",
        status=SessionStatus.CLOSED,
        minutes="Verslag.",
        minutes_status=MinutesStatus.DRAFT,
    )
    client.force_login(parliament.chair)
    response = client.get(_session_url(parliament))
    assert "Vorige zitting" in response.content.decode()
    response = client.post(
        _session_url(parliament), {"action": "minutes_approve", "earlier": 999999}
    )
    assert response.status_code == 422
    response = _post(client, _session_url(parliament), action="minutes_approve", earlier=earlier.pk)
    earlier.refresh_from_db()
    assert earlier.minutes_status == MinutesStatus.APPROVED
    assert earlier.minutes_approved_in == parliament.session


def test_the_secretary_opens_a_vote_from_the_session_page(client, parliament):
    client.force_login(parliament.secretary)
    prefix = f"vote-{parliament.item.pk}"
    response = client.post(
        _session_url(parliament),
        {
            "action": "vote_open",
            "item": parliament.item.pk,
            f"{prefix}-motion": parliament.motion.pk,
            f"{prefix}-question": "",
            f"{prefix}-majority": "absolute",
        },
    )
    vote = Vote.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("vote", vote.pk)
    assert (vote.motion, vote.majority, vote.secret, vote.status) == (
        parliament.motion,
        "absolute",
        False,
        VoteStatus.OPEN,
    )
    # A second vote while this one is open: the service's sentence.
    response = client.post(
        _session_url(parliament),
        {"action": "vote_open", "item": parliament.item.pk, f"{prefix}-majority": "simple"},
    )
    assert response.status_code == 302
    assert Vote.objects.count() == 1


def test_a_forged_motion_or_item_when_opening_a_vote(client, parliament):
    other = build_parliament(slug="ander")
    client.force_login(parliament.secretary)
    prefix = f"vote-{parliament.item.pk}"
    response = client.post(
        _session_url(parliament),
        {
            "action": "vote_open",
            "item": parliament.item.pk,
            f"{prefix}-motion": other.motion.pk,
            f"{prefix}-majority": "simple",
        },
    )
    assert response.status_code == 422
    response = _post(
        client,
        _session_url(parliament),
        action="vote_open",
        item=other.item.pk,
        **{f"vote-{other.item.pk}-majority": "simple"},
    )
    assert "not part of this session" in " ".join(_messages(response))
    assert not Vote.objects.exists()


# --- Members table, co-sign and withdraw ---------------------------------------------------


def _table(client, parliament, organisation, **extra):
    data = {
        "action": "table",
        "organisation": getattr(organisation, "pk", organisation),
        "item": parliament.item.pk,
        "kind": MotionKind.MOTION,
        "amends": "",
        "title": "Meer speelpleinen",
        "text": "Het parlement vraagt meer speelpleinen in elke wijk.",
    }
    data.update(extra)
    return client.post(_session_url(parliament), data)


def test_a_member_tables_and_withdraws_a_motion(client, parliament):
    member = parliament.members[1]
    client.force_login(member.substitute)  # a plain member of the organisation
    response = _table(client, parliament, member.organisation)
    assert response.status_code == 302
    motion = Motion.objects.get(title="Meer speelpleinen")
    assert motion.organisation == member.organisation and motion.status == MotionStatus.TABLED
    assert "Meer speelpleinen" in client.get(_session_url(parliament)).content.decode()
    # Another seat's member cannot withdraw it.
    client.force_login(parliament.members[2].delegate)
    response = _post(client, _session_url(parliament), action="withdraw", motion=motion.pk)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.TABLED
    assert _messages(response)
    client.force_login(member.delegate)
    response = _post(client, _session_url(parliament), action="withdraw", motion=motion.pk)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.WITHDRAWN
    assert "withdrawn" in " ".join(_messages(response))


def test_an_amendment_is_tabled_under_the_motion_it_amends(client, parliament):
    member = parliament.members[3]
    client.force_login(member.delegate)
    response = _table(
        client,
        parliament,
        member.organisation,
        kind=MotionKind.AMENDMENT,
        amends=parliament.motion.pk,
        title="Ook voor jeugdwerk",
    )
    assert response.status_code == 302
    amendment = Motion.objects.get(title="Ook voor jeugdwerk")
    assert amendment.amends == parliament.motion
    content = client.get(_session_url(parliament)).content.decode()
    assert content.index(parliament.motion.title) < content.index("Ook voor jeugdwerk")


def test_a_member_of_one_organisation_cannot_table_for_another(client, parliament):
    mine, theirs = parliament.members[0], parliament.members[1]
    client.force_login(mine.delegate)
    response = _table(client, parliament, theirs.organisation)
    assert response.status_code == 422
    assert "Choose one of your own organisations" in response.content.decode()
    for forged in (999999, "x", ""):
        assert _table(client, parliament, forged).status_code == 422
    # Someone without an organisation with a seat.
    client.force_login(UserFactory())
    assert _table(client, parliament, theirs.organisation).status_code == 422
    assert not Motion.objects.filter(title="Meer speelpleinen").exists()


def test_a_member_of_two_organisations_chooses_which_one(client, parliament):
    person = parliament.members[0].delegate
    MembershipFactory(
        organisation=parliament.members[1].organisation, user=person, role=MemberRole.MEMBER
    )
    client.force_login(person)
    content = client.get(_session_url(parliament)).content.decode()
    assert '<select name="organisation"' in content
    assert _table(client, parliament, parliament.members[1].organisation).status_code == 302
    assert (
        Motion.objects.get(title="Meer speelpleinen").organisation
        == parliament.members[1].organisation
    )


def test_a_member_cosigns_once(client, parliament):
    member = parliament.members[2]
    client.force_login(member.delegate)
    prefix = f"cosign-{parliament.motion.pk}"
    data = {
        "action": "cosign",
        "motion": parliament.motion.pk,
        f"{prefix}-organisation": member.organisation.pk,
    }
    response = _post(client, _session_url(parliament), **data)
    assert CoSigner.objects.filter(
        motion=parliament.motion, organisation=member.organisation
    ).exists()
    assert "co-signs" in " ".join(_messages(response))
    # Forged: someone else's organisation, an unknown motion.
    data[f"{prefix}-organisation"] = parliament.members[3].organisation.pk
    response = _post(client, _session_url(parliament), **data)
    assert "your own organisations" in " ".join(_messages(response))
    response = _post(client, _session_url(parliament), action="cosign", motion=999999)
    assert "not on the agenda" in " ".join(_messages(response))
    assert CoSigner.objects.count() == 1


def test_a_member_confirms_attendance_before_the_session(client, db):
    planned = build_parliament(session_status=SessionStatus.CONVENED)
    member = planned.members[0]
    client.force_login(member.substitute)
    url = _session_url(planned)
    prefix = f"confirm-{member.mandate.pk}"
    assert "Will you be there?" in client.get(url).content.decode()
    response = _post(
        client,
        url,
        action="confirm",
        mandate=member.mandate.pk,
        **{f"{prefix}-answer": "substitute", f"{prefix}-substitute": member.substitute.pk},
    )
    confirmation = Confirmation.objects.get()
    assert (confirmation.answer, confirmation.substitute) == ("substitute", member.substitute)
    assert "answer is saved" in " ".join(_messages(response))
    # A substitute who is not named for the seat; another organisation's seat.
    response = client.post(
        url,
        {
            "action": "confirm",
            "mandate": member.mandate.pk,
            f"{prefix}-answer": "substitute",
            f"{prefix}-substitute": planned.members[1].substitute.pk,
        },
    )
    assert response.status_code == 422
    other = planned.members[1].mandate
    response = _post(
        client, url, action="confirm", mandate=other.pk, **{f"confirm-{other.pk}-answer": "absent"}
    )
    assert "Only members of this organisation can do this." in " ".join(_messages(response))
    response = _post(client, url, action="confirm", mandate=999999)
    assert _messages(response)
    assert Confirmation.objects.count() == 1


# --- Voting on the phone -------------------------------------------------------------------


def test_a_seated_delegate_votes_and_a_second_press_changes_nothing(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    delegate = parliament.members[1].delegate
    client.force_login(delegate)
    page = client.get(_url("vote", vote.pk)).content.decode()
    assert 'name="choice" value="yes"' in page
    response = _post(client, _url("vote", vote.pk), action="cast", choice="yes")
    assert "Your vote for seat 2 is counted." in " ".join(_messages(response))
    assert "You voted: Yes." in response.content.decode()
    assert 'name="choice" value="yes"' not in response.content.decode()
    response = _post(client, _url("vote", vote.pk), action="cast", choice="no")
    assert "Seat 2 has already voted" in " ".join(_messages(response))
    assert list(VoteCast.objects.values_list("choice", flat=True)) == ["yes"]
    response = _post(client, _url("vote", vote.pk), action="cast", choice="maybe")
    assert "Choose yes, no or abstain." in " ".join(_messages(response))


def test_a_secret_vote_never_shows_the_choice_back(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, secret=True)
    client.force_login(parliament.members[0].delegate)
    response = _post(client, _url("vote", vote.pk), action="cast", choice="no")
    content = response.content.decode()
    assert "Your vote for seat 1 is counted." in " ".join(_messages(response))
    assert "your choice is not shown" in content
    assert "You voted" not in content
    assert SecretChoice.objects.get(vote=vote).choice == "no"
    # While open, a secret tally shows how many voted, not what.
    client.logout()
    tally = client.get(_url("tally", vote.pk)).content.decode()
    assert "1 of 5 seats present have voted." in tally
    assert "No: 1" not in tally


def test_someone_not_seated_cannot_vote(client, parliament):
    seat_everyone(parliament, count=2)
    vote = _open_vote(parliament)
    client.force_login(parliament.members[3].delegate)
    page = client.get(_url("vote", vote.pk)).content.decode()
    assert 'name="choice"' not in page
    response = _post(client, _url("vote", vote.pk), action="cast", choice="yes")
    assert "not registered on a seat" in " ".join(_messages(response))
    assert not VoteCast.objects.exists()
    response = client.post(_url("vote", vote.pk), {"action": "cast", "choice": "yes"})
    client.logout()
    response = client.post(_url("vote", vote.pk), {"action": "cast", "choice": "yes"})
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_tally_fragment_shows_the_counts_and_the_result(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    for member, choice in zip(parliament.members[:3], ("yes", "yes", "no"), strict=True):
        services.vote_cast(vote=vote, by=member.delegate, choice=choice)
    response = client.get(_url("tally", vote.pk))
    content = response.content.decode()
    assert "<html" not in content
    assert "Yes: 2" in content and "No: 1" in content and "Abstain: 0" in content
    assert "3 of 5 seats present have voted." in content
    assert 'hx-trigger="every 1s"' in content
    page = client.get(_url("vote", vote.pk)).content.decode()
    assert 'aria-live="polite"' in page and "Yes: 2" in page
    assert "Reload the count" in page
    # A cast shows at once, although the fragment is cached: the version moved.
    services.vote_cast(vote=vote, by=parliament.members[3].delegate, choice="abstain")
    assert "Abstain: 1" in client.get(_url("tally", vote.pk)).content.decode()
    services.vote_close(vote=vote, by=parliament.secretary)
    content = client.get(_url("tally", vote.pk)).content.decode()
    assert "Adopted." in content
    assert "hx-trigger" not in content  # the polling stops


def test_the_officer_closes_the_vote_and_others_cannot(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    client.force_login(parliament.members[0].delegate)
    assert "Close the vote" not in client.get(_url("vote", vote.pk)).content.decode()
    response = _post(client, _url("vote", vote.pk), action="close")
    assert "Only the secretary or the chair can do this." in " ".join(_messages(response))
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN
    client.force_login(parliament.chair)
    assert "Close the vote" in client.get(_url("vote", vote.pk)).content.decode()
    response = _post(client, _url("vote", vote.pk), action="close")
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED and vote.adopted
    assert "The vote is closed. Adopted." in " ".join(_messages(response))
    response = _post(client, _url("vote", vote.pk), action="close")
    assert "Only an open vote can be closed." in " ".join(_messages(response))
    # After the close, the roll call is public, on the vote and on the session page.
    client.logout()
    for url in (_url("vote", vote.pk), _session_url(parliament)):
        content = client.get(url).content.decode()
        assert "How each seat voted" in content
        assert parliament.members[0].organisation.name in content


def test_a_closed_secret_vote_shows_only_totals(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, secret=True)
    services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    services.vote_close(vote=vote, by=parliament.secretary)
    for url in (_url("vote", vote.pk), _session_url(parliament)):
        content = client.get(url).content.decode()
        assert "How each seat voted" not in content


# --- Query budgets -------------------------------------------------------------------------


def _grow(parliament, count: int) -> None:
    """``count`` more agenda items, each with a motion, an amendment and a closed vote."""
    seat_everyone(parliament)
    for position in range(2, count + 2):
        item = AgendaItem.objects.create(
            session=parliament.session, position=position, title=f"Punt {position}"
        )
        motion = Motion.objects.create(
            item=item,
            kind=MotionKind.MOTION,
            title=f"Motie {position}",
            text="Tekst",
            organisation=parliament.members[0].organisation,
        )
        Motion.objects.create(
            item=item,
            kind=MotionKind.AMENDMENT,
            amends=motion,
            title=f"Amendement {position}",
            text="Tekst",
            organisation=parliament.members[1].organisation,
        )
        CoSigner.objects.create(motion=motion, organisation=parliament.members[2].organisation)
        vote = services.vote_open(item=item, by=parliament.secretary, motion=None)
        for member in parliament.members:
            services.vote_cast(vote=vote, by=member.delegate, choice="yes")
        services.vote_close(vote=vote, by=parliament.secretary)
    for number in range(count):
        Body.objects.create(kind=BodyKind.TABLE, name=f"Tafel {number}", slug=f"tafel-{number}")


@pytest.mark.parametrize("count", [2, 12])
def test_query_budget_of_the_parliament_page(client, django_assert_max_num_queries, count):
    parliament = build_parliament(seats=count + 3)
    _grow(parliament, count)
    # 11: the page's 9 (with its documents) and the cache: the versions (the middleware
    # may look once too).
    with django_assert_max_num_queries(11):
        assert client.get(_url("home")).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_query_budget_of_the_session_page(client, django_assert_max_num_queries, count):
    parliament = build_parliament(seats=count + 3)
    _grow(parliament, count)
    with django_assert_max_num_queries(11):
        assert client.get(_session_url(parliament)).status_code == 200
    client.force_login(parliament.secretary)
    # 22: and who comes (the answers and the delegates), whatever the number of seats.
    with django_assert_max_num_queries(22):
        assert client.get(_session_url(parliament)).status_code == 200
    client.force_login(parliament.members[0].delegate)
    with django_assert_max_num_queries(20):
        assert client.get(_session_url(parliament)).status_code == 200


def test_the_tally_is_cheap(client, django_assert_max_num_queries, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament)
    with django_assert_max_num_queries(4):
        assert client.get(_url("tally", vote.pk)).status_code == 200
    with django_assert_max_num_queries(1):  # cached: only the versions
        assert client.get(_url("tally", vote.pk)).status_code == 200
