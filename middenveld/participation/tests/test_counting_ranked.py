"""Approval, points, Borda and Schulze counts, and the ballot checks (counting/ranked.py)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from middenveld.core.errors import Invalid
from middenveld.participation.counting.ranked import (
    BallotInvalid,
    Place,
    approval_count,
    borda,
    format_euros,
    points_count,
    schulze,
    validate_approval,
    validate_budget_choice,
    validate_points,
    validate_ranking,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def message(error: pytest.ExceptionInfo[BallotInvalid]) -> str:
    return str(error.value)


# --- Schulze --------------------------------------------------------------------------

WIKIPEDIA = (
    [["A", "C", "B", "E", "D"]] * 5
    + [["A", "D", "E", "C", "B"]] * 5
    + [["B", "E", "D", "A", "C"]] * 8
    + [["C", "A", "B", "E", "D"]] * 3
    + [["C", "A", "E", "B", "D"]] * 7
    + [["C", "B", "A", "D", "E"]] * 2
    + [["D", "C", "E", "B", "A"]] * 7
    + [["E", "B", "A", "D", "C"]] * 8
)
ABCDE = ["A", "B", "C", "D", "E"]


def test_schulze_gives_the_wikipedia_example_order():
    result = schulze(WIKIPEDIA, ABCDE)

    assert len(WIKIPEDIA) == 45
    assert result.ballots == 45
    assert result.order == ["E", "A", "C", "B", "D"]
    assert result.winners == ["E"]
    assert result.ties == []


def test_schulze_explains_with_the_pairwise_matrix_and_path_strengths():
    result = schulze(WIKIPEDIA, ABCDE)

    assert result.pairwise == {
        "A": {"A": 0, "B": 20, "C": 26, "D": 30, "E": 22},
        "B": {"A": 25, "B": 0, "C": 16, "D": 33, "E": 18},
        "C": {"A": 19, "B": 29, "C": 0, "D": 17, "E": 24},
        "D": {"A": 15, "B": 12, "C": 28, "D": 0, "E": 14},
        "E": {"A": 23, "B": 27, "C": 21, "D": 31, "E": 0},
    }
    assert result.strength == {
        "A": {"A": 0, "B": 28, "C": 28, "D": 30, "E": 24},
        "B": {"A": 25, "B": 0, "C": 28, "D": 33, "E": 24},
        "C": {"A": 25, "B": 29, "C": 0, "D": 29, "E": 24},
        "D": {"A": 25, "B": 28, "C": 28, "D": 0, "E": 24},
        "E": {"A": 25, "B": 28, "C": 28, "D": 31, "E": 0},
    }
    assert result.beats("E", "A")
    assert not result.beats("A", "E")


def random_profile(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    candidates = [f"c{index}" for index in range(rng.randint(2, 6))]
    rankings = []
    for _voter in range(rng.randint(1, 25)):
        ranking = rng.sample(candidates, len(candidates))
        rankings.append(ranking[: rng.randint(0, len(candidates))])
    return candidates, rankings


def test_a_condorcet_winner_always_wins_schulze_alone():
    rng = random.Random(20240611)
    checked = 0
    for _profile in range(800):
        candidates, rankings = random_profile(rng)
        result = schulze(rankings, candidates)
        d = result.pairwise
        condorcet = [a for a in candidates if all(d[a][b] > d[b][a] for b in candidates if b != a)]
        if condorcet:
            checked += 1
            assert result.winners == condorcet
            assert result.order[0] == condorcet[0]
    assert checked > 200  # the property was really exercised


def test_schulze_places_never_put_a_beaten_candidate_above_its_winner():
    rng = random.Random(7)
    for _profile in range(300):
        candidates, rankings = random_profile(rng)
        result = schulze(rankings, candidates)
        place_of = {c: place.position for place in result.places for c in place.candidates}
        for a in candidates:
            for b in candidates:
                if result.beats(a, b):
                    assert place_of[a] < place_of[b]
        assert sorted(result.order) == sorted(candidates)


def test_schulze_leaves_unranked_candidates_tied_below_the_ranked_ones():
    result = schulze([["B"], ["B", "C"]], ["A", "B", "C", "D"])

    assert result.pairwise["B"] == {"A": 2, "B": 0, "C": 2, "D": 2}
    assert result.pairwise["C"] == {"A": 1, "B": 0, "C": 0, "D": 1}
    assert result.pairwise["A"]["D"] == result.pairwise["D"]["A"] == 0
    assert result.places == [Place(1, ("B",)), Place(2, ("C",)), Place(3, ("A", "D"))]


def test_schulze_tie_is_shown_and_broken_by_the_candidate_order():
    result = schulze([["A", "B"], ["B", "A"]], ["B", "A"])

    assert result.places == [Place(1, ("B", "A"))]
    assert result.order == ["B", "A"]
    assert result.winners == ["B", "A"]
    assert result.tie_sentences() == [
        "B, A share place 1: none of them beats the others. The order among them follows "
        "the published order of the ballot."
    ]


def test_schulze_with_one_candidate_and_with_no_ballots():
    assert schulze([["A"], []], ["A"]).order == ["A"]
    empty = schulze([], ["A", "B", "C"])
    assert empty.ballots == 0
    assert empty.places == [Place(1, ("A", "B", "C"))]
    assert empty.pairwise["A"] == {"A": 0, "B": 0, "C": 0}
    assert schulze([], []).order == []


def test_schulze_refuses_a_ballot_naming_an_unknown_or_repeated_candidate():
    with pytest.raises(BallotInvalid) as unknown:
        schulze([["A"], ["A", "Z"]], ["A", "B"])
    with pytest.raises(BallotInvalid) as twice:
        schulze([["A", "B", "A"]], ["A", "B"])

    assert message(unknown) == "Ballot 2 cannot be counted: Project Z is not on this ballot."
    assert message(twice) == "Ballot 1 cannot be counted: Project A is on your ballot twice."


def test_candidates_must_not_repeat():
    with pytest.raises(ValueError, match="must not repeat"):
        schulze([], ["A", "A"])


# --- Borda ----------------------------------------------------------------------------


def test_borda_gives_m_minus_rank_points():
    tally = borda([["A", "B", "C"], ["B", "C", "A"], ["B", "A", "C"]], ["A", "B", "C"])

    assert tally.totals == {"A": 3, "B": 5, "C": 1}
    assert tally.ranking == ["B", "A", "C"]
    assert tally.places == [Place(1, ("B",), 5), Place(2, ("A",), 3), Place(3, ("C",), 1)]


def test_borda_gives_unranked_candidates_nothing():
    tally = borda([["C"], ["A", "C"]], ["A", "B", "C", "D"])

    assert tally.totals == {"A": 3, "B": 0, "C": 5, "D": 0}
    assert tally.places[-1] == Place(3, ("B", "D"), 0)


def test_borda_ties_share_a_place_and_the_next_place_skips():
    tally = borda([["A", "B", "C"], ["B", "A", "C"]], ["B", "A", "C"])

    assert tally.places == [Place(1, ("B", "A"), 3), Place(3, ("C",), 0)]
    assert tally.ranking == ["B", "A", "C"]
    assert tally.tie_sentences() == [
        "B, A share place 1 with 3 each. The order among them follows the published order "
        "of the ballot."
    ]


def test_borda_with_one_candidate_and_no_ballots():
    assert borda([["A"]], ["A"]).totals == {"A": 0}
    assert borda([], ["A", "B"]).places == [Place(1, ("A", "B"), 0)]


# --- approval and points --------------------------------------------------------------


def test_approval_count_totals_and_places_with_ties():
    ballots = [["1", "2"], ["2", "3"], ["3"], ["1"], [], ["4", "2"]]

    tally = approval_count(ballots, ["1", "2", "3", "4"], max_choices=2)

    assert tally.totals == {"1": 2, "2": 3, "3": 2, "4": 1}
    assert tally.places == [Place(1, ("2",), 3), Place(2, ("1", "3"), 2), Place(4, ("4",), 1)]
    assert [place.position for place in tally.ties] == [2]


def test_approval_count_refuses_a_ballot_with_too_many_choices():
    with pytest.raises(BallotInvalid) as caught:
        approval_count([["1"], ["1", "2", "3"]], ["1", "2", "3"], max_choices=2)

    assert message(caught) == (
        "Ballot 2 cannot be counted: You chose 3 projects; this ballot allows at most 2."
    )


def test_approval_count_without_limit_and_without_ballots():
    assert approval_count([["1", "2", "3"]], ["1", "2", "3"], None).totals == {
        "1": 1,
        "2": 1,
        "3": 1,
    }
    assert approval_count([], ["1"], 1).places == [Place(1, ("1",), 0)]


def test_points_count_adds_the_points():
    tally = points_count([{"a": 60, "b": 40}, {"b": 100}, {"a": 50, "c": 50}], ["a", "b", "c"])

    assert tally.totals == {"a": 110, "b": 140, "c": 50}
    assert tally.ranking == ["b", "a", "c"]


def test_points_count_uses_the_given_total_and_refuses_other_sums():
    assert points_count([{"a": 7, "b": 3}], ["a", "b"], total_points=10).totals == {"a": 7, "b": 3}
    with pytest.raises(BallotInvalid) as caught:
        points_count([{"a": 60, "b": 40}, {"a": 60, "b": 41}], ["a", "b"])

    assert message(caught) == "Ballot 2 cannot be counted: You gave 101 points; share exactly 100."


# --- checking one ballot --------------------------------------------------------------


def test_validate_approval_accepts_a_good_ballot():
    validate_approval(["1", "2", "3"], ["1", "2", "3", "4"], 3)
    validate_approval([], ["1"], 3)
    validate_approval(["1", "2"], {"1", "2"}, None)


@pytest.mark.parametrize(
    ("choice", "max_choices", "min_choices", "text"),
    [
        (["1", "2", "3", "4"], 3, 0, "You chose 4 projects; this ballot allows at most 3."),
        (["1", "7", "7"], 3, 0, "Project 7 is on your ballot twice."),
        (["1", "99"], 3, 0, "Project 99 is not on this ballot."),
        ([], 3, 1, "Choose at least 1 project; you chose 0."),
        (["1"], 3, 2, "Choose at least 2 projects; you chose 1."),
    ],
)
def test_validate_approval_refuses(choice, max_choices, min_choices, text):
    allowed = ["1", "2", "3", "4", "7"]
    with pytest.raises(BallotInvalid) as caught:
        validate_approval(choice, allowed, max_choices, min_choices=min_choices)

    assert message(caught) == text


def test_ballot_invalid_is_an_invalid_domain_error():
    with pytest.raises(Invalid) as caught:
        validate_approval(["9"], ["1"], 1)

    assert caught.value.http_status == 422
    assert caught.value.code == "ballot_invalid"


def test_validate_ranking():
    validate_ranking(["3", "1"], ["1", "2", "3"])
    validate_ranking([], ["1"], min_ranked=0)
    for ranking, text in [
        (["1", "2", "1"], "Project 1 is on your ballot twice."),
        (["1", "99"], "Project 99 is not on this ballot."),
        ([], "Put at least 1 project in your order."),
    ]:
        with pytest.raises(BallotInvalid) as caught:
            validate_ranking(ranking, ["1", "2", "3"])
        assert message(caught) == text


def test_validate_points():
    validate_points({"1": 100}, ["1", "2"])
    validate_points({"1": 0, "2": 100}, ["1", "2"])
    validate_points({"1": 4, "2": 6}, ["1", "2"], total=10)
    for points, text in [
        ({"1": 60, "2": 41}, "You gave 101 points; share exactly 100."),
        ({"1": 60, "2": 30}, "You gave 90 points; share exactly 100."),
        ({}, "You gave 0 points; share exactly 100."),
        ({"1": 110, "2": -10}, "Project 2 has -10 points; give 0 points or more."),
        ({"1": 50.5, "2": 49.5}, "Give whole numbers of points; project 1 has 50.5."),
        ({"1": "50", "2": 50}, "Give whole numbers of points; project 1 has 50."),
        ({"1": True, "2": 99}, "Give whole numbers of points; project 1 has True."),
        ({"1": 50, "99": 50}, "Project 99 is not on this ballot."),
    ]:
        with pytest.raises(BallotInvalid) as caught:
            validate_points(points, ["1", "2"])
        assert message(caught) == text


COSTS = {"1": Fraction(5000), "2": Fraction(7500), "3": Fraction(2500), "4": Fraction(1, 2)}


def test_validate_budget_choice_accepts_up_to_the_budget():
    validate_budget_choice(["1", "3"], COSTS, 10000)
    validate_budget_choice(["2", "3"], COSTS, Fraction(10000))
    validate_budget_choice([], COSTS, 1)
    validate_budget_choice(["1"], {"1": Decimal("5000.00")}, Decimal("5000"))


def test_validate_budget_choice_refuses():
    for choice, text in [
        (["1", "2"], "The projects you chose cost €12,500; the budget is €10,000."),
        (["1", "2", "4"], "The projects you chose cost €12,500.50; the budget is €10,000."),
        (["1", "1"], "Project 1 is on your ballot twice."),
        (["99"], "Project 99 is not on this ballot."),
    ]:
        with pytest.raises(BallotInvalid) as caught:
            validate_budget_choice(choice, COSTS, 10000)
        assert message(caught) == text


def test_format_euros_follows_the_language():
    assert format_euros(12500) == "€12,500"
    assert format_euros(Fraction(1, 3)) == "€0.33"
    with translation.override("nl"):
        assert format_euros(Fraction(25001, 2)) == "€12.500,50"
