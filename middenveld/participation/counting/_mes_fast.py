"""The engine behind `budget.py`: the Method of Equal Shares with cost satisfaction, fast and exact.

What it computes is exactly what pabutools 1.2.3 computes (`method_of_equal_shares` with
`Cost_Sat` and lexicographic tie-breaking, with or without `voter_budget_increment`):

* every voter starts with the same budget `b`; a project is *affordable* while its supporters
  hold together at least its cost;
* each round selects the affordable project with the lowest price factor `rho = q / cost`,
  where `q` is the equal share: the smallest amount such that the supporters, each paying
  `min(their budget, q)`, pay the whole cost; ties go to the smallest project id (as a
  string, the way pabutools compares project names);
* the supporters pay, and the rounds go on until no project is affordable.

How it stays fast:

* voters with the same ballot are one *group* with a weight; every project keeps the array of
  its supporting groups, and the budgets live in one numpy array;
* `rho` only grows as budgets shrink, so the last computed `rho` of a project is a lower
  bound: a heap of lower bounds means that each round recomputes only the few projects that
  can still win;
* all money is computed with floats.

How it stays exact: a float decision is taken only when it is clear by a wide margin (a
relative `TOLERANCE` of 1e-9, far above the rounding error of a few hundred rounds). When two
projects' `rho` are that close, or a project's supporters hold almost exactly its cost, the
engine *replays* the rounds so far with exact fractions (`_ExactState`: voters grouped by
their exact remaining budget, so a replay costs a few fraction operations per distinct
budget) and decides that one question exactly. Exact ties — equal costs and the same
supporters, common in small elections — therefore go through fractions, and large elections
without near-ties never touch a fraction.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

# A float decision closer than this (relative) is taken again with exact fractions.
TOLERANCE = 1e-9


@dataclass
class Prepared:
    """An instance reduced to arrays: projects by index, voters grouped by identical ballots."""

    ids: list[str]
    costs: list[Fraction]
    costs_f: np.ndarray  # float64 per project
    budget: Fraction
    n_voters: int
    weights: np.ndarray  # float64 per group: how many voters cast that ballot
    group_of_voter: np.ndarray  # intp per voter
    supporters: list[np.ndarray]  # per project: the supporting groups (intp)
    supporter_weights: list[np.ndarray]  # per project: their weights (float64)
    votes: list[int]  # per project: how many voters approve it
    eligible: list[int]  # projects MES can select: cost > 0 and at least one supporter

    @property
    def n_groups(self) -> int:
        return len(self.weights)


def prepare(
    ids: Sequence[str],
    costs: Sequence[Fraction],
    budget: Fraction,
    ballots: Sequence[Sequence[int]],
    ballot_of_voter: Sequence[int],
) -> Prepared:
    """Group identical ballots.

    `ballots` are the distinct ballots as project indices (repeats and order do not matter),
    `ballot_of_voter[v]` the position in `ballots` of voter v's ballot.
    """
    n_projects = len(ids)
    group_index: dict[frozenset[int], int] = {}
    group_of_ballot: list[int] = []
    grouped: list[frozenset[int]] = []
    for ballot in ballots:
        key = frozenset(ballot)
        g = group_index.get(key)
        if g is None:
            g = group_index[key] = len(grouped)
            grouped.append(key)
        group_of_ballot.append(g)
    group_of_voter = np.asarray(group_of_ballot, dtype=np.intp)[
        np.asarray(ballot_of_voter, dtype=np.intp)
    ]
    weights = np.bincount(group_of_voter, minlength=len(grouped)).astype(np.float64)
    lengths = np.fromiter((len(b) for b in grouped), dtype=np.intp, count=len(grouped))
    groups_arr = np.repeat(np.arange(len(grouped), dtype=np.intp), lengths)
    projects_arr = np.fromiter(
        itertools.chain.from_iterable(grouped), dtype=np.intp, count=int(lengths.sum())
    )
    order = np.argsort(projects_arr, kind="stable")
    groups_arr = groups_arr[order]
    bounds = np.searchsorted(projects_arr[order], np.arange(n_projects + 1))
    supporters = [groups_arr[bounds[j] : bounds[j + 1]] for j in range(n_projects)]
    supporter_weights = [weights[s] for s in supporters]
    votes = [int(round(float(w.sum()))) for w in supporter_weights]
    eligible = [j for j in range(n_projects) if costs[j] > 0 and votes[j] > 0]
    return Prepared(
        ids=list(ids),
        costs=list(costs),
        costs_f=np.asarray([float(c) for c in costs], dtype=np.float64),
        budget=budget,
        n_voters=len(ballot_of_voter),
        weights=weights,
        group_of_voter=group_of_voter,
        supporters=supporters,
        supporter_weights=supporter_weights,
        votes=votes,
        eligible=eligible,
    )


@dataclass
class MesRun:
    """One run of MES with a start budget `per_voter`: the winners in order and their shares."""

    per_voter: Fraction
    selected: list[int] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)  # q per round (float, for display)
    exact_replays: int = 0  # how many times a near-tie sent the engine to fractions


class _ExactState:
    """Exact budgets, replayed from the recorded winners only when a decision needs them.

    Groups with the same exact budget share a class: `cls[g]` is the class of group `g` and
    `values[k]` its exact budget per voter. A round touches each class among the winner's
    supporters once, so the fractions cost grows with distinct budgets, not with voters.
    """

    def __init__(self, prep: Prepared, per_voter: Fraction) -> None:
        self.prep = prep
        self.cls = np.zeros(prep.n_groups, dtype=np.intp)
        self.values: list[Fraction] = [per_voter]
        self.index: dict[Fraction, int] = {per_voter: 0}
        self.applied = 0

    def _class_of(self, value: Fraction) -> int:
        k = self.index.get(value)
        if k is None:
            k = len(self.values)
            self.values.append(value)
            self.index[value] = k
        return k

    def distribution(self, j: int) -> tuple[np.ndarray, np.ndarray, list[tuple[Fraction, int]]]:
        """The supporters of `j` by class: (classes, inverse, [(budget, voters)] by budget)."""
        s = self.prep.supporters[j]
        classes, inverse = np.unique(self.cls[s], return_inverse=True)
        voters = np.bincount(inverse, weights=self.prep.supporter_weights[j])
        pairs = [
            (self.values[int(k)], int(round(float(v))))
            for k, v in zip(classes, voters, strict=True)
        ]
        return classes, inverse, pairs

    def share(self, j: int) -> Fraction | None:
        """The exact equal share `q` of project `j` now, or None when it is not affordable."""
        return exact_share(self.distribution(j)[2], self.prep.costs[j])

    def affordable(self, j: int) -> bool:
        pairs = self.distribution(j)[2]
        return sum((v * w for v, w in pairs), Fraction(0)) >= self.prep.costs[j]

    def replay(self, selected: Sequence[int]) -> None:
        """Apply the rounds `selected[self.applied:]` exactly."""
        for j in selected[self.applied :]:
            classes, inverse, pairs = self.distribution(j)
            q = exact_share(pairs, self.prep.costs[j])
            if q is None:  # pragma: no cover - a clear float decision said it was affordable
                raise AssertionError("exact replay found an unaffordable winner")
            new = np.asarray(
                [self._class_of(max(Fraction(0), v - q)) for v, _ in pairs], dtype=np.intp
            )
            self.cls[self.prep.supporters[j]] = new[inverse]
        self.applied = len(selected)


def exact_share(pairs: list[tuple[Fraction, int]], cost: Fraction) -> Fraction | None:
    """The equal share for supporters holding `pairs` (budget, voters), or None if too poor.

    Exactly pabutools' scan: supporters from poorest to richest; the first supporter who can
    pay `(cost - what the poorer ones pay) / (supporters left)` fixes the share.
    """
    total = sum((v * w for v, w in pairs), Fraction(0))
    if total < cost:
        return None
    paid = Fraction(0)
    rich = sum(w for v, w in pairs if v > 0)
    for value, count in sorted(p for p in pairs if p[0] > 0):
        q = (cost - paid) / rich
        if q <= value:
            return q
        paid += value * count
        rich -= count
    raise AssertionError("an affordable project always has a share")  # pragma: no cover


def _float_share(x: np.ndarray, w: np.ndarray, total_w: float, cost: float) -> float:
    """The equal share in floats: grow the set of poor supporters until it is stable."""
    q = cost / total_w
    n_poor = 0
    for _ in range(8):
        poor = x < q
        k = int(np.count_nonzero(poor))
        if k == n_poor:
            return q
        n_poor = k
        wp = w[poor]
        rich = total_w - float(wp.sum())
        if rich <= 0:
            break
        q = (cost - float(np.dot(x[poor], wp))) / rich
    # Many budget levels (or rounding at the edge): the sorted scan.
    order = np.argsort(x, kind="stable")
    xs = x[order]
    ws = w[order]
    paid_before = np.concatenate(([0.0], np.cumsum(xs * ws)[:-1]))
    rich_before = total_w - np.concatenate(([0.0], np.cumsum(ws)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        qs = (cost - paid_before) / rich_before
    ok = np.nonzero(qs <= xs)[0]
    if len(ok) == 0:
        return float(xs[-1]) if len(xs) else float("inf")
    return float(qs[ok[0]])


def run_mes(prep: Prepared, per_voter: Fraction) -> MesRun:
    """Run MES with every voter starting at `per_voter`; see the module docstring."""
    run = MesRun(per_voter=per_voter)
    budgets = np.full(prep.n_groups, float(per_voter), dtype=np.float64)
    money_scale = float(per_voter) * prep.n_voters
    ids = prep.ids
    costs_f = prep.costs_f
    exact: _ExactState | None = None
    # Groups whose budget is exactly 0 (not just 0 in floats): they were clearly poor once.
    surely_zero = np.zeros(prep.n_groups, dtype=bool)

    def exact_state() -> _ExactState:
        nonlocal exact
        if exact is None:
            exact = _ExactState(prep, per_voter)
        exact.replay(run.selected)
        run.exact_replays += 1
        return exact

    # (lower bound of rho, project); rho >= cost / (cost * supporters) = 1 / supporters.
    heap = [((1.0 / prep.votes[j]) * (1 - TOLERANCE), j) for j in prep.eligible]
    heapq.heapify(heap)
    while heap:
        best = float("inf")
        evaluated: list[tuple[float, float, int]] = []  # (rho, q, project)
        while heap and heap[0][0] <= best * (1 + TOLERANCE):
            _, j = heapq.heappop(heap)
            s = prep.supporters[j]
            w = prep.supporter_weights[j]
            x = budgets[s]
            total = float(np.dot(x, w))
            cost = float(costs_f[j])
            margin = TOLERANCE * cost + 1e-12 * money_scale
            if total < cost - margin:
                continue  # clearly too poor now, and budgets only shrink: gone for good
            if total <= cost + margin and not exact_state().affordable(j):
                continue
            q = _float_share(x, w, float(prep.votes[j]), cost)
            rho = q / cost
            evaluated.append((rho, q, j))
            best = min(best, rho)
        if not evaluated:
            break
        close = [e for e in evaluated if e[0] <= best * (1 + TOLERANCE)]
        if len(close) == 1:
            rho, q, winner = close[0]
        else:
            exact_rhos = []
            for _, q_f, j in close:
                rich = _all_rich_count(prep, budgets, surely_zero, j, q_f)
                if rich:  # no replay needed: rho = q / cost = 1 / rich exactly
                    share = prep.costs[j] / rich
                else:
                    exact_share_j = exact_state().share(j)
                    assert exact_share_j is not None  # affordability was settled above
                    share = exact_share_j
                exact_rhos.append((share / prep.costs[j], ids[j], j, share))
            _, _, winner, share = min(exact_rhos)
            q = float(share)
        for e in evaluated:
            if e[2] != winner:
                heapq.heappush(heap, (e[0] * (1 - TOLERANCE), e[2]))
        s = prep.supporters[winner]
        x = budgets[s]
        budgets[s] = x - np.minimum(x, q)
        # Clearly poorer than the share: paid everything, so exactly 0 left.
        surely_zero[s[x < q * (1 - TOLERANCE)]] = True
        run.selected.append(winner)
        run.shares.append(q)
    return run


def _all_rich_count(
    prep: Prepared, budgets: np.ndarray, surely_zero: np.ndarray, j: int, q: float
) -> int:
    """How many supporters pay the share of `j`, when that settles its rho exactly, else 0.

    When every supporter either holds exactly nothing or clearly more than the share `q`,
    the share is exactly cost / (supporters holding something), so rho = 1 / that number:
    a tie between such projects needs no fractions (the usual tie in real elections).
    """
    s = prep.supporters[j]
    x = budgets[s]
    holding = x > 0
    if not np.all(surely_zero[s[~holding]]):
        return 0
    if np.any(x[holding] < q * (1 + TOLERANCE)):
        return 0
    return int(round(float(prep.supporter_weights[j][holding].sum())))


@dataclass
class RoundDetail:
    """Who paid for one selected project, replayed in floats for the explanation."""

    project: int
    share: float
    supporters: int
    paid: int  # supporters who paid something
    paid_full_share: int  # supporters who paid the whole share
    payments: np.ndarray | None = None  # per group, only when asked for


def replay_details(
    prep: Prepared, run: MesRun, keep_payments: bool = False
) -> tuple[list[RoundDetail], np.ndarray]:
    """The payments of each round of `run` and the budgets left per group at the end."""
    budgets = np.full(prep.n_groups, float(run.per_voter), dtype=np.float64)
    details = []
    for j, q in zip(run.selected, run.shares, strict=True):
        s = prep.supporters[j]
        w = prep.supporter_weights[j]
        x = budgets[s]
        pay = np.minimum(x, q)
        full = pay >= q * (1 - TOLERANCE)
        details.append(
            RoundDetail(
                project=j,
                share=q,
                supporters=prep.votes[j],
                paid=int(round(float(w[pay > 0].sum()))),
                paid_full_share=int(round(float(w[full].sum()))),
                payments=(pay if keep_payments else None),
            )
        )
        budgets[s] = x - pay
    return details, budgets


def supporters_money(prep: Prepared, budgets: np.ndarray, j: int) -> float:
    """What the supporters of `j` hold together (float, for display)."""
    return float(np.dot(budgets[prep.supporters[j]], prep.supporter_weights[j]))


@dataclass
class IteratedRun:
    """MES with the Add1U budget increments: the run that was kept and how it got there."""

    run: MesRun
    increments: int  # how many times 1 was added to the start budget for the kept run
    runs: int  # how many MES runs it took (the last one may be over the budget)
    exact_replays: int


def run_mes_add1(prep: Prepared) -> IteratedRun:
    """pabutools' `voter_budget_increment=1` loop.

    Start at budget / voters; after each run: an outcome over the budget ends the loop and the
    previous outcome is kept (the empty one if it was the first); an outcome that leaves no
    eligible project affordable within the budget ends it too and is kept; otherwise every
    voter gets 1 more and MES runs again from the start.
    """
    per_voter = prep.budget / prep.n_voters
    previous = MesRun(per_voter=per_voter)
    increments = 0
    runs = 0
    replays = 0
    eligible_costs = [(j, prep.costs[j]) for j in prep.eligible]
    while True:
        run = run_mes(prep, per_voter + increments)
        runs += 1
        replays += run.exact_replays
        spent = sum((prep.costs[j] for j in run.selected), Fraction(0))
        if spent > prep.budget:
            kept = previous
            return IteratedRun(kept, max(increments - 1, 0), runs, replays)
        chosen = set(run.selected)
        left = prep.budget - spent
        if all(j in chosen or c > left for j, c in eligible_costs):
            return IteratedRun(run, increments, runs, replays)
        previous = run
        increments += 1
