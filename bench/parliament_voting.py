"""150 delegates voting within 30 seconds against the production stack (the parliament).

One vote of a fresh consultation body with 150 seats, each delegate on their seat with a
personal API token:

- **the vote**: every delegate casts the seat's vote once, ``POST
  /api/v1/parliament/votes/<id>/cast`` with ``{"choice": "yes"|"no"|"abstain"}``, at a
  random moment in the first 30 seconds (seeded: the same moments every run), one thread
  and one connection each. Expected: 150 times 201, no 5xx, p95 of the cast requests
  <= 100 ms, and exactly 150 votes in the database, as cast.
- **the room screen**: meanwhile the tally is polled anonymously every 250 ms, as the screen
  in the room does: ``GET /api/v1/parliament/votes/<id>`` (``tally.voted``, parsed) and the
  HTML fragment ``GET /middenveldparlement/stemmingen/<id>/stand/`` (its latency). Expected:
  every counted vote shows on the screen within 2 s of its 201 ("tally lag"; the lag of
  the 150th vote is reported apart).
- **a second press**: five delegates press again afterwards: 409 ``already_voted``.
- **the close**: the secretary closes the vote (``POST …/close``); yes + no + abstain must
  be 150, as cast, and ``GET …/recount`` must say ``same``.

Usage::

    .venv/bin/python bench/parliament_voting.py --reuse-db   # after bench/run.py (make bench)
    .venv/bin/python bench/parliament_voting.py              # fresh database, seed --scale 1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x BENCH_DB_NAME=middenveld_bench_parl \\
        .venv/bin/python bench/parliament_voting.py

The database is the benchmark's (``bench/database.py``: ``BENCH_DB_NAME`` on the PostgreSQL
server of ``DATABASE_URL``, else ``var/bench/bench.sqlite3``); without ``--reuse-db`` it is
dropped, migrated and seeded with ``seed_demo --scale 1`` (``--scale`` changes it). The
stack is gunicorn with ``config/gunicorn.py`` and the production settings, as in
``bench/run.py``.

``python -m bench.parliament_voting setup`` makes, in the benchmark database: a body
``bench-parlement-<timestamp>`` (a thematic table, so the parliament's home page stays the
seeded parliament's) with a current mandate period and 150 seats, each held by a seeded
verified organisation whose member ``bench-delegate-NNN@example.org`` is the delegate; a
secretary ``bench-secretary@example.org``; a session in progress with one agenda item;
all 150 registered present (``services.attendance_register``) and the vote opened
(``services.vote_open``); a personal token for each. ``verify`` counts the rows and then
unpublishes the body, so repeated runs on one database do not fill the list of bodies.
Prints a table, writes ``bench/results/<timestamp>-parliament-voting-<engine>.json`` and
exits 1 when an expectation fails (2 on a set-up failure).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

API = "/api/v1/parliament"
FRAGMENT = "/middenveldparlement/stemmingen/{vote}/stand/"
DELEGATES = 150
SPREAD_S = 30.0  # every delegate starts at a random moment in [0, SPREAD_S)
POLL_S = 0.25  # the room screen's interval
SEED = 20261201  # the same moments and choices every run
SECOND_PRESSES = 5
CHOICES = ("yes", "no", "abstain")

# Targets (issue: the civil-society parliament).
TARGET_CAST_P95_MS = 100.0
TARGET_TALLY_LAG_S = 2.0
# After the last cast, the screen keeps polling at most this long for the full count.
SETTLE_S = 10.0


# --- In the benchmark database (Django set up): the parliament, the people, the counts ------


def _account(email: str, name: str, password: str) -> Any:
    from django.utils import timezone

    from middenveld.accounts.models import User

    user, _created = User.objects.get_or_create(
        email=email,
        defaults={"name": name, "password": password, "email_verified_at": timezone.now()},
    )
    return user


def setup(delegates: int) -> dict[str, Any]:
    """A body with ``delegates`` seats in session, everyone present, a vote open; JSON.

    In one transaction: a failure leaves nothing behind."""
    from django.db import transaction

    with transaction.atomic():
        return _setup(delegates)


def _setup(delegates: int) -> dict[str, Any]:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from middenveld.accounts.tokens import api_token_create
    from middenveld.organisations.models import MemberRole, Membership, Organisation, Status
    from middenveld.parliament import services
    from middenveld.parliament.models import (
        Body,
        BodyKind,
        ItemKind,
        Majority,
        Mandate,
        MandatePerson,
        MandateRole,
        Officer,
        OfficerRole,
        Seat,
        SeatKind,
        Term,
    )

    organisations = list(Organisation.objects.filter(status=Status.VERIFIED).order_by("pk")[:delegates])  # fmt: skip
    if len(organisations) < delegates:
        raise SystemExit(
            f"{len(organisations)} verified organisations, {delegates} needed: seed the database first"
        )
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    password = make_password(None)
    today = timezone.localdate()
    body = Body.objects.create(
        kind=BodyKind.TABLE,
        name=f"Benchmark: {delegates} zetels ({run})",
        slug=f"bench-parlement-{run.lower()}",
        description="Gemaakt door bench/parliament_voting.py.",
    )
    term = Term.objects.create(
        body=body, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=365)
    )
    people = []
    for n, organisation in enumerate(organisations, start=1):
        user = _account(f"bench-delegate-{n:03d}@example.org", f"Bench delegate {n}", password)
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": MemberRole.MEMBER}
        )
        seat = Seat.objects.create(term=term, number=n, kind=SeatKind.OPEN)
        mandate = Mandate.objects.create(
            seat=seat, organisation=organisation, starts_on=term.starts_on, ends_on=term.ends_on
        )
        MandatePerson.objects.create(mandate=mandate, user=user, role=MandateRole.DELEGATE)
        people.append((user, n))
    secretary = _account("bench-secretary@example.org", "Bench secretary", password)
    Officer.objects.create(body=body, user=secretary, role=OfficerRole.SECRETARY)

    now = timezone.now()
    session = services.session_create(
        body=body,
        by=secretary,
        title=f"Benchmarkzitting {run}",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        place="Stadhuis, Botermarkt 1, Gent",
    )
    item = services.agenda_item_add(
        session=session,
        by=secretary,
        title="Stemming van de benchmark",
        kind=ItemKind.DECISION,
        majority=Majority.SIMPLE,
    )
    services.session_open(session=session, by=secretary)
    for user, _number in people:
        services.attendance_register(session=session, by=secretary, person=user)
    vote = services.vote_open(item=item, by=secretary, question="Gaat het parlement akkoord?")

    def token(user: Any) -> str:
        return api_token_create(user=user, name=f"bench: parliament {run}")[1]

    return {
        "run": run,
        "body": body.slug,
        "session": session.pk,
        "vote": vote.pk,
        "secretary": token(secretary),
        "delegates": [{"seat": number, "token": token(user)} for user, number in people],
    }


def verify(vote_id: int) -> dict[str, Any]:
    """What the database holds for the vote; then the benchmark's body is unpublished."""
    from django.db.models import Count

    from middenveld.core.cache import bump_content_version
    from middenveld.parliament.models import Body, SecretTurn, Vote, VoteCast

    vote = Vote.objects.select_related("item__session__body").get(pk=vote_id)
    casts = VoteCast.objects.filter(vote=vote)
    by_choice = dict(casts.values_list("choice").annotate(n=Count("id")).order_by())
    found = {
        "status": vote.status,
        "casts": casts.count(),
        "seats": casts.values("seat").distinct().count(),
        "secret_turns": SecretTurn.objects.filter(vote=vote).count(),
        "by_choice": {choice: by_choice.get(choice, 0) for choice in CHOICES},
        "stored": {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain},
        "seats_present": vote.seats_present,
    }
    Body.objects.filter(pk=vote.item.session.body_id).update(published=False)
    bump_content_version()
    return found


def _in_django(command: str, payload: Any) -> Any:
    import django

    django.setup()
    from django.db import connections

    try:
        result = setup(*payload) if command == "setup" else verify(*payload)
    finally:
        connections.close_all()
    return result


# --- The driver -----------------------------------------------------------------------------


def _django(env: dict[str, str], command: str, payload: Any) -> Any:
    """Run ``command`` in a subprocess with Django set up on the benchmark database."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.parliament_voting", command],
        cwd=ROOT,
        env=env,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"bench: parliament voting {command} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _call(
    port: int, path: str, *, method: str = "GET", token: str | None = None, body: Any = None
) -> tuple[int, Any, float]:
    """One request: (status, parsed JSON or text, milliseconds); status 0 without an answer."""
    from bench import stack

    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    started = time.monotonic()
    try:
        status, _headers, raw = stack.request(
            port, path, method=method, headers=headers, body=data, timeout=30
        )
    except OSError as error:
        return 0, f"no answer: {error}", 1000 * (time.monotonic() - started)
    ms = 1000 * (time.monotonic() - started)
    text = raw.decode(errors="replace")
    try:
        return status, json.loads(text), ms
    except ValueError:
        return status, text, ms


def _error_code(answer: Any) -> str:
    if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
        return str(answer["error"].get("code", ""))
    return ""


def _cast_all(port: int, plan: dict[str, Any], t0: float, spread: float) -> list[dict[str, Any]]:
    """Every delegate casts once, at their own seeded moment in [t0, t0 + spread)."""
    rng = random.Random(SEED)
    jobs = [
        {**delegate, "at": rng.uniform(0, spread), "choice": rng.choice(CHOICES)}
        for delegate in plan["delegates"]
    ]
    path = f"{API}/votes/{plan['vote']}/cast"
    results: list[dict[str, Any]] = [{} for _ in jobs]

    def cast(index: int, job: dict[str, Any]) -> None:
        time.sleep(max(0.0, t0 + job["at"] - time.monotonic()))
        started = time.monotonic()
        status, answer, ms = _call(
            port, path, method="POST", token=job["token"], body={"choice": job["choice"]}
        )
        results[index] = {
            "seat": job["seat"],
            "choice": job["choice"],
            "status": status,
            "code": _error_code(answer),
            "ms": round(ms, 1),
            "started_s": round(started - t0, 4),
            "done_s": round(time.monotonic() - t0, 4),
            "seat_answered": answer.get("seat") if isinstance(answer, dict) else None,
        }

    threads = [threading.Thread(target=cast, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=spread + 120)
    return results


class RoomScreen:
    """Polls the tally every POLL_S until stopped: the JSON (parsed) and the HTML fragment."""

    def __init__(self, port: int, vote: int, t0: float) -> None:
        self.port, self.vote, self.t0 = port, vote, t0
        self.stop = threading.Event()
        self.json_polls: list[dict[str, Any]] = []
        self.html_polls: list[dict[str, Any]] = []
        self.threads = [
            threading.Thread(target=self._loop, args=(self._json,)),
            threading.Thread(target=self._loop, args=(self._html,)),
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _loop(self, poll: Any) -> None:
        next_at = time.monotonic()
        while not self.stop.is_set():
            poll()
            next_at += POLL_S
            self.stop.wait(max(0.0, next_at - time.monotonic()))

    def _json(self) -> None:
        started = time.monotonic()
        status, answer, ms = _call(self.port, f"{API}/votes/{self.vote}")
        voted = None
        if status == 200 and isinstance(answer, dict):
            voted = int(answer.get("tally", {}).get("voted", -1))
        self.json_polls.append(
            {
                "started_s": round(started - self.t0, 4),
                "done_s": round(time.monotonic() - self.t0, 4),
                "status": status,
                "ms": round(ms, 1),
                "voted": voted,
            }
        )

    def _html(self) -> None:
        started = time.monotonic()
        status, answer, ms = _call(self.port, FRAGMENT.format(vote=self.vote))
        self.html_polls.append(
            {
                "started_s": round(started - self.t0, 4),
                "done_s": round(time.monotonic() - self.t0, 4),
                "status": status,
                "ms": round(ms, 1),
                "voted": _fragment_voted(answer) if status == 200 else None,
            }
        )

    def latest_voted(self) -> int | None:
        for poll in reversed(self.json_polls):
            if poll["voted"] is not None:
                return int(poll["voted"])
        return None


# The fragment shows "<strong>Ja: 12</strong> · <strong>Nee: 3</strong> · <strong>Onthouding: 1</strong>"
# (in the language of the address); their sum is the count voted.
_COUNT = re.compile(r"<strong>[^<>]*?:\s*(\d+)</strong>")


def _fragment_voted(text: Any) -> int | None:
    """The count the fragment shows (yes + no + abstain), or None when it shows none."""
    found = _COUNT.findall(text) if isinstance(text, str) else []
    return sum(int(n) for n in found[:3]) if len(found) >= 3 else None


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def _latency(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50_ms": _percentile(values, 0.50),
        "p95_ms": _percentile(values, 0.95),
        "max_ms": max(values) if values else None,
    }


def tally_lag(casts: list[dict[str, Any]], polls: list[dict[str, Any]]) -> dict[str, Any]:
    """How long after its 201 each vote showed on the screen.

    The k-th 201 (in order of arrival) is on the screen from the first poll that answered
    with ``voted >= k``; its lag is the time from the 201 to that poll's answer (0 when a
    poll already showed it before the 201 arrived: the commit precedes the response).
    ``behind``: for each poll, the 201s completed before it started minus what it showed.
    """
    done = sorted(c["done_s"] for c in casts if c.get("status") == 201)
    shown = [p for p in polls if p.get("voted") is not None]
    lags: list[float | None] = []
    for k, done_s in enumerate(done, start=1):
        visible = [p["done_s"] for p in shown if p["voted"] >= k]
        lags.append(max(0.0, min(visible) - done_s) if visible else None)
    behind = [sum(1 for d in done if d <= p["started_s"]) - int(p["voted"]) for p in shown]
    known = [lag for lag in lags if lag is not None]
    return {
        "votes": len(done),
        "never_shown": sum(1 for lag in lags if lag is None),
        "last_s": round(lags[-1], 3) if lags and lags[-1] is not None else None,
        "max_s": round(max(known), 3) if known else None,
        "p95_s": round(_percentile(known, 0.95) or 0.0, 3) if known else None,
        "max_behind": max(behind) if behind else None,
        "polls": len(shown),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse-db", action="store_true", help="use the benchmark database as it is"
    )
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale for a fresh run")
    parser.add_argument("--delegates", type=int, default=DELEGATES)
    parser.add_argument(
        "--spread", type=float, default=SPREAD_S, help="seconds over which the votes arrive"
    )
    return parser.parse_args()


def _fmt(value: Any, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    from bench import database, stack
    from bench.run import RESULTS, VAR, git_commit, prepare_files, stack_env

    args = parse_args()
    spread = args.spread
    started = datetime.now(UTC)
    db = database.prepare(os.environ.get("DATABASE_URL", ""), VAR, fresh=not args.reuse_db)
    print(f"bench: parliament voting on {db.engine} {db.label}")
    port = stack.free_port()
    env = stack_env(db.url, port)
    prepare_files(env, db, argparse.Namespace(reuse_db=args.reuse_db, scale=args.scale))
    t_setup = time.monotonic()
    plan = _django(env, "setup", [args.delegates])
    setup_s = time.monotonic() - t_setup
    settings = stack.gunicorn_settings(ROOT, env)
    n = len(plan["delegates"])
    vote_id = plan["vote"]
    print(
        f"bench: set-up {setup_s:.1f} s (body {plan['body']}, vote {vote_id}); gunicorn"
        f" {settings['workers']} x {settings['worker_class']}; {n} delegates over"
        f" {spread:g} s, the room screen every {1000 * POLL_S:.0f} ms"
    )
    log_path = VAR / f"gunicorn-parliament-voting-{started:%Y%m%dT%H%M%S}.log"
    problems: list[str] = []
    with stack.gunicorn(ROOT, env, log_path, port):
        # The vote must answer as open before the delegates start.
        status, answer, _ms = _call(port, f"{API}/votes/{vote_id}")
        if status != 200 or not isinstance(answer, dict) or answer.get("status") != "open":
            raise SystemExit(f"bench: the vote does not answer as open: {status} {str(answer)[:300]}")  # fmt: skip
        t0 = time.monotonic()
        screen = RoomScreen(port, vote_id, t0)
        screen.start()
        casts = _cast_all(port, plan, t0, spread)
        counted = sum(1 for c in casts if c.get("status") == 201)
        settle_until = time.monotonic() + SETTLE_S
        while time.monotonic() < settle_until and (screen.latest_voted() or 0) < counted:
            time.sleep(POLL_S / 2)
        time.sleep(2 * POLL_S)  # a last poll or two for the record
        screen.finish()
        # A second press counts nothing.
        again = [
            _call(port, f"{API}/votes/{vote_id}/cast", method="POST", token=d["token"],
                  body={"choice": "yes"})
            for d in plan["delegates"][:SECOND_PRESSES]
        ]  # fmt: skip
        close_status, closed, close_ms = _call(
            port, f"{API}/votes/{vote_id}/close", method="POST", token=plan["secretary"]
        )
        recount_status, recount, _ms = _call(port, f"{API}/votes/{vote_id}/recount")
    rows = _django(env, "verify", [vote_id])

    cast_ms = [float(c["ms"]) for c in casts if c.get("status")]
    statuses = Counter(str(c.get("status")) for c in casts)
    codes = Counter(c["code"] for c in casts if c.get("code"))
    server_errors = sum(1 for c in casts if int(c.get("status") or 0) >= 500)
    no_answer = sum(1 for c in casts if not c.get("status"))
    sent = Counter(c["choice"] for c in casts if c.get("status") == 201)
    cast_latency = _latency(cast_ms)
    json_latency = _latency([float(p["ms"]) for p in screen.json_polls if p["status"]])
    html_latency = _latency([float(p["ms"]) for p in screen.html_polls if p["status"]])
    poll_errors = sum(
        1 for p in [*screen.json_polls, *screen.html_polls] if not 200 <= int(p["status"]) < 300
    )
    lag = tally_lag(casts, screen.json_polls)
    html_lag = tally_lag(casts, screen.html_polls)
    again_codes = Counter(f"{s} {_error_code(a)}".strip() for s, a, _ms in again)
    result = closed.get("result") if isinstance(closed, dict) else None

    if counted != n:
        problems.append(f"{counted} of {n} casts answered 201 ({dict(statuses)})")
    if server_errors or no_answer:
        problems.append(f"{server_errors} server errors and {no_answer} casts without answer")
    if cast_latency["p95_ms"] is not None and cast_latency["p95_ms"] > TARGET_CAST_P95_MS:
        problems.append(f"cast p95 {cast_latency['p95_ms']:.0f} ms > {TARGET_CAST_P95_MS:.0f} ms")
    if rows["casts"] != n or rows["seats"] != n:
        problems.append(f"{rows['casts']} votes on {rows['seats']} seats in the database, expected {n}")  # fmt: skip
    if rows["by_choice"] != {c: sent.get(c, 0) for c in CHOICES}:
        problems.append(f"the database holds {rows['by_choice']}, the 201s were {dict(sent)}")
    if lag["never_shown"] or lag["max_s"] is None:
        problems.append(f"{lag['never_shown']} counted votes never showed on the screen")
    elif lag["max_s"] > TARGET_TALLY_LAG_S:
        problems.append(f"tally lag up to {lag['max_s']:.2f} s > {TARGET_TALLY_LAG_S:g} s")
    if poll_errors:
        problems.append(f"{poll_errors} polls of the room screen did not answer 2xx")
    if again_codes != Counter({"409 already_voted": len(again)}):
        problems.append(f"second presses: {dict(again_codes)}, expected 409 already_voted")
    if close_status != 200 or not isinstance(result, dict):
        problems.append(f"close: HTTP {close_status} {str(closed)[:200]}")
    else:
        total = result["yes"] + result["no"] + result["abstain"]
        if total != n or {c: result[c] for c in CHOICES} != {c: sent.get(c, 0) for c in CHOICES}:
            problems.append(f"close: {result}, expected {dict(sent)} ({n} in all)")
    if recount_status != 200 or not isinstance(recount, dict) or recount.get("same") is not True:
        problems.append(f"recount: HTTP {recount_status} {str(recount)[:200]}")

    print(f"\nParliament voting {started:%Y-%m-%d %H:%M} UTC: {db.engine}, {n} delegates\n")
    table = [
        ("what", "count", "p50 ms", "p95 ms", "max ms", "note"),
        (
            "cast (POST …/cast)",
            str(cast_latency["count"]),
            _fmt(cast_latency["p50_ms"]),
            _fmt(cast_latency["p95_ms"]),
            _fmt(cast_latency["max_ms"]),
            "HTTP "
            + " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))
            + (" " + " ".join(f"{k}:{v}" for k, v in sorted(codes.items())) if codes else "")
            + f"; target p95 <= {TARGET_CAST_P95_MS:.0f} ms",
        ),
        (
            "screen: GET votes/<id> (JSON)",
            str(json_latency["count"]),
            _fmt(json_latency["p50_ms"]),
            _fmt(json_latency["p95_ms"]),
            _fmt(json_latency["max_ms"]),
            f"tally lag max {_fmt(lag['max_s'], '.2f')} s, p95 {_fmt(lag['p95_s'], '.2f')} s,"
            f" 150th {_fmt(lag['last_s'], '.2f')} s; at most {lag['max_behind']} behind",
        ),
        (
            "screen: GET …/stand/ (HTML)",
            str(html_latency["count"]),
            _fmt(html_latency["p50_ms"]),
            _fmt(html_latency["p95_ms"]),
            _fmt(html_latency["max_ms"]),
            (
                f"tally lag max {_fmt(html_lag['max_s'], '.2f')} s (no target)"
                if html_lag["polls"]
                else "latency only (the count is read from the JSON)"
            ),
        ),
        ("close (secretary)", "1", _fmt(close_ms), "-", "-", f"HTTP {close_status} {result}"),
    ]
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    for row in table:
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, 5)]
        print("  ".join([*cells, row[5]]))
    print(
        f"\n  database: {rows['casts']} votes on {rows['seats']} seats {rows['by_choice']};"
        f" status {rows['status']}, stored {rows['stored']}\n"
        f"  second presses: {dict(again_codes)}; recount: HTTP {recount_status}"
        f" same={recount.get('same') if isinstance(recount, dict) else None}"
    )

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-parliament-voting-{db.engine}.json"
    path.write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "commit": git_commit(),
                "machine": {"cpus": os.cpu_count()},
                "database": {"engine": db.engine, "name": db.label},
                "gunicorn": settings,
                "plan": {
                    "body": plan["body"],
                    "vote": vote_id,
                    "delegates": n,
                    "spread_s": spread,
                    "poll_s": POLL_S,
                    "seed": SEED,
                    "setup_s": round(setup_s, 1),
                },
                "targets": {
                    "cast_p95_ms_max": TARGET_CAST_P95_MS,
                    "tally_lag_s_max": TARGET_TALLY_LAG_S,
                },
                "casts": {
                    "latency": cast_latency,
                    "statuses": dict(statuses),
                    "codes": dict(codes),
                    "server_errors": server_errors,
                    "no_answer": no_answer,
                    "choices": dict(sent),
                },
                "screen": {
                    "json": {"latency": json_latency, "lag": lag},
                    "html": {"latency": html_latency, "lag": html_lag},
                    "errors": poll_errors,
                },
                "second_presses": dict(again_codes),
                "close": {"status": close_status, "ms": round(close_ms, 1), "result": result},
                "recount": recount if isinstance(recount, dict) else {"status": recount_status},
                "database_rows": rows,
                "problems": problems,
                "detail": {
                    "casts": casts,
                    "json_polls": screen.json_polls,
                    "html_polls": screen.html_polls,
                },
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nResults: {path.relative_to(ROOT)}; gunicorn log: {log_path.relative_to(ROOT)}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print(
        f"OK: {n} votes counted once, p95 {cast_latency['p95_ms']:.0f} ms, the tally on the"
        f" screen within {lag['max_s']:.2f} s, no server error, the close and the recount agree."
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in ("setup", "verify"):
        print(json.dumps(_in_django(sys.argv[1], json.loads(sys.stdin.read()))))
        sys.exit(0)
    try:
        sys.exit(main())
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            sys.exit(2)
        raise
