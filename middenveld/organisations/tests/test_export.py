"""Exporting the register: the importer's columns, formulas neutralised, re-import unchanged."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from middenveld.organisations.exporting import (
    csv_lines,
    export_header,
    neutralise,
    organisations_export_rows,
    write_csv,
    write_xlsx,
)
from middenveld.organisations.importing import COLUMN_NAMES, Action, organisations_import
from middenveld.organisations.models import AddressKind, Organisation, Status, TimelineEvent
from middenveld.organisations.tests.factories import (
    AddressFactory,
    DistrictFactory,
    OrganisationFactory,
    valid_kbo,
)

EXPORT_PAGE = "/beheer/organisations/organisation/exporteren/"

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example","Klik hier")'


def register() -> list[Organisation]:
    """A small register with everything an export has to carry."""
    DistrictFactory(code="01", slug="binnenstad", name="Binnenstad")
    DistrictFactory(code="02", slug="sluizeken-tolhuis-ham", name="Sluizeken-Tolhuis-Ham")
    full = OrganisationFactory(
        name="Vluchtelingenwerk Gent",
        alternative_name="VWG",
        kbo_number="0440966354",
        vcode="V0001234",
        description="Wij helpen nieuwkomers.\nOok met papieren; en méér.",
        does_meeting=True,
        does_advocacy=True,
        is_self_organisation=True,
        public_phone="+32 9 123 45 67",
        website="https://vwg.example.org",
        districts=["sluizeken-tolhuis-ham", "binnenstad"],
        target_groups=["nieuwkomers-en-vluchtelingen", "gezinnen"],
        languages=["nl", "ar", "fa"],
    )
    AddressFactory(organisation=full, kind=AddressKind.ACTIVITY, box="2")
    AddressFactory(organisation=full, kind=AddressKind.CORRESPONDENCE, street="Kouter")
    formula = OrganisationFactory(
        name=HYPERLINK,
        kbo_number=valid_kbo(2),
        description="-- geen --",
    )
    draft = OrganisationFactory(
        name="'t Pleintje",
        status=Status.DRAFT,
        kbo_number=None,
        does_meeting=False,
        legal_form="FV",
    )
    return [full, formula, draft]


def rows_of_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_the_export_has_the_importers_columns_and_every_value():
    full, _formula, _draft = register()

    rows = list(organisations_export_rows(Organisation.objects.filter(pk=full.pk)))

    assert export_header() == list(COLUMN_NAMES)
    values = dict(zip(COLUMN_NAMES, rows[0], strict=True))
    assert values["kbo_number"] == "0440.966.354"
    assert values["vcode"] == "V0001234"
    assert values["slug"] == full.slug
    assert values["working_forms"] == "ontmoeting, belangenbehartiging"
    assert values["target_groups"] == "gezinnen, nieuwkomers-en-vluchtelingen"
    assert values["districts"] == "binnenstad, sluizeken-tolhuis-ham"
    assert values["languages"] == "nl, ar, fa"
    assert values["is_self_organisation"] == "yes"
    assert values["activity_box"] == "2"
    assert values["correspondence_street"] == "Kouter"


def test_an_exported_csv_imports_unchanged(staff):
    register()
    out = StringIO()
    assert write_csv(Organisation.objects.all(), out) == 3
    events = TimelineEvent.objects.count()
    before = list(Organisation.objects.order_by("pk").values())

    report = organisations_import(
        file=io.BytesIO(out.getvalue().encode()), filename="export.csv", by=staff, dry_run=False
    )

    assert report.is_valid, [str(e) for r in report.rows for e in r.errors]
    assert [r.action for r in report.rows] == [Action.UNCHANGED] * 3
    assert list(Organisation.objects.order_by("pk").values()) == before
    assert TimelineEvent.objects.count() == events


def test_an_exported_xlsx_imports_unchanged(staff):
    register()
    out = io.BytesIO()
    assert write_xlsx(Organisation.objects.all(), out) == 3
    before = list(Organisation.objects.order_by("pk").values())

    report = organisations_import(
        file=io.BytesIO(out.getvalue()), filename="export.xlsx", by=staff, dry_run=False
    )

    assert report.is_valid, [str(e) for r in report.rows for e in r.errors]
    assert {r.action for r in report.rows} == {Action.UNCHANGED}
    assert list(Organisation.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+32 9 123 45 67", "'+32 9 123 45 67"),
        ("-- geen --", "'-- geen --"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
        ("'t Pleintje", "'t Pleintje"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_a_formula_in_a_name_is_neutralised_in_the_csv():
    register()

    rows = rows_of_csv("".join(csv_lines(Organisation.objects.all())))

    names = [row[0] for row in rows[1:]]
    assert "'" + HYPERLINK in names
    assert "'t Pleintje" in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_formula_in_a_name_is_a_text_cell_with_an_apostrophe_in_the_xlsx():
    register()
    out = io.BytesIO()
    write_xlsx(Organisation.objects.all(), out)

    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]

    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    names = {cell.value: cell for cell in next(sheet.iter_cols(min_col=1, max_col=1))}
    assert names["'" + HYPERLINK].data_type == "s"
    phones = [c.value for c in next(sheet.iter_cols(min_col=14, max_col=14))]
    assert "'+32 9 123 45 67" in phones


def test_the_export_takes_the_same_few_queries_for_ten_or_forty_organisations(
    django_assert_max_num_queries,
):
    def export_queries(n: int) -> int:
        OrganisationFactory.create_batch(n)
        with CaptureQueriesContext(connection) as queries:
            list(organisations_export_rows(Organisation.objects.all()))
        return len(queries)

    assert export_queries(10) == export_queries(30)
    with django_assert_max_num_queries(6):
        list(organisations_export_rows(Organisation.objects.all()))


def test_staff_download_the_register_as_csv_or_xlsx(client, staff):
    register()
    client.force_login(staff)

    response = client.get(f"{EXPORT_PAGE}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="organisations-' in response["Content-Disposition"]
    rows = rows_of_csv(b"".join(response.streaming_content).decode())
    assert len(rows) == 4

    response = client.get(f"{EXPORT_PAGE}?format=csv&status=draft")
    rows = rows_of_csv(b"".join(response.streaming_content).decode())
    assert [row[0] for row in rows[1:]] == ["'t Pleintje"]

    response = client.get(f"{EXPORT_PAGE}?format=xlsx&status=verified")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(list(workbook.worksheets[0].iter_rows())) == 3

    assert client.get(f"{EXPORT_PAGE}?format=pdf").status_code == 400
    assert client.get(f"{EXPORT_PAGE}?status=secret").status_code == 400


def test_citizens_cannot_export(client, citizen):
    register()
    client.force_login(citizen)

    response = client.get(f"{EXPORT_PAGE}?format=csv")

    assert response.status_code == 302
    assert client.get(response.url).status_code == 403


def test_the_export_command_writes_csv_or_xlsx(tmp_path):
    register()
    out = StringIO()

    call_command("export_organisations", str(tmp_path / "register.csv"), stdout=out)
    call_command(
        "export_organisations", str(tmp_path / "register.xlsx"), "--status", "verified", stdout=out
    )

    assert "3 organisations written" in out.getvalue()
    assert "2 organisations written" in out.getvalue()
    text = (tmp_path / "register.csv").read_text(encoding="utf-8-sig")
    assert rows_of_csv(text)[0] == list(COLUMN_NAMES)
    workbook = load_workbook(tmp_path / "register.xlsx", read_only=True)
    assert len(list(workbook.worksheets[0].iter_rows())) == 3
