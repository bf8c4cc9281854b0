"""Sessions, attendance and quorum, motions and amendments, minutes, advice answers, signals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.organisations.tests.factories import MembershipFactory
from middenveld.parliament import services
from middenveld.parliament.models import (
    Advice,
    Attendance,
    ConfirmationAnswer,
    MandatePerson,
    MinutesStatus,
    Motion,
    MotionKind,
    MotionStatus,
    ParliamentLog,
    Session,
    SessionStatus,
    Signal,
    VoteStatus,
)
from middenveld.parliament.tests.factories import build_parliament, seat_everyone

pytestmark = pytest.mark.django_db


# --- Attendance and quorum ----------------------------------------------------------------


def test_quorum_is_computed_live_from_seats_present(parliament):
    assert services.quorum(parliament.session).seats_present == 0
    seat_everyone(parliament, count=2)
    q = services.quorum(parliament.session)
    assert (q.seats_total, q.seats_present, q.needed, q.met) == (5, 2, 3, False)
    services.attendance_register(
        session=parliament.session, by=parliament.secretary, person=parliament.members[2].substitute
    )
    assert services.quorum(parliament.session).met


def test_a_substitute_takes_the_seat_of_an_absent_delegate_never_both(parliament):
    member = parliament.members[0]
    attendance = services.attendance_register(
        session=parliament.session, by=parliament.secretary, person=member.substitute
    )
    assert attendance.as_substitute and attendance.seat == member.seat
    with pytest.raises(Conflict) as both:
        services.attendance_register(
            session=parliament.session, by=parliament.secretary, person=member.delegate
        )
    assert both.value.code == "seat_taken"
    assert Attendance.objects.filter(session=parliament.session).count() == 1
    assert services.quorum(parliament.session).seats_present == 1


def test_a_substitute_cannot_vote_while_the_delegate_is_present(parliament):
    seat_everyone(parliament)
    vote = services.vote_open(item=parliament.item, by=parliament.secretary, question="Akkoord?")
    with pytest.raises(Conflict):
        services.attendance_register(
            session=parliament.session,
            by=parliament.secretary,
            person=parliament.members[0].substitute,
        )
    with pytest.raises(Forbidden):
        services.vote_cast(vote=vote, by=parliament.members[0].substitute, choice="yes")


def test_attendance_is_registered_once_and_only_for_people_with_a_mandate(parliament):
    delegate = parliament.members[0].delegate
    services.attendance_register(
        session=parliament.session, by=parliament.secretary, person=delegate
    )
    with pytest.raises(Conflict) as twice:
        services.attendance_register(
            session=parliament.session, by=parliament.secretary, person=delegate
        )
    assert twice.value.code == "already_present"
    with pytest.raises(Conflict) as stranger:
        services.attendance_register(
            session=parliament.session, by=parliament.secretary, person=UserFactory()
        )
    assert stranger.value.code == "no_mandate"
    with pytest.raises(Forbidden):
        services.attendance_register(
            session=parliament.session, by=delegate, person=parliament.members[1].delegate
        )


def test_nobody_leaves_a_seat_while_a_vote_is_open(parliament):
    seat_everyone(parliament)
    vote = services.vote_open(item=parliament.item, by=parliament.secretary, question="Akkoord?")
    with pytest.raises(Conflict):
        services.attendance_remove(
            session=parliament.session,
            by=parliament.secretary,
            person=parliament.members[0].delegate,
        )
    services.vote_close(vote=vote, by=parliament.secretary)
    services.attendance_remove(
        session=parliament.session, by=parliament.secretary, person=parliament.members[0].delegate
    )
    assert services.quorum(parliament.session).seats_present == 4


# --- Preparing a session ------------------------------------------------------------------


def test_the_convocation_goes_to_delegates_and_substitutes_with_an_ics_once(parliament):
    session = services.session_create(
        body=parliament.body,
        by=parliament.secretary,
        title="Volgende zitting",
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=10, hours=2),
        place="Stadhuis",
    )
    with pytest.raises(Conflict):
        services.session_convene(session=session, by=parliament.secretary)
    services.agenda_item_add(session=session, by=parliament.secretary, title="Goedkeuring verslag")
    sent = services.session_convene(session=session, by=parliament.secretary)
    assert sent == 10
    assert len(mail.outbox) == 10
    names, contents, types = zip(*mail.outbox[0].attachments, strict=True)
    assert names == ("zitting.ics",)
    ics = contents[0] if isinstance(contents[0], str) else contents[0].decode()
    assert "BEGIN:VEVENT" in ics
    assert "TZID=Europe/Brussels" in ics
    with pytest.raises(Conflict):
        services.session_convene(session=session, by=parliament.secretary)
    assert len(mail.outbox) == 10


def test_sessions_to_convene_follow_the_bodys_number_of_days(parliament):
    soon = Session.objects.create(
        body=parliament.body,
        title="Binnen negen dagen",
        starts_at=timezone.now() + timedelta(days=9),
        ends_at=timezone.now() + timedelta(days=9, hours=2),
        place="Stadhuis",
    )
    Session.objects.create(
        body=parliament.body,
        title="Over een maand",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2),
        place="Stadhuis",
    )
    assert services.sessions_to_convene() == [soon]


def test_a_session_needs_an_end_after_its_start_and_a_place(parliament):
    now = timezone.now()
    with pytest.raises(Invalid):
        services.session_create(
            body=parliament.body,
            by=parliament.secretary,
            title="X",
            starts_at=now,
            ends_at=now,
            place="Stadhuis",
        )
    with pytest.raises(Invalid):
        services.session_create(
            body=parliament.body,
            by=parliament.secretary,
            title="X",
            starts_at=now,
            ends_at=now + timedelta(hours=1),
        )
    with pytest.raises(Forbidden):
        services.session_create(
            body=parliament.body,
            by=parliament.members[0].delegate,
            title="X",
            starts_at=now,
            ends_at=now + timedelta(hours=1),
            place="Stadhuis",
        )


def test_delegates_confirm_or_send_a_named_substitute(db):
    parliament = build_parliament(session_status=SessionStatus.CONVENED)
    member = parliament.members[0]
    confirmation = services.confirmation_answer(
        session=parliament.session,
        mandate=member.mandate,
        by=member.delegate,
        answer=ConfirmationAnswer.SUBSTITUTE,
        substitute=member.substitute,
    )
    assert confirmation.substitute == member.substitute
    with pytest.raises(Invalid):
        services.confirmation_answer(
            session=parliament.session,
            mandate=member.mandate,
            by=member.delegate,
            answer=ConfirmationAnswer.SUBSTITUTE,
            substitute=parliament.members[1].substitute,
        )
    with pytest.raises(Forbidden):
        services.confirmation_answer(
            session=parliament.session,
            mandate=member.mandate,
            by=parliament.members[1].delegate,
            answer=ConfirmationAnswer.ABSENT,
        )


# --- Motions and amendments ---------------------------------------------------------------


def test_amendments_are_voted_before_the_motion_and_join_its_text(parliament):
    seat_everyone(parliament)
    second = parliament.members[1]
    amendment = services.motion_table(
        item=parliament.item,
        by=second.delegate,
        organisation=second.organisation,
        kind=MotionKind.AMENDMENT,
        title="Ook voor nieuwe organisaties",
        text="Ook startende organisaties krijgen basismiddelen.",
        amends=parliament.motion,
    )
    with pytest.raises(Conflict) as first:
        services.vote_open(item=parliament.item, by=parliament.secretary, motion=parliament.motion)
    assert first.value.code == "amendments_first"
    vote = services.vote_open(item=parliament.item, by=parliament.secretary, motion=amendment)
    for member in parliament.members:
        services.vote_cast(vote=vote, by=member.delegate, choice="yes")
    services.vote_close(vote=vote, by=parliament.secretary)
    parliament.motion.refresh_from_db()
    assert "startende organisaties" in parliament.motion.text
    services.vote_open(item=parliament.item, by=parliament.secretary, motion=parliament.motion)


def test_an_amendment_to_an_adopted_text_is_refused(parliament):
    parliament.motion.status = MotionStatus.ADOPTED
    parliament.motion.save()
    second = parliament.members[1]
    with pytest.raises(Conflict) as refused:
        services.motion_table(
            item=parliament.item,
            by=second.delegate,
            organisation=second.organisation,
            kind=MotionKind.AMENDMENT,
            title="Te laat",
            text="Nog een zin.",
            amends=parliament.motion,
        )
    assert refused.value.code == "not_amendable"
    assert Motion.objects.count() == 1


def test_a_member_of_organisation_a_cannot_act_for_organisation_b(parliament):
    a, b = parliament.members[0], parliament.members[1]
    with pytest.raises(Forbidden):
        services.motion_table(
            item=parliament.item,
            by=a.delegate,
            organisation=b.organisation,
            kind=MotionKind.MOTION,
            title="Namens B",
            text="Tekst",
        )
    with pytest.raises(Forbidden):
        services.motion_withdraw(motion=parliament.motion, by=b.delegate)
    with pytest.raises(Forbidden):
        services.signal_file(
            organisation=b.organisation, by=a.delegate, title="T", text="T", theme="youth"
        )
    outsider_org_member = MembershipFactory().user
    with pytest.raises(Forbidden):
        services.motion_cosign(
            motion=parliament.motion,
            by=outsider_org_member,
            organisation=outsider_org_member.memberships.first().organisation,
        )


def test_cosigning_once_per_organisation(parliament):
    b = parliament.members[1]
    services.motion_cosign(motion=parliament.motion, by=b.substitute, organisation=b.organisation)
    with pytest.raises(Conflict):
        services.motion_cosign(motion=parliament.motion, by=b.delegate, organisation=b.organisation)
    with pytest.raises(Conflict):
        services.motion_cosign(
            motion=parliament.motion,
            by=parliament.members[0].delegate,
            organisation=parliament.members[0].organisation,
        )
    assert parliament.motion.cosigners.count() == 1


def test_a_motion_cannot_be_withdrawn_once_its_vote_started(parliament):
    seat_everyone(parliament)
    services.vote_open(item=parliament.item, by=parliament.secretary, motion=parliament.motion)
    with pytest.raises(Conflict):
        services.motion_withdraw(motion=parliament.motion, by=parliament.members[0].delegate)


# --- Minutes ------------------------------------------------------------------------------


def test_minutes_are_drafted_after_the_session_and_approved_at_the_next(parliament):
    with pytest.raises(Conflict):
        services.minutes_save(session=parliament.session, by=parliament.secretary, text="Verslag")
    services.session_close(session=parliament.session, by=parliament.secretary)
    services.minutes_save(session=parliament.session, by=parliament.secretary, text="Verslag")
    later = Session.objects.create(
        body=parliament.body,
        title="Volgende",
        place="Stadhuis",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2),
        status=SessionStatus.OPEN,
    )
    with pytest.raises(Forbidden):
        services.minutes_approve(
            session=parliament.session, by=parliament.members[0].delegate, in_session=later
        )
    services.minutes_approve(session=parliament.session, by=parliament.secretary, in_session=later)
    parliament.session.refresh_from_db()
    assert parliament.session.minutes_status == MinutesStatus.APPROVED
    assert parliament.session.minutes_approved_in == later
    with pytest.raises(Conflict):
        services.minutes_save(session=parliament.session, by=parliament.secretary, text="Anders")


def test_a_session_with_an_open_vote_does_not_close(parliament):
    seat_everyone(parliament)
    vote = services.vote_open(item=parliament.item, by=parliament.secretary, question="Akkoord?")
    with pytest.raises(Conflict):
        services.session_close(session=parliament.session, by=parliament.secretary)
    services.vote_close(vote=vote, by=parliament.secretary)
    services.session_close(session=parliament.session, by=parliament.secretary)
    assert vote.item.votes.get().status == VoteStatus.CLOSED


# --- Advice and the city's answer ---------------------------------------------------------


def _advice(parliament, **kwargs):
    today = timezone.localdate()
    defaults = {
        "body": parliament.body,
        "number": "A2026-001",
        "title": "Meer ruimte",
        "text": "Tekst",
        "adopted_on": today - timedelta(days=70),
        "sent_on": today - timedelta(days=70),
        "answer_due": today - timedelta(days=10),
    }
    return Advice.objects.create(**{**defaults, **kwargs})


def test_an_advice_answer_needs_reasons_and_changes_nothing_without(parliament, staff):
    advice = _advice(parliament)
    assert advice.days_overdue() == 10
    with pytest.raises(Invalid) as refused:
        services.advice_answer(advice=advice, by=staff, answer="accepted", reasons="  ")
    assert (
        "reasons" in refused.value.details.get("fields", {})
        or "reasons" in str(refused.value).lower()
    )
    advice.refresh_from_db()
    assert advice.answer == Advice.Answer.WAITING
    services.advice_answer(
        advice=advice, by=staff, answer="partly", reasons="Budget is beperkt.", actions="Proef"
    )
    advice.refresh_from_db()
    assert advice.answer == "partly" and advice.days_overdue() == 0
    assert ParliamentLog.objects.filter(subject="advice", to_state="partly").exists()


def test_only_staff_answer_advice(parliament):
    advice = _advice(parliament)
    with pytest.raises(Forbidden):
        services.advice_answer(
            advice=advice, by=parliament.secretary, answer="accepted", reasons="Ja"
        )
    with pytest.raises(Invalid):
        services.advice_answer(
            advice=advice, by=UserFactory(role="staff"), answer="waiting", reasons="Ja"
        )


# --- Signals ------------------------------------------------------------------------------


def test_signals_are_filed_by_members_and_sorted_by_staff(parliament, staff):
    a = parliament.members[0]
    signal = services.signal_file(
        organisation=a.organisation,
        by=a.substitute,
        title="Te weinig vergaderruimte",
        text="Kleine groepen vinden geen zaal.",
        theme="housing",
    )
    with pytest.raises(Invalid):
        services.signal_file(
            organisation=a.organisation, by=a.delegate, title="T", text="T", theme="weather"
        )
    with pytest.raises(Forbidden):
        services.signal_sort(signal=signal, by=a.delegate, tags=["ruimte"])
    from middenveld.parliament.models import SignalGroup

    group = SignalGroup.objects.create(title="Ruimte", year=timezone.now().year)
    services.signal_sort(signal=signal, by=staff, tags=["ruimte", "Ruimte", " zalen "], group=group)
    signal.refresh_from_db()
    assert sorted(t.name for t in signal.tags.all()) == ["ruimte", "zalen"]
    assert signal.group == group
    assert Signal.objects.count() == 1
    assert MandatePerson.objects.count() == 10


def test_unknown_motion_on_another_item_is_not_found(parliament):
    other = build_parliament(slug="tweede")
    seat_everyone(parliament)
    with pytest.raises(NotFound):
        services.vote_open(item=parliament.item, by=parliament.secretary, motion=other.motion)
