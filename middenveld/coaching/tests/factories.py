"""Factories for coaching. Example::

request = CoachingRequestFactory(organisation=org)              # waiting
trajectory = TrajectoryFactory(organisation=org, coach=staff)   # open, with its request
SessionFactory(trajectory=trajectory, summary="Begroting")
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.coaching.models import (
    CoachingRequest,
    Goal,
    Note,
    RequestStatus,
    Session,
    Trajectory,
)
from middenveld.coaching.services import ANSWER_WORKING_DAYS, CALENDAR
from middenveld.organisations.tests.factories import OrganisationFactory


class CoachingRequestFactory(factory.django.DjangoModelFactory[CoachingRequest]):
    class Meta:
        model = CoachingRequest

    organisation = factory.SubFactory(OrganisationFactory)
    asked_by = factory.SubFactory(UserFactory)
    themes = factory.LazyFunction(lambda: ["finances"])
    text = "We willen een subsidie aanvragen."
    availability = "Maandagavond"
    created_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(
        lambda o: CALENDAR.add_working_days(o.created_at, ANSWER_WORKING_DAYS)
    )


class TrajectoryFactory(factory.django.DjangoModelFactory[Trajectory]):
    class Meta:
        model = Trajectory

    organisation = factory.SubFactory(OrganisationFactory)
    request = factory.SubFactory(
        CoachingRequestFactory,
        organisation=factory.SelfAttribute("..organisation"),
        status=RequestStatus.ACCEPTED,
        decided_at=factory.LazyFunction(timezone.now),
    )
    coach = factory.SubFactory(StaffFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    trajectory = factory.SubFactory(TrajectoryFactory)
    text = factory.Sequence(lambda n: f"Doel {n}")
    order = factory.Sequence(lambda n: n)


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    trajectory = factory.SubFactory(TrajectoryFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    minutes = 60
    summary = "Samen de begroting overlopen."
    internal_note = ""


class NoteFactory(factory.django.DjangoModelFactory[Note]):
    class Meta:
        model = Note

    trajectory = factory.SubFactory(TrajectoryFactory)
    text = "Een notitie."
    internal = True
