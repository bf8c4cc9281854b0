"""Reading and writing the Pabulib `.pb` format (pabulib.org).

A `.pb` file is UTF-8 text in three sections, in this order::

    META
    key;value
    budget;8000000
    vote_type;approval
    PROJECTS
    project_id;cost;votes;name;selected
    1;100000;131;Trees on Fountain Street;1
    VOTES
    voter_id;vote;age
    7;1,4,9;42

Fields are separated by ";" and may be quoted with double quotes (a name holding ";").
A BOM at the start, CRLF line ends and blank lines are allowed. Amounts (`budget`,
`cost`, `points`) are decimal numbers ("8000000", "1000000.50"; a decimal comma is read
like pabutools reads it) and become exact `Fraction`s.

`read_pb(source)` gives the `BudgetInstance` that the budget rules count; it refuses
files whose votes are not approval votes. `read_pb_election(source)` reads every vote
type (approval, choose-1, ordinal, cumulative, scoring) into a `PabulibElection`, which
also keeps the extra columns. `write_pb(instance)` writes a file back.

What is refused (`PabulibError`, with the line number): no or empty file, bytes that are
not UTF-8, a missing, repeated, misplaced or unknown section, a missing `budget`, a
missing `project_id`/`cost`/`voter_id`/`vote` column (and `points` for cumulative and
scoring votes), a row with the wrong number of fields, a repeated project or voter id,
a cost that is not a number or not more than 0, a vote naming an unknown project or
one project twice, and a vote with more projects than META's `max_length` (none of the
eight real files in /work/shared/data/pabulib breaks any of these). Accepted as they
are: empty votes, votes shorter than `min_length`, votes costing more than
`max_sum_cost`, counts that differ from `num_votes`/`num_projects`, and a missing
`vote_type` (read as approval).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import IO, Any

from django.utils.translation import gettext as _

from middenveld.participation.counting.errors import PabulibError
from middenveld.participation.counting.instance import BudgetInstance, Project

__all__ = [
    "PabulibElection",
    "PabulibError",
    "format_amount",
    "read_pb",
    "read_pb_election",
    "write_pb",
]

SECTIONS = ("META", "PROJECTS", "VOTES")
APPROVAL_TYPES = ("approval", "choose-1")
VOTE_TYPES = (*APPROVAL_TYPES, "ordinal", "cumulative", "scoring")
# The keys the Pabulib format asks for; `write_pb` fills the ones it is not given.
MANDATORY_META = (
    "description",
    "country",
    "unit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
)
# A line with one field that looks like a section name (letters and "_" only).
_SECTION_LIKE = re.compile(r"[A-Za-z][A-Za-z_]+")

Source = str | bytes | os.PathLike[str] | IO[bytes] | IO[str]


@dataclass
class PabulibElection:
    """Everything in a `.pb` file, for any vote type.

    `votes[i]` lists the project ids of voter `voter_ids[i]` in the order of the file (for
    ordinal votes, most preferred first). `points[i]` holds that voter's points, one per
    project in `votes[i]`, for cumulative and scoring votes (otherwise `points` is None).
    `project_extra` maps every other PROJECTS column (votes, selected, category, …) to
    {project id: value}; `vote_extra` maps every other VOTES column (age, sex, …) to the
    values in voter order.
    """

    meta: dict[str, str]
    projects: list[Project]
    vote_type: str
    voter_ids: list[str]
    votes: list[tuple[str, ...]]
    points: list[tuple[Fraction, ...]] | None = None
    project_extra: dict[str, dict[str, str]] = field(default_factory=dict)
    vote_extra: dict[str, list[str]] = field(default_factory=dict)
    budget: Fraction = Fraction(0)
    # The line of each META key, to point at it when a file is refused later.
    meta_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def budget_instance(self) -> BudgetInstance:
        """The approval election, for the budget rules; refuses other vote types."""
        if self.vote_type not in APPROVAL_TYPES:
            raise PabulibError(
                self.meta_lines.get("vote_type", 1),
                _(
                    "this file holds %(vote_type)s votes; only approval votes can be "
                    "counted with a budget rule."
                )
                % {"vote_type": self.vote_type},
            )
        return BudgetInstance(
            projects=self.projects,
            budget=self.budget,
            approvals=self.votes,
            voter_ids=self.voter_ids,
            meta=self.meta,
        )


def read_pb(source: Source) -> BudgetInstance:
    """Read an approval `.pb` file into a `BudgetInstance` (see `read_pb_election`)."""
    return read_pb_election(source).budget_instance()


def read_pb_election(source: Source) -> PabulibElection:
    """Read a `.pb` file of any vote type. Raises `PabulibError` when it is malformed.

    `source` is a path (`pathlib.Path` or other path-like), the file's bytes, an open
    file (binary or text), or the file's text as a `str`. A `str` counts as text when it
    holds a line break or is empty, and as a path otherwise. The file is read line by
    line, so a large file is never held twice in memory.
    """
    with _lines(source) as lines:
        return _Parser().parse(lines)


# --- reading ---------------------------------------------------------------------------


@contextmanager
def _lines(source: Source) -> Iterator[Iterator[str]]:
    if isinstance(source, str) and ("\n" in source or "\r" in source or not source.strip()):
        yield _text_lines(io.StringIO(source, newline=""))
    elif isinstance(source, bytes):
        yield _decoded_lines(io.BytesIO(source))
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            yield _decoded_lines(file)
    elif isinstance(source.read(0), bytes):
        yield _decoded_lines(source)  # type: ignore[arg-type]
    else:
        yield _text_lines(source)  # type: ignore[arg-type]


def _text_lines(lines: Iterable[str]) -> Iterator[str]:
    for number, text in enumerate(lines, 1):
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if "\x00" in text:
            raise PabulibError(number, _binary_reason())
        yield text


def _decoded_lines(lines: Iterable[bytes]) -> Iterator[str]:
    for number, raw in enumerate(lines, 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PabulibError(
                number,
                _(
                    "this line is not UTF-8 text. A Pabulib file must be saved as UTF-8; "
                    "save it again with that encoding and try once more."
                ),
            ) from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if "\x00" in text:
            raise PabulibError(number, _binary_reason())
        yield text


def _csv_error(line: int, exc: csv.Error) -> PabulibError:
    return PabulibError(
        line,
        _(
            "this line cannot be read as fields separated by ';' (%(detail)s). "
            "Check the double quotes on it."
        )
        % {"detail": exc},
    )


def _binary_reason() -> str:
    return _("this line holds binary data; a Pabulib file is plain UTF-8 text.")


def _parse_amount(text: str) -> Fraction | None:
    """An exact amount from "8000000", "1000000.50" or "1000000,50"; None if not a number."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return Fraction(value)


def _fields_reason(row: list[str], expected: int, section: str, header: Sequence[str]) -> str:
    if any("\n" in cell or "\r" in cell for cell in row):
        return _(
            "a double quote on this line is not closed, so the rest of the file is read "
            "as one value. Close the quote or remove it."
        )
    return _(
        "this line has %(count)d fields separated by ';', but the %(section)s section has "
        "%(expected)d (%(header)s). Put a value that holds ';' between double quotes."
    ) % {
        "count": len(row),
        "expected": expected,
        "section": section,
        "header": ";".join(header),
    }


class _Parser:
    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.section_lines: dict[str, int] = {}
        self.projects: list[Project] = []
        self.project_ids: set[str] = set()
        self.project_extra: dict[str, dict[str, str]] = {}
        self.voter_ids: list[str] = []
        self.votes: list[tuple[str, ...]] = []
        self.points: list[tuple[Fraction, ...]] | None = None
        self.vote_extra: dict[str, list[str]] = {}
        self.budget = Fraction(0)
        self.vote_type = "approval"
        self.max_length: int | None = None
        self.last_line = 0
        self.reader: Any = None

    # The rows of the file, without blank lines, each with the line it starts on.
    def _rows(self, lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
        self.reader = reader = csv.reader(lines, delimiter=";")
        start = 1
        try:
            for row in reader:
                if row and (len(row) > 1 or row[0].strip()):
                    yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise _csv_error(start, exc) from None
        self.last_line = reader.line_num

    @staticmethod
    def _section_name(row: list[str]) -> str | None:
        if len(row) != 1:
            return None
        cell = row[0].strip()
        if cell.upper() in SECTIONS:
            return cell.upper()
        if _SECTION_LIKE.fullmatch(cell) and cell.isupper():
            return cell
        return None

    def parse(self, lines: Iterator[str]) -> PabulibElection:
        rows = self._rows(lines)
        section: str | None = None
        header: list[str] | None = None
        for line, row in rows:
            name = self._section_name(row)
            if name is not None:
                self._enter(name, line, section, header)
                section, header = name, None
                continue
            if section is None:
                raise PabulibError(line, _("a Pabulib file must begin with the section line META."))
            if header is None:
                header = self._header(section, row, line)
                if section == "VOTES":
                    self._votes(header)
                continue
            if section == "META":
                self._meta_row(row, line, header)
            else:
                self._project_row(row, line, header)
        self._enter(None, self.last_line, section, header)
        return PabulibElection(
            meta=self.meta,
            projects=self.projects,
            vote_type=self.vote_type,
            voter_ids=self.voter_ids,
            votes=self.votes,
            points=self.points,
            project_extra=self.project_extra,
            vote_extra=self.vote_extra,
            budget=self.budget,
            meta_lines=self.meta_lines,
        )

    def _enter(
        self, name: str | None, line: int, previous: str | None, header: list[str] | None
    ) -> None:
        """Check the move from section `previous` to section `name` (None: end of file)."""
        if name is not None and name not in SECTIONS:
            raise PabulibError(
                line,
                _(
                    "'%(name)s' is not a section of a Pabulib file; the sections are META, "
                    "PROJECTS and VOTES."
                )
                % {"name": name},
            )
        if name is not None and name in self.section_lines:
            raise PabulibError(
                line,
                _("the section %(name)s appears a second time; it was already on line %(first)d.")
                % {"name": name, "first": self.section_lines[name]},
            )
        if previous is not None and header is None:
            raise PabulibError(
                line,
                _("the section %(name)s has no header line (such as %(example)s).")
                % {"name": previous, "example": _HEADER_EXAMPLES[previous]},
            )
        if previous == "META":
            self._end_meta()
        expected = SECTIONS[len(self.section_lines)] if len(self.section_lines) < 3 else None
        if name is None:
            if expected is None:
                return
            if not self.section_lines:
                raise PabulibError(
                    1,
                    _("the file is empty. A Pabulib file begins with the section line META."),
                )
            raise PabulibError(
                line,
                _(
                    "the file ends before the section %(name)s; a Pabulib file has the "
                    "sections META, PROJECTS and VOTES, in that order."
                )
                % {"name": expected},
            )
        if name != expected:
            raise PabulibError(
                line,
                _(
                    "the section %(name)s comes too early: the section %(expected)s must "
                    "come first (META, PROJECTS and VOTES, in that order)."
                )
                % {"name": name, "expected": expected},
            )
        self.section_lines[name] = line

    def _header(self, section: str, row: list[str], line: int) -> list[str]:
        header = [cell.strip() for cell in row]
        if section == "META":
            if [cell.lower() for cell in header] != ["key", "value"]:
                raise PabulibError(
                    line,
                    _("the META section must start with the header line key;value."),
                )
            return header
        for name in header:
            if header.count(name) > 1:
                raise PabulibError(
                    line,
                    _("the column %(column)s appears twice in the %(section)s header.")
                    % {"column": name, "section": section},
                )
        required = ["project_id", "cost"] if section == "PROJECTS" else ["voter_id", "vote"]
        if section == "VOTES" and self.vote_type in ("cumulative", "scoring"):
            required.append("points")
        for name in required:
            if name not in header:
                raise PabulibError(
                    line,
                    _(
                        "the %(section)s header has no column %(column)s; it needs the "
                        "columns %(required)s."
                    )
                    % {"section": section, "column": name, "required": ";".join(required)},
                )
        return header

    def _meta_row(self, row: list[str], line: int, header: list[str]) -> None:
        if len(row) != 2:
            raise PabulibError(line, _fields_reason(row, 2, "META", header))
        key, value = row[0].strip(), row[1].strip()
        if not key:
            raise PabulibError(line, _("this META line has a value but no key."))
        if key in self.meta:
            raise PabulibError(
                line,
                _("the key %(key)s appears twice in META; it was already on line %(first)d.")
                % {"key": key, "first": self.meta_lines[key]},
            )
        self.meta[key] = value
        self.meta_lines[key] = line

    def _end_meta(self) -> None:
        if "budget" not in self.meta:
            raise PabulibError(
                self.section_lines["META"],
                _("the META section has no budget; add a line such as budget;100000."),
            )
        line = self.meta_lines["budget"]
        budget = _parse_amount(self.meta["budget"])
        if budget is None:
            raise PabulibError(
                line,
                _("the budget '%(value)s' is not a number.") % {"value": self.meta["budget"]},
            )
        if budget <= 0:
            raise PabulibError(
                line,
                _("the budget is %(value)s; it must be more than 0.")
                % {"value": self.meta["budget"]},
            )
        self.budget = budget
        vote_type = self.meta.get("vote_type", "approval").lower()
        if vote_type not in VOTE_TYPES:
            raise PabulibError(
                self.meta_lines["vote_type"],
                _("the vote type '%(value)s' is unknown; it must be one of %(types)s.")
                % {"value": self.meta["vote_type"], "types": ", ".join(VOTE_TYPES)},
            )
        self.vote_type = vote_type
        if "max_length" in self.meta:
            raw = self.meta["max_length"]
            try:
                self.max_length = int(raw)
            except ValueError:
                self.max_length = -1
            if self.max_length < 0:
                raise PabulibError(
                    self.meta_lines["max_length"],
                    _("max_length '%(value)s' is not a whole number of 0 or more.")
                    % {"value": raw},
                )
        if vote_type == "choose-1":
            self.max_length = min(self.max_length or 1, 1)

    def _project_row(self, row: list[str], line: int, header: list[str]) -> None:
        if len(row) != len(header):
            raise PabulibError(line, _fields_reason(row, len(header), "PROJECTS", header))
        values = dict(zip(header, (cell.strip() for cell in row), strict=True))
        project_id = values.pop("project_id")
        if not project_id:
            raise PabulibError(line, _("this project has no project_id."))
        if "," in project_id:
            raise PabulibError(
                line,
                _("the project id '%(id)s' holds a comma; votes separate ids with commas.")
                % {"id": project_id},
            )
        if project_id in self.project_ids:
            raise PabulibError(
                line,
                _("the project id %(id)s appears twice in PROJECTS.") % {"id": project_id},
            )
        raw_cost = values.pop("cost")
        cost = _parse_amount(raw_cost)
        if cost is None:
            raise PabulibError(
                line,
                _("the cost '%(cost)s' of project %(id)s is not a number.")
                % {"cost": raw_cost, "id": project_id},
            )
        if cost <= 0:
            raise PabulibError(
                line,
                _("the cost of project %(id)s is %(cost)s; a cost must be more than 0.")
                % {"cost": raw_cost, "id": project_id},
            )
        name = values.pop("name", "")
        self.projects.append(Project(id=project_id, cost=cost, name=name))
        self.project_ids.add(project_id)
        for column, value in values.items():
            self.project_extra.setdefault(column, {})[project_id] = value

    def _votes(self, header: list[str]) -> None:
        """Read every vote row, straight from the csv reader: the hot loop (90,000 rows
        for Łódź), kept flat."""
        width = len(header)
        voter_at = header.index("voter_id")
        vote_at = header.index("vote")
        with_points = self.vote_type in ("cumulative", "scoring")
        points_at = header.index("points") if with_points else -1
        extra = [
            (index, self.vote_extra.setdefault(name, []))
            for index, name in enumerate(header)
            if name not in ("voter_id", "vote", "points")
        ]
        known = self.project_ids
        max_length = self.max_length
        seen: set[str] = set()
        voter_ids, votes = self.voter_ids, self.votes
        points_list: list[tuple[Fraction, ...]] = []
        reader = self.reader
        line = reader.line_num + 1
        try:
            for row in reader:
                if len(row) != width:
                    if not row or (len(row) == 1 and not row[0].strip()):
                        line = reader.line_num + 1
                        continue
                    name = self._section_name(row)
                    if name is not None:
                        self._enter(name, line, "VOTES", header)
                    raise PabulibError(line, _fields_reason(row, width, "VOTES", header))
                voter_id = row[voter_at].strip()
                if not voter_id or voter_id in seen:
                    if not voter_id:
                        raise PabulibError(line, _("this vote has no voter_id."))
                    raise PabulibError(
                        line,
                        _("the voter id %(id)s appears twice in VOTES.") % {"id": voter_id},
                    )
                seen.add(voter_id)
                raw = row[vote_at]
                if not raw or (len(raw) <= 6 and raw.strip().lower() in ("", "none")):
                    choice: tuple[str, ...] = ()
                else:
                    parts = raw.split(",")
                    if " " in raw or "" in parts:
                        parts = [part.strip() for part in parts if part.strip()]
                    choice = tuple(parts)
                    if not known.issuperset(choice):
                        if "\n" in raw or "\r" in raw:
                            raise PabulibError(line, _fields_reason([raw], width, "VOTES", header))
                        unknown = next(part for part in choice if part not in known)
                        raise PabulibError(
                            line,
                            _(
                                "the vote of voter %(voter)s names project %(id)s, which is not in PROJECTS."
                            )
                            % {"voter": voter_id, "id": unknown},
                        )
                    if len(set(choice)) != len(choice):
                        twice = next(part for part in choice if choice.count(part) > 1)
                        raise PabulibError(
                            line,
                            _("the vote of voter %(voter)s names project %(id)s twice.")
                            % {"voter": voter_id, "id": twice},
                        )
                    if max_length is not None and len(choice) > max_length:
                        raise PabulibError(
                            line,
                            _(
                                "the vote of voter %(voter)s names %(count)d projects, more than "
                                "max_length (%(max)d) in META."
                            )
                            % {"voter": voter_id, "count": len(choice), "max": max_length},
                        )
                if with_points:
                    points_list.append(self._points(row[points_at], choice, voter_id, line))
                voter_ids.append(voter_id)
                votes.append(choice)
                for index, values in extra:
                    values.append(row[index].strip())
                line = reader.line_num + 1
        except csv.Error as exc:
            raise _csv_error(line, exc) from None
        if with_points:
            self.points = points_list

    @staticmethod
    def _points(
        raw: str, choice: tuple[str, ...], voter_id: str, line: int
    ) -> tuple[Fraction, ...]:
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        if len(parts) != len(choice):
            raise PabulibError(
                line,
                _(
                    "voter %(voter)s gives %(points)d points values for %(count)d projects; "
                    "give one value per project."
                )
                % {"voter": voter_id, "points": len(parts), "count": len(choice)},
            )
        result = []
        for part in parts:
            value = _parse_amount(part)
            if value is None or value < 0:
                raise PabulibError(
                    line,
                    _("voter %(voter)s gives '%(value)s' points; points are numbers of 0 or more.")
                    % {"voter": voter_id, "value": part},
                )
            result.append(value)
        return tuple(result)


_HEADER_EXAMPLES = {
    "META": "key;value",
    "PROJECTS": "project_id;cost;name",
    "VOTES": "voter_id;vote",
}


# --- writing ---------------------------------------------------------------------------


def format_amount(value: Fraction | int) -> str:
    """Write an exact amount as a plain decimal ("8000000", "1000000.5").

    Raises ValueError when the amount has no finite decimal form (such as 1/3).
    """
    value = Fraction(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise ValueError(f"{value} has no finite decimal form")
    places = max(twos, fives)
    if places == 0:
        return str(value.numerator)
    scaled = abs(value.numerator * 10**places // value.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def write_pb(
    instance: BudgetInstance,
    *,
    meta: Mapping[str, str] | None = None,
    votes_extra: Mapping[str, Sequence[str]] | None = None,
    projects_extra: Mapping[str, Mapping[str, str]] | None = None,
    voter_ids: Sequence[str] | None = None,
) -> str:
    """The `.pb` text of an approval election.

    META is `instance.meta` updated with `meta`; `num_projects`, `num_votes`, `budget`
    and `vote_type` (approval) always come from the instance, and missing mandatory
    keys (description, country, unit, instance, rule) are filled with "unknown".
    Voters are numbered 1..n (anonymised) unless `voter_ids` is given (for instance
    `instance.voter_ids`). `votes_extra` adds VOTES columns ({column: value per voter});
    `projects_extra` adds PROJECTS columns ({column: {project id: value}}).
    """
    approvals = instance.approvals
    count = len(approvals)
    ids = [str(number) for number in range(1, count + 1)] if voter_ids is None else voter_ids
    if len(ids) != count:
        raise ValueError(f"{len(ids)} voter ids for {count} votes")
    votes_extra = dict(votes_extra or {})
    for column, values in votes_extra.items():
        if len(values) != count:
            raise ValueError(f"column {column} has {len(values)} values for {count} votes")
    projects_extra = dict(projects_extra or {})
    known = {project.id for project in instance.projects}
    for approval in approvals:
        if not known.issuperset(approval):
            raise ValueError(f"a vote names an unknown project: {approval}")

    merged = dict(instance.meta)
    merged.update(meta or {})
    merged["num_projects"] = str(len(instance.projects))
    merged["num_votes"] = str(count)
    merged["budget"] = format_amount(instance.budget)
    merged["vote_type"] = "approval"
    for key in MANDATORY_META:
        merged.setdefault(key, "unknown")

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    writer.writerows(merged.items())
    out.write("PROJECTS\n")
    project_columns = [column for column in projects_extra if column != "name"]
    writer.writerow(["project_id", "cost", "name", *project_columns])
    for project in instance.projects:
        writer.writerow(
            [
                project.id,
                format_amount(project.cost),
                project.name,
                *(projects_extra[column].get(project.id, "") for column in project_columns),
            ]
        )
    out.write("VOTES\n")
    vote_columns = list(votes_extra)
    writer.writerow(["voter_id", "vote", *vote_columns])
    columns = [votes_extra[column] for column in vote_columns]
    for index, approval in enumerate(approvals):
        writer.writerow([ids[index], ",".join(approval), *(values[index] for values in columns)])
    return out.getvalue()
