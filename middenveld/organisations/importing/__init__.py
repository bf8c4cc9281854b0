"""Importing the register from a CSV or XLSX file: the city's existing list of organisations.

``organisations_import(file=…, filename=…, by=…, dry_run=…)`` reads the file,
checks every row with the same checks as the registration forms (``services``,
``identifiers``, ``text``) and returns an ``ImportReport``: every row with its
action (create, update, unchanged) and its problems in plain words.

* A dry run never writes.
* A real import writes only when every row is valid, and then writes all rows in
  one transaction (bulk inserts and updates; no half-imported file).
* Importing the same file again changes nothing: rows are matched to the
  register on the KBO number, else the vCode, else the slug, and, for a row
  without any of those, on the folded name (``text.name_key``). A row whose
  values are already in the register is not written and records no event.
* New organisations are verified (it is the city's own list), registered by
  nobody (``created_by`` is empty), and get one "organisations.imported" event.
  A changed organisation gets one "organisations.profile_changed" event, as when
  a person edits it (not for drafts, as in ``services._apply``).

The file
    The first non-empty row holds the column names (``COLUMNS``; English names,
    a few Dutch aliases are accepted, case and accents do not matter). Columns
    that are not in the file are left as they are in the register; an empty
    cell in a column that is in the file empties that field. Identifiers are the
    exception: an import never removes a KBO number or vCode, and never changes
    a slug (the slug is only used to match). Unknown columns are ignored with a
    warning. CSV: UTF-8 (with or without BOM; Windows-1252 is accepted with a
    warning), separated by commas, semicolons or tabs (sniffed from the first
    row). XLSX: the first sheet. At most ``MAX_BYTES``; the kind of file is
    recognised by its content, never by its name.

Formulas
    A formula cell in an XLSX, and a CSV cell that starts with ``=``, is refused
    with its row and column: it is almost always a mistake (the value of
    ``=HYPERLINK(…)`` is not a name), and importing it would plant a formula in
    every later export. A cell that starts with an apostrophe followed by
    ``= + - @``, a tab or a carriage return is the spreadsheets' "this is text"
    mark: the apostrophe is removed and the rest is stored as text. That is how
    ``exporting`` writes such values, so an exported file imports unchanged.
"""

from __future__ import annotations

from typing import IO, Any

from middenveld.core import rules
from middenveld.core.errors import Forbidden
from middenveld.organisations.importing.checking import (
    SLUG_MAX,
    Plan,
    References,
    RowChecker,
    reference_lists,
)
from middenveld.organisations.importing.columns import (
    ADDRESS_PARTS,
    COLUMN_NAMES,
    COLUMNS,
    Column,
    header_key,
)
from middenveld.organisations.importing.reading import (
    FORMULA_STARTS,
    MAX_BYTES,
    MAX_ROWS,
    XLSX_MAX_UNPACKED,
    RawRow,
    column_letter,
    read_table,
)
from middenveld.organisations.importing.report import (
    ACTION_LABELS,
    Action,
    ImportReport,
    ImportRow,
    RowError,
)
from middenveld.organisations.importing.writing import (
    BATCH,
    Current,
    Register,
    compare,
    match,
    write,
)
from middenveld.organisations.text import name_key

__all__ = [
    "ACTION_LABELS",
    "ADDRESS_PARTS",
    "BATCH",
    "COLUMN_NAMES",
    "COLUMNS",
    "FORMULA_STARTS",
    "MAX_BYTES",
    "MAX_ROWS",
    "SLUG_MAX",
    "XLSX_MAX_UNPACKED",
    "Action",
    "Column",
    "ImportReport",
    "ImportRow",
    "RowError",
    "column_letter",
    "header_key",
    "organisations_import",
    "read_table",
    "reference_lists",
]


def _display_name(raw: RawRow) -> str:
    name = " ".join(raw.cells.get("name", "").split())
    return name if len(name) <= 80 else name[:79] + "…"


def organisations_import(
    *, file: IO[bytes] | Any, filename: str, by: Any, dry_run: bool
) -> ImportReport:
    """Check (``dry_run``) or import a list of organisations; see the module's docstring.

    ``by`` is the person importing (the rule "organisations.import" applies); ``None``
    is the command line, run by someone who already holds the server's keys.
    Raises ``Invalid`` for a file that cannot be used at all (too large, not a
    table, no ``name`` column) and ``Conflict`` when the register changed while writing.
    """
    if by is not None:
        decision = rules.check("organisations.import", by)
        if not decision:
            raise Forbidden(decision.reason or None)
    table = read_table(file)
    report = ImportReport(
        filename=filename, dry_run=dry_run, columns=table.columns, warnings=table.warnings
    )
    refs = References.load()
    checker = RowChecker(table.columns, refs)
    plans: list[Plan] = []
    for raw in table.rows:
        values, errors = checker.check(raw)
        row = ImportRow(number=raw.number, name=_display_name(raw), errors=errors)
        report.rows.append(row)
        plans.append(Plan(row=row, values=values, key=name_key(values.name)[:200]))
    register = Register.load()
    match(plans, register)
    current = Current.load([p.target for p in plans if p.target is not None])
    for plan in plans:
        compare(plan, current)
    if dry_run or not report.is_valid:
        return report
    if any(p.row.action in (Action.CREATE, Action.UPDATE) for p in plans):
        write(plans, current=current, register=register, refs=refs, by=by, filename=filename)
        report.written = True
    return report
