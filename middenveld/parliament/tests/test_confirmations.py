"""Who comes: the secretary sees every seat with its organisation's answer and the counts;
``send_convocations`` reminds the seats that have not answered, once, the body's number of
days before the session (never right after the convocation, never for reminder_days=0)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from middenveld.core.errors import Conflict, Forbidden
from middenveld.parliament import services
from middenveld.parliament.models import ParliamentLog, Session, SessionStatus
from middenveld.parliament.tests.factories import build_parliament

pytestmark = pytest.mark.django_db


def _planned(parliament, *, days: float, convened_hours_ago: float | None = 48) -> Session:
    starts = timezone.now() + timedelta(days=days)
    Session.objects.filter(pk=parliament.session.pk).update(
        status=SessionStatus.CONVENED if convened_hours_ago is not None else SessionStatus.PLANNED,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        convocation_sent_at=(
            timezone.now() - timedelta(hours=convened_hours_ago)
            if convened_hours_ago is not None
            else None
        ),
    )
    parliament.session.refresh_from_db()
    return parliament.session


@pytest.fixture
def soon(db):
    """Three seats, a session in a day (reminder_days 2), convened two days ago. Seat 1
    comes, seat 2 sends its substitute, seat 3 has not answered."""
    p = build_parliament(seats=3, session_status=SessionStatus.PLANNED)
    session = _planned(p, days=1)
    a, b = p.members[0], p.members[1]
    services.confirmation_answer(session=session, mandate=a.mandate, by=a.delegate, answer="coming")
    services.confirmation_answer(
        session=session,
        mandate=b.mandate,
        by=b.delegate,
        answer="substitute",
        substitute=b.substitute,
    )
    return p


def _run() -> str:
    out = StringIO()
    call_command("send_convocations", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_overview_counts_every_answer(soon):
    overview = services.confirmation_overview(soon.session)
    assert [row.mandate.seat.number for row in overview.rows] == [1, 2, 3]
    assert [row.answer for row in overview.rows] == ["coming", "substitute", ""]
    assert (overview.coming, overview.substitute, overview.absent, overview.unanswered) == (
        1,
        1,
        0,
        1,
    )
    assert overview.rows[0].delegate == soon.members[0].delegate


def test_the_secretary_sees_who_comes_on_the_session_page(client, soon):
    client.force_login(soon.secretary)
    page = client.get(soon.session.get_absolute_url()).content.decode()
    assert "Who comes" in page
    assert "Delegate comes: 1. A substitute comes: 1. Nobody comes: 0. Not answered yet: 1." in (
        page
    )
    substitute = soon.members[1].substitute
    assert f"A substitute comes: {substitute.name or substitute.email}." in page
    assert "Not answered yet" in page


def test_a_delegate_does_not_see_the_overview(client, soon):
    client.force_login(soon.members[2].delegate)
    page = client.get(soon.session.get_absolute_url()).content.decode()
    assert "Not answered yet" not in page


def test_the_api_gives_the_overview_to_officers_only(client, soon):
    url = f"/api/v1/parliament/sessions/{soon.session.pk}/confirmations"
    client.force_login(soon.members[0].delegate)
    assert client.get(url).status_code == 403
    client.force_login(soon.chair)
    body = client.get(url).json()
    assert (body["coming"], body["substitute"], body["unanswered"]) == (1, 1, 1)
    assert [row["answer"] for row in body["seats"]] == ["coming", "substitute", ""]


def test_the_reminder_goes_once_to_the_seats_that_have_not_answered(soon):
    output = _run()
    assert "1 session(s) reminded, 2 reminder(s) sent." in output
    third = soon.members[2]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [third.delegate.email, third.substitute.email]
    )
    message = mail.outbox[0]
    assert soon.session.title in message.subject
    assert f"/middenveldparlement/zittingen/{soon.session.pk}/" in message.body
    soon.session.refresh_from_db()
    assert soon.session.reminder_sent_at is not None
    log = ParliamentLog.objects.get(subject="session", change="reminded")
    assert log.by is None

    mail.outbox.clear()
    assert "0 session(s) reminded, 0 reminder(s) sent." in _run()
    assert mail.outbox == []
    with pytest.raises(Conflict):
        services.session_remind(session=soon.session, by=soon.secretary)


def test_no_reminder_before_its_day(db):
    p = build_parliament(seats=2, session_status=SessionStatus.PLANNED)
    _planned(p, days=p.body.reminder_days + 3)
    assert "0 session(s) reminded" in _run()
    assert mail.outbox == []


def test_no_reminder_right_after_the_convocation(db):
    p = build_parliament(seats=2, session_status=SessionStatus.PLANNED)
    _planned(p, days=1, convened_hours_ago=1)
    assert "0 session(s) reminded" in _run()


def test_no_reminder_when_the_body_wants_none(db):
    p = build_parliament(seats=2, session_status=SessionStatus.PLANNED)
    p.body.reminder_days = 0
    p.body.save()
    _planned(p, days=1)
    assert "0 session(s) reminded" in _run()
    assert mail.outbox == []


def test_no_reminder_when_everybody_answered(soon):
    third = soon.members[2]
    services.confirmation_answer(
        session=soon.session, mandate=third.mandate, by=third.delegate, answer="absent"
    )
    assert "1 session(s) reminded, 0 reminder(s) sent." in _run()
    assert mail.outbox == []


def test_a_member_cannot_send_the_reminder(soon):
    with pytest.raises(Forbidden):
        services.session_remind(session=soon.session, by=soon.members[0].delegate)
    soon.session.refresh_from_db()
    assert soon.session.reminder_sent_at is None and mail.outbox == []
