"""Registrations on behalf of an organisation in its 360° timeline; personal ones stay out."""

from __future__ import annotations

import pytest
from django.utils import translation

from middenveld.accounts.tests.factories import UserFactory
from middenveld.events import services
from middenveld.events.tests.factories import EventFactory
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.timeline import event_sentence

pytestmark = pytest.mark.django_db


def test_registrations_for_an_organisation_appear_in_its_timeline(org_a):
    event = EventFactory(capacity=1, title_nl="Inspraakmoment basiswerk")
    services.registration_create(event=event, person=org_a.admin, organisation=org_a.organisation)
    services.registration_create(event=event, person=org_a.member, organisation=org_a.organisation)
    services.registration_create(event=event, person=UserFactory())  # personal: not in it

    entries = list(
        TimelineEvent.objects.filter(
            organisation=org_a.organisation, kind__startswith="events."
        ).order_by("id")
    )

    assert [e.kind for e in entries] == ["events.registered", "events.waiting"]
    with translation.override("en"):
        sentence = event_sentence(entries[0])
    assert org_a.admin.get_full_name() in sentence and "Inspraakmoment basiswerk" in sentence
    assert TimelineEvent.objects.filter(kind__startswith="events.").count() == 2


def test_moving_up_and_cancelling_are_recorded_too(org_a):
    event = EventFactory(capacity=1)
    first = services.registration_create(
        event=event, person=org_a.admin, organisation=org_a.organisation
    )
    services.registration_create(event=event, person=org_a.member, organisation=org_a.organisation)

    services.registration_cancel(registration=first, by=org_a.admin)

    kinds = set(
        TimelineEvent.objects.filter(organisation=org_a.organisation).values_list("kind", flat=True)
    )
    assert {"events.cancelled", "events.promoted"} <= kinds
