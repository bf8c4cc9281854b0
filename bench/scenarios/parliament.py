"""The middenveldparlement: the public advice tracker (all advice, and the overdue ones),
the same list in the API, the parliament's home page and the live tally of an open vote.

At --scale 10 ``seed_demo`` holds 10 years of sessions with their advice to the city, a
parliament of 150 seats and one session in progress today with an open vote
(middenveld/parliament/seed.py). The resolver picks that open vote (never one of the
benchmark's own bodies, ``bench-…``, which bench/parliament_voting.py makes).

Targets (issue: the civil-society parliament): the advice tracker with 10 years of
sessions p95 <= 50 ms (page and API); the live tally fragment p95 <= 100 ms. The tracker
is cached for anonymous visitors for at most an hour (the days overdue change with the
date); the tally for 2 s and under the ``"parliament"`` version that every attendance
change, cast and close bumps, so during the load (nobody votes) the rows show cache hits.

The vote itself (150 delegates casting within 30 s, the tally visible within 2 s) is not a
load run of one page: ``bench/parliament_voting.py`` (see bench/README.md).
"""

from __future__ import annotations

from bench.scenarios import Scenario, register, resolver

ORDER = 49  # after the spaces (48), before the foundation's API pages (50)

register(
    Scenario("/middenveldparlement/adviezen/", "parliament: advice tracker", p95_ms=50),
    Scenario(
        "/middenveldparlement/adviezen/?antwoord=overdue", "parliament: advice overdue", p95_ms=50
    ),
    Scenario("/api/v1/parliament/advice", "API: parliament advice", p95_ms=50),
    Scenario("/middenveldparlement/", "parliament: home"),
    Scenario(
        "/middenveldparlement/stemmingen/{open_vote_id}/stand/", "parliament: live tally",
        needs=("open_vote_id",), p95_ms=100,
    ),
)  # fmt: skip


@resolver("open_vote_id")
def open_vote_id() -> str | None:
    """The seeded open vote of a published body (not one the voting benchmark left)."""
    from middenveld.parliament.models import Vote, VoteStatus

    found = (
        Vote.objects.filter(status=VoteStatus.OPEN, item__session__body__published=True)
        .exclude(item__session__body__slug__startswith="bench-")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return None if found is None else str(found)
