"""100 awards of EUR 1,000 at once on a budget line with EUR 10,000 left, through HTTP.

Against the production stack, as city staff do it: ``POST
/api/v1/funding/applications/<reference>/decision`` with ``{"outcome": "award", "amount":
"1000.00", ...}`` and a staff member's personal API token, for 100 submitted applications
of 100 organisations on one call, every request in its own thread and connection, all
released at the same moment. Expected (issue 4: "100 concurrent awards of EUR 1,000 on a
line with EUR 10,000 available end with exactly 10 awards and the line at zero"):

- exactly 10 answers 201 and 90 answers 409 with the code ``budget_exceeded``; no 5xx, no
  other answer;
- in the database: 10 awards and 10 decisions on the line, the line committed EUR 10,000
  (available 0), the 90 refused applications still submitted and without a decision.

Usage::

    .venv/bin/python bench/funding_awards.py --reuse-db   # after bench/run.py (make bench)
    .venv/bin/python bench/funding_awards.py              # fresh database, seed --scale 1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x BENCH_DB_NAME=middenveld_bench_fund \\
        .venv/bin/python bench/funding_awards.py

``python -m bench.funding_awards setup`` makes, in the benchmark database (one
transaction): an instrument ``bench-funding-<timestamp>`` (not published) with a budget of
this year and one line of EUR 10,000, an open call on it, 100 verified organisations' submitted
applications of EUR 1,000 each, and a staff account ``bench-funding-staff@example.org``
with a personal token. ``verify`` counts the rows and hides the call. Prints a table, writes
``bench/results/<timestamp>-funding-awards-<engine>.json`` and exits 1 when an expectation
fails (2 on a set-up failure).
"""

from __future__ import annotations

import argparse
import json
import os
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

API = "/api/v1/funding/applications/{reference}/decision"
REQUESTS = 100
AMOUNT = "1000.00"
LINE_AMOUNT = "10000.00"
EXPECTED_AWARDS = 10


# --- In the benchmark database (Django set up) -----------------------------------------------


def setup(requests: int) -> dict[str, Any]:
    from django.db import transaction

    with transaction.atomic():
        return _setup(requests)


def _setup(requests: int) -> dict[str, Any]:
    from datetime import timedelta
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from middenveld.accounts.models import Role, User
    from middenveld.accounts.tokens import api_token_create
    from middenveld.funding.models import (
        Application,
        ApplicationStatus,
        Budget,
        BudgetLine,
        Call,
        Instrument,
        InstrumentKind,
    )
    from middenveld.organisations.models import Organisation, Status

    organisations = list(Organisation.objects.filter(status=Status.VERIFIED).order_by("pk")[:requests])  # fmt: skip
    if len(organisations) < requests:
        raise SystemExit(
            f"{len(organisations)} verified organisations, {requests} needed: seed first"
        )
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    now = timezone.now()
    staff, _created = User.objects.get_or_create(
        email="bench-funding-staff@example.org",
        defaults={
            "name": "Bench funding staff",
            "role": Role.STAFF,
            "password": make_password(None),
            "email_verified_at": now,
        },  # fmt: skip
    )
    instrument = Instrument.objects.create(
        slug=f"bench-funding-{run.lower()}",
        name=f"Benchmark: {requests} toekenningen ({run})",
        kind=InstrumentKind.REGULATION,
        published=False,
    )
    budget = Budget.objects.create(instrument=instrument, year=timezone.localdate().year)
    line = BudgetLine.objects.create(budget=budget, code="bench", name="Benchmarklijn", amount=Decimal(LINE_AMOUNT))  # fmt: skip
    call = Call.objects.create(
        slug=f"bench-funding-{run.lower()}",
        title=f"Benchmarkoproep {run}",
        instrument=instrument,
        line=line,
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=20),
        published=False,
    )
    apps = Application.objects.bulk_create(
        Application(
            reference=f"BENCH{run[2:8]}{run[9:]}{n:03d}"[:20],
            call=call,
            organisation=organisation,
            title=f"Benchmarkaanvraag {n}",
            amount_requested=Decimal(AMOUNT),
            status=ApplicationStatus.SUBMITTED,
            submitted_at=now - timedelta(days=1),
            created_at=now - timedelta(days=2),
        )
        for n, organisation in enumerate(organisations, start=1)
    )
    token = api_token_create(user=staff, name=f"bench: funding awards {run}")[1]
    return {
        "run": run,
        "line": line.pk,
        "call": call.pk,
        "token": token,
        "references": [a.reference for a in apps],
    }


def verify(line_id: int, call_id: int) -> dict[str, Any]:
    from middenveld.core.cache import bump_content_version
    from middenveld.funding.models import Application, Award, BudgetLine, Call, Decision

    line = BudgetLine.objects.get(pk=line_id)
    found = {
        "amount": str(line.amount),
        "committed": str(line.committed),
        "available": str(line.available),
        "awards": Award.objects.filter(line=line).count(),
        "decisions": Decision.objects.filter(application__call_id=call_id).count(),
        "awarded": Application.objects.filter(call_id=call_id, status="awarded").count(),
        "still_submitted": Application.objects.filter(call_id=call_id, status="submitted").count(),
    }
    Call.objects.filter(pk=call_id).update(published=False)
    bump_content_version()
    return found


def _in_django(command: str, payload: Any) -> Any:
    import django

    django.setup()
    from django.db import connections

    try:
        return setup(*payload) if command == "setup" else verify(*payload)
    finally:
        connections.close_all()


# --- The driver ------------------------------------------------------------------------------


def _django(env: dict[str, str], command: str, payload: Any) -> Any:
    out = subprocess.run(
        [sys.executable, "-m", "bench.funding_awards", command],
        cwd=ROOT,
        env=env,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"bench: funding awards {command} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _post(port: int, path: str, token: str, body: dict[str, Any]) -> tuple[int, Any, float]:
    from bench import stack

    headers = {
        "Accept-Language": "en",
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
    }
    started = time.monotonic()
    try:
        status, _headers, raw = stack.request(
            port, path, method="POST", headers=headers, body=json.dumps(body), timeout=120
        )
    except OSError as error:
        return 0, f"no answer: {error}", 1000 * (time.monotonic() - started)
    ms = 1000 * (time.monotonic() - started)
    text = raw.decode(errors="replace")
    try:
        return status, json.loads(text), ms
    except ValueError:
        return status, text, ms


def _code(answer: Any) -> str:
    if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
        return str(answer["error"].get("code", ""))
    return ""


def _award_all(port: int, plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every application's award request in its own thread, all released at once."""
    references = plan["references"]
    barrier = threading.Barrier(len(references))
    results: list[dict[str, Any]] = [{} for _ in references]
    today = datetime.now(UTC).date().isoformat()

    def award(index: int, reference: str) -> None:
        body = {
            "outcome": "award",
            "amount": AMOUNT,
            "reasons": "Past binnen het reglement.",
            "reference": f"BENCH_CBS_{index:05d}",
            "decided_on": today,
        }
        barrier.wait(timeout=60)
        status, answer, ms = _post(port, API.format(reference=reference), plan["token"], body)
        results[index] = {
            "reference": reference,
            "status": status,
            "code": _code(answer),
            "ms": round(ms, 1),
            "message": answer.get("error", {}).get("message")
            if isinstance(answer, dict) and isinstance(answer.get("error"), dict)
            else None,  # fmt: skip
        }

    threads = [threading.Thread(target=award, args=(n, ref)) for n, ref in enumerate(references)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-db", action="store_true", help="use the benchmark database as it is")  # fmt: skip
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale for a fresh run")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    return parser.parse_args()


def main() -> int:
    from bench import database, stack
    from bench.run import RESULTS, VAR, git_commit, prepare_files, stack_env

    args = parse_args()
    started = datetime.now(UTC)
    db = database.prepare(os.environ.get("DATABASE_URL", ""), VAR, fresh=not args.reuse_db)
    print(f"bench: funding awards on {db.engine} {db.label}")
    port = stack.free_port()
    env = stack_env(db.url, port)
    prepare_files(env, db, argparse.Namespace(reuse_db=args.reuse_db, scale=args.scale))
    plan = _django(env, "setup", [args.requests])
    settings = stack.gunicorn_settings(ROOT, env)
    n = len(plan["references"])
    print(
        f"bench: {n} award requests of EUR {AMOUNT} at once on a line of EUR {LINE_AMOUNT};"
        f" gunicorn {settings['workers']} x {settings['worker_class']}"
    )
    log_path = VAR / f"gunicorn-funding-awards-{started:%Y%m%dT%H%M%S}.log"
    with stack.gunicorn(ROOT, env, log_path, port):
        t0 = time.monotonic()
        results = _award_all(port, plan)
        wall = time.monotonic() - t0
    rows = _django(env, "verify", [plan["line"], plan["call"]])

    statuses = Counter(str(r.get("status")) for r in results)
    outcomes = Counter(f"{r.get('status')} {r.get('code')}".strip() for r in results)
    ms = [float(r["ms"]) for r in results if r.get("status")]
    problems = []
    expected = Counter({"201": EXPECTED_AWARDS, "409 budget_exceeded": n - EXPECTED_AWARDS})
    if outcomes != expected:
        problems.append(f"answers {dict(outcomes)}, expected {dict(expected)}")
    if rows["awards"] != EXPECTED_AWARDS or rows["decisions"] != EXPECTED_AWARDS:
        problems.append(f"{rows['awards']} awards and {rows['decisions']} decisions in the database, expected {EXPECTED_AWARDS}")  # fmt: skip
    if rows["committed"] != LINE_AMOUNT or rows["available"] != "0.00":
        problems.append(f"the line is committed {rows['committed']} (available {rows['available']}), expected {LINE_AMOUNT} and 0.00")  # fmt: skip
    if rows["still_submitted"] != n - EXPECTED_AWARDS:
        problems.append(f"{rows['still_submitted']} applications still submitted, expected {n - EXPECTED_AWARDS}")  # fmt: skip

    refusal = next((r["message"] for r in results if r.get("code") == "budget_exceeded"), None)
    print(f"\nFunding awards {started:%Y-%m-%d %H:%M} UTC: {db.engine}, {n} at once\n")
    print(f"  answers: {dict(outcomes)} (HTTP {dict(statuses)}) in {wall:.2f} s")
    print(
        f"  latency: p50 {_percentile(ms, 0.5) or 0:.0f} ms, p95 {_percentile(ms, 0.95) or 0:.0f} ms,"
        f" max {max(ms) if ms else 0:.0f} ms"
    )
    print(f"  a refusal reads: {refusal}")
    print(f"  database: {rows}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-funding-awards-{db.engine}.json"
    path.write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "commit": git_commit(),
                "database": {"engine": db.engine, "name": db.label},
                "gunicorn": settings,
                "plan": {
                    "run": plan["run"],
                    "requests": n,
                    "amount": AMOUNT,
                    "line": LINE_AMOUNT,
                },  # fmt: skip
                "answers": dict(outcomes),
                "wall_s": round(wall, 2),
                "latency_ms": {
                    "p50": _percentile(ms, 0.5),
                    "p95": _percentile(ms, 0.95),
                    "max": max(ms) if ms else None,
                },  # fmt: skip
                "database_rows": rows,
                "problems": problems,
                "detail": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nResults: {path.relative_to(ROOT)}; gunicorn log: {log_path.relative_to(ROOT)}")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print(f"OK: exactly {EXPECTED_AWARDS} awards, the line at zero, {n - EXPECTED_AWARDS} clear refusals, no server error.")  # fmt: skip
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
