"""The rules the database holds, whatever the code above it does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.ballots.models import Ballot, Cast, Option
from middenveld.ballots.tests.factories import BallotFactory, OptionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_vote_per_organisation_and_ballot(org_a):
    ballot = BallotFactory()
    Cast.objects.create(ballot=ballot, organisation=org_a.organisation, content={"choices": []})
    _refused(
        lambda: Cast.objects.create(
            ballot=ballot, organisation=org_a.organisation, content={"choices": ["a"]}
        )
    )
    # Another ballot is another vote.
    Cast.objects.create(ballot=BallotFactory(), organisation=org_a.organisation, content={})


def test_one_vote_per_resident_and_ballot():
    ballot, person = BallotFactory(electorate="residents"), UserFactory()
    Cast.objects.create(ballot=ballot, user=person, content={})
    _refused(lambda: Cast.objects.create(ballot=ballot, user=person, content={}))


def test_many_anonymised_votes_may_stay_on_one_ballot():
    ballot = BallotFactory(electorate="residents")
    now = timezone.now()
    Cast.objects.create(ballot=ballot, content={}, anonymised_at=now)
    Cast.objects.create(ballot=ballot, content={}, anonymised_at=now)
    assert Cast.objects.count() == 2


def test_a_vote_has_exactly_one_voter(org_a):
    ballot = BallotFactory()
    _refused(lambda: Cast.objects.create(ballot=ballot, content={}))
    _refused(
        lambda: Cast.objects.create(
            ballot=ballot, organisation=org_a.organisation, user=org_a.admin, content={}
        )
    )


def test_a_ballot_closes_after_it_opens_and_a_budget_ballot_has_a_budget():
    now = timezone.now()
    process = ProcessFactory()
    _refused(
        lambda: Ballot.objects.create(
            process=process, slug="x", title="x", method="approval", opens_at=now, closes_at=now
        )
    )
    _refused(
        lambda: Ballot.objects.create(
            process=process,
            slug="y",
            title="y",
            method="budget",
            opens_at=now,
            closes_at=now + timedelta(days=1),
        )
    )
    _refused(
        lambda: Ballot.objects.create(
            process=process,
            slug="z",
            title="z",
            method="lottery",
            opens_at=now,
            closes_at=now + timedelta(days=1),
        )
    )


def test_option_codes_are_unique_per_ballot_and_costs_positive():
    ballot = BallotFactory()
    OptionFactory(ballot=ballot, code="a")
    _refused(lambda: Option.objects.create(ballot=ballot, code="a", title="again"))
    _refused(lambda: Option.objects.create(ballot=ballot, code="b", title="free", cost=0))
