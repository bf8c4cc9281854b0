"""Reading a CSV or XLSX file into a ``Table``: its rows by column name, with the
formula cells refused; ``Invalid`` for a file that cannot be used."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid
from middenveld.organisations.importing.columns import ALIASES, header_key
from middenveld.organisations.importing.report import RowError

MAX_BYTES = 20_000_000  # 20 MB
MAX_ROWS = 100_000
XLSX_MAX_UNPACKED = 300_000_000  # what the parts of a workbook may unpack to, together
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_Cell = tuple[str, bool]  # (text, is a formula)


@dataclass
class RawRow:
    number: int
    cells: dict[str, str]
    errors: list[RowError]


@dataclass
class Table:
    rows: list[RawRow]
    columns: list[str]
    warnings: list[str]


def _not_a_table() -> Invalid:
    message = _(
        "This file is neither a CSV file nor an Excel workbook (XLSX), whatever its name "
        "says. Save the list as CSV (UTF-8) or XLSX and try again."
    )
    return Invalid(message, fields={"file": [message]})


def _file_error(message: str) -> Invalid:
    return Invalid(message, fields={"file": [message]})


def _read_bytes(file: IO[bytes] | Any) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        data = b""
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)
    if (size is not None and size > MAX_BYTES) or len(data) > MAX_BYTES:
        raise _file_error(
            _(
                "This file is too large. An import file can be at most %(max)d MB; "
                "split the list into smaller files."
            )
            % {"max": MAX_BYTES // 1_000_000}
        )
    return bytes(data)


def _unescape(text: str) -> _Cell:
    """Apostrophe before a formula character: text. A leading ``=``: a formula."""
    rest = text.lstrip("'")
    if text.startswith("'") and rest[:1] and rest[0] in FORMULA_STARTS:
        return text[1:], False
    return text, text.startswith("=")


def read_table(file: IO[bytes] | Any) -> Table:
    """The rows of a CSV or XLSX file, by column name; ``Invalid`` for a file it cannot use."""
    data = _read_bytes(file)
    if not data.strip():
        raise _file_error(
            _(
                "This file is empty. The first row holds the column names; each row after "
                "it is one organisation."
            )
        )
    if data.startswith(b"PK\x03\x04"):
        return _build_table(*_xlsx_records(data), strict_width=False)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _file_error(
            _("This is an old Excel file (XLS). Save it as XLSX or as CSV and try again.")
        )
    text, warnings = _decode(data)
    return _build_table(*_csv_records(text), strict_width=True, warnings=warnings)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _decode(data: bytes) -> tuple[str, list[str]]:
    if b"\x00" in data or data.startswith(b"%PDF"):
        raise _not_a_table()
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _not_a_table() from None
        warnings.append(
            _(
                "The file is not in UTF-8; it was read as Windows-1252, the usual encoding "
                "of Excel in Western Europe. Check that names with accents look right."
            )
        )
    head = text[:65536]
    if len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise _not_a_table()
    return text.lstrip("\ufeff"), warnings


def _delimiter(text: str) -> str:
    """The separator that occurs most in the first row, outside quotes."""
    counts = dict.fromkeys((",", ";", "\t"), 0)
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(text: str) -> tuple[Iterator[tuple[int, list[_Cell]]], list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)

    def records() -> Iterator[tuple[int, list[_Cell]]]:
        number = 0
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise _file_error(
                    _(
                        "Row %(row)d could not be read as CSV. Check its quotes, or save the "
                        "file again as CSV UTF-8."
                    )
                    % {"row": number}
                ) from None
            yield number, [_unescape(cell) for cell in cells]

    return records(), []


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _xlsx_records(data: bytes) -> tuple[Iterator[tuple[int, list[_Cell]]], list[str]]:
    unreadable = _(
        "This Excel file could not be read. Open it in a spreadsheet program, save it again "
        "as XLSX and try again."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            is_ods = "mimetype" in names and b"spreadsheet" in archive.read("mimetype")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        raise _not_a_table() from None
    if is_ods:
        raise _file_error(
            _("This is an OpenDocument spreadsheet (ODS). Save it as XLSX or CSV and try again.")
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _not_a_table()
    if unpacked > XLSX_MAX_UNPACKED:
        raise _file_error(unreadable)

    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        raise _file_error(unreadable) from None
    warnings = []
    if len(workbook.worksheets) > 1:
        warnings.append(
            _("Only the first sheet (%(sheet)s) was read; the workbook has %(count)d sheets.")
            % {"sheet": workbook.worksheets[0].title, "count": len(workbook.worksheets)}
        )

    def records() -> Iterator[tuple[int, list[_Cell]]]:
        try:
            sheet: Any = workbook.worksheets[0]
            sheet.reset_dimensions()  # trust the rows, not the size the file claims
            # Values only: much faster than cell objects. A formula still shows, as its
            # text ("=SUM(…)", data_only=False) or as an array / data-table formula.
            rows = sheet.iter_rows(values_only=True)
            number = 0
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except Exception:  # a broken sheet
                    raise _file_error(unreadable) from None
                number += 1
                cells = []
                for value in row:
                    if isinstance(value, str):
                        cells.append(_unescape(value))
                    elif isinstance(value, ArrayFormula | DataTableFormula):
                        cells.append((str(getattr(value, "text", "") or "="), True))
                    else:
                        cells.append((_xlsx_text(value), False))
                yield number, cells
        finally:
            workbook.close()

    return records(), warnings


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header(cells: Sequence[_Cell]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for index, (text, _formula) in enumerate(cells):
        label = text.strip().lstrip("\ufeff")
        if not label:
            continue
        column = ALIASES.get(header_key(label))
        if column is None:
            unknown.append(label[:60])
            continue
        if column in columns.values():
            raise _file_error(
                _("The column %(column)s appears more than once in the first row.")
                % {"column": column}
            )
        columns[index] = column
    if "name" not in columns.values():
        raise _file_error(
            _(
                "The first row must hold the column names, and one of them must be "
                "%(column)s. Found: %(found)s."
            )
            % {
                "column": "name",
                "found": ", ".join(text.strip()[:60] for text, _f in cells if text.strip()) or "—",
            }
        )
    return columns, unknown


def _build_table(
    records: Iterable[tuple[int, Sequence[_Cell]]],
    reader_warnings: list[str],
    *,
    strict_width: bool,
    warnings: Sequence[str] = (),
) -> Table:
    header: dict[int, str] | None = None
    width = 0
    rows: list[RawRow] = []
    all_warnings = [*warnings, *reader_warnings]
    for number, cells in records:
        if not any(text.strip() for text, _formula in cells):
            continue
        if header is None:
            header, unknown = _header(cells)
            width = len(cells)
            if unknown:
                all_warnings.append(
                    _("These columns are not known and were not imported: %(columns)s.")
                    % {"columns": ", ".join(unknown)}
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise _file_error(
                _("This file has more than %(max)d rows. Split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        values: dict[str, str] = {}
        errors: list[RowError] = []
        for index, column in header.items():
            if index >= len(cells):
                values[column] = ""
                continue
            text, formula = cells[index]
            if formula:
                errors.append(
                    RowError(
                        column,
                        _(
                            "Cell %(cell)s holds a spreadsheet formula (%(formula)s). Put "
                            "the value itself in the cell; if the text really starts with =, "
                            "put an apostrophe (') before it."
                        )
                        % {"cell": f"{column_letter(index)}{number}", "formula": text[:60]},
                    )
                )
                text = ""
            values[column] = text
        if strict_width and any(text.strip() for text, _formula in cells[width:]):
            errors.append(
                RowError(
                    "",
                    _(
                        "This row has %(count)d cells, but the first row names %(columns)d "
                        "columns. A cell that holds the separator (a comma or semicolon) "
                        "needs quotes around it."
                    )
                    % {"count": len(cells), "columns": width},
                )
            )
        rows.append(RawRow(number=number, cells=values, errors=errors))
    if header is None:
        raise _file_error(
            _(
                "This file is empty. The first row holds the column names; each row after "
                "it is one organisation."
            )
        )
    return Table(rows=rows, columns=[header[i] for i in sorted(header)], warnings=all_warnings)
