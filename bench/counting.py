"""Speed of the budget rules (`counting/budget.py`) next to pabutools, on generated elections.

    .venv/bin/python bench/counting.py                    # the four instances of the issue
    .venv/bin/python bench/counting.py --skip-pabutools   # ours only (pabutools takes minutes)
    .venv/bin/python bench/counting.py --quick            # small instances, a few seconds

The generated election (`generate`, seeded, so every run counts the same ballots):

* `projects` projects with a popularity from a Zipf-like law (the i-th most popular project
  weighs 1 / i^0.8) and costs spread log-uniformly over a factor 50 (as on a city's ballot),
  in whole units, scaled so that a voter's share of the budget is about 8 units;
* every voter approves between 1 and 6 projects (uniformly), drawn by popularity without
  repeats;
* the budget is 30 % of the total cost. The Add1U completion adds 1 unit to every voter per
  MES run, so the money scale sets how many runs it takes: with 8 units per voter it takes a
  handful (the note column shows how many), as in the issue's pabutools timings. Real
  ballots can need hundreds or thousands (Budapest: 42,460), see the report.

Prints one row per instance and rule: pabutools' seconds, ours, and the ratio; ours is the
best of `--repeat` runs (default 3), pabutools runs once. Exits 1 when an outcome differs from
pabutools' (never expected) or when one of ours misses the target of the issue.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from middenveld.participation.counting.budget import RULES  # noqa: E402
from middenveld.participation.counting.instance import BudgetInstance, Project  # noqa: E402

# (projects, voters, rule, target seconds for ours): the table.
CASES = [
    (100, 20_000, "equal-shares", 0.1),
    (200, 100_000, "equal-shares", 0.5),
    (100, 20_000, "equal-shares-completion", 1.0),
    (200, 100_000, "equal-shares-completion", 5.0),
]
PER_VOTER = 8  # a voter's share of the budget, in money units: the Add1U loop adds 1 per run
QUICK = [
    (30, 2_000, "equal-shares", None),
    (30, 2_000, "equal-shares-completion", None),
    (30, 2_000, "greedy", None),
]


def generate(n_projects: int, n_voters: int, seed: int = 1) -> BudgetInstance:
    """A seeded approval election; see the module docstring for its shape."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, n_projects + 1) ** 0.8
    popularity = popularity[rng.permutation(n_projects)]
    popularity /= popularity.sum()
    relative = np.exp(rng.uniform(0, np.log(50), n_projects))  # spread 1 : 50
    # Scaled so that a voter's share of the budget (30 % of the total cost) is about 8.
    costs = np.maximum(1, np.round(relative * PER_VOTER * n_voters / (0.3 * relative.sum())))
    ids = [str(i + 1) for i in range(n_projects)]
    projects = [
        Project(ids[i], Fraction(int(costs[i])), f"Project {i + 1}") for i in range(n_projects)
    ]
    lengths = rng.integers(1, min(6, n_projects) + 1, size=n_voters)
    # Gumbel top-k: the k largest of log(p) + Gumbel noise are a draw without replacement.
    keys = np.log(popularity)[None, :] + rng.gumbel(size=(n_voters, n_projects))
    order = np.argsort(-keys, axis=1)[:, : lengths.max()]
    approvals = [tuple(ids[j] for j in order[v, : lengths[v]]) for v in range(n_voters)]
    budget = Fraction(int(costs.sum() * 0.3))
    return BudgetInstance(projects, budget, approvals, [str(v + 1) for v in range(n_voters)])


def pabutools_rule(name: str):  # type: ignore[no-untyped-def]
    from pabutools.election import Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    if name == "equal-shares":
        return lambda i, p: method_of_equal_shares(i, p, sat_class=Cost_Sat)
    if name == "greedy":
        return lambda i, p: greedy_utilitarian_welfare(i, p, sat_class=Cost_Sat)
    return lambda i, p: completion_by_rule_combination(
        i,
        p,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )


def to_pabutools(instance: BudgetInstance):  # type: ignore[no-untyped-def]
    from pabutools.election import ApprovalBallot, ApprovalProfile, Instance
    from pabutools.election import Project as PProject

    projects = {p.id: PProject(p.id, p.cost) for p in instance.projects}
    pinstance = Instance(projects.values(), budget_limit=instance.budget)
    profile = ApprovalProfile(
        [ApprovalBallot([projects[x] for x in b]) for b in instance.approvals], instance=pinstance
    )
    return pinstance, profile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-pabutools", action="store_true", help="time ours only")
    parser.add_argument("--quick", action="store_true", help="small instances only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours, best counts")
    args = parser.parse_args()
    cases = QUICK if args.quick else CASES
    failed = False
    print(f"{'instance':34} {'pabutools s':>12} {'ours s':>9} {'ratio':>8}  note")
    instances: dict[tuple[int, int], BudgetInstance] = {}
    for n_projects, n_voters, rule, target in cases:
        key = (n_projects, n_voters)
        if key not in instances:
            instances[key] = generate(n_projects, n_voters)
        instance = instances[key]
        ours = float("inf")
        outcome = None
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            outcome = RULES[rule](instance)
            ours = min(ours, time.perf_counter() - started)
        assert outcome is not None
        notes = []
        if "mes_runs" in outcome.explanation:
            notes.append(f"{outcome.explanation['mes_runs']} MES runs")
        if target is not None and ours > target:
            notes.append(f"MISSED target {target} s")
            failed = True
        theirs_text, ratio_text = "-", "-"
        if not args.skip_pabutools:
            pinstance, profile = to_pabutools(instance)
            started = time.perf_counter()
            theirs = pabutools_rule(rule)(pinstance, profile)
            seconds = time.perf_counter() - started
            theirs_text, ratio_text = f"{seconds:.2f}", f"{seconds / ours:.0f}x"
            if [p.name for p in theirs] != outcome.selected:
                notes.append("DIFFERENT OUTCOME")
                failed = True
        label = f"{n_projects} x {n_voters:,} {rule}"
        print(
            f"{label:34} {theirs_text:>12} {ours:9.3f} {ratio_text:>8}  {'; '.join(notes)}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
