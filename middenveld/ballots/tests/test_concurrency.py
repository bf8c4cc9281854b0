"""500 casts at once: 50 organisations, each sending its vote 10 times at the same moment,
in real threads with their own database connections (PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from middenveld.ballots import services
from middenveld.ballots.models import Ballot, Cast
from middenveld.ballots.tests.factories import ballot_with_options
from middenveld.organisations.models import MemberRole, Organisation, TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

ORGANISATIONS = 50
TIMES = 10
THREADS = 50  # PostgreSQL's default allows 100 connections; each thread holds one.


def _run_all(jobs: list[tuple[int, int, int, dict]]) -> list[str]:
    """Run (ballot, organisation, user, content) jobs in THREADS threads; every job waits at
    a barrier per round so that each round's casts start together."""
    outcomes: list[str] = []
    lock = threading.Lock()
    rounds = [jobs[i : i + THREADS] for i in range(0, len(jobs), THREADS)]

    def work(chunk: list[tuple[int, int, int, dict]], barrier: threading.Barrier) -> None:
        from middenveld.accounts.models import User

        try:
            (ballot_id, organisation_id, user_id, content) = chunk[0]
            ballot = Ballot.objects.get(pk=ballot_id)
            organisation = Organisation.objects.get(pk=organisation_id)
            user = User.objects.get(pk=user_id)
            barrier.wait(timeout=30)
            outcome = services.cast_ballot(
                ballot=ballot, by=user, organisation=organisation, content=content
            )
            with lock:
                outcomes.append(outcome.status)
        except Exception as error:  # noqa: BLE001 - the test reports every failure
            with lock:
                outcomes.append(f"error: {error!r}")
        finally:
            close_old_connections()
            connection.close()

    for chunk in rounds:
        barrier = threading.Barrier(len(chunk))
        threads = [threading.Thread(target=work, args=([job], barrier)) for job in chunk]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_500_casts_of_50_organisations_at_once_leave_exactly_50_votes():
    ballot = ballot_with_options(codes="abcdef", max_choices=3, who_casts="members")
    organisations = []
    for n in range(ORGANISATIONS):
        organisation = OrganisationFactory(name=f"Org {n}", slug=f"org-{n}")
        people = [
            MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
            for _ in range(2)
        ]
        organisations.append((organisation, people))
    votes = [{"choices": ["a", "b"]}, {"choices": ["c"]}, {"choices": ["d", "e", "f"]}]
    # Interleave: each round holds every organisation once, so its 10 casts are spread
    # over 10 rounds and each round is 50 different organisations racing to insert; the
    # first round all inserts, the next ones compete with the updates of others.
    jobs = []
    for time in range(TIMES):
        for index, (organisation, people) in enumerate(organisations):
            jobs.append(
                (ballot.pk, organisation.pk, people[time % 2].pk, votes[(index + time) % 3])
            )
    # And one organisation whose 10 casts all start in the very same round.
    hot, hot_people = organisations[0]
    same_moment = [(ballot.pk, hot.pk, hot_people[n % 2].pk, votes[n % 3]) for n in range(TIMES)]

    outcomes = _run_all(jobs) + _run_all(same_moment)

    errors = [o for o in outcomes if o.startswith("error")]
    assert not errors, errors[:3]
    assert Cast.objects.filter(ballot=ballot).count() == ORGANISATIONS
    per_organisation = Counter(
        Cast.objects.filter(ballot=ballot).values_list("organisation_id", flat=True)
    )
    assert set(per_organisation.values()) == {1}
    assert Counter(outcomes)["cast"] == ORGANISATIONS
    for cast in Cast.objects.filter(ballot=ballot):
        assert cast.content in votes
    # The timeline has one "cast" per organisation.
    assert TimelineEvent.objects.filter(kind="ballots.cast").count() == ORGANISATIONS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_50_first_casts_of_one_organisation_at_the_same_moment_leave_one_vote():
    ballot = ballot_with_options(codes="abc", who_casts="members")
    organisation = OrganisationFactory()
    people = [
        MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
        for _ in range(THREADS)
    ]
    jobs = [(ballot.pk, organisation.pk, person.pk, {"choices": ["a"]}) for person in people]

    outcomes = _run_all(jobs)

    assert not [o for o in outcomes if o.startswith("error")], outcomes[:3]
    assert Counter(outcomes) == Counter({"cast": 1, "unchanged": THREADS - 1})
    assert Cast.objects.filter(ballot=ballot).count() == 1
