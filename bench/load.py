"""Driving one page with wrk and reading its machine-readable summary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench.stack import PROXY_HEADERS

LUA = Path(__file__).with_name("report.lua")
MARKER = "BENCH_JSON "


def ensure_wrk() -> str:
    """The path of wrk; installs Debian's package when missing and running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit(
            "bench: the load generator wrk is not installed. Install it with\n"
            "    sudo apt-get install -y wrk\n"
            "(Debian/Ubuntu package 'wrk'), then run `make bench` again."
        )
    print("bench: wrk is missing; installing the Debian package (apt-get install -y wrk)")
    quiet = {"stdout": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, **quiet).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, **quiet)
        subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, check=False, **quiet)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench: `apt-get install -y wrk` did not provide wrk; install it by hand.")
    return found


def wrk_version(wrk: str) -> str:
    out = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).splitlines()[0].strip() if (out.stdout or out.stderr) else "?"


def run(
    wrk: str,
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    method: str = "GET",
    headers: Mapping[str, str] = (),
    body: str | None = None,
    variants: str | None = None,
) -> dict[str, Any]:
    """Run wrk against ``url``; the summary of report.lua (latencies in microseconds).

    ``variants``: lines of ``Header-Name: value<TAB>body``; each request takes a random one.
    """
    args = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "2s",
        "-s",
        str(LUA),
    ]
    for name, value in {**PROXY_HEADERS, **dict(headers)}.items():
        args += ["-H", f"{name}: {value}"]
    args.append(url)
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_BODY_FILE": "", "BENCH_VARIANTS_FILE": ""}
    with (
        tempfile.NamedTemporaryFile("w", suffix=".body", delete=True) as body_file,
        tempfile.NamedTemporaryFile("w", suffix=".variants", delete=True) as variants_file,
    ):
        if body is not None:
            body_file.write(body)
            body_file.flush()
            env["BENCH_BODY_FILE"] = body_file.name
        if variants:
            variants_file.write(variants.rstrip("\n") + "\n")
            variants_file.flush()
            env["BENCH_VARIANTS_FILE"] = variants_file.name
        out = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    for line in out.stdout.splitlines():
        if line.startswith(MARKER):
            summary: dict[str, Any] = json.loads(line[len(MARKER) :])
            return summary
    raise RuntimeError(f"wrk gave no summary (exit {out.returncode}): {out.stderr or out.stdout}")
