"""A person's registrations in their export, and what erasing does."""

from __future__ import annotations

import pytest

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.accounts.tests.factories import UserFactory
from middenveld.events import services
from middenveld.events.models import Registration, RegistrationStatus
from middenveld.events.tests.factories import EventFactory
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.timeline import event_sentence

pytestmark = pytest.mark.django_db


def test_the_export_holds_registrations_with_needs(turkish):
    person = UserFactory()
    event = EventFactory()
    services.registration_create(
        event=event, person=person, interpreter_language=turkish, dietary_needs="halal"
    )

    data = user_export(person)["events"]

    assert data[0]["event_slug"] == event.slug
    assert data[0]["needs"]["interpreter_language"] == "tr"
    assert data[0]["needs"]["dietary_needs"] == "halal"


def test_erasing_cancels_coming_registrations_clears_needs_and_the_name_in_timelines(
    org_a, turkish, mailbox
):
    event = EventFactory(capacity=1)
    person = org_a.member
    services.registration_create(
        event=event, person=person, organisation=org_a.organisation, interpreter_language=turkish
    )
    waiting = services.registration_create(event=event, person=UserFactory())
    name = person.get_full_name()

    user_erase(person)

    mine = Registration.objects.get(person=person)
    assert mine.status == RegistrationStatus.CANCELLED
    assert mine.interpreter_language is None
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    for entry in TimelineEvent.objects.filter(kind__startswith="events."):
        assert name not in event_sentence(entry)
        assert entry.data["person_id"] is None
