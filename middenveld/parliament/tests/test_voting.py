"""Votes: one per seat, only while open, secret votes unlinked, majority and quorum, recount."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotAuthenticated
from middenveld.organisations.models import TimelineEvent
from middenveld.parliament import services
from middenveld.parliament.models import (
    Advice,
    Majority,
    MotionStatus,
    ParliamentLog,
    SecretChoice,
    SecretTurn,
    VoteCast,
    VoteStatus,
)
from middenveld.parliament.tests.factories import build_parliament, seat_everyone

pytestmark = pytest.mark.django_db


def _open(parliament, **kwargs):
    return services.vote_open(item=parliament.item, by=parliament.secretary, **kwargs)


def test_a_seated_delegate_votes_once_and_a_second_press_changes_nothing(parliament):
    seat_everyone(parliament)
    vote = _open(parliament, motion=parliament.motion)
    delegate = parliament.members[1].delegate
    outcome = services.vote_cast(vote=vote, by=delegate, choice="yes")
    assert outcome.seat_number == 2
    with pytest.raises(Conflict) as refused:
        services.vote_cast(vote=vote, by=delegate, choice="no")
    assert refused.value.code == "already_voted"
    assert "already voted" in str(refused.value)
    assert list(VoteCast.objects.filter(vote=vote).values_list("choice", flat=True)) == ["yes"]


def test_the_database_refuses_a_second_row_for_one_seat(parliament):
    seat_everyone(parliament)
    vote = _open(parliament)
    member = parliament.members[0]
    VoteCast.objects.create(
        vote=vote, seat=member.seat, organisation=member.organisation, choice="yes"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteCast.objects.create(
            vote=vote, seat=member.seat, organisation=member.organisation, choice="no"
        )


def test_no_vote_before_the_secretary_opens_it_or_after_the_close(parliament):
    seat_everyone(parliament)
    vote = _open(parliament)
    vote.status = VoteStatus.PREPARED
    vote.save()
    with pytest.raises(Conflict) as early:
        services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    assert early.value.code == "vote_not_open"
    vote.status = VoteStatus.OPEN
    vote.save()
    services.vote_close(vote=vote, by=parliament.secretary)
    with pytest.raises(Conflict) as late:
        services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    assert late.value.code == "vote_closed"
    assert not VoteCast.objects.filter(vote=vote).exists()


def test_only_people_on_a_seat_vote(parliament):
    seat_everyone(parliament, count=2)
    vote = _open(parliament)
    with pytest.raises(Forbidden) as not_seated:
        services.vote_cast(vote=vote, by=parliament.members[3].delegate, choice="yes")
    assert "not registered on a seat" in str(not_seated.value)
    with pytest.raises(Forbidden):
        services.vote_cast(vote=vote, by=UserFactory(), choice="yes")
    with pytest.raises(NotAuthenticated):
        from django.contrib.auth.models import AnonymousUser

        services.vote_cast(vote=vote, by=AnonymousUser(), choice="yes")
    with pytest.raises(Invalid):
        services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="maybe")
    assert not VoteCast.objects.exists()


def test_a_delegate_whose_mandate_has_ended_cannot_vote(parliament):
    seat_everyone(parliament)
    vote = _open(parliament)
    mandate = parliament.members[0].mandate
    mandate.ends_on = timezone.localdate() - timedelta(days=1)
    mandate.save()
    with pytest.raises(Forbidden) as ended:
        services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    assert ended.value.code == "mandate_ended"


def test_a_secret_vote_keeps_only_totals_and_still_refuses_a_second_vote(parliament):
    seat_everyone(parliament)
    vote = _open(parliament, secret=True)
    delegate = parliament.members[0].delegate
    services.vote_cast(vote=vote, by=delegate, choice="no")
    with pytest.raises(Conflict):
        services.vote_cast(vote=vote, by=delegate, choice="yes")
    assert SecretTurn.objects.filter(vote=vote).count() == 1
    choice = SecretChoice.objects.get(vote=vote)
    assert choice.choice == "no"
    # Nothing links the choice to a seat, a person or a time.
    fields = {f.name for f in SecretChoice._meta.get_fields()}
    assert fields == {"id", "vote", "choice"}
    assert not VoteCast.objects.filter(vote=vote).exists()
    turn_fields = {f.name for f in SecretTurn._meta.get_fields()}
    assert "choice" not in turn_fields


def test_closing_counts_checks_quorum_and_majority_and_adopts_the_advice(parliament):
    seat_everyone(parliament, count=4)
    vote = _open(parliament, motion=parliament.motion)
    for member, choice in zip(parliament.members[:4], ["yes", "yes", "no", "abstain"], strict=True):
        services.vote_cast(vote=vote, by=member.delegate, choice=choice)
    tally = services.vote_tally(vote)
    assert (tally.yes, tally.no, tally.abstain, tally.voted, tally.seats_present) == (2, 1, 1, 4, 4)
    vote = services.vote_close(vote=vote, by=parliament.secretary)
    assert vote.status == VoteStatus.CLOSED
    assert (vote.seats_total, vote.seats_present, vote.quorum_met) == (5, 4, True)
    assert vote.adopted is True
    parliament.motion.refresh_from_db()
    assert parliament.motion.status == MotionStatus.ADOPTED
    advice = Advice.objects.get(motion=parliament.motion)
    assert advice.answer == Advice.Answer.WAITING
    assert advice.answer_due == advice.sent_on + timedelta(days=parliament.body.advice_answer_days)
    assert ParliamentLog.objects.filter(subject="vote", to_state="closed").exists()
    assert TimelineEvent.objects.filter(
        organisation=parliament.members[0].organisation, kind="parliament.motion_decided"
    ).exists()


def test_without_quorum_nothing_is_adopted(parliament):
    seat_everyone(parliament, count=2)  # 2 of 5 seats, quorum 50% needs 3
    vote = _open(parliament, motion=parliament.motion)
    for member in parliament.members[:2]:
        services.vote_cast(vote=vote, by=member.delegate, choice="yes")
    vote = services.vote_close(vote=vote, by=parliament.secretary)
    assert vote.quorum_met is False
    assert vote.adopted is False
    parliament.motion.refresh_from_db()
    assert parliament.motion.status == MotionStatus.REJECTED
    assert not Advice.objects.exists()


@pytest.mark.parametrize(
    ("majority", "yes", "no", "abstain", "adopted"),
    [
        (Majority.SIMPLE, 3, 2, 5, True),
        (Majority.SIMPLE, 2, 2, 0, False),
        (Majority.ABSOLUTE, 3, 2, 5, False),
        (Majority.ABSOLUTE, 6, 2, 3, True),
        (Majority.TWO_THIRDS, 6, 3, 9, True),
        (Majority.TWO_THIRDS, 5, 3, 0, False),
        (Majority.TWO_THIRDS, 0, 0, 4, False),
    ],
)
def test_majority_rules(majority, yes, no, abstain, adopted):
    assert services.majority_reached(majority, yes, no, abstain) is adopted


def test_a_recount_from_the_stored_votes_gives_the_stored_result(parliament):
    seat_everyone(parliament)
    vote = _open(parliament, secret=True)
    for member, choice in zip(
        parliament.members, ["yes", "no", "yes", "yes", "abstain"], strict=True
    ):
        services.vote_cast(vote=vote, by=member.delegate, choice=choice)
    vote = services.vote_close(vote=vote, by=parliament.secretary)
    recount = services.vote_recount(vote)
    assert recount.same
    assert (recount.counted.yes, recount.counted.no, recount.counted.abstain) == (3, 1, 1)
    # A row changed behind the system's back shows up in the recount.
    SecretChoice.objects.filter(vote=vote, choice="no").update(choice="yes")
    assert not services.vote_recount(vote).same


def test_only_officers_and_staff_open_and_close_votes(parliament, staff):
    seat_everyone(parliament)
    delegate = parliament.members[0].delegate
    with pytest.raises(Forbidden):
        services.vote_open(item=parliament.item, by=delegate, question="Akkoord?")
    vote = services.vote_open(item=parliament.item, by=staff, question="Akkoord?")
    with pytest.raises(Forbidden):
        services.vote_close(vote=vote, by=delegate)
    services.vote_close(vote=vote, by=parliament.chair)


def test_one_open_vote_per_session_and_only_while_in_session(parliament):
    seat_everyone(parliament)
    _open(parliament, question="Eerste vraag")
    with pytest.raises(Conflict) as second:
        _open(parliament, question="Tweede vraag")
    assert second.value.code == "vote_open"
    other = build_parliament(slug="ander", session_status="convened")
    with pytest.raises(Conflict):
        services.vote_open(item=other.item, by=other.secretary, question="Te vroeg?")


def test_a_vote_on_a_withdrawn_motion_is_refused(parliament):
    services.motion_withdraw(motion=parliament.motion, by=parliament.members[0].delegate)
    with pytest.raises(Conflict) as refused:
        _open(parliament, motion=parliament.motion)
    assert refused.value.code == "withdrawn"
