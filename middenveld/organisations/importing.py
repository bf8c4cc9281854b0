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

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import IO, Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from middenveld.core import rules
from middenveld.core.cache import bump_content_version
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.core.models import District
from middenveld.organisations.identifiers import kbo_clean, vcode_clean
from middenveld.organisations.models import (
    WORKING_FORM_FIELDS,
    WORKING_FORMS,
    Address,
    AddressKind,
    Language,
    LegalForm,
    Organisation,
    Status,
    TargetGroup,
    TimelineEvent,
)
from middenveld.organisations.services import (
    DESCRIPTION_MAX,
    AddressIn,
    address_clean,
    email_clean,
    legal_form_clean,
    phone_clean,
    text_clean,
    website_clean,
)
from middenveld.organisations.text import fold, name_clean, name_key, search_fold

MAX_BYTES = 20_000_000  # 20 MB
MAX_ROWS = 100_000
XLSX_MAX_UNPACKED = 300_000_000  # what the parts of a workbook may unpack to, together
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 500  # rows per INSERT / UPDATE statement and per IN (…) list

# --- The columns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    description: str | Promise
    aliases: tuple[str, ...] = ()


ADDRESS_PARTS: tuple[tuple[str, tuple[str, ...], str | Promise], ...] = (
    ("street", ("straat",), gettext_lazy("street")),
    ("number", ("nummer", "huisnummer", "nr"), gettext_lazy("house number")),
    ("box", ("bus", "busnummer"), gettext_lazy("box")),
    ("postal_code", ("postcode",), gettext_lazy("postal code (four digits)")),
    ("municipality", ("gemeente", "stad", "city"), gettext_lazy("municipality")),
)
_ADDRESS_KINDS: tuple[tuple[str, tuple[str, ...], str | Promise], ...] = (
    (
        AddressKind.ACTIVITY.value,
        ("activiteit", "activiteitsadres", "activiteiten"),
        gettext_lazy("Where the organisation is active: %(part)s."),
    ),
    (
        AddressKind.CORRESPONDENCE.value,
        ("correspondentie", "correspondentieadres", "post"),
        gettext_lazy("Address for letters: %(part)s."),
    ),
)


def _address_sentence(sentence: str | Promise, part: str | Promise) -> str:
    return str(sentence) % {"part": str(part)}


_address_sentence_lazy = lazy(_address_sentence, str)


def _address_columns() -> list[Column]:
    columns = []
    for kind, kind_aliases, sentence in _ADDRESS_KINDS:
        for part, part_aliases, label in ADDRESS_PARTS:
            aliases = tuple(
                f"{prefix}_{word}"
                for prefix in (kind, *kind_aliases)
                for word in (part, *part_aliases)
                if (prefix, word) != (kind, part)
            )
            columns.append(
                Column(f"{kind}_{part}", _address_sentence_lazy(sentence, label), aliases)
            )
    return columns


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        gettext_lazy("Name of the organisation. Required; at most 200 characters."),
        ("naam", "organisation", "organisatie"),
    ),
    Column(
        "alternative_name",
        gettext_lazy("Other name or abbreviation."),
        ("andere_naam", "afkorting", "roepnaam"),
    ),
    Column(
        "legal_form",
        gettext_lazy("Legal form: one of the codes below. Required for a new organisation."),
        ("rechtsvorm", "juridische_vorm"),
    ),
    Column(
        "kbo_number",
        gettext_lazy("Enterprise number (KBO), for example 0440.966.354."),
        ("kbo", "kbo_nummer", "ondernemingsnummer", "enterprise_number"),
    ),
    Column(
        "vcode",
        gettext_lazy("Verenigingsregister code: V and seven digits, for example V0001234."),
        ("v_code",),
    ),
    Column(
        "slug",
        gettext_lazy(
            "The organisation's web address on this site, as exported. Only used to "
            "recognise an organisation; an import never changes it."
        ),
    ),
    Column(
        "description",
        gettext_lazy("What the organisation does; at most 3000 characters."),
        ("beschrijving", "omschrijving", "wat_we_doen"),
    ),
    Column(
        "working_forms",
        gettext_lazy(
            "What the organisation does: codes from the list below, separated by a comma "
            "or a semicolon. At least one for a new organisation."
        ),
        ("werkvormen", "werkvorm"),
    ),
    Column(
        "target_groups",
        gettext_lazy("For whom: codes or names from the list below, separated by , or ;."),
        ("doelgroepen", "doelgroep"),
    ),
    Column(
        "districts",
        gettext_lazy("Where: district names or codes from the list below, separated by , or ;."),
        ("wijken", "wijk"),
    ),
    Column(
        "languages",
        gettext_lazy("Languages: codes such as nl, fr, ar, separated by , or ;."),
        ("talen", "taal"),
    ),
    Column(
        "is_self_organisation",
        gettext_lazy("Self-organisation: yes or no (also ja/nee, 1/0, true/false). Empty: no."),
        ("zelforganisatie", "self_organisation"),
    ),
    Column(
        "public_email",
        gettext_lazy("Public e-mail address."),
        ("email", "e_mail", "e_mailadres", "emailadres"),
    ),
    Column(
        "public_phone",
        gettext_lazy("Public phone number."),
        ("phone", "telefoon", "telefoonnummer"),
    ),
    Column("website", gettext_lazy("Website."), ("webadres", "webpagina")),
    *_address_columns(),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)

_HEADER_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """``"KBO-nummer "`` → ``"kbo_nummer"``: how a column name in a file is compared."""
    return _HEADER_NON_WORD.sub("_", fold(text)).strip("_")


_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.name, *_column.aliases):
        _ALIASES.setdefault(header_key(_alias), _column.name)


# --- The report --------------------------------------------------------------------------------


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


ACTION_LABELS: dict[str, str | Promise] = {
    Action.CREATE: gettext_lazy("New"),
    Action.UPDATE: gettext_lazy("Changed"),
    Action.UNCHANGED: gettext_lazy("Unchanged"),
}


@dataclass(frozen=True)
class RowError:
    column: str  # the column's name as in COLUMNS, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return _("%(column)s: %(message)s") % {"column": self.column, "message": self.message}


@dataclass
class ImportRow:
    number: int  # the row number a spreadsheet shows (the column names are on row 1)
    name: str  # for display; shortened
    action: str = ""
    errors: list[RowError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # labels of the fields that change

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, ""))


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the recognised columns, in file order
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.is_valid and row.action == action)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows)

    @property
    def is_valid(self) -> bool:
        return self.invalid == 0

    @property
    def summary(self) -> str:
        return ngettext(
            "%(total)d row: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(invalid)d with problems.",
            "%(total)d rows: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
            "%(invalid)d with problems.",
            self.total,
        ) % {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
        }

    @property
    def outcome(self) -> str:
        if self.dry_run and self.is_valid:
            return _(
                "Nothing was written: this was a check. Every row is valid, so the file "
                "can be imported."
            )
        if self.dry_run:
            return _(
                "Nothing was written: this was a check. Correct the rows with problems and "
                "check the file again."
            )
        if not self.is_valid:
            return _(
                "Nothing was imported, because some rows have problems. Correct them and "
                "import the file again."
            )
        if not self.written:
            return _("Every row is already in the register as it is: nothing needed to change.")
        return _("The file was imported.")


# --- Reading the file --------------------------------------------------------------------------

_Cell = tuple[str, bool]  # (text, is a formula)


@dataclass
class _RawRow:
    number: int
    cells: dict[str, str]
    errors: list[RowError]


@dataclass
class _Table:
    rows: list[_RawRow]
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


def read_table(file: IO[bytes] | Any) -> _Table:
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
        column = _ALIASES.get(header_key(label))
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
) -> _Table:
    header: dict[int, str] | None = None
    width = 0
    rows: list[_RawRow] = []
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
        rows.append(_RawRow(number=number, cells=values, errors=errors))
    if header is None:
        raise _file_error(
            _(
                "This file is empty. The first row holds the column names; each row after "
                "it is one organisation."
            )
        )
    return _Table(rows=rows, columns=[header[i] for i in sorted(header)], warnings=all_warnings)


# --- Reference lists ---------------------------------------------------------------------------


@dataclass
class _Choice:
    pk: int
    code: str
    search_name: str  # what search_text takes from it
    order: tuple[Any, ...]


@dataclass
class _References:
    target_groups: dict[str, _Choice]
    districts: dict[str, _Choice]
    languages: dict[str, _Choice]
    by_pk: dict[str, dict[int, _Choice]]

    @classmethod
    def load(cls) -> _References:
        language_codes = [code for code, _name in settings.LANGUAGES]
        groups: dict[str, _Choice] = {}
        for group in TargetGroup.objects.all():
            choice = _Choice(
                group.pk,
                group.code,
                getattr(group, "name_nl", "") or group.name,
                (group.order, group.code),  # type: ignore[attr-defined]
            )
            names = [getattr(group, f"name_{code}", "") for code in language_codes]
            _index(groups, choice, [group.code], names)
        districts: dict[str, _Choice] = {}
        for district in District.objects.all():
            choice = _Choice(district.pk, district.slug, district.name, (district.name,))
            _index(districts, choice, [district.slug, district.code], [district.name])
        languages: dict[str, _Choice] = {}
        for language in Language.objects.all():
            choice = _Choice(language.pk, language.code, "", (language.order, language.code))
            names = [getattr(language, f"name_{code}", "") for code in language_codes]
            _index(languages, choice, [language.code], names)
        by_pk = {
            relation: {choice.pk: choice for choice in index.values()}
            for relation, index in (
                ("target_groups", groups),
                ("districts", districts),
                ("languages", languages),
            )
        }
        return cls(groups, districts, languages, by_pk)


def _index(index: dict[str, _Choice], choice: _Choice, codes: list[str], names: list[str]) -> None:
    # Codes win over names: a name in one language never hides another entry's code.
    for code in codes:
        if code:
            index[search_fold(code)] = choice
    for name in names:
        if name:
            index.setdefault(search_fold(name), choice)


def reference_lists() -> dict[str, list[tuple[str, str]]]:
    """The codes a file may use, with their names: shown on the import page."""
    return {
        "legal_forms": [(value, str(label)) for value, label in LegalForm.choices],
        "working_forms": [(code, str(label)) for code, _field, label in WORKING_FORMS],
        "target_groups": [(g.code, g.name) for g in TargetGroup.objects.all()],
        "districts": [(d.slug, d.name) for d in District.objects.all()],
        "languages": [(lang.code, lang.name) for lang in Language.objects.all()],
    }


# --- Checking one row --------------------------------------------------------------------------

_SPLIT = re.compile(r"[;,\n]")
_TRUE = frozenset({"ja", "j", "yes", "y", "1", "true", "waar", "x"})
_FALSE = frozenset({"nee", "n", "no", "0", "false", "onwaar", ""})
SLUG_MAX: int = getattr(Organisation._meta.get_field("slug"), "max_length", 220)
_ADDRESS_MAX = {
    part: getattr(Address._meta.get_field(part), "max_length", 0) for part, _a, _l in ADDRESS_PARTS
}
_RELATIONS = ("target_groups", "districts", "languages")
_LEGAL_FORMS = frozenset(LegalForm.values)
# Lists repeat the same few codes on every row: fold each distinct one once.
_fold_code = lru_cache(maxsize=4096)(search_fold)
T = TypeVar("T")


@dataclass
class _Values:
    name: str = ""
    kbo: str = ""
    vcode: str = ""
    slug: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # model field → value
    forms: list[str] | None = None  # None: column not in the file
    relations: dict[str, set[int]] = field(default_factory=dict)
    addresses: dict[str, AddressIn | None] = field(default_factory=dict)


@dataclass
class _Plan:
    row: ImportRow
    values: _Values
    key: str = ""  # name_key, for a row without identifiers
    target: int | None = None  # the organisation it changes; None: a new one
    changes: dict[str, Any] = field(default_factory=dict)
    relation_changes: dict[str, set[int]] = field(default_factory=dict)
    address_changes: dict[str, AddressIn | None] = field(default_factory=dict)

    @property
    def pk(self) -> int:
        """The organisation an update row changes."""
        assert self.target is not None
        return self.target


def _split(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


class _RowChecker:
    def __init__(self, columns: list[str], refs: _References) -> None:
        self.columns = set(columns)
        self.refs = refs

    def check(self, raw: _RawRow) -> tuple[_Values, list[RowError]]:
        cells = raw.cells
        errors = list(raw.errors)
        values = _Values()

        def attempt(column: str, check: Callable[[], T]) -> T | None:
            try:
                return check()
            except Invalid as exc:
                errors.append(RowError(column, str(exc.message)))
                return None

        refused = {error.column for error in raw.errors}  # formulas

        def given(column: str) -> bool:
            return column in self.columns and column not in refused

        if given("name"):
            values.name = attempt("name", lambda: name_clean(cells["name"])) or ""
        if given("alternative_name"):
            alternative = attempt(
                "alternative_name",
                lambda: name_clean(
                    cells["alternative_name"], field="alternative_name", required=False
                ),
            )
            if alternative is not None:
                values.fields["alternative_name"] = alternative
        if given("legal_form") and cells["legal_form"].strip():
            code = cells["legal_form"].strip().upper()
            legal_form = (
                code
                if code in _LEGAL_FORMS
                else attempt("legal_form", lambda: legal_form_clean(code))
            )
            if legal_form is None:
                errors[-1] = RowError(
                    "legal_form",
                    errors[-1].message
                    + " "
                    + _("Use one of these codes: %(codes)s.")
                    % {"codes": ", ".join(LegalForm.values)},
                )
            else:
                values.fields["legal_form"] = legal_form
        if given("kbo_number"):
            values.kbo = attempt("kbo_number", lambda: kbo_clean(cells["kbo_number"])) or ""
        if given("vcode"):
            values.vcode = attempt("vcode", lambda: vcode_clean(cells["vcode"])) or ""
        if given("slug"):
            values.slug = self._slug(cells["slug"], errors)
        if given("description"):
            description = attempt(
                "description",
                lambda: text_clean(
                    cells["description"], field="description", max_length=DESCRIPTION_MAX
                ),
            )
            if description is not None:
                values.fields["description"] = description
        if given("working_forms"):
            values.forms = self._forms(cells["working_forms"], errors)
        for relation in _RELATIONS:
            if given(relation):
                ids = self._choices(relation, cells[relation], errors)
                if ids is not None:
                    values.relations[relation] = ids
        if given("is_self_organisation"):
            flag = self._flag(cells["is_self_organisation"], errors)
            if flag is not None:
                values.fields["is_self_organisation"] = flag
        if given("public_email"):
            email = attempt(
                "public_email",
                lambda: email_clean(cells["public_email"]),
            )
            if email is not None:
                values.fields["public_email"] = email
        if given("public_phone"):
            phone = attempt("public_phone", lambda: phone_clean(cells["public_phone"]))
            if phone is not None:
                values.fields["public_phone"] = phone
        if given("website"):
            website = attempt("website", lambda: website_clean(cells["website"]))
            if website is not None:
                values.fields["website"] = website
        for kind, _aliases, _sentence in _ADDRESS_KINDS:
            self._address(kind, cells, given, values, errors)
        return values, errors

    def _slug(self, text: str, errors: list[RowError]) -> str:
        slug = text.strip()
        if slug and (slug != slugify(slug) or len(slug) > SLUG_MAX):
            errors.append(
                RowError(
                    "slug",
                    _(
                        "A web address (slug) holds only lower-case letters, digits and "
                        "hyphens, at most %(max)d characters."
                    )
                    % {"max": SLUG_MAX},
                )
            )
            return ""
        return slug

    def _forms(self, text: str, errors: list[RowError]) -> list[str] | None:
        codes = [_fold_code(part) for part in _split(text)]
        unknown = [code for code in codes if code not in WORKING_FORM_FIELDS]
        if unknown:
            errors.append(
                RowError(
                    "working_forms",
                    _("Unknown working form: %(values)s. Use one or more of: %(codes)s.")
                    % {"values": ", ".join(unknown), "codes": ", ".join(WORKING_FORM_FIELDS)},
                )
            )
            return None
        return list(dict.fromkeys(codes))

    def _choices(self, relation: str, text: str, errors: list[RowError]) -> set[int] | None:
        index: dict[str, _Choice] = getattr(self.refs, relation)
        parts = _split(text)
        unknown = [part for part in parts if _fold_code(part) not in index]
        if unknown:
            messages = {
                "target_groups": _(
                    "Unknown target group: %(values)s. The import page lists the codes you can use."
                ),
                "districts": _(
                    "Unknown district: %(values)s. Use the district's name or the code from "
                    "the import page."
                ),
                "languages": _(
                    "Unknown language: %(values)s. Use language codes such as nl, fr or ar."
                ),
            }
            errors.append(
                RowError(relation, messages[relation] % {"values": ", ".join(unknown)[:200]})
            )
            return None
        return {index[_fold_code(part)].pk for part in parts}

    def _flag(self, text: str, errors: list[RowError]) -> bool | None:
        word = _fold_code(text)
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        errors.append(
            RowError(
                "is_self_organisation",
                _("Write yes or no (or ja/nee, 1/0, true/false); not %(value)s.")
                % {"value": text.strip()[:40]},
            )
        )
        return None

    def _address(
        self,
        kind: str,
        cells: dict[str, str],
        given: Callable[[str], bool],
        values: _Values,
        errors: list[RowError],
    ) -> None:
        columns = [f"{kind}_{part}" for part, _a, _l in ADDRESS_PARTS]
        if not any(column in self.columns for column in columns):
            return
        if not all(given(column) for column in columns if column in self.columns):
            return  # a formula was refused in one of its cells
        parts = {part: cells.get(f"{kind}_{part}", "") for part, _a, _l in ADDRESS_PARTS}
        if not any(text.strip() for text in parts.values()):
            values.addresses[kind] = None  # what address_clean says of an empty address
            return
        # address_clean cuts overlong parts short; an import refuses them instead.
        too_long = False
        for part, text in parts.items():
            if len(text) <= _ADDRESS_MAX[part]:
                continue  # tidying never makes a text longer
            try:
                text_clean(text, field=part, max_length=_ADDRESS_MAX[part])
            except Invalid as exc:
                errors.append(RowError(f"{kind}_{part}", str(exc.message)))
                too_long = True
        if too_long:
            return
        try:
            values.addresses[kind] = address_clean(AddressIn(**parts), kind)
        except Invalid as exc:
            fields = list(exc.details.get("fields", {})) or [columns[0]]
            errors.append(RowError(", ".join(fields), str(exc.message)))


# --- Matching and comparing ------------------------------------------------------------------


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _identifier_label(field_name: str) -> str:
    return {
        "kbo_number": _("enterprise number"),
        "vcode": _("vCode"),
        "slug": _("web address (slug)"),
    }[field_name]


@dataclass
class _Register:
    """Who holds which identifier and name key, for the whole register (a few columns)."""

    by_field: dict[str, dict[str, int]]
    by_key: dict[str, list[int]]
    names: dict[int, str]

    @classmethod
    def load(cls) -> _Register:
        by_field: dict[str, dict[str, int]] = {"kbo_number": {}, "vcode": {}, "slug": {}}
        by_key: dict[str, list[int]] = defaultdict(list)
        names: dict[int, str] = {}
        rows = Organisation.objects.order_by().values_list(
            "pk", "kbo_number", "vcode", "slug", "name_key", "name"
        )
        for pk, kbo, vcode, slug, key, name in rows.iterator(chunk_size=2000):
            for field_name, value in (("kbo_number", kbo), ("vcode", vcode), ("slug", slug)):
                if value:
                    by_field[field_name][value] = pk
            by_key[key].append(pk)
            names[pk] = name
        return cls(by_field, dict(by_key), names)


def _match(plans: list[_Plan], register: _Register) -> None:
    first_row: dict[tuple[str, str], int] = {}
    target_row: dict[int, int] = {}
    duplicate_messages = {
        "kbo_number": _("The same enterprise number is already on row %(row)d."),
        "vcode": _("The same vCode is already on row %(row)d."),
        "slug": _("The same web address (slug) is already on row %(row)d."),
        "name": _(
            "An organisation with the same name and no identifier is already on row %(row)d. "
            "Add its enterprise number or vCode if they are two different organisations."
        ),
    }
    for plan in plans:
        values, errors = plan.values, plan.row.errors
        identifiers = (("kbo_number", values.kbo), ("vcode", values.vcode), ("slug", values.slug))
        keys = [(f, v) for f, v in identifiers if v]
        if not keys and plan.key:
            keys = [("name", plan.key)]
        for key in keys:
            if key in first_row:
                errors.append(
                    RowError(key[0], duplicate_messages[key[0]] % {"row": first_row[key]})
                )
            else:
                first_row[key] = plan.row.number
        if any(v for _f, v in identifiers):
            found = [(f, register.by_field[f].get(v)) for f, v in identifiers if v]
            holders = [(f, pk) for f, pk in found if pk is not None]
            if holders:
                matched_by, plan.target = holders[0]
                for other_field, other in holders[1:]:
                    if other != plan.target:
                        errors.append(
                            RowError(
                                other_field,
                                _(
                                    "The %(identifier)s on this row belongs to %(other)s, but "
                                    "its %(matched_by)s belongs to %(name)s. Check both."
                                )
                                % {
                                    "identifier": _identifier_label(other_field),
                                    "other": register.names[other],
                                    "matched_by": _identifier_label(matched_by),
                                    "name": register.names[plan.target],
                                },
                            )
                        )
        elif plan.key:
            candidates = register.by_key.get(plan.key, [])
            if len(candidates) == 1:
                plan.target = candidates[0]
            elif len(candidates) > 1:
                errors.append(
                    RowError(
                        "name",
                        _(
                            "Several organisations in the register have this name: %(names)s. "
                            "Add the enterprise number, vCode or slug to say which one."
                        )
                        % {"names": ", ".join(register.names[pk] for pk in candidates[:5])},
                    )
                )
        if plan.target is not None:
            if plan.target in target_row:
                errors.append(
                    RowError(
                        "",
                        _("Row %(row)d already changes the same organisation (%(name)s).")
                        % {"row": target_row[plan.target], "name": register.names[plan.target]},
                    )
                )
            else:
                target_row[plan.target] = plan.row.number


@dataclass
class _Current:
    organisations: dict[int, Organisation]
    relations: dict[str, dict[int, set[int]]]
    addresses: dict[tuple[int, str], Address]

    @classmethod
    def load(cls, pks: Sequence[int]) -> _Current:
        organisations: dict[int, Organisation] = {}
        relations: dict[str, dict[int, set[int]]] = {r: defaultdict(set) for r in _RELATIONS}
        addresses: dict[tuple[int, str], Address] = {}
        for chunk in _chunks(sorted(pks)):
            for organisation in Organisation.objects.order_by().filter(pk__in=chunk):
                organisations[organisation.pk] = organisation
            for relation in _RELATIONS:
                through, source, target = _through(relation)
                rows = through.objects.filter(**{f"{source}__in": chunk}).values_list(
                    source, target
                )
                for organisation_id, other_id in rows:
                    relations[relation][organisation_id].add(other_id)
            for address in Address.objects.filter(organisation_id__in=chunk):
                addresses[(address.organisation_id, address.kind)] = address
        return cls(organisations, relations, addresses)


def _through(relation: str) -> tuple[Any, str, str]:
    """The through model of an M2M relation with its two foreign key columns (``…_id``)."""
    m2m: Any = Organisation._meta.get_field(relation)
    return (
        m2m.remote_field.through,
        f"{m2m.m2m_field_name()}_id",
        f"{m2m.m2m_reverse_field_name()}_id",
    )


def _address_value(address: Address | None) -> AddressIn | None:
    if address is None:
        return None
    return AddressIn(
        street=address.street,
        number=address.number,
        box=address.box,
        postal_code=address.postal_code,
        municipality=address.municipality,
    )


def _form_fields(forms: list[str]) -> dict[str, bool]:
    return {model_field: code in forms for code, model_field in WORKING_FORM_FIELDS.items()}


def _label(name: str) -> str:
    if name in (kind.value for kind in AddressKind):
        return str(AddressKind(name).label)
    return str(getattr(Organisation._meta.get_field(name), "verbose_name", name))


def _compare(plan: _Plan, current: _Current) -> None:
    values, errors = plan.values, plan.row.errors
    no_forms = _("Choose at least one thing your organisation does.")
    if plan.target is None:
        plan.row.action = Action.CREATE
        if "legal_form" not in values.fields and not any(e.column == "legal_form" for e in errors):
            errors.append(
                RowError(
                    "legal_form",
                    _("Choose a legal form from the list.")
                    + " "
                    + _("Use one of these codes: %(codes)s.")
                    % {"codes": ", ".join(LegalForm.values)},
                )
            )
        if values.forms == [] or (
            values.forms is None and not any(e.column == "working_forms" for e in errors)
        ):
            errors.append(RowError("working_forms", no_forms))
        return
    organisation = current.organisations[plan.target]
    wanted: dict[str, Any] = {"name": values.name, **values.fields}
    if values.forms:
        wanted.update(_form_fields(values.forms))
    elif values.forms == [] and organisation.working_form_codes:
        errors.append(RowError("working_forms", no_forms))
    if values.kbo:
        wanted["kbo_number"] = values.kbo
    if values.vcode:
        wanted["vcode"] = values.vcode
    plan.changes = {f: v for f, v in wanted.items() if getattr(organisation, f) != v}
    for relation, ids in values.relations.items():
        if ids != current.relations[relation].get(plan.target, set()):
            plan.relation_changes[relation] = ids
    for kind, address in values.addresses.items():
        if address != _address_value(current.addresses.get((plan.target, kind))):
            plan.address_changes[kind] = address
    names = [*plan.changes, *plan.relation_changes, *plan.address_changes]
    plan.row.changes = list(dict.fromkeys(_label(n) for n in names))
    plan.row.action = Action.UPDATE if names else Action.UNCHANGED


# --- Writing -----------------------------------------------------------------------------------


def _search_text(
    organisation: Organisation, relations: dict[str, set[int]], refs: _References
) -> str:
    """What ``services.search_text_for`` computes, from values in memory."""
    groups = sorted(
        (refs.by_pk["target_groups"][pk] for pk in relations.get("target_groups", ())),
        key=lambda c: c.order,
    )
    districts = sorted(
        (refs.by_pk["districts"][pk] for pk in relations.get("districts", ())),
        key=lambda c: c.order,
    )
    parts = [organisation.name, organisation.alternative_name, organisation.description]
    parts += [c.search_name for c in groups] + [c.search_name for c in districts]
    return search_fold(" ".join(p for p in parts if p))


class _Slugs:
    """Unique slugs for many new organisations at once (``services._unique_slug`` in bulk)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.last: dict[str, int] = {}

    def reserve(self, slug: str) -> None:
        self.taken.add(slug)

    def new(self, name: str) -> str:
        base = slugify(name)[:200] or "organisatie"
        slug, n = base, self.last.get(base, 1)
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.last[base] = n
        self.taken.add(slug)
        return slug


def _write(
    plans: list[_Plan],
    *,
    current: _Current,
    register: _Register,
    refs: _References,
    by: Any,
    filename: str,
) -> None:
    now = timezone.now()
    actor = by if by is not None and getattr(by, "pk", None) else None
    creates = [p for p in plans if p.row.action == Action.CREATE]
    updates = [p for p in plans if p.row.action == Action.UPDATE]
    slugs = _Slugs(register.by_field["slug"])
    for plan in creates:
        if plan.values.slug:
            slugs.reserve(plan.values.slug)

    new: list[Organisation] = []
    for plan in creates:
        values = plan.values
        organisation = Organisation(
            name=values.name,
            legal_form=values.fields["legal_form"],
            kbo_number=values.kbo or None,
            vcode=values.vcode or None,
            slug=values.slug or slugs.new(values.name),
            status=Status.VERIFIED,
            verified_at=now,
            verified_by=actor,
            created_by=None,
            created_at=now,
            **{k: v for k, v in values.fields.items() if k != "legal_form"},
            **_form_fields(values.forms or []),
        )
        organisation.name_key = name_key(organisation.name)[:200]
        organisation.search_text = _search_text(organisation, values.relations, refs)
        new.append(organisation)

    for plan in updates:
        organisation = current.organisations[plan.pk]
        for name, value in plan.changes.items():
            setattr(organisation, name, value)
        relations = {
            r: plan.relation_changes.get(r, current.relations[r].get(organisation.pk, set()))
            for r in _RELATIONS
        }
        organisation.name_key = name_key(organisation.name)[:200]
        organisation.search_text = _search_text(organisation, relations, refs)
        organisation.updated_at = now
    update_fields = sorted(
        {name for plan in updates for name in plan.changes}
        | {"name_key", "search_text", "updated_at"}
    )

    try:
        with transaction.atomic():
            Organisation.objects.bulk_create(new, batch_size=BATCH)
            _fill_pks(new)
            if updates:
                Organisation.objects.bulk_update(
                    [current.organisations[p.pk] for p in updates],
                    update_fields,
                    batch_size=BATCH,
                )
            _write_relations(creates, new, updates)
            _write_addresses(creates, new, updates, current)
            events = [
                TimelineEvent(
                    organisation_id=organisation.pk,
                    kind="organisations.imported",
                    actor=actor,
                    occurred_at=now,
                    data={"file": filename[:200]},
                )
                for organisation in new
            ]
            events += [
                TimelineEvent(
                    organisation_id=plan.pk,
                    kind="organisations.profile_changed",
                    actor=actor,
                    occurred_at=now,
                    data={"fields": ", ".join(plan.row.changes)},
                )
                for plan in updates
                if current.organisations[plan.pk].status != Status.DRAFT
            ]
            TimelineEvent.objects.bulk_create(events, batch_size=BATCH)
            # bulk_create and bulk_update send no signals: make the public pages fresh here.
            bump_content_version()
    except IntegrityError:
        raise Conflict(
            _(
                "The register changed while the file was being imported, so nothing was "
                "imported. Import the file again."
            )
        ) from None


def _fill_pks(organisations: list[Organisation]) -> None:
    """Both supported databases return the new keys; this covers one that does not."""
    missing = [o for o in organisations if o.pk is None]
    if not missing:
        return
    pks: dict[str, int] = {}
    for chunk in _chunks([o.slug for o in missing]):
        pks.update(Organisation.objects.filter(slug__in=chunk).values_list("slug", "pk"))
    for organisation in missing:
        organisation.pk = pks[organisation.slug]


def _write_relations(creates: list[_Plan], new: list[Organisation], updates: list[_Plan]) -> None:
    """The through rows of the three lists, inserted as plain pairs of numbers.

    Some 100,000 of them for 20,000 organisations: building a model instance for
    each would cost more than inserting it.
    """
    for relation in _RELATIONS:
        through, source, target = _through(relation)
        pairs: list[tuple[int, int]] = []
        for plan, organisation in zip(creates, new, strict=True):
            pairs += [
                (organisation.pk, pk) for pk in sorted(plan.values.relations.get(relation, ()))
            ]
        changed = [p for p in updates if relation in p.relation_changes]
        for chunk in _chunks([p.pk for p in changed]):
            through.objects.filter(**{f"{source}__in": chunk}).delete()
        for plan in changed:
            pairs += [(plan.pk, pk) for pk in sorted(plan.relation_changes[relation])]
        if not pairs:
            continue
        _insert_pairs(through, source, target, pairs)


def _insert_pairs(through: Any, source: str, target: str, pairs: list[tuple[int, int]]) -> None:
    """INSERT two numbers per row: arrays through ``unnest`` on PostgreSQL (one statement
    per 10,000 rows instead of one round trip per row), ``executemany`` elsewhere."""
    quote = connection.ops.quote_name
    meta = through._meta
    table = quote(meta.db_table)
    columns = ", ".join(
        quote(meta.get_field(name.removesuffix("_id")).column) for name in (source, target)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest(%s::bigint[], %s::bigint[])"  # noqa: S608 - names from the model
            )
            for batch in _chunks(pairs, 10_000):
                cursor.execute(sql, [[a for a, _b in batch], [b for _a, b in batch]])
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s)"  # noqa: S608 - names from the model
            for batch in _chunks(pairs, 10_000):
                cursor.executemany(sql, batch)


def _write_addresses(
    creates: list[_Plan], new: list[Organisation], updates: list[_Plan], current: _Current
) -> None:
    inserts: list[Address] = []
    changed: list[Address] = []
    for plan, organisation in zip(creates, new, strict=True):
        for kind, address in plan.values.addresses.items():
            if address is not None:
                inserts.append(Address(organisation=organisation, kind=kind, **address.__dict__))
    for plan in updates:
        for kind, address in plan.address_changes.items():
            existing = current.addresses.get((plan.pk, kind))
            if address is None and existing is not None:
                existing.delete()
            elif address is not None and existing is None:
                inserts.append(Address(organisation_id=plan.pk, kind=kind, **address.__dict__))
            elif address is not None and existing is not None:
                for part, value in address.__dict__.items():
                    setattr(existing, part, value)
                changed.append(existing)
    Address.objects.bulk_create(inserts, batch_size=BATCH)
    if changed:
        Address.objects.bulk_update(
            changed, [part for part, _a, _l in ADDRESS_PARTS], batch_size=BATCH
        )


# --- The service -------------------------------------------------------------------------------


def _display_name(raw: _RawRow) -> str:
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
    refs = _References.load()
    checker = _RowChecker(table.columns, refs)
    plans: list[_Plan] = []
    for raw in table.rows:
        values, errors = checker.check(raw)
        row = ImportRow(number=raw.number, name=_display_name(raw), errors=errors)
        report.rows.append(row)
        plans.append(_Plan(row=row, values=values, key=name_key(values.name)[:200]))
    register = _Register.load()
    _match(plans, register)
    current = _Current.load([p.target for p in plans if p.target is not None])
    for plan in plans:
        _compare(plan, current)
    if dry_run or not report.is_valid:
        return report
    if any(p.row.action in (Action.CREATE, Action.UPDATE) for p in plans):
        _write(plans, current=current, register=register, refs=refs, by=by, filename=filename)
        report.written = True
    return report
