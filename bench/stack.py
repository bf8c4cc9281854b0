"""The production stack under test: gunicorn with config/gunicorn.py, and its processes."""

from __future__ import annotations

import http.client
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# What the reverse proxy in front of production adds: Django then sees https requests and
# the production security settings (SSL redirect, secure cookies, HSTS) stay as deployed.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_settings(root: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """The values config/gunicorn.py gives for this environment (as gunicorn will see them)."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        values = runpy.run_path(str(root / "config" / "gunicorn.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    keys = (
        "bind",
        "workers",
        "worker_class",
        "threads",
        "max_requests",
        "max_requests_jitter",
        "timeout",
        "keepalive",
        "preload_app",
        "accesslog",
    )
    return {key: values.get(key) for key in keys}


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] = (),
    body: str | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        all_headers = {**PROXY_HEADERS, **dict(headers)}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn(
    root: Path, env: Mapping[str, str], log_path: Path, port: int
) -> Iterator[subprocess.Popen[bytes]]:
    """Start gunicorn, wait until /healthz answers 200, stop it (SIGTERM) on the way out."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=root,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_healthy(proc, port, log_path)
            yield proc
        finally:
            _stop(proc)


def _wait_healthy(
    proc: subprocess.Popen[bytes], port: int, log_path: Path, limit: float = 90.0
) -> None:
    deadline = time.monotonic() + limit
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise SystemExit(f"bench: gunicorn exited with {proc.returncode}:\n{tail}")
        try:
            status, _, body = request(port, "/healthz", timeout=2)
            if status == 200:
                return
            last = f"HTTP {status}: {body[:200]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.25)
    raise SystemExit(
        f"bench: /healthz did not answer 200 within {limit:.0f} s ({last}); see {log_path}"
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def processes() -> Iterator[tuple[int, str]]:
    """Every running process as (pid, contents of /proc/<pid>/stat)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            yield int(entry.name), (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile


def parent_pid(stat: str) -> int:
    # The command name may hold spaces and parentheses: the fields follow the last ")".
    return int(stat[stat.rfind(")") + 2 :].split()[1])


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (the gunicorn workers of a master)."""
    return sorted(child for child, stat in processes() if parent_pid(stat) == pid)


def memory_mb(pid: int) -> dict[str, float | None]:
    """VmRSS (resident, counts pages shared with the master) and PSS (fair share) in MB."""
    result: dict[str, float | None] = {"rss_mb": None, "pss_mb": None}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                result["rss_mb"] = int(line.split()[1]) / 1024
    except OSError:
        return result
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                result["pss_mb"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return result
