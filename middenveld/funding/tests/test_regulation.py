from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from middenveld.funding.regulation import (
    SCHEMA,
    Facts,
    RegulationFileError,
    category,
    describe,
    requirement,
    round_deadline,
    round_decision_day,
    rules_check,
    rules_dump,
    rules_hash,
    rules_load,
)
from middenveld.organisations.eligibility import Requirement
from middenveld.organisations.models import LegalForm, Status
from middenveld.organisations.tests.factories import OrganisationFactory, RecognitionFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
EXAMPLE = Path(__file__).resolve().parents[1] / "regulations" / "basiswerking.yaml"

BASE: dict = {
    "schema": SCHEMA,
    "applicants": {"legal_forms": ["VZW", "FV"], "recognitions": [], "verified": True},
    "categories": [
        {
            "code": "klein",
            "name": {"nl": "Kleine aanvraag", "en": "Small request"},
            "max_amount": "2500.00",
            "anytime": True,
        },
        {"code": "project", "name": {"nl": "Project", "en": "Project"}, "max_amount": "5000"},
        {
            "code": "vast",
            "name": {"nl": "Vaste bijdrage", "en": "Fixed contribution"},
            "fixed_amount": "500.00",
        },
    ],
    "lead_time_days": 42,
    "rounds": {"deadlines": ["09-15", "01-15", "04-15"], "decision_days": 60},
    "max_grants_per_year": 2,
    "cost_categories": [
        {"code": "catering", "name": {"nl": "Catering", "en": "catering"}},
        {"code": "huur", "name": {"nl": "Huur", "en": "Rent"}},
        {"code": "materiaal", "name": {"nl": "Materiaal"}},
    ],
    "cost_caps": [{"category": "catering", "max_share": "0.15"}],
    "activity_types": [
        {"code": "ontmoeting", "name": {"nl": "Ontmoeting", "en": "Meeting"}},
        {"code": "partijpolitiek", "name": {"nl": "Partijpolitiek", "en": "party politics"}},
    ],
    "excluded_activity_types": ["partijpolitiek"],
    "attachments_required": [
        {"code": "begroting", "name": {"nl": "Begroting", "en": "Budget"}},
        {"code": "statuten", "name": {"nl": "Statuten", "en": "Articles of association"}},
    ],
}


def rules(**changes) -> dict:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return rules_load(json.dumps(data), format="json")


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS)


def facts(**changes) -> Facts:
    """A request that meets every rule of ``rules()``: sent on 2 January 2026 for an
    activity on 1 May 2026 (after the decision on the round of 15 January, 16 March)."""
    values: dict = {
        "organisation": None,
        "category": "project",
        "activity_type": "ontmoeting",
        "activity_starts_on": date(2026, 5, 1),
        "submitted_at": at(date(2026, 1, 2)),
        "amount": Decimal("4000.00"),
        "budget": {"catering": Decimal("100"), "huur": Decimal("900")},
        "attachments": {"begroting", "statuten"},
        "grants_this_year": 1,
    }
    values.update(changes)
    return Facts(**values)


def load_error(text: str, format: str = "yaml") -> RegulationFileError:
    with pytest.raises(RegulationFileError) as caught:
        rules_load(text, format=format)
    return caught.value


# --- The example file ------------------------------------------------------------------


def test_the_example_regulation_loads():
    loaded = rules_load(EXAMPLE.read_text(encoding="utf-8"), format="yaml")
    assert loaded["schema"] == SCHEMA
    assert [c["code"] for c in loaded["categories"]] == [
        "werking",
        "project",
        "klein",
        "startbudget",
    ]
    assert category(loaded, "startbudget")["fixed_amount"] == "500.00"
    assert category(loaded, "klein") == {
        "code": "klein",
        "name": {
            "nl": "Kleine projectsubsidie",
            "en": "Small project grant",
            "fr": "Petit subside de projet",
        },
        "max_amount": "1000.00",
        "anytime": True,
    }
    assert loaded["rounds"] == {"deadlines": ["01-15", "04-15", "09-15"], "decision_days": 60}
    assert loaded["cost_caps"][0] == {"category": "catering", "max_share": "0.15"}
    assert loaded["excluded_activity_types"] == ["partijpolitiek", "commercieel", "religieus"]
    assert requirement(loaded) == Requirement(
        verified=True, legal_forms=("VZW", "FV", "VZER"), recognitions=("basiswerk",), districts=()
    )


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_the_example_round_trips(format):
    loaded = rules_load(EXAMPLE.read_text(encoding="utf-8"))
    text = rules_dump(loaded, format=format)
    assert rules_load(text, format=format) == loaded
    assert rules_dump(rules_load(text, format=format), format=format) == text


# --- Normal form, dump, hash ---------------------------------------------------------------


def test_load_fills_in_defaults_and_normalises_values():
    loaded = rules_load(
        "schema: middenveld.regulation/1\n"
        "categories:\n"
        "  - {code: klein, name: Kleine aanvraag, max_amount: 2500}\n"
        "  - {code: deel, name: {nl: Deel, en: Part}, max_amount: 12.5}\n"
        "rounds: {deadlines: ['09-15', '01-15']}\n"
        "cost_categories: [{code: catering, name: {en: Catering, nl: Catering}}]\n"
        "cost_caps: [{category: catering, max_share: 0.150}]\n"
    )
    assert loaded == {
        "schema": SCHEMA,
        "applicants": {
            "verified": True,
            "legal_forms": [],
            "recognitions": [],
            "districts": [],
            "self_organisation": False,
        },
        "categories": [
            {
                "code": "klein",
                "name": {"nl": "Kleine aanvraag"},
                "max_amount": "2500.00",
                "anytime": False,
            },
            {
                "code": "deel",
                "name": {"nl": "Deel", "en": "Part"},
                "max_amount": "12.50",
                "anytime": False,
            },
        ],
        "lead_time_days": 0,
        "rounds": {"deadlines": ["01-15", "09-15"], "decision_days": 60},
        "max_grants_per_year": None,
        "cost_categories": [{"code": "catering", "name": {"nl": "Catering", "en": "Catering"}}],
        "cost_caps": [{"category": "catering", "max_share": "0.15"}],
        "activity_types": [],
        "excluded_activity_types": [],
        "attachments_required": [],
    }


def test_amounts_in_the_belgian_way_are_read_too():
    loaded = rules(categories=[{"code": "a", "name": "A", "max_amount": "2.500,00"}])
    assert loaded["categories"][0]["max_amount"] == "2500.00"


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_dump_round_trips_and_keeps_a_stable_order(format):
    loaded = rules()
    text = rules_dump(loaded, format=format)
    assert rules_load(text, format=format) == loaded
    shuffled = dict(reversed(list(copy.deepcopy(loaded).items())))
    assert rules_dump(shuffled, format=format) == text
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    if format == "yaml":
        assert keys == [
            "schema",
            "applicants",
            "categories",
            "lead_time_days",
            "rounds",
            "max_grants_per_year",
            "cost_categories",
            "cost_caps",
            "activity_types",
            "excluded_activity_types",
            "attachments_required",
        ]


def test_yaml_dump_is_readable():
    text = rules_dump(rules())
    assert text.startswith("# Regulation rules, schema middenveld.regulation/1")
    assert "deadlines: ['01-15', '04-15', '09-15']" in text
    assert "  - {category: catering, max_share: '0.15'}" in text
    assert "legal_forms: [VZW, FV]" in text
    assert "max_amount: '2500.00'" in text
    loaded = rules(
        categories=[{"code": "cafe", "name": {"nl": "Café-avond ‘s nachts"}, "max_amount": 10}]
    )
    assert "Café-avond ‘s nachts" in rules_dump(loaded)  # allow_unicode, no \\u escapes
    assert "Café-avond ‘s nachts" in rules_dump(loaded, format="json")


def test_dump_refuses_rules_that_do_not_hold():
    broken = rules()
    broken["cost_caps"] = [{"category": "reizen", "max_share": "0.1"}]
    with pytest.raises(RegulationFileError, match="There is no cost category “reizen”"):
        rules_dump(broken)


def test_hash_tells_versions_apart_and_ignores_key_order():
    loaded = rules()
    assert len(rules_hash(loaded)) == 64
    assert rules_hash(loaded) == rules_hash(dict(reversed(list(loaded.items()))))
    assert rules_hash(loaded) == rules_hash(json.loads(json.dumps(loaded)))  # as stored in JSON
    assert rules_hash(loaded) != rules_hash(rules(lead_time_days=43))
    assert rules_hash(loaded) == rules_hash(rules_load(rules_dump(loaded)))


# --- Refused files: line and reason ----------------------------------------------------------


GOOD_YAML = """\
schema: middenveld.regulation/1
applicants:
  legal_forms: [VZW]
categories:
  - code: klein
    name: {nl: Klein}
    max_amount: '2500.00'
lead_time_days: 42
cost_categories:
  - {code: catering, name: {nl: Catering}}
cost_caps:
  - {category: catering, max_share: '0.15'}
"""


def test_the_good_yaml_loads():
    assert rules_load(GOOD_YAML)["lead_time_days"] == 42


def test_yaml_that_cannot_be_read_names_its_line():
    error = load_error(GOOD_YAML.replace("lead_time_days: 42", "lead_time_days: [42"))
    assert error.line is not None and error.line >= 8
    assert str(error).startswith(f"Line {error.line}: This is not valid YAML (")
    error = load_error("schema: middenveld.regulation/1\ncategories:\n  - code: a\n   name: b\n")
    assert error.line == 4


def test_an_unknown_rule_is_refused_with_its_line_and_a_suggestion():
    error = load_error(GOOD_YAML.replace("lead_time_days: 42", "lead_time_dayz: 42"))
    assert error.line == 8
    assert str(error) == (
        "Line 8 (lead_time_dayz): Unknown rule “lead_time_dayz”. Did you mean “lead_time_days”?"
    )


def test_an_unknown_rule_inside_a_category_names_the_category():
    error = load_error(
        GOOD_YAML.replace("    max_amount: '2500.00'", "    max_amount: '2500.00'\n    colour: red")
    )
    assert error.line == 8
    assert error.path == "categories › 1 › colour"
    assert (
        "Unknown rule “colour”. The rules here are: code, name, fixed_amount, max_amount, anytime."
        in str(error)
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("max_amount: '2500.00'", "max_amount: '-5'", 7, "The amount cannot be negative."),
        ("max_amount: '2500.00'", "max_amount: 0", 7, "The amount must be more than zero."),
        ("max_amount: '2500.00'", "max_amount: 'veel'", 7, "“veel” is not an amount we can read."),
        ("max_amount: '2500.00'", "max_amount: '2500.001'", 7, "at most two digits"),
        ("max_amount: '2500.00'", "max_amount: '99999999999'", 7, "This amount is too large."),
        (
            "max_amount: '2500.00'",
            "max_amount: [1]",
            7,
            "Write the amount as text, such as '2500.00'.",
        ),
        (
            "max_amount: '2500.00'",
            "max_amount: '2500.00'\n    fixed_amount: '500'",
            5,
            "A category has either a fixed amount (fixed_amount) or a maximum (max_amount), not both.",
        ),
        (
            "    max_amount: '2500.00'\n",
            "",
            5,
            "A category needs a fixed amount (fixed_amount) or a maximum (max_amount).",
        ),
        ("max_share: '0.15'", "max_share: '1.5'", 12, "The share must be a number between 0 and 1"),
        ("max_share: '0.15'", "max_share: -0.1", 12, "The share must be a number between 0 and 1"),
        ("max_share: '0.15'", "max_share: '15%'", 12, "The share must be a number between 0 and 1"),
        ("max_share: '0.15'", "max_share: .nan", 12, "The share must be a number between 0 and 1"),
        (
            "max_share: '0.15'",
            "max_share: 0.123456",
            12,
            "A share has at most 4 digits after the point.",
        ),
        (
            "{category: catering,",
            "{category: drank,",
            12,
            "There is no cost category “drank” in cost_categories.",
        ),
        ("legal_forms: [VZW]", "legal_forms: [VZW, BV]", 3, "Unknown legal form “BV”."),
        (
            "lead_time_days: 42",
            "lead_time_days: -1",
            8,
            "This must be a whole number from 0 to 730.",
        ),
        ("lead_time_days: 42", "lead_time_days: 'zes weken'", 8, "This must be a whole number"),
        ("lead_time_days: 42", "lead_time_days: true", 8, "This must be a whole number"),
        ("code: klein", "code: Klein Werk", 5, "“Klein Werk” is not a valid code"),
        ("name: {nl: Klein}", "name: {en: Small}", 6, "A Dutch text (nl) is required"),
        ("name: {nl: Klein}", "name: {nl: Klein, xx: Small}", 6, "Unknown language “xx”."),
        ("name: {nl: Klein}", "name: {nl: ''}", 6, "This text is empty."),
        (
            "schema: middenveld.regulation/1",
            "schema: middenveld.regulation/2",
            1,
            "this version of the platform reads “middenveld.regulation/1”",
        ),
        ("  legal_forms: [VZW]", "  legal_forms: VZW", 3, "This must be a list."),
        ("  legal_forms: [VZW]", "  verified: ja", 3, "This must be true or false."),
    ],
)
def test_malformed_values_are_refused_with_line_and_reason(old, new, line, reason):
    assert old in GOOD_YAML
    error = load_error(GOOD_YAML.replace(old, new))
    assert error.line == line, str(error)
    assert reason in str(error)
    assert str(error).startswith(f"Line {line} (")
    assert error.code == "regulation_file"
    assert error.details["line"] == line


@pytest.mark.parametrize(
    ("deadlines", "reason"),
    [
        ("['13-40']", "“13-40” is not a day of the year. Write the month and the day as MM-DD"),
        ("['04-31']", "“04-31” is not a day of the year."),
        ("['1-15']", "“1-15” is not a day of the year."),
        ("[2026-01-15]", "“2026-01-15” is not a day of the year."),
        ("['02-29']", "29 February does not come every year; choose another day."),
        ("['01-15', '01-15']", "The deadline “01-15” is given twice."),
        ("[]", "Give at least one deadline, or leave out rounds"),
    ],
)
def test_bad_deadlines_are_refused(deadlines, reason):
    error = load_error(GOOD_YAML + f"rounds:\n  decision_days: 30\n  deadlines: {deadlines}\n")
    assert error.line == 15
    assert reason in str(error)


def test_an_excluded_activity_type_must_exist():
    error = load_error(
        GOOD_YAML
        + "activity_types: [{code: sport, name: Sport}]\nexcluded_activity_types: [sport, gokken]\n"
    )
    assert error.line == 14
    assert "There is no activity type “gokken” in activity_types." in str(error)


def test_duplicate_codes_and_keys_are_refused():
    error = load_error(GOOD_YAML + "lead_time_days: 10\n")
    assert error.line == 13
    assert "“lead_time_days” appears twice." in str(error)
    error = load_error(
        GOOD_YAML.replace(
            "  - {code: catering, name: {nl: Catering}}",
            "  - {code: catering, name: {nl: Catering}}\n  - {code: catering, name: Eten}",
        )
    )
    assert error.line == 11
    assert "The code “catering” is used twice." in str(error)
    error = load_error(GOOD_YAML + "  - {category: catering, max_share: '0.2'}\n")
    assert error.line == 13
    assert "There is already a cap for “catering”." in str(error)


def test_anchors_and_aliases_are_refused():
    text = (
        GOOD_YAML.replace("name: {nl: Klein}", "name: &naam {nl: Klein}")
        + "attachments_required: [{code: a, name: *naam}]\n"
    )
    error = load_error(text)
    assert error.line == 13
    assert "Anchors and aliases (& and *) are not allowed" in str(error)


def test_a_billion_laughs_file_is_refused_quickly():
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    assert "Anchors and aliases" in str(load_error(text))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "The file is empty."),
        ("# only a comment\n", "The file is empty."),
        ("- a\n- b\n", "This must be a set of “name: value” pairs."),
        ("schema: middenveld.regulation/1\n", "“categories” is missing."),
        ("categories: [{code: a, name: A, max_amount: 1}]\n", "“schema” is missing."),
        ("schema: middenveld.regulation/1\ncategories: []\n", "Give at least one category."),
        ("schema: x\n---\nschema: y\n", "This is not valid YAML"),
        ("schema: !!python/object:os.system x\n", "This is not valid YAML"),
        (
            "schema: middenveld.regulation/1\ncategories: [{code: a, name: A, max_amount: 1}]\n1: x\n",
            "The name of a rule must be text.",
        ),
    ],
)
def test_files_without_the_right_shape_are_refused(text, reason):
    assert reason in str(load_error(text))


def test_a_file_that_is_too_large_is_refused():
    assert "The file is too large" in str(load_error("# " + "x" * 300_000))


def test_json_syntax_errors_name_the_line():
    text = json.dumps(BASE, indent=2).replace('"lead_time_days": 42,', '"lead_time_days": 42,,')
    error = load_error(text, "json")
    assert error.line == text.splitlines().index('  "lead_time_days": 42,,') + 1
    assert "This is not valid JSON" in str(error)


def test_json_semantic_errors_name_the_line_and_path():
    data = copy.deepcopy(BASE)
    data["cost_caps"][0]["max_share"] = "2"
    text = json.dumps(data, indent=2)
    error = load_error(text, "json")
    assert error.line == next(
        n for n, line in enumerate(text.splitlines(), 1) if '"max_share": "2"' in line
    )
    assert error.path == "cost_caps › 1 › max_share"
    data = copy.deepcopy(BASE)
    data["applicants"]["legal_form"] = ["VZW"]
    text = json.dumps(data, indent=2)
    error = load_error(text, "json")
    assert error.line == next(
        n for n, line in enumerate(text.splitlines(), 1) if '"legal_form":' in line
    )
    assert "Did you mean “legal_forms”?" in str(error)


def test_json_duplicates_and_nan_are_refused():
    text = '{"schema": "middenveld.regulation/1",\n "schema": "middenveld.regulation/1"}'
    assert "“schema” appears twice." in str(load_error(text, "json"))
    data = copy.deepcopy(BASE)
    data["cost_caps"][0]["max_share"] = float("nan")
    assert "NaN and Infinity" in str(load_error(json.dumps(data), "json"))
    assert "The file is empty." in str(load_error("  ", "json"))


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        rules_load("{}", format="toml")  # type: ignore[arg-type]


# --- Helpers -----------------------------------------------------------------------------------


def test_requirement_and_category():
    loaded = rules(
        applicants={
            "legal_forms": ["VZW"],
            "recognitions": ["basiswerk"],
            "districts": ["muide"],
            "self_organisation": True,
            "verified": False,
        }
    )
    assert requirement(loaded) == Requirement(
        verified=False,
        legal_forms=("VZW",),
        recognitions=("basiswerk",),
        districts=("muide",),
        self_organisation=True,
    )
    assert requirement(rules()).self_organisation is None
    assert category(loaded, "vast")["fixed_amount"] == "500.00"
    assert category(loaded, "nope") is None


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        (at(date(2026, 1, 2)), date(2026, 1, 15)),
        (at(date(2026, 1, 15), 23), date(2026, 1, 15)),  # the deadline runs to the end of its day
        (at(date(2026, 1, 16), 0), date(2026, 4, 15)),
        (at(date(2026, 4, 15)), date(2026, 4, 15)),
        (at(date(2026, 9, 16)), date(2027, 1, 15)),  # after the last round: next year's first
        (at(date(2026, 12, 31), 23), date(2027, 1, 15)),
        # 15 January 23:30 UTC is already 16 January in Brussels.
        (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), date(2026, 4, 15)),
        (datetime(2026, 1, 15, 22, 30, tzinfo=UTC), date(2026, 1, 15)),
    ],
)
def test_round_deadline_is_the_next_deadline_in_brussels(submitted, expected):
    assert round_deadline(rules(), submitted) == expected
    assert round_deadline(rules(), submitted, category_code="project") == expected


def test_round_deadline_is_none_for_anytime_categories_and_without_rounds():
    assert round_deadline(rules(), at(date(2026, 1, 2)), category_code="klein") is None
    assert round_deadline(rules(rounds=None), at(date(2026, 1, 2))) is None
    assert round_decision_day(rules(), date(2026, 1, 15)) == date(2026, 3, 16)


def test_round_deadline_needs_an_aware_time():
    with pytest.raises(ValueError):
        round_deadline(rules(), datetime(2026, 1, 2, 12))


# --- rules_check: each rule ----------------------------------------------------------------


def test_a_request_that_meets_every_rule_has_no_problems():
    assert rules_check(rules(), facts()) == []


def test_lead_time_in_weeks():
    problems = rules_check(
        rules(), facts(submitted_at=at(date(2026, 4, 10)), activity_starts_on=date(2026, 5, 1))
    )
    assert (
        "Your request comes in 3 weeks before the activity; this regulation asks for at least 6 weeks."
        in problems
    )


def test_lead_time_in_days_when_not_whole_weeks():
    problems = rules_check(
        rules(lead_time_days=30, rounds=None),
        facts(submitted_at=at(date(2026, 4, 11)), activity_starts_on=date(2026, 5, 1)),
    )
    assert problems == [
        "Your request comes in 20 days before the activity; this regulation asks for at least 30 days."
    ]
    problems = rules_check(
        rules(lead_time_days=2, rounds=None),
        facts(submitted_at=at(date(2026, 4, 30)), activity_starts_on=date(2026, 5, 1)),
    )
    assert problems == [
        "Your request comes in 1 day before the activity; this regulation asks for at least 2 days."
    ]
    problems = rules_check(
        rules(lead_time_days=7, rounds=None),
        facts(submitted_at=at(date(2026, 4, 30)), activity_starts_on=date(2026, 5, 1)),
    )
    assert problems == [
        "Your request comes in 1 day before the activity; this regulation asks for at least 1 week."
    ]


def test_lead_time_exactly_met_passes_and_activity_already_started_fails():
    exact = facts(
        submitted_at=at(date(2026, 3, 20)),
        activity_starts_on=date(2026, 5, 1),
        category="klein",
        amount=Decimal("100"),
    )
    assert rules_check(rules(), exact) == []
    late = facts(
        submitted_at=at(date(2026, 5, 1)),
        activity_starts_on=date(2026, 5, 1),
        category="klein",
        amount=Decimal("100"),
    )
    assert rules_check(rules(), late) == [
        "Your activity starts on 01/05/2026, not after your request; this regulation asks for requests at least 6 weeks before the activity."
    ]


def test_the_submission_day_is_the_day_in_brussels():
    small = {"category": "klein", "amount": Decimal("100"), "activity_starts_on": date(2026, 5, 1)}
    # 22:30 UTC on 20 March is 23:30 in Brussels, still the 20th: exactly six weeks before.
    assert (
        rules_check(rules(), facts(submitted_at=datetime(2026, 3, 20, 22, 30, tzinfo=UTC), **small))
        == []
    )
    # 23:30 UTC is already 21 March in Brussels: a day too late.
    assert rules_check(
        rules(), facts(submitted_at=datetime(2026, 3, 20, 23, 30, tzinfo=UTC), **small)
    ) == [
        "Your request comes in 41 days before the activity; this regulation asks for at least 6 weeks."
    ]


def test_activity_before_the_round_decision_fails_and_anytime_categories_skip_rounds():
    # Sent on 2 January: the round closes 15 January and is decided by 16 March.
    early = facts(activity_starts_on=date(2026, 3, 1))
    assert rules_check(rules(), early) == [
        "Your activity starts on 01/03/2026, before the decision on this round: requests sent by "
        "15/01/2026 are decided by 16/03/2026. Plan the activity on 16/03/2026 or later."
    ]
    assert rules_check(rules(), facts(activity_starts_on=date(2026, 3, 16))) == []
    small = facts(activity_starts_on=date(2026, 3, 1), category="klein", amount=Decimal("2500"))
    assert rules_check(rules(), small) == []
    assert rules_check(rules(rounds=None), early) == []


def test_a_missing_start_day_is_asked_for_when_timing_matters():
    assert rules_check(rules(), facts(activity_starts_on=None)) == [
        "Fill in the day the activity starts."
    ]
    no_timing = rules(rounds=None, lead_time_days=0)
    assert rules_check(no_timing, facts(activity_starts_on=None)) == []


def test_amount_above_the_maximum_fails():
    assert rules_check(rules(), facts(amount=Decimal("5000.00"))) == []
    assert rules_check(rules(), facts(amount=Decimal("5000.01"))) == [
        "You ask for €5,000.01; this category allows at most €5,000.00."
    ]


def test_amount_missing_or_zero_fails_for_a_maximum():
    assert rules_check(rules(), facts(amount=None)) == ["Fill in the amount you ask for."]
    assert rules_check(rules(), facts(amount=Decimal("0"))) == [
        "The amount you ask for must be more than zero."
    ]


def test_fixed_amount_must_be_equal():
    assert rules_check(rules(), facts(category="vast", amount=Decimal("500"))) == []
    assert rules_check(rules(), facts(category="vast", amount=None)) == []
    assert rules_check(rules(), facts(category="vast", amount=Decimal("400"))) == [
        "This category gives a fixed amount of €500.00; you ask for €400.00."
    ]


def test_unknown_or_missing_category_fails():
    assert rules_check(rules(), facts(category="groot")) == [
        "This regulation has no category “groot”."
    ]
    assert rules_check(rules(), facts(category="")) == ["Choose a category."]


def test_excluded_and_unknown_activity_types_fail():
    assert rules_check(rules(), facts(activity_type="partijpolitiek")) == [
        "This regulation does not fund this kind of activity: party politics."
    ]
    assert rules_check(rules(), facts(activity_type="sport")) == [
        "This regulation does not know the kind of activity “sport”."
    ]
    assert rules_check(rules(), facts(activity_type=None)) == ["Choose the kind of activity."]
    assert (
        rules_check(rules(activity_types=[], excluded_activity_types=[]), facts(activity_type=None))
        == []
    )


def test_cost_cap_exceeded_fails_with_percentages():
    budget = {"catering": Decimal("220"), "huur": Decimal("780")}
    assert rules_check(rules(), facts(budget=budget)) == [
        "Catering is 22% of your budget; at most 15% is allowed."
    ]


def test_cost_cap_just_over_never_reads_as_the_cap():
    budget = {"catering": Decimal("150.01"), "huur": Decimal("849.99")}
    assert rules_check(rules(), facts(budget=budget)) == [
        "Catering is 15.1% of your budget; at most 15% is allowed."
    ]
    assert (
        rules_check(rules(), facts(budget={"catering": Decimal("150"), "huur": Decimal("850")}))
        == []
    )


def test_cost_cap_percentages_follow_the_language():
    from django.utils import translation

    budget = {"catering": Decimal("1"), "huur": Decimal("2")}
    loaded = rules(cost_caps=[{"category": "catering", "max_share": "0.125"}])
    assert rules_check(loaded, facts(budget=budget)) == [
        "Catering is 33.4% of your budget; at most 12.5% is allowed."
    ]
    with translation.override("nl"):
        (problem,) = rules_check(loaded, facts(budget=budget))
    assert "33,4%" in problem and "12,5%" in problem


def test_budget_lines_that_are_unknown_or_negative_fail_and_an_empty_budget_passes():
    assert rules_check(rules(), facts(budget={})) == []
    assert rules_check(rules(), facts(budget={"reizen": Decimal("10"), "huur": Decimal("-5")})) == [
        "Your budget has a cost line “reizen” that this regulation does not know.",
        "The cost for Rent cannot be negative.",
    ]


def test_too_many_grants_this_year_fails():
    assert rules_check(rules(), facts(grants_this_year=1)) == []
    assert rules_check(rules(), facts(grants_this_year=2)) == [
        "Your organisation already received 2 grants this calendar year; this regulation allows at most 2 grants per calendar year."
    ]
    assert rules_check(rules(max_grants_per_year=1), facts(grants_this_year=1)) == [
        "Your organisation already received 1 grant this calendar year; this regulation allows at most 1 grant per calendar year."
    ]
    assert rules_check(rules(max_grants_per_year=None), facts(grants_this_year=50)) == []


def test_missing_attachments_are_named():
    assert rules_check(rules(), facts(attachments={"begroting"})) == [
        "Add this document: Articles of association."
    ]
    assert rules_check(rules(), facts(attachments=set())) == [
        "Add these documents: Budget, Articles of association."
    ]
    assert rules_check(rules(), facts(attachments={"begroting", "statuten", "extra"})) == []


def test_names_fall_back_to_dutch():
    assert rules_check(
        rules(cost_caps=[{"category": "materiaal", "max_share": "0.1"}]),
        facts(budget={"materiaal": Decimal("5"), "huur": Decimal("5")}),
    ) == ["Materiaal is 50% of your budget; at most 10% is allowed."]


def test_every_failing_rule_is_listed_together():
    problems = rules_check(
        rules(),
        facts(
            category="project",
            amount=Decimal("6000"),
            activity_type="partijpolitiek",
            submitted_at=at(date(2026, 1, 2)),
            activity_starts_on=date(2026, 1, 23),
            budget={"catering": Decimal("300"), "huur": Decimal("700")},
            attachments={"statuten"},
            grants_this_year=2,
        ),
    )
    assert problems == [
        "You ask for €6,000.00; this category allows at most €5,000.00.",
        "This regulation does not fund this kind of activity: party politics.",
        "Your request comes in 3 weeks before the activity; this regulation asks for at least 6 weeks.",
        "Your activity starts on 23/01/2026, before the decision on this round: requests sent by "
        "15/01/2026 are decided by 16/03/2026. Plan the activity on 16/03/2026 or later.",
        "Catering is 30% of your budget; at most 15% is allowed.",
        "Your organisation already received 2 grants this calendar year; this regulation allows at most 2 grants per calendar year.",
        "Add this document: Budget.",
    ]


def test_messages_follow_the_active_language_for_names_and_amounts():
    from django.utils import translation

    with translation.override("nl"):
        problems = rules_check(rules(), facts(amount=Decimal("5000.01"), attachments={"begroting"}))
    assert any("€ 5.000,01" in problem for problem in problems)
    assert any("Statuten" in problem for problem in problems)


# --- rules_check: the applicant (database) -------------------------------------------------------


def applicant_facts(organisation, **changes) -> Facts:
    today = timezone.localdate()
    values = {
        "organisation": organisation,
        "category": "klein",
        "amount": Decimal("100"),
        "submitted_at": timezone.now(),
        "activity_starts_on": today + timedelta(days=60),
    }
    values.update(changes)
    return facts(**values)


@pytest.mark.django_db
def test_an_eligible_organisation_passes():
    organisation = OrganisationFactory(legal_form=LegalForm.NONPROFIT)
    RecognitionFactory(organisation=organisation, type__code="basiswerk")
    loaded = rules(applicants={"legal_forms": ["VZW", "FV"], "recognitions": ["basiswerk"]})
    assert rules_check(loaded, applicant_facts(organisation)) == []


@pytest.mark.django_db
def test_applicant_requirements_give_the_reasons_of_eligibility_check():
    organisation = OrganisationFactory(legal_form=LegalForm.FOUNDATION, status=Status.SUBMITTED)
    loaded = rules(applicants={"legal_forms": ["VZW", "FV"], "recognitions": ["basiswerk"]})
    problems = rules_check(loaded, applicant_facts(organisation, amount=Decimal("9999")))
    assert problems[0] == "The organisation is not yet verified by the city."
    assert problems[1].startswith(
        "This is only open to: Non-profit association (vzw) or Informal association"
    )
    assert problems[2].startswith("This needs a recognition that is valid on ")
    assert problems[3] == "You ask for €9,999.00; this category allows at most €2,500.00."
    assert len(problems) == 4


@pytest.mark.django_db
def test_the_recognition_must_be_valid_on_the_day_the_activity_starts():
    organisation = OrganisationFactory(legal_form=LegalForm.NONPROFIT)
    RecognitionFactory(organisation=organisation, type__code="basiswerk")  # valid until today + 335
    loaded = rules(applicants={"recognitions": ["basiswerk"]})
    later = timezone.localdate() + timedelta(days=400)
    day = later.strftime("%d/%m/%Y")
    name = organisation.recognitions.get().type.name
    assert rules_check(loaded, applicant_facts(organisation, activity_starts_on=later)) == [
        f"This needs a recognition that is valid on {day}: {name}."
    ]


@pytest.mark.django_db
def test_the_public_self_check_has_no_organisation_and_asks_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rules_check(rules(), facts(organisation=None)) == []


# --- describe -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_describe_tells_the_regulation_in_english():
    sentences = describe(rules(), "en")
    assert sentences == [
        "The organisation is verified by the city.",
        "Legal form: Non-profit association (vzw) or Informal association (feitelijke vereniging).",
        "Small request: at most €2,500.00; you can ask for it at any time.",
        "Project: at most €5,000.00.",
        "Fixed contribution: a fixed amount of €500.00.",
        "Send your request at least 6 weeks before the activity starts.",
        "Requests are decided in rounds. Send your request by the end of one of these days "
        "(Brussels time): 15 January, 15 April, 15 September. The decision comes within 60 days "
        "after that day.",
        "An organisation can receive at most 2 grants per calendar year.",
        "Catering: at most 15% of the total budget of the activity.",
        "Not funded: party politics.",
        "Documents to add: Budget, Articles of association.",
    ]


@pytest.mark.django_db
def test_describe_uses_the_dutch_names_and_formats():
    # The interface sentences come from the .po files (compiled in CI, not here): compare
    # the parts that come from the rules, which are Dutch either way.
    sentences = describe(rules(max_grants_per_year=1), "nl")
    text = "\n".join(sentences)
    assert "Kleine aanvraag" in text and "€ 2.500,00" in text
    assert "Vaste bijdrage" in text and "€ 500,00" in text
    assert "15 januari, 15 april, 15 september" in text
    assert "Partijpolitiek" in text
    assert "Begroting, Statuten" in text
    assert len(sentences) == 11


@pytest.mark.django_db
def test_describe_names_recognitions_from_the_register():
    RecognitionFactory(type__code="basiswerk", type__name_nl="Erkende organisatie voor basiswerk")
    loaded = rules(applicants={"recognitions": ["basiswerk"], "verified": False})
    sentences = describe(loaded, "en")
    assert sentences[0] == "A valid recognition: Erkende organisatie voor basiswerk."
    assert "You can send a request at any time." not in sentences
    assert "You can send a request at any time." in describe(rules(rounds=None), "en")
