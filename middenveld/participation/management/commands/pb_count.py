"""``manage.py pb_count FILE.pb [--rule RULE] [--explain]``: count a Pabulib file.

Standard output holds the selected project ids, one per line in the order the rule
selected them, and nothing else, so that the output can be compared or piped. Timings
(unless ``-v 0``) and the explanation (``--explain``) go to standard error. A malformed
file stops the command with the line and the problem on standard error and exit code 1.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.participation.counting.pabulib import PabulibError, read_pb

# The keys of counting.budget.RULES (a test checks they stay the same); listed here so
# that --help shows them without loading the counting engine.
RULE_NAMES = ("equal-shares", "equal-shares-completion", "greedy")


class Command(BaseCommand):
    help = (
        "Count a Pabulib (.pb) file of approval votes with a budget rule and print the "
        "selected project ids, one per line. Timings and the explanation go to standard error."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .pb file.")
        parser.add_argument(
            "--rule",
            choices=RULE_NAMES,
            default="equal-shares",
            help="The counting rule (default: equal-shares).",
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Also print why each project is selected or left out (to standard error).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from middenveld.participation.counting.budget import RULES

        path = Path(options["path"])
        rule = options["rule"]
        talk = options["verbosity"] >= 1
        started = time.perf_counter()
        try:
            instance = read_pb(path)
        except PabulibError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        read_in = time.perf_counter() - started
        if talk:
            self.stderr.write(
                f"Read {len(instance.approvals):,} votes on {len(instance.projects)} projects "
                f"(budget {instance.budget}) in {read_in:.3f} s."
            )

        started = time.perf_counter()
        outcome = RULES[rule](instance)
        counted_in = time.perf_counter() - started
        for project_id in outcome.selected:
            self.stdout.write(project_id)
        if talk:
            self.stderr.write(
                f"Counted with {rule} in {counted_in:.3f} s: "
                f"{len(outcome.selected)} projects selected."
            )
        if options["explain"]:
            for line in explanation_lines(outcome.explanation):
                self.stderr.write(line)


def explanation_lines(explanation: dict[str, Any]) -> list[str]:
    """The explanation of a budget rule as plain lines (for a person at a terminal)."""
    from middenveld.participation.counting.budget import reason_text

    lines = [
        f"Rule: {explanation.get('rule', '?')}. Budget {explanation.get('budget', '?')}, "
        f"{explanation.get('voters', '?')} voters, spent {explanation.get('spent', '?')}, "
        f"left over {explanation.get('left_over', '?')}."
    ]
    if "budget_per_voter" in explanation:
        lines.append(f"Each voter starts with {explanation['budget_per_voter']}.")
    if "increments" in explanation:
        lines.append(f"Each voter's budget was raised by 1, {explanation['increments']} times.")
    lines.append("Selected:")
    for entry in explanation.get("selected", []):
        detail = f"  {entry.get('step', '-')}. {entry['id']} ({entry.get('name', '')}): "
        detail += f"cost {entry.get('cost')}, {entry.get('votes')} votes"
        if entry.get("stage"):
            detail += f", by {entry['stage']}"
        if "paid_by" in entry:
            detail += f", paid by {entry['paid_by']} voters (at most {entry.get('share')} each)"
        if "remaining_after" in entry:
            detail += f", {entry['remaining_after']} left after it"
        lines.append(detail)
    lines.append("Left out:")
    for entry in explanation.get("rejected", []):
        lines.append(
            f"  {entry['id']} ({entry.get('name', '')}): cost {entry.get('cost')}, "
            f"{entry.get('votes')} votes. {reason_text(entry)}"
        )
    return lines
