"""Ballots: casting a vote through the API, the ballot page of a voter, a closed ballot's
result page.

At --scale 10 the district budget ``wijkbudget-ledeberg-2027`` (open, for residents) holds
20,000 votes and the closed ``wijkbudget-brugse-poort-2026`` 20,000 more
(middenveld/ballots/seed.py). The voter is burger@example.org with a personal API token
made by the resolver (no CSRF dance, like an app would cast).

What the casts measure:

- "many voters": 400 residents of the seeded electorate (``kiezer-NNNNN@example.org``), each
  with a personal API token, each request a random one of them sending one of two different
  ballots (within the budget). Most requests change a stored vote (an UPDATE of that voter's
  row under its lock), some cast the same again; with 16 connections, several voters at once.
  This is the issue's "casting a ballot at 16 connections".
- "one voter, same ballot": burger@example.org sends the same vote again and again: the
  double-click path (token, ballot, checks, validation, row lock, compare, no write), with
  16 connections contending for one row.
The 500 concurrent first casts (50 organisations × 10) are a test:
ballots/tests/test_concurrency.py.
"""

from __future__ import annotations

import json

from bench.scenarios import Scenario, register, resolver, session_cookie

ORDER = 62

CITIZEN = "burger@example.org"
OPEN_DISTRICT = "wijkbudget-ledeberg-2027"
CLOSED_DISTRICT = "wijkbudget-brugse-poort-2026"
OPEN_APPROVAL = "prioriteiten-basiswerk-2027"

VOTERS = 400

register(
    Scenario(
        f"/api/v1/ballots/{OPEN_DISTRICT}/cast", "ballots: cast, many voters (API, PUT)",
        method="PUT", headers={"Content-Type": "application/json"},
        body=json.dumps({"choices": ["d1"]}), variants="ballot_voters", p95_ms=100,
    ),
    Scenario(
        f"/api/v1/ballots/{OPEN_DISTRICT}/cast", "ballots: cast, one voter, same ballot",
        method="PUT",
        headers={"Authorization": "Bearer {ballot_token}", "Content-Type": "application/json"},
        body=json.dumps({"choices": ["d1", "d3", "d8"]}),
        needs=("ballot_token",), p95_ms=100,
    ),
    Scenario(
        f"/inspraak/stemmingen/{OPEN_APPROVAL}/", "ballots: ballot page (voter of De Brug)",
        headers={"Cookie": "{ballot_citizen}"}, needs=("ballot_citizen",),
    ),
    Scenario(
        f"/inspraak/stemmingen/{CLOSED_DISTRICT}/", "ballots: result of 20,000 votes",
    ),
    Scenario("/api/v1/ballots", "API: ballots"),
)  # fmt: skip


@resolver("ballot_token")
def ballot_token() -> str | None:
    from middenveld.accounts.models import User
    from middenveld.accounts.tokens import api_token_create

    user = User.objects.filter(email=CITIZEN, is_active=True).first()
    if user is None:
        return None
    _token, plain = api_token_create(user=user, name="bench: ballots")
    return plain


@resolver("ballot_voters")
def ballot_voters() -> str | None:
    """Lines "Authorization: Bearer <token><TAB><ballot>": two ballots per voter."""
    import random

    from middenveld.accounts.models import User
    from middenveld.accounts.tokens import api_token_create

    emails = [f"kiezer-{n:05d}@example.org" for n in range(1, VOTERS + 1)]
    voters = list(User.objects.filter(email__in=emails, is_active=True).order_by("pk"))
    if not voters:
        return None
    rng = random.Random(11)
    ballots = [["d1", "d3", "d8"], ["d2", "d5"], ["d4", "d6", "d11", "d13"], ["d9", "d15"]]
    lines = []
    for user in voters:
        _token, plain = api_token_create(user=user, name="bench: ballots")
        for choices in rng.sample(ballots, 2):
            lines.append(f"Authorization: Bearer {plain}\t{json.dumps({'choices': choices})}")
    return "\n".join(lines)


@resolver("ballot_citizen")
def ballot_citizen() -> str | None:
    return session_cookie(CITIZEN)
