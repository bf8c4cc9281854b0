from __future__ import annotations

from fractions import Fraction

import pytest

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.ballots import counting, services
from middenveld.ballots.models import Ballot, Cast
from middenveld.ballots.presenters import result_view
from middenveld.ballots.tests.factories import ballot_with_options
from middenveld.participation.counting import pabulib
from middenveld.participation.counting.budget import equal_shares_completion, greedy
from middenveld.participation.counting.errors import PabulibError

pytestmark = pytest.mark.django_db

COSTS = {"a": 60_000, "b": 40_000, "c": 30_000, "d": 20_000, "e": 10_000}


def _closed_ballot_with_votes(votes: list[dict], **kwargs) -> Ballot:
    """A ballot for residents, votes cast while open, then closed."""
    from datetime import timedelta

    from django.utils import timezone

    ballot = ballot_with_options(codes="abcde", costs=COSTS, electorate="residents", **kwargs)
    for vote in votes:
        services.cast_ballot(ballot=ballot, by=UserFactory(), content=vote)
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    ballot.refresh_from_db()
    return ballot


BUDGET_VOTES = (
    [{"choices": ["a", "b"]}] * 5
    + [{"choices": ["c", "d", "e"]}] * 4
    + [{"choices": ["b", "e"]}] * 3
    + [{"choices": ["a"]}] * 2
)


def test_a_budget_ballot_is_counted_by_equal_shares_with_completion_and_greedy_beside():
    ballot = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)

    result = services.ballot_results(ballot=ballot, user=UserFactory())

    instance = counting._budget_instance(
        counting.ballot_inputs(ballot),
        [{"choices": v["choices"]} for v in BUDGET_VOTES],
    )
    assert result["method"] == "budget"
    assert result["voters"] == 14
    assert result["rule"] == "equal-shares-completion"
    assert result["selected"] == equal_shares_completion(instance).selected
    assert result["comparison"]["selected"] == greedy(instance).selected
    spent = sum(Fraction(COSTS[code]) for code in result["selected"])
    assert spent <= 100_000


def test_the_budget_result_in_plain_words_says_who_paid_and_why_others_are_out():
    ballot = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)
    result = services.ballot_results(ballot=ballot, user=UserFactory())
    labels = {o.code: o.title for o in ballot.options.all()}

    view = result_view(result, labels)

    assert "14 voters. The budget was €100,000" in view["summary"]
    paid = [row for row in view["selected"] if row["stage"] == "equal-shares"]
    assert paid, "equal shares selects at least one project here"
    assert "of its supporters paid for it together" in paid[0]["sentence"] or (
        "supporter paid for it" in paid[0]["sentence"]
    )
    assert "€" in paid[0]["sentence"]
    selected = {row["code"] for row in view["selected"]}
    assert {row["code"] for row in view["rejected"]} == set("abcde") - selected
    for row in view["rejected"]:
        assert row["sentence"], f"no reason for {row['code']}"
    assert all(row["title"].startswith("Project ") for row in view["greedy"])


def test_an_approval_ballot_counts_votes_per_option_with_places_and_ties():
    votes = [{"choices": ["a", "b"]}] * 3 + [{"choices": ["b", "c"]}] * 2 + [{"choices": ["d"]}]
    ballot = _closed_ballot_with_votes(votes, method="approval", max_choices=2)

    result = services.ballot_results(ballot=ballot, user=UserFactory())

    assert result["totals"] == {"a": 3, "b": 5, "c": 2, "d": 1, "e": 0}
    assert result["places"][0] == {"position": 1, "options": ["b"], "score": 5}
    view = result_view(result, {"b": "Speeltuin"})
    assert view["rows"][0]["title"] == "Speeltuin"


def test_a_points_ballot_adds_the_points():
    votes = [{"points": {"a": 70, "b": 30}}, {"points": {"b": 100}}, {"points": {"c": 50, "a": 50}}]
    ballot = _closed_ballot_with_votes(votes, method="points")

    result = services.ballot_results(ballot=ballot, user=UserFactory())

    assert result["totals"] == {"a": 120, "b": 130, "c": 50, "d": 0, "e": 0}
    assert [p["options"] for p in result["places"][:2]] == [["b"], ["a"]]


def test_a_ranking_ballot_gives_the_schulze_order_with_borda_beside_it():
    # A Condorcet winner (b) that Borda does not put first: Borda favours a here.
    votes = (
        [{"ranking": ["a", "b", "c"]}] * 3
        + [{"ranking": ["b", "c", "a"]}] * 2
        + [{"ranking": ["b", "a", "c"]}] * 2
    )
    ballot = _closed_ballot_with_votes(votes, method="ranking")

    result = services.ballot_results(ballot=ballot, user=UserFactory())

    assert result["order"][:3] == ["b", "a", "c"]
    assert result["head_to_head_wins"]["b"] >= 2
    assert result["borda"]["totals"]["a"] > 0
    view = result_view(result, {})
    assert view["rows"][0]["code"] == "b"


def test_counting_again_from_the_stored_votes_gives_the_same_result_and_fingerprint():
    ballot = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)
    services.ballot_count(ballot=ballot)
    stored = Ballot.objects.get(pk=ballot.pk)

    report = services.ballot_recount(ballot=stored, by=StaffFactory())

    assert report.same_inputs and report.same_result
    assert report.inputs_hash == stored.inputs_hash
    again = Ballot.objects.get(pk=ballot.pk)
    assert again.result == stored.result
    assert len(again.inputs_hash) == 64


def test_the_fingerprint_changes_when_a_stored_vote_is_changed_behind_our_back():
    ballot = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)
    services.ballot_count(ballot=ballot)
    cast = Cast.objects.filter(ballot=ballot).first()
    Cast.objects.filter(pk=cast.pk).update(content={"choices": ["e"]})

    report = services.ballot_recount(ballot=Ballot.objects.get(pk=ballot.pk), by=StaffFactory())

    assert not report.same_inputs


def test_the_fingerprint_does_not_depend_on_the_order_of_voting():
    first = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)
    second = _closed_ballot_with_votes(
        list(reversed(BUDGET_VOTES)), method="budget", budget=100_000
    )
    a, b = counting.ballot_inputs(first), counting.ballot_inputs(second)
    assert a["votes"] == b["votes"]
    assert counting.count(a) == counting.count(b)


# --- Pabulib ------------------------------------------------------------------------------


def test_a_budget_ballot_exports_to_pabulib_and_counts_the_same_when_read_back():
    ballot = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)
    text = services.ballot_export_pb(ballot=ballot, user=UserFactory())

    instance = pabulib.read_pb(text)
    assert instance.budget == 100_000
    assert len(instance.approvals) == 14
    assert instance.voter_ids == [str(n) for n in range(1, 15)]
    assert "person" not in text and "@" not in text
    result = services.ballot_results(ballot=ballot, user=UserFactory())
    counted = counting.count_pb(text)
    assert counted["selected"] == result["selected"]
    assert counted["comparison"]["selected"] == result["comparison"]["selected"]


def test_an_approval_ballot_exports_with_unit_costs_and_max_length():
    votes = [{"choices": ["a", "b"]}, {"choices": ["c"]}]
    ballot = _closed_ballot_with_votes(votes, method="approval", max_choices=2)
    election = pabulib.read_pb_election(services.ballot_export_pb(ballot=ballot, user=None))
    assert election.vote_type == "approval"
    assert election.meta["max_length"] == "2"
    assert sorted(election.votes) == [("a", "b"), ("c",)]


def test_a_ranking_ballot_exports_as_ordinal_votes_in_order():
    votes = [{"ranking": ["c", "a"]}, {"ranking": ["b", "a", "e"]}]
    ballot = _closed_ballot_with_votes(votes, method="ranking")
    text = services.ballot_export_pb(ballot=ballot, user=None)
    election = pabulib.read_pb_election(text)
    assert election.vote_type == "ordinal"
    assert sorted(election.votes) == [("b", "a", "e"), ("c", "a")]
    counted = counting.count_pb(text)
    assert counted["method"] == "ranking"
    assert counted["order"] == services.ballot_results(ballot=ballot, user=None)["order"]


def test_a_points_ballot_exports_as_cumulative_votes_with_points():
    votes = [{"points": {"a": 70, "b": 30}}, {"points": {"c": 100}}]
    ballot = _closed_ballot_with_votes(votes, method="points")
    text = services.ballot_export_pb(ballot=ballot, user=None)
    election = pabulib.read_pb_election(text)
    assert election.vote_type == "cumulative"
    pairs = sorted(zip(election.votes, election.points, strict=True))
    assert pairs == [(("a", "b"), (70, 30)), (("c",), (100,))]
    counted = counting.count_pb(text)
    assert counted["totals"]["a"] == 70 and counted["totals"]["c"] == 100


def test_counting_an_imported_file_stores_nothing():
    ballot = _closed_ballot_with_votes(BUDGET_VOTES, method="budget", budget=100_000)
    text = services.ballot_export_pb(ballot=ballot, user=None)
    casts, ballots = Cast.objects.count(), Ballot.objects.count()
    counted = services.pb_import_count(data=text.encode(), by=StaffFactory())
    assert counted["labels"]["a"] == "Project A"
    assert (Cast.objects.count(), Ballot.objects.count()) == (casts, ballots)


def test_a_malformed_file_is_refused_with_the_line_and_the_reason():
    text = "META\nkey;value\nbudget;1000\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n"
    with pytest.raises(PabulibError) as error:
        services.pb_import_count(data=text.encode(), by=StaffFactory())
    assert error.value.line == 6
    assert "is not a number" in error.value.reason


def test_only_city_staff_may_count_a_file():
    from middenveld.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.pb_import_count(data=b"META\n", by=UserFactory())
