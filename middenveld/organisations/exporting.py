"""Exporting the register to CSV and XLSX, in the columns the importer reads.

``organisations_export_rows(queryset)`` yields one list of texts per
organisation, in ``importing.COLUMN_NAMES`` order, so an exported file imports
unchanged (see ``importing``). Both writers stream: the rows come from
``queryset.iterator()`` as plain values, with the lists and addresses read per
1,000 organisations, so 20,000 organisations cost about a hundred queries and
little memory.

Every text cell that a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return, also after apostrophes) gets a leading
apostrophe, in CSV and in XLSX (where the cell is also typed as text). The
importer removes exactly that one apostrophe again.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import IO, Any

from django.db.models import QuerySet

from middenveld.organisations.identifiers import kbo_display
from middenveld.organisations.importing import ADDRESS_PARTS, COLUMN_NAMES, FORMULA_STARTS
from middenveld.organisations.models import WORKING_FORMS, Address, AddressKind, Organisation

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 1000
# Column widths in the XLSX, in characters (the rest get DEFAULT_WIDTH).
_WIDTHS = {"name": 40, "alternative_name": 20, "description": 60, "website": 30}
DEFAULT_WIDTH = 16


def export_header() -> list[str]:
    return list(COLUMN_NAMES)


def neutralise(value: str) -> str:
    """A cell text that no spreadsheet will run as a formula.

    Apostrophes already at the start count too, so that the importer, which
    removes one, gives back exactly ``value``.
    """
    if value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


_FIELDS = (
    "pk",
    "name",
    "alternative_name",
    "legal_form",
    "kbo_number",
    "vcode",
    "slug",
    "description",
    "is_self_organisation",
    "public_email",
    "public_phone",
    "website",
    *(model_field for _code, model_field, _label in WORKING_FORMS),
)
# Each list: the code the import reads, in the order the site shows the list.
_LISTS = (
    ("target_groups", "code", ("order", "code")),
    ("districts", "slug", ("name",)),
    ("languages", "code", ("order", "code")),
)


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def _lists(pks: list[int]) -> dict[str, dict[int, list[str]]]:
    """For each list, the codes per organisation: one query per list (not per organisation)."""
    found: dict[str, dict[int, list[str]]] = {}
    for relation, code, order in _LISTS:
        m2m: Any = Organisation._meta.get_field(relation)
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        codes: dict[int, list[str]] = defaultdict(list)
        rows = (
            through.objects.filter(**{f"{source}__in": pks})
            .order_by(*(f"{target}__{o}" for o in order))
            .values_list(f"{source}_id", f"{target}__{code}")
        )
        for pk, value in rows:
            codes[pk].append(value)
        found[relation] = codes
    return found


def _addresses(pks: list[int]) -> dict[tuple[int, str], dict[str, str]]:
    parts = [part for part, _a, _l in ADDRESS_PARTS]
    rows = Address.objects.filter(organisation_id__in=pks).values("organisation_id", "kind", *parts)
    return {(row["organisation_id"], row["kind"]): row for row in rows}


def organisations_export_rows(queryset: QuerySet[Organisation]) -> Iterator[list[str]]:
    """One row of texts per organisation, in ``export_header()`` order (no header).

    Ordered by name. Per 1,000 organisations: one query for each list and one for
    the addresses, reading plain values (no model instances).
    """
    rows = queryset.order_by("name_key", "pk").values(*_FIELDS).iterator(chunk_size=CHUNK)
    for chunk in _chunks(rows):
        pks = [row["pk"] for row in chunk]
        lists = _lists(pks)
        addresses = _addresses(pks)
        for row in chunk:
            pk = row["pk"]
            cells = [
                row["name"],
                row["alternative_name"],
                row["legal_form"],
                kbo_display(row["kbo_number"] or ""),
                row["vcode"] or "",
                row["slug"],
                row["description"],
                ", ".join(code for code, field, _label in WORKING_FORMS if row[field]),
                ", ".join(lists["target_groups"].get(pk, ())),
                ", ".join(lists["districts"].get(pk, ())),
                ", ".join(lists["languages"].get(pk, ())),
                "yes" if row["is_self_organisation"] else "no",
                row["public_email"],
                row["public_phone"],
                row["website"],
            ]
            for kind in (AddressKind.ACTIVITY, AddressKind.CORRESPONDENCE):
                address = addresses.get((pk, kind))
                cells += [address[p] if address else "" for p, _a, _l in ADDRESS_PARTS]
            yield cells


# --- CSV ---------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet[Organisation]) -> Iterator[str]:
    """The CSV file line by line: UTF-8 with a BOM (so that Excel reads the accents)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(export_header())
    for row in organisations_export_rows(queryset):
        yield writer.writerow([neutralise(cell) for cell in row])


def write_csv(queryset: QuerySet[Organisation], out: IO[str]) -> int:
    """Write the CSV to a text stream opened with ``newline=""``; returns the number of rows."""
    lines = 0
    for line in csv_lines(queryset):
        out.write(line)
        lines += 1
    return lines - 1  # the header


# --- XLSX --------------------------------------------------------------------------------------


def _xlsx_cells(sheet: Any, row: Sequence[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells: list[Any] = []
    for value in row:
        # Control characters cannot be stored in an XLSX at all.
        cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
        text = neutralise(cleaned)
        if text == cleaned:
            cells.append(text)  # a plain str is written as a text cell
            continue
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # text, never a formula
        cells.append(cell)
    return cells


def write_xlsx(queryset: QuerySet[Organisation], out: IO[bytes]) -> int:
    """Write the XLSX to a binary stream; returns the number of rows.

    openpyxl's write-only mode keeps the rows in a temporary file, not in memory.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title="organisations")
    header = export_header()
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, DEFAULT_WIDTH)
    sheet.append(_xlsx_cells(sheet, header))
    count = 0
    for row in organisations_export_rows(queryset):
        sheet.append(_xlsx_cells(sheet, row))
        count += 1
    workbook.save(out)
    return count
