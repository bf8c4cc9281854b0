"""send_event_reminders: people with a place are reminded once, in their language."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.events import services
from middenveld.events.models import Registration
from middenveld.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("send_event_reminders", *args, stdout=out)
    return out.getvalue()


def test_people_with_a_place_are_reminded_once(mailbox, settings):
    settings.EVENT_REMINDER_HOURS = 24
    now = timezone.now()
    soon = EventFactory(
        capacity=1, starts_at=now + timedelta(hours=5), ends_at=now + timedelta(hours=7)
    )
    later = EventFactory(
        starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=5, hours=2)
    )
    person = UserFactory(language="fr")
    services.registration_create(event=soon, person=person)
    services.registration_create(event=soon, person=UserFactory())  # waiting: no reminder
    services.registration_create(event=later, person=UserFactory())  # too far away
    mailbox.clear()

    assert _run() == "1 reminder(s) sent.\n"
    assert _run() == "0 reminder(s) sent.\n"

    assert len(mailbox) == 1
    assert mailbox[0].to == [person.email]
    assert "/fr/activiteiten/" in mailbox[0].body
    assert mailbox[0].attachments[0][0].endswith(".ics")
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 1


def test_the_window_comes_from_the_option(mailbox):
    now = timezone.now()
    event = EventFactory(
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1)
    )
    services.registration_create(event=event, person=UserFactory())
    mailbox.clear()

    assert _run("--hours", "24") == "0 reminder(s) sent.\n"
    assert _run("--hours", "80") == "1 reminder(s) sent.\n"
    with pytest.raises(CommandError):
        _run("--hours", "0")


def test_cancelled_events_send_no_reminder(mailbox):
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=3))
    services.registration_create(event=event, person=UserFactory())
    event.status = "cancelled"
    event.save()
    mailbox.clear()

    assert _run() == "0 reminder(s) sent.\n"
