"""Reading and writing Pabulib `.pb` files (middenveld.participation.counting.pabulib)."""

from __future__ import annotations

import io
import time
from fractions import Fraction
from pathlib import Path

import pytest

from middenveld.core.errors import Invalid
from middenveld.participation.counting.instance import BudgetInstance, Project
from middenveld.participation.counting.pabulib import (
    PabulibError,
    format_amount,
    read_pb,
    read_pb_election,
    write_pb,
)

REAL_FILES = sorted(Path("/work/shared/data/pabulib").glob("*.pb"))

# Line numbers:   1     2         3           4                5
BASE = "\n".join(
    [
        "META",
        "key;value",
        "budget;1000",
        "vote_type;approval",
        "max_length;2",
        "PROJECTS",  # 6
        "project_id;cost;name",  # 7
        "1;400;Trees",  # 8
        "2;500;Benches",  # 9
        '3;300;"Lights; bright and ""new"""',  # 10
        "VOTES",  # 11
        "voter_id;vote",  # 12
        "a;1,2",  # 13
        "b;3",  # 14
    ]
)


def replace(line: int, text: str) -> str:
    """BASE with line `line` (1-based) replaced by `text` (which may hold several lines)."""
    lines = BASE.split("\n")
    lines[line - 1] = text
    return "\n".join(line for line in lines if line is not None)


def refusal(source: str | bytes) -> PabulibError:
    with pytest.raises(PabulibError) as caught:
        read_pb(source)
    return caught.value


# --- what is read ---------------------------------------------------------------------


def test_reads_budget_projects_votes_and_meta():
    instance = read_pb(BASE)

    assert instance.budget == 1000
    assert instance.projects == [
        Project("1", Fraction(400), "Trees"),
        Project("2", Fraction(500), "Benches"),
        Project("3", Fraction(300), 'Lights; bright and "new"'),
    ]
    assert instance.approvals == [("1", "2"), ("3",)]
    assert instance.voter_ids == ["a", "b"]
    assert instance.meta == {"budget": "1000", "vote_type": "approval", "max_length": "2"}


@pytest.mark.parametrize(
    ("written", "exact"),
    [
        ("8000000", Fraction(8000000)),
        ("1000000.50", Fraction(2000001, 2)),
        ("100000.0", Fraction(100000)),
        ("0.1", Fraction(1, 10)),
        ("1000000,25", Fraction(4000001, 4)),
    ],
)
def test_decimal_budgets_and_costs_are_exact(written, exact):
    text = replace(3, f"budget;{written}")
    text = text.replace("1;400;Trees", f"1;{written};Trees")

    instance = read_pb(text)

    assert instance.budget == exact
    assert instance.project("1").cost == exact


def test_bom_crlf_and_blank_lines_are_accepted():
    text = "\ufeff" + BASE.replace("\n", "\r\n").replace("PROJECTS", "\r\nPROJECTS\r\n")

    assert read_pb(text.encode("utf-8")) == read_pb(BASE)
    assert read_pb(text) == read_pb(BASE)


def test_reads_a_path_a_binary_file_and_a_text_file(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(BASE, encoding="utf-8")
    expected = read_pb(BASE)

    assert read_pb(path) == expected
    assert read_pb(str(path)) == expected
    assert read_pb(io.BytesIO(BASE.encode())) == expected
    assert read_pb(io.StringIO(BASE)) == expected


def test_empty_votes_and_none_count_as_approving_nothing():
    text = replace(14, "b;\nc;none\nd;4 , 1")
    text = text.replace("3;300;", "4;300;")

    assert read_pb(text).approvals == [("1", "2"), (), (), ("4", "1")]


def test_section_names_are_read_whatever_their_case():
    text = BASE.replace("META", "meta").replace("VOTES", "Votes")

    assert read_pb(text).approvals == [("1", "2"), ("3",)]


def test_votes_shorter_than_min_length_are_accepted():
    text = replace(5, "min_length;2")

    assert read_pb(text).approvals[1] == ("3",)


def test_extra_columns_are_kept_for_projects_and_votes():
    text = BASE.replace("project_id;cost;name", "project_id;cost;name;selected")
    text = text.replace("Trees", "Trees;1").replace("Benches", "Benches;0")
    text = text.replace('"""\n', '""";1\n')
    text = text.replace("voter_id;vote", "voter_id;vote;age").replace("1,2", "1,2;34")
    text = text.replace("b;3", "b;3;")

    election = read_pb_election(text)

    assert election.project_extra == {"selected": {"1": "1", "2": "0", "3": "1"}}
    assert election.vote_extra == {"age": ["34", ""]}


def test_ordinal_votes_keep_their_order_and_are_refused_for_budget_counting():
    text = replace(4, "vote_type;ordinal").replace("max_length;2", "max_length;3")
    text = text.replace("a;1,2", "a;2,3,1")

    election = read_pb_election(text)
    assert election.votes == [("2", "3", "1"), ("3",)]
    error = refusal(text)
    assert error.line == 4
    assert str(error) == (
        "line 4: this file holds ordinal votes; only approval votes can be counted with a "
        "budget rule."
    )


def test_cumulative_votes_keep_their_points():
    text = replace(4, "vote_type;cumulative").replace("voter_id;vote", "voter_id;vote;points")
    text = text.replace("a;1,2", "a;1,2;7,3").replace("b;3", "b;3;10.5")

    election = read_pb_election(text)

    assert election.points == [(Fraction(7), Fraction(3)), (Fraction(21, 2),)]
    assert election.votes == [("1", "2"), ("3",)]


def test_cumulative_votes_need_one_points_value_per_project():
    text = replace(4, "vote_type;cumulative").replace("voter_id;vote", "voter_id;vote;points")
    text = text.replace("a;1,2", "a;1,2;7").replace("b;3", "b;3;10")

    with pytest.raises(PabulibError) as caught:
        read_pb_election(text)

    assert caught.value.line == 13
    assert "one value per project" in str(caught.value)


def test_a_choose_one_file_is_read_as_approval_with_one_choice():
    text = replace(4, "vote_type;choose-1")

    assert refusal(text).line == 13  # voter a chose two projects
    assert read_pb(text.replace("a;1,2", "a;2")).approvals == [("2",), ("3",)]


# --- what is refused ------------------------------------------------------------------

VOTES_AT_LINE_7 = "META\nkey;value\nbudget;10\nPROJECTS\nVOTES\nvoter_id;vote\n"

REFUSED = [
    ("", 1, "the file is empty. A Pabulib file begins with the section line META."),
    ("\n\n  \n", 1, "the file is empty"),
    ("hello;world\n" + BASE, 1, "must begin with the section line META"),
    ("PROJECTS" + BASE.split("PROJECTS")[1], 1, "the section PROJECTS comes too early"),
    (BASE.split("\nVOTES")[0], 10, "the file ends before the section VOTES"),
    (BASE.split("\nPROJECTS")[0], 5, "the file ends before the section PROJECTS"),
    (replace(11, "BALLOTS"), 11, "'BALLOTS' is not a section of a Pabulib file"),
    (BASE + "\nMETA", 15, "the section META appears a second time; it was already on line 1."),
    (VOTES_AT_LINE_7, 5, "the section PROJECTS has no header line"),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\n", 7, "VOTES has no"),
    (replace(2, "name;value"), 2, "must start with the header line key;value"),
    (replace(3, "unit;Gent"), 1, "the META section has no budget; add a line"),
    (replace(3, "budget;lots"), 3, "the budget 'lots' is not a number."),
    (replace(3, "budget;0"), 3, "the budget is 0; it must be more than 0."),
    (replace(3, "budget;NaN"), 3, "the budget 'NaN' is not a number."),
    (replace(4, "vote_type;secret"), 4, "the vote type 'secret' is unknown"),
    (replace(5, "max_length;two"), 5, "max_length 'two' is not a whole number"),
    (replace(5, "budget;2000"), 5, "the key budget appears twice in META"),
    (replace(5, "max_length;2;3"), 5, "this line has 3 fields separated by ';'"),
    (replace(5, ";2"), 5, "this META line has a value but no key."),
    (replace(7, "id;cost;name"), 7, "the PROJECTS header has no column project_id"),
    (replace(7, "project_id;price;name"), 7, "the PROJECTS header has no column cost"),
    (replace(7, "project_id;cost;cost"), 7, "the column cost appears twice"),
    (replace(12, "voter_id;ballot"), 12, "the VOTES header has no column vote"),
    (replace(12, "id;vote"), 12, "the VOTES header has no column voter_id"),
    (replace(9, "2;500;Benches;extra"), 9, "this line has 4 fields separated by ';'"),
    (replace(9, "2;500"), 9, "but the PROJECTS section has 3 (project_id;cost;name)"),
    (replace(13, "a;1,2;x"), 13, "this line has 3 fields"),
    (replace(13, "a"), 13, "this line has 1 fields"),
    (replace(9, "1;500;Benches"), 9, "the project id 1 appears twice in PROJECTS."),
    (replace(9, ";500;Benches"), 9, "this project has no project_id."),
    (replace(9, '"2,5";500;Benches'), 9, "the project id '2,5' holds a comma"),
    (replace(8, "1;abc;Trees"), 8, "the cost 'abc' of project 1 is not a number."),
    (replace(8, "1;-400;Trees"), 8, "the cost of project 1 is -400; a cost must be more than 0."),
    (replace(8, "1;0;Trees"), 8, "the cost of project 1 is 0; a cost must be more than 0."),
    (replace(14, "a;3"), 14, "the voter id a appears twice in VOTES."),
    (replace(14, ";3"), 14, "this vote has no voter_id."),
    (replace(14, "b;9"), 14, "the vote of voter b names project 9, which is not in PROJECTS."),
    (replace(14, "b;3,3"), 14, "the vote of voter b names project 3 twice."),
    (replace(14, "b;1,2,3"), 14, "names 3 projects, more than max_length (2) in META."),
    (replace(9, '2;500;"Benches'), 9, "a double quote on this line is not closed"),
    (replace(13, 'a;"1,2'), 13, "a double quote on this line is not closed"),
    (replace(9, "2;500;Bench\x00es"), 9, "this line holds binary data"),
]


@pytest.mark.parametrize(("text", "line", "reason"), REFUSED)
def test_a_malformed_file_is_refused_with_its_line(text, line, reason):
    error = refusal(text)

    assert error.line == line
    assert reason in str(error)
    assert str(error).startswith(f"line {line}: ")


def test_the_message_names_the_line_and_the_problem_in_one_sentence():
    error = refusal(replace(8, "1;abc;Trees"))

    assert str(error) == "line 8: the cost 'abc' of project 1 is not a number."
    assert isinstance(error, Invalid)
    assert error.details == {"line": 8}


def test_bytes_that_are_not_utf8_are_refused_with_their_line():
    data = BASE.encode("utf-8").replace(b"Benches", b"Bancs \xe9")

    error = refusal(data)

    assert error.line == 9
    assert "not UTF-8 text" in str(error)
    assert "save it again with that encoding" in str(error)


def test_binary_garbage_is_refused_on_its_first_line():
    error = refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")

    assert error.line == 1
    assert "not UTF-8 text" in str(error)


def test_text_with_nul_bytes_is_refused_as_binary():
    assert "binary data" in str(refusal(b"META\x00\x00\nkey;value\n"))


# --- writing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Fraction(8000000), "8000000"),
        (Fraction(2000001, 2), "1000000.5"),
        (Fraction(1, 8), "0.125"),
        (Fraction(-3, 4), "-0.75"),
        (Fraction(1, 100), "0.01"),
        (7, "7"),
    ],
)
def test_format_amount_writes_exact_decimals(amount, written):
    assert format_amount(amount) == written
    assert Fraction(written) == amount


def test_format_amount_refuses_an_amount_without_a_finite_decimal_form():
    with pytest.raises(ValueError, match="no finite decimal form"):
        format_amount(Fraction(1, 3))


def make_instance() -> BudgetInstance:
    return BudgetInstance(
        projects=[
            Project("p1", Fraction(2001, 2), 'Trees; "green" ones'),
            Project("p2", Fraction(500), "Bänke\nzwei Zeilen"),
            Project("p3", Fraction(1, 4), ""),
        ],
        budget=Fraction(1500),
        approvals=[("p1", "p2"), (), ("p3",), ("p2", "p3", "p1")],
        voter_ids=["x", "y", "z", "w"],
        meta={"description": "Test; with semicolon", "currency": "EUR"},
    )


def test_written_files_read_back_as_the_same_instance():
    instance = make_instance()

    again = read_pb(write_pb(instance, voter_ids=instance.voter_ids))

    assert again.projects == instance.projects
    assert again.budget == instance.budget
    assert again.approvals == instance.approvals
    assert again.voter_ids == instance.voter_ids
    assert again.meta["description"] == "Test; with semicolon"
    assert again.meta["currency"] == "EUR"


def test_written_files_number_the_voters_unless_ids_are_given():
    text = write_pb(make_instance())

    assert read_pb(text).voter_ids == ["1", "2", "3", "4"]
    assert "x;" not in text


def test_written_meta_counts_come_from_the_instance_and_mandatory_keys_are_filled():
    instance = make_instance()

    meta = read_pb(write_pb(instance, meta={"num_votes": "999", "rule": "equalshares"})).meta

    assert meta["num_votes"] == "4"
    assert meta["num_projects"] == "3"
    assert meta["budget"] == "1500"
    assert meta["vote_type"] == "approval"
    assert meta["rule"] == "equalshares"
    assert meta["country"] == "unknown"


def test_written_extra_columns_read_back():
    instance = make_instance()

    text = write_pb(
        instance,
        votes_extra={"age": ["1", "2", "3", "4"]},
        projects_extra={"selected": {"p1": "1", "p3": "0"}},
    )
    election = read_pb_election(text)

    assert election.vote_extra == {"age": ["1", "2", "3", "4"]}
    assert election.project_extra == {"selected": {"p1": "1", "p2": "", "p3": "0"}}


def test_writing_refuses_votes_for_unknown_projects_and_wrong_voter_counts():
    instance = make_instance()
    with pytest.raises(ValueError, match="3 voter ids for 4 votes"):
        write_pb(instance, voter_ids=["1", "2", "3"])
    with pytest.raises(ValueError, match="unknown project"):
        write_pb(BudgetInstance(instance.projects, Fraction(10), [("p9",)]))


# --- the real files -------------------------------------------------------------------


def test_all_eight_real_files_are_there():
    assert len(REAL_FILES) == 8


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_real_files_are_read_as_pabutools_reads_them(path):
    from pabutools.election import parse_pabulib

    instance = read_pb(path)
    reference, profile = parse_pabulib(str(path))

    assert len(instance.approvals) == int(instance.meta["num_votes"])
    assert len(instance.projects) == int(instance.meta["num_projects"])
    assert instance.budget == reference.budget_limit
    assert {p.id: p.cost for p in instance.projects} == {p.name: p.cost for p in reference}
    assert [sorted(a) for a in instance.approvals] == [sorted(p.name for p in b) for b in profile]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_real_files_written_and_read_again_give_the_same_data(path):
    election = read_pb_election(path)
    instance = election.budget_instance()

    text = write_pb(
        instance,
        voter_ids=instance.voter_ids,
        votes_extra=election.vote_extra,
        projects_extra=election.project_extra,
    )

    assert read_pb_election(text) == election
    assert read_pb(write_pb(instance)).approvals == instance.approvals


def test_the_largest_real_file_is_read_in_a_few_seconds_at_most():
    # About 0.25 s on the development machine; the bound only catches a slow-down by
    # an order of magnitude (such as a quadratic check per vote).
    path = Path("/work/shared/data/pabulib/Poland_Lodz_2022.pb")
    started = time.perf_counter()

    instance = read_pb(path)

    assert len(instance.approvals) == 90494
    assert time.perf_counter() - started < 3.0
