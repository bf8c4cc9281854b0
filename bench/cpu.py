"""Whose CPU time was it? Tells the benchmark's own load apart from other work on the machine.

A benchmark on a shared machine (other test runs, builds, editors) measures less than the
stack can do. Around each measured run we read the machine's busy time (/proc/stat) and the
time of the processes under test: the gunicorn master and its workers (with the workers that
exited), PostgreSQL's processes, and wrk (a child of this process). The rest, "other CPU",
is printed with each row; above a few percent the row's numbers are too low.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from bench.stack import parent_pid, processes

_TICKS = os.sysconf("SC_CLK_TCK")
_CPUS = os.cpu_count() or 1
_DATABASE_COMMANDS = {"postgres", "postmaster"}


@dataclass(frozen=True)
class Snapshot:
    wall: float
    busy: float  # seconds of busy CPU on the whole machine
    stack: float  # seconds of CPU used by the stack under test (gunicorn, PostgreSQL)
    harness: float  # seconds of CPU used by this process and wrk

    @property
    def ours(self) -> float:
        return self.stack + self.harness


def _machine_busy() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    # user nice system idle iowait irq softirq steal (guest time is already in user).
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / _TICKS


def _process_time(stat: str, *, with_children: bool) -> float:
    fields = stat[stat.rfind(")") + 2 :].split()
    # Fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    total = int(fields[11]) + int(fields[12])
    if with_children:
        total += int(fields[13]) + int(fields[14])
    return total / _TICKS


def _stack_time(master_pid: int) -> float:
    total = 0.0
    for pid, stat in processes():
        command = stat[stat.find("(") + 1 : stat.rfind(")")]
        if pid == master_pid or command in _DATABASE_COMMANDS:
            total += _process_time(stat, with_children=True)  # includes exited workers/backends
        elif parent_pid(stat) == master_pid:
            total += _process_time(stat, with_children=False)
    return total


def snapshot(master_pid: int) -> Snapshot:
    times = os.times()
    # This process (the probes) and its children: wrk, once it has exited.
    harness = times.user + times.system + times.children_user + times.children_system
    return Snapshot(time.monotonic(), _machine_busy(), _stack_time(master_pid), harness)


def other_share(before: Snapshot, after: Snapshot) -> float:
    """Share (0..1) of the machine's CPU capacity used by anything else during the interval."""
    capacity = (after.wall - before.wall) * _CPUS
    if capacity <= 0:
        return 0.0
    other = (after.busy - before.busy) - (after.ours - before.ours)
    return max(0.0, other / capacity)


def stack_seconds(before: Snapshot, after: Snapshot) -> float:
    """CPU seconds the stack under test used during the interval."""
    return after.stack - before.stack


def wait_quiet(master_pid: int, threshold: float, limit: float) -> float:
    """Wait (at most ``limit`` seconds) for a second in which other processes use less than
    ``threshold`` of the machine; the share measured last."""
    deadline = time.monotonic() + limit
    while True:
        before = snapshot(master_pid)
        time.sleep(1.0)
        share = other_share(before, snapshot(master_pid))
        if share < threshold or time.monotonic() >= deadline:
            return share
