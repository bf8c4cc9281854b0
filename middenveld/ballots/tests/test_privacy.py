from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.ballots import services
from middenveld.ballots.models import Ballot, Cast
from middenveld.ballots.tests.factories import ballot_with_options
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _close(ballot: Ballot) -> Ballot:
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    return Ballot.objects.get(pk=ballot.pk)


def test_the_export_holds_the_persons_votes_and_the_organisation_votes_they_cast(org_a):
    person = org_a.admin
    residents = ballot_with_options(electorate="residents")
    organisations = ballot_with_options()
    services.cast_ballot(ballot=residents, by=person, content={"choices": ["a"]})
    services.cast_ballot(
        ballot=organisations, by=person, organisation=org_a.organisation, content={"choices": ["b"]}
    )

    data = user_export(person)["ballots"]

    assert [v["vote"] for v in data["votes"]] == [{"choices": ["a"]}]
    assert data["organisation_votes_cast"][0]["organisation"] == "Buurtwerk Rabot"
    assert "vote" not in data["organisation_votes_cast"][0]


def test_erasing_removes_a_vote_on_an_open_ballot():
    person, other = UserFactory(), UserFactory()
    ballot = ballot_with_options(electorate="residents")
    services.cast_ballot(ballot=ballot, by=person, content={"choices": ["a"]})
    services.cast_ballot(ballot=ballot, by=other, content={"choices": ["b"]})

    user_erase(person)

    assert list(Cast.objects.values_list("user_id", flat=True)) == [other.pk]


def test_erasing_keeps_a_counted_vote_anonymous_and_the_recount_unchanged():
    person, other = UserFactory(), UserFactory()
    ballot = ballot_with_options(electorate="residents")
    services.cast_ballot(ballot=ballot, by=person, content={"choices": ["a"]})
    services.cast_ballot(ballot=ballot, by=other, content={"choices": ["b"]})
    ballot = _close(ballot)
    services.ballot_count(ballot=ballot)
    fingerprint = Ballot.objects.get(pk=ballot.pk).inputs_hash

    user_erase(person)

    cast = Cast.objects.get(content={"choices": ["a"]})
    assert cast.user is None and cast.cast_by is None and cast.anonymised_at is not None
    report = services.ballot_recount(ballot=Ballot.objects.get(pk=ballot.pk), by=StaffFactory())
    assert report.same_inputs and report.inputs_hash == fingerprint
    assert user_export(person)["ballots"]["votes"] == []


def test_erasing_leaves_the_organisations_vote_without_the_persons_name(org_a):
    ballot = ballot_with_options()
    services.cast_ballot(
        ballot=ballot, by=org_a.admin, organisation=org_a.organisation, content={"choices": ["a"]}
    )
    MembershipFactory(organisation=org_a.organisation, role=MemberRole.ADMIN)
    user_erase(org_a.admin)
    cast = Cast.objects.get()
    assert cast.organisation == org_a.organisation
    assert cast.cast_by is None
