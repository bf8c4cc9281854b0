"""A person's parliament data: the export has their mandates and roll-call votes; erasing
removes them from mandates and unlinks their votes; a secret choice is never linked to anyone."""

from __future__ import annotations

import pytest

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.organisations.models import MemberRole, Membership
from middenveld.parliament import services
from middenveld.parliament.models import MandatePerson, SecretChoice, SecretTurn, VoteCast
from middenveld.parliament.privacy import parliament_export
from middenveld.parliament.tests.factories import seat_everyone

pytestmark = pytest.mark.django_db


def _closed_vote(parliament, *, secret: bool, choice: str = "yes"):
    vote = services.vote_open(
        item=parliament.item, by=parliament.secretary, question="Akkoord?", secret=secret
    )
    for member in parliament.members:
        services.vote_cast(vote=vote, by=member.delegate, choice=choice)
    return services.vote_close(vote=vote, by=parliament.secretary)


def test_the_export_has_the_mandates_and_roll_call_votes(parliament):
    seat_everyone(parliament)
    _closed_vote(parliament, secret=False)
    person = parliament.members[0].delegate

    data = user_export(person)["parliament"]

    assert data["mandates"] == [
        {
            "body": "Middenveldparlement",
            "seat": 1,
            "organisation": parliament.members[0].organisation.name,
            "role": "delegate",
            "starts_on": parliament.term.starts_on.isoformat(),
            "ends_on": parliament.term.ends_on.isoformat(),
        }
    ]
    assert [v["question"] for v in data["roll_call_votes"]] == ["Akkoord?"]
    assert data["roll_call_votes"][0]["choice"] == "yes"
    assert data["attendance"][0]["seat"] == 1


def test_a_secret_vote_is_not_in_the_export(parliament):
    seat_everyone(parliament)
    _closed_vote(parliament, secret=True, choice="no")
    data = parliament_export(parliament.members[0].delegate)
    assert data["roll_call_votes"] == []
    assert "no" not in str(data)


def test_erasing_removes_the_mandates_and_unlinks_the_votes(parliament):
    seat_everyone(parliament)
    vote = _closed_vote(parliament, secret=False)
    member = parliament.members[0]
    person = member.delegate
    # The organisation keeps an admin (the platform refuses to erase its last one).
    Membership.objects.filter(organisation=member.organisation, user=member.substitute).update(
        role=MemberRole.ADMIN
    )

    user_erase(person)

    assert not MandatePerson.objects.filter(user=person).exists()
    cast = VoteCast.objects.get(vote=vote, seat=parliament.members[0].seat)
    assert cast.user is None and cast.choice == "yes"  # the seat's vote stays, nameless
    assert services.vote_recount(vote).same
    assert parliament_export(person)["mandates"] == []


def test_secret_choices_are_never_linked_to_a_seat_or_a_person(parliament):
    seat_everyone(parliament)
    vote = _closed_vote(parliament, secret=True)

    choice_fields = {f.name for f in SecretChoice._meta.get_fields()}
    assert choice_fields == {"id", "vote", "choice"}
    turn_fields = {f.name for f in SecretTurn._meta.get_fields()}
    assert "choice" not in turn_fields and "user" not in turn_fields
    assert SecretChoice.objects.filter(vote=vote).count() == len(parliament.members)
    assert not VoteCast.objects.filter(vote=vote).exists()
    for member in parliament.members:
        assert "choice" not in str(parliament_export(member.delegate)["roll_call_votes"])
