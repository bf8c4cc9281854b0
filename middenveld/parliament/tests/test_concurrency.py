"""150 delegates each pressing vote three times at the same moment leave exactly 150
votes, in real threads with their own database connections (PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from middenveld.parliament import services
from middenveld.parliament.models import SecretChoice, SecretTurn, Vote, VoteCast
from middenveld.parliament.tests.factories import build_parliament

DELEGATES = 150
PRESSES = 3
THREADS = 48  # PostgreSQL allows 100 connections by default; each thread holds one.


def _race(vote_id: int, user_ids: list[int]) -> Counter[str]:
    """Every delegate presses PRESSES times; their presses run in the same round, so the
    same seat races itself as well as the others."""
    from middenveld.accounts.models import User

    jobs = [
        (user_id, ["yes", "no", "abstain"][n % 3]) for user_id in user_ids for n in range(PRESSES)
    ]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def work(user_id: int, choice: str, barrier: threading.Barrier) -> None:
        try:
            user = User.objects.get(pk=user_id)
            vote = Vote.objects.get(pk=vote_id)
            barrier.wait(timeout=60)
            services.vote_cast(vote=vote, by=user, choice=choice)
            result = "counted"
        except Exception as error:  # noqa: BLE001 - the test reports every outcome
            result = getattr(error, "code", repr(error))
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes[result] += 1

    for start in range(0, len(jobs), THREADS):
        chunk = jobs[start : start + THREADS]
        barrier = threading.Barrier(len(chunk))
        threads = [threading.Thread(target=work, args=(*job, barrier)) for job in chunk]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", [False, True], ids=["roll call", "secret"])
def test_150_delegates_pressing_three_times_at_once_leave_exactly_150_votes(secret):
    parliament = build_parliament(seats=DELEGATES, slug=f"race-{int(secret)}")
    from middenveld.parliament.tests.factories import seat_everyone

    seat_everyone(parliament)
    vote = services.vote_open(
        item=parliament.item, by=parliament.secretary, question="Akkoord?", secret=secret
    )
    outcomes = _race(vote.pk, [m.delegate.pk for m in parliament.members])
    assert outcomes == Counter({"counted": DELEGATES, "already_voted": DELEGATES * (PRESSES - 1)})
    if secret:
        assert SecretTurn.objects.filter(vote=vote).count() == DELEGATES
        assert SecretChoice.objects.filter(vote=vote).count() == DELEGATES
        assert not VoteCast.objects.filter(vote=vote).exists()
    else:
        assert VoteCast.objects.filter(vote=vote).count() == DELEGATES
        assert VoteCast.objects.filter(vote=vote).values("seat").distinct().count() == DELEGATES
    vote = services.vote_close(vote=vote, by=parliament.secretary)
    assert vote.yes + vote.no + vote.abstain == DELEGATES
    assert services.vote_recount(vote).same
