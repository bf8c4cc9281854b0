"""The budget rules on small elections worked out by hand, and what their explanations say.

The election used throughout (budget 40, four voters, so 10 each under equal shares):

    P1 costs 24, approved by voters 1, 2, 3     P2 costs 10, approved by voters 3, 4
    P3 costs 5,  approved by voters 1, 2        P4 costs 7,  approved by nobody

Equal shares: P1 first (rho 1/3: 8 from each of its three supporters, who keep 2 each). Then
P2: voter 3 has only 2, so it pays 2 and voter 4 pays 8. P3's supporters have 2 + 2 = 4 of
the 5 it costs. Greedy: P1 (3 votes), P2 and P3 (2 votes; "P2" sorts first), P4 does not fit
in the 1 left. Completion: at 10 each P3 still fits in the 6 left, so every voter gets 11:
P1 (8 each, voters 1 and 2 keep 3), P3 (2.50 each from voters 1 and 2), P2 (3 from voter 3,
7 from voter 4); 39 spent, nothing eligible fits in 1: that outcome is kept.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from middenveld.participation.counting.budget import (
    RULES,
    Outcome,
    equal_shares,
    equal_shares_completion,
    greedy,
    reason_text,
)
from middenveld.participation.counting.errors import BallotInvalid
from middenveld.participation.counting.instance import BudgetInstance, Project


def election() -> BudgetInstance:
    return BudgetInstance(
        [
            Project("P1", Fraction(24), "Playground"),
            Project("P2", Fraction(10), "Benches"),
            Project("P3", Fraction(5), "Trees"),
            Project("P4", Fraction(7), "Mural"),
        ],
        Fraction(40),
        [("P1", "P3"), ("P1", "P3"), ("P1", "P2"), ("P2",)],
        ["v1", "v2", "v3", "v4"],
    )


def by_id(entries: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in entries}


def test_rules_are_registered_under_their_names() -> None:
    assert {
        "equal-shares": equal_shares,
        "equal-shares-completion": equal_shares_completion,
        "greedy": greedy,
    } == RULES


def test_equal_shares_selects_p1_then_p2() -> None:
    outcome = equal_shares(election())
    assert isinstance(outcome, Outcome)
    assert outcome.rule == "equal-shares"
    assert outcome.selected == ["P1", "P2"]


def test_equal_shares_explains_who_paid_how_much() -> None:
    explanation = equal_shares(election()).explanation
    assert explanation["budget_per_voter"] == "10"
    assert (explanation["budget"], explanation["spent"], explanation["left_over"]) == (
        "40",
        "34",
        "6",
    )
    p1, p2 = explanation["selected"]
    assert p1 == {
        "id": "P1",
        "name": "Playground",
        "cost": "24",
        "votes": 3,
        "stage": "equal-shares",
        "step": 1,
        "paid_by": 3,
        "paid_full_share": 3,
        "share": "8",
        "total_paid": "24",
    }
    assert (p2["paid_by"], p2["paid_full_share"], p2["share"], p2["total_paid"]) == (
        2,
        1,
        "8",
        "10",
    )


def test_equal_shares_says_why_projects_were_left_out() -> None:
    rejected = by_id(equal_shares(election()).explanation["rejected"])
    assert rejected["P3"]["reason"] == "supporters_short"
    assert (rejected["P3"]["supporters_budget"], rejected["P3"]["cost"]) == ("4", "5")
    assert rejected["P4"]["reason"] == "no_votes"
    assert reason_text(rejected["P3"]) == "Its supporters had only 4 left of the 5 it costs."
    assert reason_text(rejected["P4"]) == "Nobody voted for this project."


def test_per_voter_payments_only_on_request() -> None:
    assert "voter_payments" not in equal_shares(election()).explanation
    payments = equal_shares(election(), voter_payments=True).explanation["voter_payments"]
    assert payments == {
        "v1": {"P1": "8"},
        "v2": {"P1": "8"},
        "v3": {"P1": "8", "P2": "2"},
        "v4": {"P2": "8"},
    }


def test_greedy_takes_the_most_votes_first_and_skips_what_does_not_fit() -> None:
    outcome = greedy(election())
    assert outcome.selected == ["P1", "P2", "P3"]
    explanation = outcome.explanation
    assert [e["remaining_after"] for e in explanation["selected"]] == ["16", "6", "1"]
    (p4,) = explanation["rejected"]
    assert (p4["id"], p4["reason"], p4["remaining_budget"]) == ("P4", "does_not_fit", "1")
    assert reason_text(p4) == "It costs 7 and does not fit in the remaining budget of 1."


def test_completion_raises_every_voter_budget_until_nothing_more_fits() -> None:
    outcome = equal_shares_completion(election())
    assert outcome.rule == "equal-shares-completion"
    assert outcome.selected == ["P1", "P3", "P2"]
    explanation = outcome.explanation
    assert explanation["start_budget_per_voter"] == "10"
    assert explanation["budget_per_voter"] == "11"
    assert explanation["increments"] == 1
    steps = by_id(explanation["selected"])
    assert steps["P3"]["share"] == "2.50"
    assert (steps["P2"]["paid_by"], steps["P2"]["paid_full_share"], steps["P2"]["share"]) == (
        2,
        1,
        "7",
    )
    (p4,) = explanation["rejected"]
    assert (p4["reason"], p4["remaining_budget"]) == ("does_not_fit", "1")


def test_completion_fills_with_greedy_after_equal_shares() -> None:
    # One voter likes only the expensive project; MES (even with more budget per voter)
    # cannot pay for it, greedy then adds the cheap project nobody voted for.
    instance = BudgetInstance(
        [Project("big", Fraction(90)), Project("cheap", Fraction(5)), Project("mid", Fraction(30))],
        Fraction(100),
        [("big",), ("mid",), ("mid",)],
    )
    outcome = equal_shares_completion(instance)
    stages = [(e["id"], e["stage"]) for e in outcome.explanation["selected"]]
    assert outcome.selected == ["mid", "cheap"]
    assert stages == [("mid", "equal-shares"), ("cheap", "greedy")]


def test_explanations_are_json() -> None:
    for rule in RULES.values():
        json.dumps(rule(election()).explanation)
    json.dumps(equal_shares(election(), voter_payments=True).explanation)


def test_decimal_costs_are_shown_exactly() -> None:
    instance = BudgetInstance(
        [Project("a", Fraction("1000.50")), Project("b", Fraction(1, 3))],
        Fraction(2000),
        [("a",), ("a", "b")],
    )
    explanation = greedy(instance).explanation
    assert [e["cost"] for e in explanation["selected"]] == ["1000.50", "0.33"]


def test_a_vote_for_an_unknown_project_is_refused_with_a_message() -> None:
    instance = BudgetInstance([Project("a", Fraction(5))], Fraction(10), [("a", "zz")])
    with pytest.raises(BallotInvalid, match="zz"):
        equal_shares(instance)


def test_an_empty_election_selects_nothing() -> None:
    empty = BudgetInstance([], Fraction(100), [])
    for rule in RULES.values():
        assert rule(empty).selected == []
