"""The daily digest: once a day, not when switched off or empty, in the person's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.city.models import Notification
from middenveld.city.services import digest_set, digests_send, notify
from middenveld.city.tests.conftest import make_question

pytestmark = pytest.mark.django_db


def test_a_digest_lists_new_notifications_and_marks_them_digested(mailbox, citizen):
    notify(recipient=citizen, kind="t", sentence="Your registration was approved")
    notify(recipient=citizen, kind="t", sentence="A new member joined", url="/organisaties/x/")

    assert digests_send() == 1

    assert len(mailbox) == 1
    message = mailbox[0]
    assert message.to == [citizen.email]
    assert "Your registration was approved" in message.body
    assert "A new member joined" in message.body
    assert "/organisaties/x/" in message.body
    assert "/mijn/meldingen/#digest" in message.body  # how to switch it off
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


def test_only_one_digest_a_day(mailbox, citizen):
    now = timezone.now()
    notify(recipient=citizen, kind="t", sentence="First")
    assert digests_send(now=now) == 1
    notify(recipient=citizen, kind="t", sentence="Second")

    assert digests_send(now=now + timedelta(hours=2)) == 0
    assert len(mailbox) == 1

    assert digests_send(now=now + timedelta(days=1)) == 1
    assert "Second" in mailbox[1].body
    assert "First" not in mailbox[1].body


def test_no_digest_when_switched_off(mailbox, citizen):
    digest_set(user=citizen, daily_digest=False)
    notify(recipient=citizen, kind="t", sentence="Something")
    assert digests_send() == 0
    assert mailbox == []


def test_no_digest_when_nothing_is_new(mailbox, citizen):
    note = notify(recipient=citizen, kind="t", sentence="Already read")
    note.read_at = timezone.now()
    note.save()
    assert digests_send() == 0
    assert mailbox == []


def test_the_digest_is_in_the_persons_language(mailbox):
    dutch = UserFactory(language="nl")
    english = UserFactory(language="en")
    for person in (dutch, english):
        notify(recipient=person, kind="t", sentence="Hello")

    november = timezone.now().replace(year=2026, month=11, day=20, hour=12)
    Notification.objects.update(created_at=november)
    digests_send(now=november + timedelta(hours=1))

    by_person = {m.to[0]: m.body for m in mailbox}
    # Django's own month names and the language prefix of the link follow the person.
    assert "november" in by_person[dutch.email]
    assert "http://" in by_person[dutch.email]
    assert "/en/mijn/meldingen/" not in by_person[dutch.email]
    assert "November" in by_person[english.email]
    assert "/en/mijn/meldingen/" in by_person[english.email]


def test_staff_hear_how_many_items_wait_in_their_inbox(mailbox, staff):
    staff.language = "en"
    staff.save(update_fields=["language"])
    make_question(assignee=staff)
    make_question(assignee=staff)
    notify(recipient=staff, kind="t", sentence="Something")

    digests_send()

    assert "2 items are waiting in your inbox." in mailbox[0].body
    assert "/en/beheer/inbox/" in mailbox[0].body


def test_the_command_sends_and_is_harmless_to_run_twice(mailbox, citizen, capsys):
    notify(recipient=citizen, kind="t", sentence="Something")

    call_command("send_digests")
    call_command("send_digests")

    out = capsys.readouterr().out
    assert "1 digest(s) sent." in out
    assert "0 digest(s) sent." in out
    assert len(mailbox) == 1
