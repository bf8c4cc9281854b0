"""What the database refuses, whatever the code above it does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.events.models import Event, RegistrationStatus
from middenveld.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_active_registration_per_person_and_event():
    event = EventFactory()
    person = UserFactory()
    RegistrationFactory(event=event, person=person)

    _refused(lambda: RegistrationFactory(event=event, person=person))
    _refused(
        lambda: RegistrationFactory(event=event, person=person, status=RegistrationStatus.WAITING)
    )
    # Cancelled ones do not count.
    RegistrationFactory(event=event, person=person, status="cancelled", cancelled_at=timezone.now())


def test_only_registered_people_are_checked_in():
    _refused(
        lambda: RegistrationFactory(status=RegistrationStatus.WAITING, checked_in_at=timezone.now())
    )


def test_a_cancelled_registration_has_its_date_and_only_then():
    _refused(lambda: RegistrationFactory(status=RegistrationStatus.CANCELLED))
    _refused(lambda: RegistrationFactory(cancelled_at=timezone.now()))
    _refused(lambda: RegistrationFactory(status="maybe"))


def test_capacities_are_not_negative_and_events_end_after_they_start():
    _refused(lambda: EventFactory(capacity=-1))
    _refused(lambda: EventFactory(capacity_per_organisation=0))
    now = timezone.now()
    _refused(lambda: EventFactory(starts_at=now, ends_at=now))
    _refused(
        lambda: EventFactory(registration_opens_at=now, registration_closes_at=now - timedelta(1))
    )
    _refused(lambda: EventFactory(format="radio"))
    _refused(lambda: EventFactory(report_published=True))
    assert not Event.objects.exists()
