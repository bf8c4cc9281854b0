"""Concurrency of space bookings against the production stack (issue 5).

Two scenarios, each a burst of HTTP POSTs to ``/api/v1/spaces/bookings`` that all start at
the same moment, every request from its own account with a personal API token:

- **race**: 200 requests for the *same* slot (one space, one date, 19:00–21:00 or another
  free time) from 200 members of 20 organisations. Expected: exactly one 201 and 199 clear
  refusals (409 "this time was just taken" or 422 "already booked"), no 5xx, and exactly
  one booking with one active occupancy in the database.
- **writers**: 40 requests for 40 *different* free slots. Expected: 40 times 201, no 5xx,
  and no "database is locked" anywhere (the point on SQLite).

Usage::

    .venv/bin/python bench/spaces_concurrency.py --reuse-db   # after bench/run.py (make bench)
    .venv/bin/python bench/spaces_concurrency.py              # fresh database, seed --scale 1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x BENCH_DB_NAME=middenveld_bench_spaces \\
        .venv/bin/python bench/spaces_concurrency.py --reuse-db

The database is the benchmark's (``bench/database.py``: ``BENCH_DB_NAME`` on the PostgreSQL
server of ``DATABASE_URL``, else ``var/bench/bench.sqlite3``); without ``--reuse-db`` it is
dropped, migrated and seeded with ``seed_demo --scale 1`` (``--scale`` changes it). The
stack is gunicorn with ``config/gunicorn.py`` and the production settings, as in
``bench/run.py``: with sync workers the database sees at most ``WEB_CONCURRENCY`` requests at
once, the others wait in the listen queue, as they would in production.

The accounts (``bench-racer-NNN@example.org``, ``bench-writer-NNN@example.org``), their
memberships and tokens are made by ``python -m bench.spaces_concurrency setup`` in the
benchmark database; each run books new slots (the free ones it finds). Prints a table,
writes ``bench/results/<timestamp>-spaces-concurrency-<engine>.json`` and exits 1 when an
expectation fails (2 on a set-up failure).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PATH = "/api/v1/spaces/bookings"
RACERS = 200
RACE_ORGANISATIONS = 20
WRITERS = 40
ATTENDEES = 10


# --- In the benchmark database (Django set up): accounts, slots, counts ---------------------


def _members(prefix: str, count: int, organisations: list[Any]) -> list[tuple[Any, Any]]:
    """``count`` accounts, each a member of one of ``organisations`` (made when missing)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from middenveld.accounts.models import User
    from middenveld.organisations.models import MemberRole, Membership

    people = []
    password = make_password(None)
    for n in range(count):
        user, _created = User.objects.get_or_create(
            email=f"{prefix}-{n:03d}@example.org",
            defaults={
                "name": f"Bench {prefix} {n}",
                "password": password,
                "email_verified_at": timezone.now(),
            },
        )
        organisation = organisations[n % len(organisations)]
        membership = Membership.objects.filter(user=user).select_related("organisation").first()
        if membership is None:
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=MemberRole.MEMBER
            )
        people.append((user, membership.organisation))
    return people


def _candidate_spaces() -> list[Any]:
    from middenveld.spaces.models import Space

    return list(
        Space.objects.filter(
            bookable=True, building__published=True, who_may_book={}, capacity__gte=ATTENDEES
        )
        .select_related("building")
        .order_by("pk")
    )


def _free_slots(
    person: Any, organisation: Any, wanted: int, taken: set[tuple[int, str]]
) -> list[dict[str, Any]]:
    """``wanted`` slots that the booking service accepts now, on disjoint units and days."""
    from datetime import time, timedelta

    from django.utils import timezone

    from middenveld.core.errors import DomainError
    from middenveld.spaces import services

    today = timezone.localdate()
    times_to_try = [(time(19, 0), time(21, 0)), (time(14, 0), time(16, 0)), (time(10, 0), time(12, 0))]  # fmt: skip
    found: list[dict[str, Any]] = []
    for space in _candidate_spaces():
        units = services.units_of(space)
        per_space = 0
        usable = True
        for offset in range(space.min_days_ahead + 2, min(space.max_days_ahead, 120)):
            day = today + timedelta(days=offset)
            if any((unit, day.isoformat()) in taken for unit in units):
                continue
            for start, end in times_to_try:
                try:
                    plan = services.booking_plan(
                        space=space,
                        organisation=organisation,
                        by=person,
                        purpose="Benchmark",
                        attendees=ATTENDEES,
                        first_day=day,
                        start_time=start,
                        end_time=end,
                    )
                except DomainError:  # this organisation cannot book this space at all
                    usable = False
                    break
                if plan.slots and all(slot.ok for slot in plan.slots):
                    found.append(
                        {
                            "space": space.pk,
                            "first_day": day.isoformat(),
                            "start_time": start.strftime("%H:%M"),
                            "end_time": end.strftime("%H:%M"),
                        }
                    )
                    taken.update((unit, day.isoformat()) for unit in units)
                    per_space += 1
                    break
            if len(found) >= wanted:
                return found
            if per_space >= 3 or not usable:
                break
    return found


def setup(racers: int, writers: int) -> dict[str, Any]:
    """Accounts with tokens and free slots; printed as JSON for the driver."""
    from middenveld.accounts.tokens import api_token_create
    from middenveld.organisations.models import Organisation, Status

    organisations = list(
        Organisation.objects.filter(status=Status.VERIFIED).order_by("pk")[:RACE_ORGANISATIONS]
    )
    if not organisations:
        raise SystemExit("no verified organisations: seed the database first")
    race_people = _members("bench-racer", racers, organisations)
    writer_people = _members("bench-writer", writers, organisations)
    taken: set[tuple[int, str]] = set()
    person, organisation = race_people[0]
    race_slot = _free_slots(person, organisation, 1, taken)
    person, organisation = writer_people[0]
    writer_slots = _free_slots(person, organisation, writers, taken)
    if not race_slot or len(writer_slots) < writers:
        raise SystemExit(f"found {len(race_slot)} + {len(writer_slots)} free slots, too few")
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")

    def token(user: Any) -> str:
        return api_token_create(user=user, name=f"bench: spaces {run}")[1]

    return {
        "run": run,
        "race": [
            {**race_slot[0], "token": token(user), "organisation": org.pk}
            for user, org in race_people
        ],
        "writers": [
            {**slot, "token": token(user), "organisation": org.pk}
            for (user, org), slot in zip(writer_people, writer_slots, strict=True)
        ],
    }


def verify(slots: list[dict[str, Any]], purpose: str) -> dict[str, int]:
    """What is in the database for these slots and this run's purpose."""
    from django.db.models import Q

    from middenveld.spaces.models import ACTIVE_STATUSES, Booking, Occupancy

    where = Q()
    for slot in slots:
        where |= Q(space_id=slot["space"], first_day=slot["first_day"])
    bookings = Booking.objects.filter(where, purpose=purpose)
    return {
        "bookings": bookings.count(),
        "active_bookings": bookings.filter(status__in=ACTIVE_STATUSES).count(),
        "active_occupancies": Occupancy.objects.filter(
            occurrence__booking__in=bookings, active=True
        ).count(),
    }


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
        [sys.executable, "-m", "bench.spaces_concurrency", command],
        cwd=ROOT,
        env=env,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"bench: spaces concurrency {command} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _burst(port: int, jobs: list[dict[str, Any]], purpose: str) -> list[dict[str, Any]]:
    """POST every job at the same moment, one thread and one connection each."""
    from bench import stack

    results: list[dict[str, Any]] = [{} for _ in jobs]
    barrier = threading.Barrier(len(jobs))

    def post(index: int, job: dict[str, Any]) -> None:
        body = json.dumps(
            {
                "space": job["space"],
                "organisation": job["organisation"],
                "purpose": purpose,
                "attendees": ATTENDEES,
                "first_day": job["first_day"],
                "start_time": job["start_time"],
                "end_time": job["end_time"],
            }
        )
        headers = {
            "Authorization": f"Bearer {job['token']}",
            "Content-Type": "application/json",
            "Accept-Language": "en",
        }
        barrier.wait(timeout=60)
        started = time.monotonic()
        try:
            status, _headers, raw = stack.request(
                port, PATH, method="POST", headers=headers, body=body, timeout=120
            )
            text = raw.decode(errors="replace")
        except OSError as error:
            status, text = 0, f"no answer: {error}"
        results[index] = {
            "status": status,
            "ms": round(1000 * (time.monotonic() - started), 1),
            "code": _error_code(text),
            "message": _error_message(text),
            "locked": "locked" in text.lower(),
        }

    threads = [threading.Thread(target=post, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _error_code(text: str) -> str:
    try:
        return str(json.loads(text).get("error", {}).get("code", ""))
    except (ValueError, AttributeError):
        return ""


def _error_message(text: str) -> str:
    try:
        message = str(json.loads(text).get("error", {}).get("message", ""))
        return " / ".join(message.splitlines())[:200]
    except (ValueError, AttributeError):
        return text[:200]


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    statuses: dict[str, int] = {}
    codes: dict[str, int] = {}
    for item in results:
        statuses[str(item.get("status"))] = statuses.get(str(item.get("status")), 0) + 1
        if item.get("code"):
            codes[item["code"]] = codes.get(item["code"], 0) + 1
    latencies = sorted(item.get("ms", 0.0) for item in results)
    messages = sorted({item["message"] for item in results if item.get("message")})
    return {
        "statuses": statuses,
        "codes": codes,
        "messages": messages[:5],
        "server_errors": sum(1 for item in results if int(item.get("status") or 0) >= 500),
        "no_answer": sum(1 for item in results if not item.get("status")),
        "locked": sum(1 for item in results if item.get("locked")),
        "p50_ms": latencies[len(latencies) // 2] if latencies else None,
        "max_ms": latencies[-1] if latencies else None,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse-db", action="store_true", help="use the benchmark database as it is"
    )
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale for a fresh run")
    parser.add_argument("--racers", type=int, default=RACERS)
    parser.add_argument("--writers", type=int, default=WRITERS)
    return parser.parse_args()


def main() -> int:
    from bench import database, stack
    from bench.run import RESULTS, VAR, git_commit, prepare_files, stack_env

    args = parse_args()
    started = datetime.now(UTC)
    db = database.prepare(os.environ.get("DATABASE_URL", ""), VAR, fresh=not args.reuse_db)
    print(f"bench: spaces concurrency on {db.engine} {db.label}")
    port = stack.free_port()
    env = stack_env(db.url, port)
    prepare_files(env, db, argparse.Namespace(reuse_db=args.reuse_db, scale=args.scale))
    plan = _django(env, "setup", [args.racers, args.writers])
    settings = stack.gunicorn_settings(ROOT, env)
    print(
        f"bench: gunicorn {settings['workers']} x {settings['worker_class']}; "
        f"{len(plan['race'])} requests for one slot, {len(plan['writers'])} writers"
    )
    race_purpose = f"Benchmark race {plan['run']}"
    writers_purpose = f"Benchmark writers {plan['run']}"
    log_path = VAR / f"gunicorn-spaces-concurrency-{started:%Y%m%dT%H%M%S}.log"
    with stack.gunicorn(ROOT, env, log_path, port):
        race = _burst(port, plan["race"], race_purpose)
        writers = _burst(port, plan["writers"], writers_purpose)
    race_rows = _django(env, "verify", [plan["race"][:1], race_purpose])
    writer_rows = _django(env, "verify", [plan["writers"], writers_purpose])
    race_summary, writer_summary = _summary(race), _summary(writers)

    problems = []
    created = race_summary["statuses"].get("201", 0)
    refused = sum(race_summary["statuses"].get(code, 0) for code in ("409", "422"))
    if created != 1 or refused != len(race) - 1:
        problems.append(f"race: {created} created and {refused} refused, expected 1 and {len(race) - 1}")  # fmt: skip
    if race_rows["active_bookings"] != 1 or race_rows["active_occupancies"] < 1:
        problems.append(f"race: {race_rows} in the database, expected one booking")
    if writer_summary["statuses"].get("201", 0) != len(writers):
        problems.append(f"writers: {writer_summary['statuses']}, expected {len(writers)} x 201")
    if writer_rows["active_bookings"] != len(writers):
        problems.append(f"writers: {writer_rows} in the database")
    for name, summary in (("race", race_summary), ("writers", writer_summary)):
        if summary["server_errors"] or summary["no_answer"] or summary["locked"]:
            problems.append(
                f"{name}: {summary['server_errors']} server errors, {summary['no_answer']} "
                f"without answer, {summary['locked']} 'database is locked'"
            )

    print(f"\nSpaces concurrency {started:%Y-%m-%d %H:%M} UTC: {db.engine}\n")
    for name, summary, rows in (
        (f"{len(race)} requests, one slot", race_summary, race_rows),
        (f"{len(writers)} writers, own slots", writer_summary, writer_rows),
    ):
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(summary["statuses"].items()))
        codes = " ".join(f"{k}:{v}" for k, v in sorted(summary["codes"].items()))
        print(
            f"  {name:<28} HTTP {statuses:<18} {codes:<32} database: "
            f"{rows['active_bookings']} booking(s), {rows['active_occupancies']} occupancy row(s);"
            f" p50 {summary['p50_ms']} ms, max {summary['max_ms']} ms"
        )
    for message in race_summary["messages"]:
        print(f"    refusal: {message}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-spaces-concurrency-{db.engine}.json"
    path.write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "commit": git_commit(),
                "database": {"engine": db.engine, "name": db.label},
                "gunicorn": settings,
                "race": {"summary": race_summary, "database": race_rows},
                "writers": {"summary": writer_summary, "database": writer_rows},
                "problems": problems,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nResults: {path.relative_to(ROOT)}; gunicorn log: {log_path.relative_to(ROOT)}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: one booking for one slot, every writer booked, no server error, never locked.")
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
