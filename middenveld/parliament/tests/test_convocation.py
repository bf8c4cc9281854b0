"""``manage.py send_convocations``: one mail with an .ics per delegate and substitute of a
session whose convocation is due; a second run sends nothing; a convened session is skipped."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from middenveld.parliament import services
from middenveld.parliament.models import ParliamentLog, Session, SessionStatus
from middenveld.parliament.tests.factories import build_parliament

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("send_convocations", stdout=out, stderr=StringIO())
    return out.getvalue()


def _due_session(parliament, *, days: int = 5) -> Session:
    """Move the factory's session to ``days`` from now, planned, with its agenda item."""
    session = parliament.session
    starts = timezone.now() + timedelta(days=days)
    Session.objects.filter(pk=session.pk).update(
        status=SessionStatus.PLANNED, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def due(db):
    parliament = build_parliament(seats=3, session_status=SessionStatus.PLANNED)
    _due_session(parliament)
    return parliament


def test_one_mail_with_an_ics_per_delegate_and_substitute(due):
    output = _run()

    assert "1 session(s) convened, 6 mail(s) sent." in output
    assert len(mail.outbox) == 6
    people = {m.delegate.email for m in due.members} | {m.substitute.email for m in due.members}
    assert {message.to[0] for message in mail.outbox} == people
    for message in mail.outbox:
        ((name, content, mimetype),) = message.attachments
        assert name.endswith(".ics") and mimetype.startswith("text/calendar")
        assert "BEGIN:VCALENDAR" in (content if isinstance(content, str) else content.decode())
    due.session.refresh_from_db()
    assert due.session.status == SessionStatus.CONVENED
    assert due.session.convocation_sent_at is not None
    log = ParliamentLog.objects.get(subject="session", subject_id=due.session.pk, change="convened")
    assert log.by is None  # the platform sent it


def test_running_it_twice_sends_nothing_more(due):
    _run()
    mail.outbox.clear()
    assert "0 session(s) convened, 0 mail(s) sent." in _run()
    assert mail.outbox == []


def test_a_session_already_convened_is_skipped(due):
    services.session_convene(session=due.session, by=due.secretary)
    mail.outbox.clear()
    assert "0 session(s) convened" in _run()
    assert mail.outbox == []


def test_a_session_not_yet_due_waits(db):
    parliament = build_parliament(seats=2, session_status=SessionStatus.PLANNED)
    _due_session(parliament, days=parliament.body.convocation_days + 5)
    assert "0 session(s) convened" in _run()
    assert mail.outbox == []


def test_a_session_without_agenda_is_reported_and_left_planned(db):
    parliament = build_parliament(seats=2, session_status=SessionStatus.PLANNED)
    session = _due_session(parliament)
    parliament.motion.delete()
    parliament.item.delete()
    err = StringIO()
    call_command("send_convocations", stdout=StringIO(), stderr=err)
    assert "agenda" in err.getvalue()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and mail.outbox == []
