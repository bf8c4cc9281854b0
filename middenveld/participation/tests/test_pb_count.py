"""``manage.py pb_count``: a Pabulib file in, the selected project ids out."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from middenveld.participation.counting.budget import RULES
from middenveld.participation.counting.pabulib import read_pb
from middenveld.participation.management.commands.pb_count import RULE_NAMES


@pytest.fixture(autouse=True)
def _english(settings):
    """call_command speaks settings.LANGUAGE_CODE; these tests read the English texts."""
    settings.LANGUAGE_CODE = "en"


DATA = Path("/work/shared/data/pabulib")
ASSEN = DATA / "Netherlands_Assen_2024.pb"
REPO = Path(__file__).resolve().parents[3]

SMALL = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
a;60;Trees
b;50;Benches
c;40;Lights
VOTES
voter_id;vote
1;a,c
2;a
3;b
4;a,c
"""


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("pb_count", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_rule_names_are_the_budget_rules():
    assert tuple(RULES) == RULE_NAMES


def test_prints_only_the_selected_ids_one_per_line(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")

    out, err = run(str(path), "--rule", "greedy")

    # Greedy: a (3 votes, 60) then c (2 votes, 40); b (50) no longer fits.
    assert out == "a\nc\n"
    assert "Read 4 votes on 3 projects" in err
    assert "Counted with greedy" in err


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_each_rule_prints_what_the_rule_selects(rule):
    out, _err = run(str(ASSEN), "--rule", rule)

    assert out.splitlines() == RULES[rule](read_pb(ASSEN)).selected
    assert out.splitlines()


def test_equal_shares_is_the_default_rule():
    out, err = run(str(ASSEN))

    assert out.splitlines() == RULES["equal-shares"](read_pb(ASSEN)).selected
    assert "Counted with equal-shares in" in err


def test_explain_goes_to_standard_error(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")

    out, err = run(str(path), "--rule", "greedy", "--explain")

    assert out == "a\nc\n"
    assert "Rule: greedy." in err
    assert "1. a (Trees): cost 60, 3 votes" in err
    assert "b (Benches): cost 50, 1 votes." in err
    assert "does not fit in the remaining budget of 0" in err


def test_quiet_verbosity_prints_no_timings(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")

    out, err = run(str(path), "--rule", "greedy", "--verbosity", "0")

    assert out == "a\nc\n"
    assert err == ""


def test_a_malformed_file_stops_with_its_line(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text(SMALL.replace("b;50;Benches", "b;fifty;Benches"), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        run(str(path))

    assert str(caught.value) == f"{path}: line 8: the cost 'fifty' of project b is not a number."


def test_a_missing_file_stops_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nothing.pb: No such file"):
        run(str(tmp_path / "nothing.pb"))


def test_an_ordinal_file_is_refused_for_budget_counting(tmp_path):
    path = tmp_path / "ordinal.pb"
    path.write_text(SMALL.replace("vote_type;approval", "vote_type;ordinal"), encoding="utf-8")

    with pytest.raises(CommandError, match="line 4: this file holds ordinal votes"):
        run(str(path))


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "pb_count", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_as_a_process_standard_output_holds_only_the_ids():
    done = manage(str(ASSEN), "--rule", "equal-shares-completion", "--explain")

    assert done.returncode == 0, done.stderr
    expected = RULES["equal-shares-completion"](read_pb(ASSEN)).selected
    assert done.stdout == "".join(f"{project_id}\n" for project_id in expected)
    assert "Counted with equal-shares-completion" in done.stderr
    assert "Selected:" in done.stderr


def test_as_a_process_a_malformed_file_exits_with_1_and_says_why_on_standard_error(tmp_path):
    path = tmp_path / "bad.pb"
    path.write_text(SMALL.replace("3;b", "3;z"), encoding="utf-8")

    done = manage(str(path))

    assert done.returncode == 1
    assert done.stdout == ""
    # The command speaks the site's language: Dutch in the settings manage.py runs with.
    with translation.override("nl"):
        expected = gettext("line %(line)d: %(reason)s") % {
            "line": 14,
            "reason": gettext(
                "the vote of voter %(voter)s names project %(id)s, which is not in PROJECTS."
            )
            % {"voter": "3", "id": "z"},
        }
    assert expected in done.stderr
