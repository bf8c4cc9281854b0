"""Write pabulib_expected.json: what pabutools selects on the eight real Pabulib files.

pabutools is the reference for the budget rules in `counting/budget.py`, but it takes minutes
on the big files (the completion on Poland_Lodz_2022.pb most of all), so its answers are
computed once with this script and stored; `test_counting_vs_pabutools.py` compares against
them. Run it again when pabutools or the data change:

    .venv/bin/python middenveld/participation/tests/data/make_pabulib_expected.py \
        [--data /work/shared/data/pabulib] [--only Netherlands_Assen_2024.pb] [--rule greedy]

Measured on two cores: equal-shares and greedy on all eight files about 5 minutes (Warszawa's
MES 106 s); the completion 0.4 s (Assen) to 163 s (Toulouse) and 312 s (Lodz). The
completion of Warszawa (186 MES runs of ~100 s) and Budapest (42,460 runs) would take hours,
so the fixture has no answer for those two (see NOT_COMPUTED in the test).

The rules are called exactly as the issue defines them, with cost satisfaction and the
default (lexicographic) tie-breaking. Each file is stored with its SHA-256, so a test knows
when the data no longer match the stored answers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.fractions import frac
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.rules.mes import mes_rule


def _budget_over_sat_project(self, proj):
    # pabutools memoises this per (project, budget) and never forgets: with the thousands of
    # runs of the Add1U loop that grows to gigabytes. The same value, without the memo.
    return frac(self.budget, self.sat.sat_project(proj))


mes_rule.MESVoter.budget_over_sat_project = _budget_over_sat_project

HERE = Path(__file__).resolve().parent
OUT = HERE / "pabulib_expected.json"
DEFAULT_DATA = HERE.parents[3].parent / "shared" / "data" / "pabulib"


def equal_shares(instance, profile):
    return method_of_equal_shares(instance, profile, sat_class=Cost_Sat)


def equal_shares_completion(instance, profile):
    return completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )


def greedy(instance, profile):
    return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)


RULES = {
    "equal-shares": equal_shares,
    "equal-shares-completion": equal_shares_completion,
    "greedy": greedy,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", action="append", default=[], help="only this file")
    parser.add_argument("--rule", action="append", default=[], help="only this rule")
    args = parser.parse_args()
    files = sorted(args.data.glob("*.pb"))
    if args.only:
        files = [f for f in files if f.name in args.only]
    if not files:
        sys.exit(f"No .pb files in {args.data}.")
    expected = json.loads(OUT.read_text()) if OUT.exists() else {}
    rules = {name: rule for name, rule in RULES.items() if not args.rule or name in args.rule}
    for path in files:
        instance, profile = parse_pabulib(str(path))
        entry = expected.get(path.name, {})
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if entry.get("sha256") != sha:
            entry = {"selected": {}, "pabutools_seconds": {}}
        entry.update(sha256=sha, voters=profile.num_ballots(), projects=len(instance))
        for name, rule in rules.items():
            started = time.perf_counter()
            outcome = rule(instance, profile)
            seconds = time.perf_counter() - started
            entry["selected"][name] = [p.name for p in outcome]
            entry["pabutools_seconds"][name] = round(seconds, 2)
            print(f"{path.name:45} {name:25} {seconds:8.2f} s", flush=True)
            expected[path.name] = entry
            write(expected)


def write(expected: dict) -> None:
    import pabutools

    expected["_generator"] = {
        "pabutools": getattr(pabutools, "__version__", "?"),
        "script": "middenveld/participation/tests/data/make_pabulib_expected.py",
    }
    OUT.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
