"""Events and ballots count in a process's participation figures (participation/figures.py)."""

from __future__ import annotations

import pytest

from middenveld.ballots.models import Cast
from middenveld.ballots.tests.factories import BallotFactory, ProcessFactory
from middenveld.events.tests.factories import EventFactory, RegistrationFactory
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.participation.figures import participation_figures

pytestmark = pytest.mark.django_db


def test_an_organisation_that_registered_and_voted_counts_once_under_both_ways():
    process = ProcessFactory()
    voter, registered, elsewhere = OrganisationFactory.create_batch(3)
    ballot = BallotFactory(process=process)
    Cast.objects.create(ballot=ballot, organisation=voter, content={"choices": []})
    Cast.objects.create(ballot=BallotFactory(), organisation=elsewhere, content={"choices": []})
    event = EventFactory(process=process)
    RegistrationFactory(event=event, organisation=registered)
    RegistrationFactory(event=event, organisation=voter)
    RegistrationFactory(event=event, organisation=None)  # a person only
    RegistrationFactory(event=EventFactory(), organisation=elsewhere)  # another process

    figures = participation_figures(process)

    by_source = dict(figures.by_source)
    assert by_source["Voted on behalf of the organisation"] == 1
    assert by_source["Registered for an event on behalf of the organisation"] == 2
    assert figures.total == 2
