"""Budget rules for approval ballots: Method of Equal Shares, its completion, greedy.

    from middenveld.participation.counting.budget import RULES, equal_shares
    outcome = equal_shares(instance)      # or RULES["equal-shares"](instance)
    outcome.selected                      # project ids in the order they were selected
    outcome.explanation                   # JSON-ready: who paid what, why others are left out

The three rules give exactly what the reference library pabutools 1.2.3 gives with cost
satisfaction (a voter's satisfaction is the cost of the approved projects that are selected)
and its default tie-breaking (the smallest project id, compared as text):

* ``equal-shares``: ``method_of_equal_shares(instance, profile, sat_class=Cost_Sat)``;
* ``equal-shares-completion``: MES with ``voter_budget_increment=1`` (Add1U: every voter
  gets 1 more until the outcome would spend more than the budget, or leaves nothing that
  fits), then ``greedy_utilitarian_welfare`` fills what is left
  (``completion_by_rule_combination``);
* ``greedy``: ``greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)``: most
  votes first (ties: smallest id), every project that still fits.

The engine is in `_mes_fast.py` (floats, with exact fractions wherever a decision is close).

The explanation (all amounts are strings; exact where the amount is exact, such as a cost or
the budget, else rounded to cents for display)::

    {
      "rule": "equal-shares",
      "budget": "100000", "voters": 84, "spent": "95000", "left_over": "5000",
      "budget_per_voter": "1190.48",          # MES: each voter's share of the budget at the start
      "increments": 3,                        # completion: how often 1 was added per voter
      "selected": [{"id", "name", "cost", "stage": "equal-shares" | "greedy", "step",
                    "votes", ...}],
      "rejected": [{"id", "name", "cost", "votes", "reason", ...}],
      "voter_payments": {voter_id: {project_id: amount}},   # only with voter_payments=True
    }

A project selected by equal shares also has ``paid_by`` (supporters who paid something),
``paid_full_share`` (of those, how many paid the whole share), ``share`` (the most one voter
paid) and ``total_paid`` (the cost). A greedy pick has ``remaining_after``. Reasons for a
project left out (``reason_text`` turns one into a sentence):

* ``no_votes``: nobody approved it (equal shares only counts approved projects);
* ``free``: it costs nothing, so under equal shares nobody pays for it and it is not counted;
* ``supporters_short``: its supporters had only ``supporters_budget`` left of its ``cost``;
* ``does_not_fit``: greedy reached it with only ``remaining_budget`` left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from middenveld.participation.counting import _mes_fast
from middenveld.participation.counting.errors import BallotInvalid
from middenveld.participation.counting.instance import BudgetInstance

__all__ = [
    "RULES",
    "Outcome",
    "equal_shares",
    "equal_shares_completion",
    "greedy",
    "reason_text",
]


@dataclass
class Outcome:
    """What a rule selected, in order, and the data to explain it (JSON-serialisable)."""

    rule: str
    selected: list[str]
    explanation: dict[str, Any] = field(default_factory=dict)


def equal_shares(instance: BudgetInstance, *, voter_payments: bool = False) -> Outcome:
    """The Method of Equal Shares: every voter gets an equal part of the budget to spend."""
    prep = _prepare(instance)
    if prep.n_voters == 0:
        run = _mes_fast.MesRun(per_voter=Fraction(0))
    else:
        run = _mes_fast.run_mes(prep, prep.budget / prep.n_voters)
    explanation = _explain_mes(prep, run, instance, voter_payments)
    selected = [prep.ids[j] for j in run.selected]
    explanation["rejected"] = _mes_rejections(prep, instance, run, explanation.pop("_budgets"))
    _add_totals(explanation, prep, run.selected)
    return Outcome("equal-shares", selected, {"rule": "equal-shares", **explanation})


def equal_shares_completion(instance: BudgetInstance, *, voter_payments: bool = False) -> Outcome:
    """Equal shares with Add1U (1 more per voter while the outcome fits), then greedy fills."""
    prep = _prepare(instance)
    if prep.n_voters == 0:
        iterated = _mes_fast.IteratedRun(_mes_fast.MesRun(per_voter=Fraction(0)), 0, 0, 0)
    else:
        iterated = _mes_fast.run_mes_add1(prep)
    run = iterated.run
    explanation = _explain_mes(prep, run, instance, voter_payments)
    explanation.pop("_budgets")
    explanation["start_budget_per_voter"] = _money(
        prep.budget / prep.n_voters if prep.n_voters else Fraction(0)
    )
    explanation["increments"] = iterated.increments
    explanation["mes_runs"] = iterated.runs
    picked, rejected = _greedy_fill(prep, list(run.selected))
    step = len(run.selected)
    for j, remaining_after in picked:
        step += 1
        explanation["selected"].append(
            {
                **_project_fields(prep, instance, j),
                "stage": "greedy",
                "step": step,
                "remaining_after": _money(remaining_after),
            }
        )
    explanation["rejected"] = [
        {
            **_project_fields(prep, instance, j),
            "reason": "does_not_fit",
            "remaining_budget": _money(r),
        }
        for j, r in rejected
    ]
    order = list(run.selected) + [j for j, _ in picked]
    _add_totals(explanation, prep, order)
    return Outcome(
        "equal-shares-completion",
        [prep.ids[j] for j in order],
        {"rule": "equal-shares-completion", **explanation},
    )


def greedy(instance: BudgetInstance) -> Outcome:
    """Greedy utilitarian welfare: the most approved projects first, each one that still fits."""
    prep = _prepare(instance)
    picked, rejected = _greedy_fill(prep, [])
    selected = [
        {
            **_project_fields(prep, instance, j),
            "stage": "greedy",
            "step": step,
            "remaining_after": _money(remaining_after),
        }
        for step, (j, remaining_after) in enumerate(picked, start=1)
    ]
    explanation: dict[str, Any] = {
        "rule": "greedy",
        "selected": selected,
        "rejected": [
            {
                **_project_fields(prep, instance, j),
                "reason": "does_not_fit",
                "remaining_budget": _money(r),
            }
            for j, r in rejected
        ],
    }
    _add_totals(explanation, prep, [j for j, _ in picked])
    return Outcome("greedy", [prep.ids[j] for j, _ in picked], explanation)


RULES: dict[str, Callable[[BudgetInstance], Outcome]] = {
    "equal-shares": equal_shares,
    "equal-shares-completion": equal_shares_completion,
    "greedy": greedy,
}


def reason_text(entry: dict[str, Any]) -> str:
    """One sentence for a rejected project of an explanation, in the active language."""
    reason = entry.get("reason")
    if reason == "no_votes":
        return _("Nobody voted for this project.")
    if reason == "free":
        return _("This project costs nothing, so equal shares does not count it.")
    if reason == "supporters_short":
        return _("Its supporters had only %(available)s left of the %(cost)s it costs.") % {
            "available": entry["supporters_budget"],
            "cost": entry["cost"],
        }
    if reason == "does_not_fit":
        return _("It costs %(cost)s and does not fit in the remaining budget of %(remaining)s.") % {
            "cost": entry["cost"],
            "remaining": entry["remaining_budget"],
        }
    return ""


# --- Internals --------------------------------------------------------------------------


def _prepare(instance: BudgetInstance) -> _mes_fast.Prepared:
    index: dict[str, int] = {}
    for j, project in enumerate(instance.projects):
        if project.id in index:
            raise BallotInvalid(
                _(
                    "The project id %(id)s appears twice on the ballot; give each project its own id."
                )
                % {"id": project.id}
            )
        if project.cost < 0:
            raise BallotInvalid(
                _("The cost of project %(id)s is below zero; enter a cost of zero or more.")
                % {"id": project.id}
            )
        index[project.id] = j
    # Identical ballots first as they are (tuples of ids hash fast), then as index sets.
    distinct: dict[tuple[str, ...], int] = {}
    ballot_of_voter = []
    for ballot in instance.approvals:
        b = distinct.get(ballot)
        if b is None:
            b = distinct[ballot] = len(distinct)
        ballot_of_voter.append(b)
    ballots = []
    for ballot in distinct:
        try:
            ballots.append(tuple(index[p] for p in ballot))
        except KeyError as missing:
            raise BallotInvalid(
                _("A vote names the project %(id)s, which is not on the ballot.")
                % {"id": missing.args[0]}
            ) from None
    return _mes_fast.prepare(
        [p.id for p in instance.projects],
        [Fraction(p.cost) for p in instance.projects],
        Fraction(instance.budget),
        ballots,
        ballot_of_voter,
    )


def _greedy_fill(
    prep: _mes_fast.Prepared, chosen: list[int]
) -> tuple[list[tuple[int, Fraction]], list[tuple[int, Fraction]]]:
    """pabutools' additive greedy after `chosen`: by votes (0 for a free project), then id.

    Returns the picks with the budget left after each, and the projects that did not fit
    with the budget left when greedy reached them.
    """
    taken = set(chosen)
    remaining = prep.budget - sum((prep.costs[j] for j in chosen), Fraction(0))
    order = sorted(
        (j for j in range(len(prep.ids)) if j not in taken),
        key=lambda j: (-(prep.votes[j] if prep.costs[j] > 0 else 0), prep.ids[j]),
    )
    picked: list[tuple[int, Fraction]] = []
    rejected: list[tuple[int, Fraction]] = []
    for j in order:
        if prep.costs[j] <= remaining:
            remaining -= prep.costs[j]
            picked.append((j, remaining))
        else:
            rejected.append((j, remaining))
    return picked, rejected


def _explain_mes(
    prep: _mes_fast.Prepared,
    run: _mes_fast.MesRun,
    instance: BudgetInstance,
    voter_payments: bool,
) -> dict[str, Any]:
    details, budgets = _mes_fast.replay_details(prep, run, keep_payments=voter_payments)
    selected = []
    for step, d in enumerate(details, start=1):
        selected.append(
            {
                **_project_fields(prep, instance, d.project),
                "stage": "equal-shares",
                "step": step,
                "paid_by": d.paid,
                "paid_full_share": d.paid_full_share,
                "share": _money(d.share),
                "total_paid": _money(prep.costs[d.project]),
            }
        )
    explanation: dict[str, Any] = {
        "budget_per_voter": _money(run.per_voter),
        "selected": selected,
        "_budgets": budgets,
    }
    if voter_payments:
        explanation["voter_payments"] = _voter_payments(prep, instance, details)
    return explanation


def _voter_payments(
    prep: _mes_fast.Prepared,
    instance: BudgetInstance,
    details: list[_mes_fast.RoundDetail],
) -> dict[str, dict[str, str]]:
    by_group: dict[int, dict[str, str]] = {}
    for d in details:
        assert d.payments is not None
        for g, amount in zip(prep.supporters[d.project].tolist(), d.payments.tolist(), strict=True):
            if amount > 0:
                by_group.setdefault(g, {})[prep.ids[d.project]] = _money(amount)
    voter_ids = instance.voter_ids or [str(i) for i in range(prep.n_voters)]
    result = {}
    for voter, g in zip(voter_ids, prep.group_of_voter.tolist(), strict=False):
        if g in by_group:
            result[voter] = dict(by_group[g])
    return result


def _mes_rejections(
    prep: _mes_fast.Prepared, instance: BudgetInstance, run: _mes_fast.MesRun, budgets: Any
) -> list[dict[str, Any]]:
    chosen = set(run.selected)
    rejected = []
    for j in range(len(prep.ids)):
        if j in chosen:
            continue
        entry = _project_fields(prep, instance, j)
        if prep.votes[j] == 0:
            entry["reason"] = "no_votes"
        elif prep.costs[j] == 0:
            entry["reason"] = "free"
        else:
            entry["reason"] = "supporters_short"
            held = _mes_fast.supporters_money(prep, budgets, j)
            # The float sum may round up to the cost; the engine settled it as short.
            entry["supporters_budget"] = _money(min(held, float(prep.costs[j])), floor=True)
        rejected.append(entry)
    return rejected


def _project_fields(prep: _mes_fast.Prepared, instance: BudgetInstance, j: int) -> dict[str, Any]:
    return {
        "id": prep.ids[j],
        "name": instance.projects[j].name,
        "cost": _money(prep.costs[j]),
        "votes": prep.votes[j],
    }


def _add_totals(explanation: dict[str, Any], prep: _mes_fast.Prepared, order: list[int]) -> None:
    spent = sum((prep.costs[j] for j in order), Fraction(0))
    explanation["budget"] = _money(prep.budget)
    explanation["voters"] = prep.n_voters
    explanation["spent"] = _money(spent)
    explanation["left_over"] = _money(prep.budget - spent)


def _money(amount: Fraction | float | int, floor: bool = False) -> str:
    """An amount as text: exact when it is a whole number of cents, else rounded to cents."""
    if isinstance(amount, Fraction):
        cents = amount * 100
        if cents.denominator == 1:
            whole, part = divmod(int(cents), 100)
            sign = "-" if amount < 0 else ""
            if amount < 0:
                whole, part = divmod(-int(cents), 100)
            return f"{sign}{whole}" if part == 0 else f"{sign}{whole}.{part:02d}"
        amount = float(amount)
    value = float(amount)
    if floor:
        value = int(value * 100) / 100
    text = f"{value:.2f}"
    return text[:-3] if text.endswith(".00") else text
