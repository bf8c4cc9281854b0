"""Load benchmark of the production stack: ``make bench`` (see bench/README.md).

Seeds ``seed_demo --scale 10`` into a fresh database, collects the static files, starts
gunicorn with config/gunicorn.py on a free local port, then drives every registered
scenario (bench/scenarios/) with wrk and prints one table; the results also go to
bench/results/<timestamp>.json. Exits 1 when any page had errors (2 on a setup failure).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import cpu, database, load, stack  # noqa: E402
from bench.scenarios import Scenario, all_scenarios  # noqa: E402

VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"

# Targets (bench/README.md): pages with Scenario.targets.
TARGET_RATIO = 0.5
TARGET_P95_MS = 50.0
TARGET_WORKER_RSS_MB = 150.0
# A row measured while other processes used this share of the machine is flagged.
BUSY_WARNING = 0.05


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise SystemExit(f"bench: {name} must be a number, not {value!r}.") from None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration",
        type=float,
        default=_env_number("BENCH_DURATION", 10),
        help="seconds of load per page (env BENCH_DURATION, default 10)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=_env_number("BENCH_WARMUP", 2),
        help="seconds of unmeasured load per page first (env BENCH_WARMUP, default 2)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=int(_env_number("BENCH_CONNECTIONS", 16)),
        help="concurrent connections (env BENCH_CONNECTIONS, default 16)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(_env_number("BENCH_WRK_THREADS", 2)),
        help="wrk threads (env BENCH_WRK_THREADS, default 2)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=int(_env_number("BENCH_SCALE", 10)),
        help="seed_demo --scale (env BENCH_SCALE, default 10)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=_env_number("BENCH_QUIET_WAIT", 30),
        help="before each page, wait up to this many seconds for other processes to leave the"
        " CPU (env BENCH_QUIET_WAIT, default 30; 0 = do not wait)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="only scenarios whose path or name contains TEXT (repeatable; the ceiling always runs)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="skip drop/create/seed and benchmark the existing benchmark database as it is",
    )
    return parser.parse_args()


# --- Preparing the database and the files ------------------------------------------------


def manage(env: dict[str, str], *args: str) -> None:
    cmd = [sys.executable, "manage.py", *args]
    started = time.monotonic()
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stdout[-3000:], out.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"bench: `manage.py {' '.join(args)}` failed ({out.returncode}).")
    print(f"bench:   manage.py {' '.join(args)} ({time.monotonic() - started:.1f} s)")


def stack_env(db_url: str, port: int) -> dict[str, str]:
    """Production settings as deployed behind a TLS proxy, on a local port."""
    env = dict(os.environ)
    for name in ("BIND", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters, new every run
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=db_url,
        STATIC_ROOT=str(VAR / "static"),
        PORT=str(port),
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    return env


def prepare_files(
    env: dict[str, str], db: database.BenchDatabase, args: argparse.Namespace
) -> bool:
    """Migrate, seed, compile messages and collect static files; True when seeded."""
    seeded = False
    if not args.reuse_db:
        manage(env, "migrate", "--noinput", "-v", "0")
        if (ROOT / "middenveld/core/management/commands/seed_demo.py").exists():
            # seed_demo refuses production settings (it creates demo accounts): seed with
            # the development settings against the same, fresh database.
            seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "false"}
            manage(seed_env, "seed_demo", "--scale", str(args.scale))
            seeded = True
        else:
            print("bench: WARNING: manage.py seed_demo does not exist yet: EMPTY database.")
    else:
        print(f"bench: reusing {db.label} as it is (--reuse-db)")
    if list((ROOT / "middenveld" / "locale").glob("*/LC_MESSAGES/*.po")):
        manage(env, "compilemessages", "--ignore=.venv", "--ignore=.tools", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return seeded


def resolve_needs(env: dict[str, str], scenarios: list[Scenario]) -> dict[str, str | None]:
    needs = sorted({need for s in scenarios for need in (*s.needs, *filter(None, [s.variants]))})
    if not needs:
        return {}
    cmd = [sys.executable, "-m", "bench.resolve", *needs]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        print("bench: WARNING: resolving path placeholders failed; those pages become errors.")
        return dict.fromkeys(needs)
    values: dict[str, str | None] = json.loads(out.stdout.strip().splitlines()[-1])
    return values


# --- Measuring ------------------------------------------------------------------------


@dataclass
class Row:
    path: str
    name: str
    targets: bool
    p95_target_ms: float = TARGET_P95_MS
    status: int | None = None
    cache: str | None = None
    size: int | None = None
    rps: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    error_detail: dict[str, int] = field(default_factory=dict)
    ratio: float | None = None
    other_cpu: float | None = None  # share of the machine used by other processes meanwhile
    cpu_ms: float | None = None  # CPU time of the stack (gunicorn, PostgreSQL) per request
    problem: str | None = None
    misses: list[str] = field(default_factory=list)


def _variants(scenario: Scenario, values: dict[str, str | None]) -> str | None:
    return values.get(scenario.variants) if scenario.variants else None


def _first_variant(scenario: Scenario, variants: str | None) -> Scenario:
    """The scenario as its first variant sends it (for the probe and the cache check)."""
    if not variants:
        return scenario
    header, _tab, body = variants.splitlines()[0].partition("\t")
    name, _colon, value = header.partition(":")
    headers = (
        {**scenario.headers, name.strip(): value.strip()} if name.strip() else scenario.headers
    )
    return replace(scenario, headers=headers, body=body)


def probe(port: int, scenario: Scenario, path: str, row: Row) -> bool:
    """One request first: a page that does not answer 2xx is an error row, not a load run."""
    try:
        status, headers, body = stack.request(
            port, path, method=scenario.method, headers=scenario.headers, body=scenario.body
        )
    except OSError as exc:
        row.problem = f"no answer: {exc}"
        return False
    row.status, row.cache, row.size = status, headers.get("x-cache"), len(body)
    if 200 <= status < 300:
        return True
    location = headers.get("location")
    row.problem = f"HTTP {status}" + (f" -> {location}" if location else "")
    return False


def measure(
    wrk: str,
    port: int,
    master_pid: int,
    scenario: Scenario,
    path: str,
    args: argparse.Namespace,
    row: Row,
    variants: str | None = None,
) -> None:
    url = f"http://127.0.0.1:{port}{path}"
    options: dict[str, Any] = {
        "connections": args.connections,
        "threads": args.threads,
        "method": scenario.method,
        "headers": scenario.headers,
        "body": scenario.body,
        "variants": variants,
    }
    if args.warmup > 0:
        # Fills every worker's page cache and opens its database connection.
        load.run(wrk, url, seconds=args.warmup, **options)
    if args.quiet_wait > 0:
        cpu.wait_quiet(master_pid, BUSY_WARNING, args.quiet_wait)
    before = cpu.snapshot(master_pid)
    summary = load.run(wrk, url, seconds=args.duration, **options)
    after = cpu.snapshot(master_pid)
    row.other_cpu = cpu.other_share(before, after)
    if summary["requests"]:
        row.cpu_ms = 1000 * cpu.stack_seconds(before, after) / summary["requests"]
    seconds = summary["duration_us"] / 1e6
    row.rps = summary["requests"] / seconds if seconds else 0.0
    latency = summary["latency_us"]
    row.p50_ms, row.p95_ms, row.p99_ms = (latency[k] / 1000 for k in ("p50", "p95", "p99"))
    row.error_detail = {k: v for k, v in summary["errors"].items() if v}
    row.errors = sum(summary["errors"].values())
    if summary["requests"] == 0:
        row.problem = "no request completed"
    # The page cache state once every worker is warm (the first probe is always a miss).
    first = _first_variant(scenario, variants)
    try:
        _, headers, _ = stack.request(
            port, path, method=first.method, headers=first.headers, body=first.body
        )
        row.cache = headers.get("x-cache")
    except OSError:
        pass


def judge(row: Row, ceiling_rps: float | None) -> None:
    if row.rps is not None and ceiling_rps:
        row.ratio = row.rps / ceiling_rps
    if row.problem or row.errors:
        row.misses.append("errors")
    if not row.targets or row.rps is None:
        return
    if row.ratio is not None and row.ratio < TARGET_RATIO:
        row.misses.append(f"ratio<{TARGET_RATIO}")
    if row.p95_ms is not None and row.p95_ms > row.p95_target_ms:
        row.misses.append(f"p95>{row.p95_target_ms:.0f}ms")


# --- Reporting --------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[Row]) -> None:
    header = ("path", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "ratio", "cpu ms", "note")
    lines = []
    for r in rows:
        note = r.problem or ""
        if not note:
            note = f"{r.status} cache:{r.cache}" if r.cache else f"{r.status}"
            if r.misses:
                note += "  MISSES " + ", ".join(r.misses)
            elif not r.targets:
                note += "  (no targets)"
            if r.other_cpu is not None and r.other_cpu >= BUSY_WARNING:
                note += f"  [other CPU {r.other_cpu:.0%}]"
        errors = str(r.errors) if not r.problem else "ERROR"
        if r.error_detail:
            errors += " (" + " ".join(f"{k}:{v}" for k, v in r.error_detail.items()) + ")"
        lines.append(
            (
                r.path,
                _fmt(r.rps, ".0f"),
                _fmt(r.p50_ms, ".1f"),
                _fmt(r.p95_ms, ".1f"),
                _fmt(r.p99_ms, ".1f"),
                errors,
                _fmt(r.ratio, ".2f"),
                _fmt(r.cpu_ms, ".2f"),
                note,
            )
        )
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    right = {1, 2, 3, 4, 6, 7}

    def render(cells: tuple[str, ...]) -> str:
        out = []
        for i, cell in enumerate(cells):
            last = i == len(cells) - 1
            out.append(
                cell if last else (cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
            )
        return "  ".join(out).rstrip()

    print(render(header))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print(render(line))


def worker_memory(master_pid: int) -> dict[str, Any]:
    workers = [{"pid": pid, **stack.memory_mb(pid)} for pid in stack.children(master_pid)]
    return {"master": {"pid": master_pid, **stack.memory_mb(master_pid)}, "workers": workers}


def print_memory(memory: dict[str, Any], restarts: int) -> list[str]:
    misses = []
    master = memory["master"]
    print(
        f"\nResident memory after the load (VmRSS; PSS = fair share of pages shared with the"
        f" master):\n  master  pid {master['pid']:>7}  RSS {_fmt(master['rss_mb'], '6.1f')} MB"
        f"  PSS {_fmt(master['pss_mb'], '6.1f')} MB"
    )
    for w in memory["workers"]:
        flag = ""
        if w["rss_mb"] is not None and w["rss_mb"] > TARGET_WORKER_RSS_MB:
            flag = f"  MISSES rss>{TARGET_WORKER_RSS_MB:.0f}MB"
            misses.append(f"worker {w['pid']} RSS {w['rss_mb']:.0f} MB")
        print(
            f"  worker  pid {w['pid']:>7}  RSS {_fmt(w['rss_mb'], '6.1f')} MB"
            f"  PSS {_fmt(w['pss_mb'], '6.1f')} MB{flag}"
        )
    print(f"  workers restarted by max_requests during the run: {restarts}")
    return misses


def git_commit() -> str | None:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode != 0:
        return None
    return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def main() -> int:
    args = parse_args()
    started = datetime.now(UTC)
    nice = int(_env_number("BENCH_NICE", 0))
    if nice:
        # gunicorn and wrk inherit it: on a shared machine, a negative value (root only)
        # keeps other work from eating the benchmark's CPU (PostgreSQL keeps its own).
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    wrk = load.ensure_wrk()
    scenarios = all_scenarios()
    if args.only:
        scenarios = [
            s for s in scenarios if s.ceiling or any(t in s.path or t in s.name for t in args.only)
        ]

    db = database.prepare(os.environ.get("DATABASE_URL", ""), VAR, fresh=not args.reuse_db)
    print(f"bench: database {db.engine} {db.label}, scale {args.scale}")
    port = stack.free_port()
    env = stack_env(db.url, port)
    timings: dict[str, float] = {}
    t0 = time.monotonic()
    seeded = prepare_files(env, db, args)
    timings["prepare_s"] = round(time.monotonic() - t0, 1)
    values = resolve_needs(env, scenarios)
    settings = stack.gunicorn_settings(ROOT, env)
    print(
        f"bench: gunicorn {settings['workers']} x {settings['worker_class']}"
        f" (threads {settings['threads']}), max_requests {settings['max_requests']}"
        f" +{settings['max_requests_jitter']}, preload {settings['preload_app']};"
        f" wrk {args.connections} connections, {args.duration:g} s per page"
        f" after {args.warmup:g} s warm-up"
    )

    log_path = VAR / f"gunicorn-{started:%Y%m%dT%H%M%S}.log"
    rows: list[Row] = []
    with stack.gunicorn(ROOT, env, log_path, port) as proc:
        # The ceiling runs first and once more at the end: the ratios use the mean of both,
        # so a drift of the machine during the run weighs less.
        ceiling = scenarios[0]
        for scenario in [*scenarios, ceiling]:
            path = scenario.resolve(values)
            row = Row(
                path=path or scenario.path,
                name=scenario.name,
                targets=scenario.targets,
                p95_target_ms=scenario.p95_ms or TARGET_P95_MS,
            )
            if path is not None:
                # {placeholders} in header values too (a signed-in session cookie).
                scenario = replace(scenario, headers=scenario.resolve_headers(values))
            if scenario.ceiling and rows:
                row.path += " (again)"
            rows.append(row)
            if path is None:
                missing = [n for n in scenario.needs if values.get(n) is None]
                row.problem = f"nothing to fill {', '.join(missing)} with (no data?)"
            elif probe(
                port, _first_variant(scenario, variants := _variants(scenario, values)), path, row
            ):
                measure(wrk, port, proc.pid, scenario, path, args, row, variants)
            print(
                f"bench:   {row.path:<32} {_fmt(row.rps, '7.0f')} req/s"
                f"  p95 {_fmt(row.p95_ms, '6.1f')} ms"
                f"  other CPU {_fmt(None if row.other_cpu is None else 100 * row.other_cpu, '3.0f')} %"
                f"  {row.problem or ''}",
                flush=True,
            )
        memory = worker_memory(proc.pid)
    ceilings = [r.rps for r in (rows[0], rows[-1]) if r.rps]
    ceiling_rps = sum(ceilings) / len(ceilings) if ceilings else None
    for row in rows:
        judge(row, ceiling_rps)
    log_text = log_path.read_text(errors="replace")
    restarts = log_text.count("Autorestarting worker")

    title = (
        f"Middenveld bench {started:%Y-%m-%d %H:%M} UTC: {db.engine}, scale {args.scale}"
        f"{'' if seeded else ' (NOT SEEDED: empty database)'}, {settings['workers']} x"
        f" {settings['worker_class']} workers, {args.connections} connections, {args.duration:g} s"
    )
    print(f"\n{title}\n")
    print_table(rows)
    memory_misses = print_memory(memory, restarts)

    busy = [r for r in rows if r.other_cpu is not None and r.other_cpu >= BUSY_WARNING]
    if busy:
        print(
            f"\nWARNING: other processes used >= {BUSY_WARNING:.0%} of the CPU during"
            f" {len(busy)} row(s) (see [other CPU] notes): those numbers are too low;"
            " run again on a quiet machine."
        )

    failed = [r for r in rows if r.problem or r.errors]
    missed = [r for r in rows if r.misses and r not in failed]
    RESULTS.mkdir(parents=True, exist_ok=True)
    result_path = RESULTS / f"{started:%Y%m%dT%H%M%SZ}-{db.engine}.json"
    document = {
        "started": started.isoformat(),
        "commit": git_commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "wrk": load.wrk_version(wrk),
        "database": {"engine": db.engine, "name": db.label, "scale": args.scale, "seeded": seeded},
        "load": {
            "nice": nice,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
        },
        "gunicorn": settings,
        "timings": timings,
        "targets": {
            "ratio_min": TARGET_RATIO,
            "p95_ms_max": TARGET_P95_MS,
            "worker_rss_mb_max": TARGET_WORKER_RSS_MB,
        },
        "results": [asdict(r) for r in rows],
        "memory": memory,
        "worker_restarts": restarts,
        "gunicorn_log": str(log_path.relative_to(ROOT)),
    }
    result_path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nResults: {result_path.relative_to(ROOT)}; gunicorn log: {log_path.relative_to(ROOT)}")

    if missed or memory_misses:
        names = [f"{r.path} ({', '.join(r.misses)})" for r in missed] + memory_misses
        print("Targets missed: " + "; ".join(names))
    if failed:
        print(f"FAILED: {len(failed)} page(s) with errors: " + ", ".join(r.path for r in failed))
        return 1
    if (missed or memory_misses) and os.environ.get("BENCH_STRICT", "").lower() in {"1", "true"}:
        print("FAILED: targets missed and BENCH_STRICT is set.")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as exc:
        if isinstance(exc.code, str):  # a setup failure with its message
            print(exc.code, file=sys.stderr)
            sys.exit(2)
        raise
