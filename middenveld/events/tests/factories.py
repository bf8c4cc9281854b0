"""Factories for events. Example::

event = EventFactory(capacity=2)                       # published, in two weeks, open
RegistrationFactory(event=event, person=user)          # registered (no service, no mail)
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.events.models import Event, Format, Registration


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"activiteit-{n}")
    title_nl = factory.Sequence(lambda n: f"Inspraakmoment {n}")
    summary_nl = "Kom mee praten over de prioriteiten."
    agenda_nl = "1. Welkom\n2. Gesprek"
    format = Format.HYBRID
    place_name = "Stadhuis"
    street = "Botermarkt 1"
    postal_code = "9000"
    municipality = "Gent"
    room = "Troonzaal"
    online_link = "https://meet.example.org/geheim-123"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = 10
    published = True


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
