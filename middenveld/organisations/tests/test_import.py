"""Importing the register from CSV and XLSX: checks, matching, all-or-nothing, re-import."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from openpyxl import Workbook

from middenveld.core.cache import content_version
from middenveld.core.errors import Forbidden, Invalid
from middenveld.organisations.admin_import import export_view, import_view
from middenveld.organisations.importing import MAX_BYTES, Action, organisations_import
from middenveld.organisations.models import (
    Address,
    AddressKind,
    Organisation,
    Status,
    TimelineEvent,
)
from middenveld.organisations.services import search_text_for
from middenveld.organisations.tests.factories import (
    AddressFactory,
    DistrictFactory,
    OrganisationFactory,
    valid_kbo,
)
from middenveld.organisations.text import name_key

# The back office's import page, in English so the tests can read it.
IMPORT_PAGE = "/en/beheer/organisations/organisation/importeren/"

pytestmark = pytest.mark.django_db

COLUMNS = [
    "name",
    "legal_form",
    "kbo_number",
    "vcode",
    "description",
    "working_forms",
    "target_groups",
    "districts",
    "languages",
    "is_self_organisation",
    "public_email",
    "public_phone",
    "website",
    "activity_street",
    "activity_number",
    "activity_postal_code",
    "activity_municipality",
]


@pytest.fixture(autouse=True)
def districts(db):
    return [
        DistrictFactory(code="01", slug="binnenstad", name="Binnenstad"),
        DistrictFactory(code="02", slug="sluizeken-tolhuis-ham", name="Sluizeken-Tolhuis-Ham"),
    ]


def org_row(n: int, **changes: str) -> dict[str, str]:
    row = {
        "name": f"Buurtwerk {n}",
        "legal_form": "VZW",
        "kbo_number": valid_kbo(n),
        "vcode": "",
        "description": "Wij brengen buren samen.",
        "working_forms": "ontmoeting; basiswerk",
        "target_groups": "gezinnen",
        "districts": "binnenstad",
        "languages": "nl, fr",
        "is_self_organisation": "nee",
        "public_email": f"info{n}@example.org",
        "public_phone": "09 123 45 67",
        "website": f"https://buurtwerk{n}.example.org",
        "activity_street": "Sint-Pietersnieuwstraat",
        "activity_number": "33",
        "activity_postal_code": "9000",
        "activity_municipality": "Gent",
    }
    row.update(changes)
    return row


def csv_bytes(
    rows: list[dict[str, str]],
    columns: list[str] | None = None,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    columns = columns or list(rows[0]) if rows else (columns or COLUMNS)
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(data: bytes, *, dry_run: bool = False, by=None, filename: str = "list.csv"):
    return organisations_import(file=io.BytesIO(data), filename=filename, by=by, dry_run=dry_run)


def messages(report, number: int) -> str:
    row = next(r for r in report.rows if r.number == number)
    return " ".join(str(e) for e in row.errors)


def snapshot():
    through = [getattr(Organisation, r).through.objects.count() for r in ("districts", "languages")]
    return (
        Organisation.objects.count(),
        TimelineEvent.objects.count(),
        Address.objects.count(),
        *through,
        sorted(Organisation.objects.values_list("pk", "updated_at")),
        content_version(),
    )


# --- Creating ------------------------------------------------------------------------------


def test_a_valid_file_creates_every_organisation_verified_with_its_lists_and_address(staff):
    before = content_version()

    report = run(csv_bytes([org_row(1), org_row(2), org_row(3, vcode="v 0001234")]), by=staff)

    assert report.is_valid, [str(e) for r in report.rows for e in r.errors]
    assert report.written
    assert [r.action for r in report.rows] == [Action.CREATE] * 3
    assert [r.number for r in report.rows] == [2, 3, 4]
    assert Organisation.objects.count() == 3
    third = Organisation.objects.get(kbo_number=valid_kbo(3))
    assert third.vcode == "V0001234"
    assert third.status == Status.VERIFIED
    assert third.verified_by == staff
    assert third.created_by is None
    assert third.working_form_codes == ["ontmoeting", "basiswerk"]
    assert [d.slug for d in third.districts.all()] == ["binnenstad"]
    assert sorted(lang.code for lang in third.languages.all()) == ["fr", "nl"]
    assert [g.code for g in third.target_groups.all()] == ["gezinnen"]
    address = third.addresses.get()
    assert (address.kind, address.street, address.postal_code) == (
        AddressKind.ACTIVITY,
        "Sint-Pietersnieuwstraat",
        "9000",
    )
    # Derived fields computed in bulk are what the services compute one by one.
    assert third.name_key == name_key("Buurtwerk 3")
    assert third.search_text == search_text_for(third)
    assert "gezinnen" in third.search_text and "binnenstad" in third.search_text
    events = TimelineEvent.objects.filter(kind="organisations.imported")
    assert events.count() == 3
    assert {e.actor_id for e in events} == {staff.pk}
    assert content_version() > before


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(staff):
    OrganisationFactory(kbo_number=valid_kbo(1), name="Buurtwerk 1")
    before = snapshot()

    report = run(csv_bytes([org_row(1), org_row(2)]), dry_run=True, by=staff)

    assert report.is_valid and not report.written
    assert [r.action for r in report.rows] == [Action.UPDATE, Action.CREATE]
    assert "Nothing was written" in report.outcome
    assert snapshot() == before


def test_slugs_of_new_organisations_are_unique_also_against_the_register():
    OrganisationFactory(name="De Tuin", slug="de-tuin")
    rows = [org_row(1, name="De Tuin"), org_row(2, name="De  tuin"), org_row(3, name="شباب")]

    report = run(csv_bytes(rows))

    assert report.is_valid
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    assert {"de-tuin", "de-tuin-2", "de-tuin-3", "organisatie"} <= slugs


# --- All or nothing ---------------------------------------------------------------------------


def test_one_bad_row_among_5000_changes_nothing_and_the_report_names_that_row(staff):
    rows = [org_row(n) for n in range(1, 5001)]
    rows[2716]["kbo_number"] = "0440.966.355"  # row 2718 of the sheet (the header is row 1)
    before = snapshot()

    report = run(csv_bytes(rows), by=staff)

    assert not report.written
    assert report.total == 5000
    assert [r.number for r in report.invalid_rows] == [2718]
    assert "last two digits do not match" in messages(report, 2718)
    assert "Nothing was imported" in report.outcome
    assert snapshot() == before


def test_importing_the_same_file_again_changes_nothing(staff):
    rows = [org_row(n) for n in range(1, 21)]
    rows.append(org_row(21, kbo_number="", vcode="", name="Zonder nummer"))
    data = csv_bytes(rows)
    run(data, by=staff)
    before = snapshot()

    report = run(data, by=staff)

    assert report.is_valid
    assert not report.written
    assert {r.action for r in report.rows} == {Action.UNCHANGED}
    assert report.unchanged == 21
    assert "nothing needed to change" in report.outcome
    assert snapshot() == before


# --- Matching -------------------------------------------------------------------------------


def test_a_row_matching_a_kbo_number_updates_only_the_changed_field(staff):
    organisation = OrganisationFactory(
        name="Vluchtelingenwerk Gent",
        kbo_number="0440966354",
        description="Wij helpen nieuwkomers.",
        public_email="info@example.org",
        website="https://old.example.org",
    )
    columns = ["kbo_number", "name", "website"]
    row = {
        "kbo_number": "BE 0440.966.354",
        "name": "Vluchtelingenwerk Gent",
        "website": "www.vluchtelingenwerk.example.org",
    }

    report = run(csv_bytes([row], columns), by=staff)

    assert report.written
    assert report.rows[0].action == Action.UPDATE
    assert report.rows[0].changes == ["website"]
    organisation.refresh_from_db()
    assert organisation.website == "https://www.vluchtelingenwerk.example.org"
    # Columns that are not in the file are left as they are.
    assert organisation.description == "Wij helpen nieuwkomers."
    assert organisation.public_email == "info@example.org"
    event = TimelineEvent.objects.get(organisation=organisation)
    assert (event.kind, event.actor, event.data) == (
        "organisations.profile_changed",
        staff,
        {"fields": "website"},
    )
    assert Organisation.objects.count() == 1


def test_a_row_without_identifiers_matches_on_the_folded_name():
    organisation = OrganisationFactory(name="Café Çava vzw", kbo_number=None)

    report = run(csv_bytes([{"name": "CAFE CAVA", "description": "Nieuw."}]))

    assert report.rows[0].action == Action.UPDATE
    organisation.refresh_from_db()
    assert organisation.name == "CAFE CAVA"
    assert organisation.description == "Nieuw."
    assert Organisation.objects.count() == 1


def test_a_row_matching_on_vcode_adds_the_kbo_number_and_an_empty_cell_removes_none():
    organisation = OrganisationFactory(name="Jeugdhuis", vcode="V0000042", kbo_number=None)
    other = OrganisationFactory(name="Buurthuis", kbo_number=valid_kbo(9), vcode="V0000043")

    report = run(
        csv_bytes(
            [
                {"name": "Jeugdhuis", "vcode": "V0000042", "kbo_number": valid_kbo(8)},
                {"name": "Buurthuis", "vcode": "", "kbo_number": valid_kbo(9)},
            ]
        )
    )

    assert [r.action for r in report.rows] == [Action.UPDATE, Action.UNCHANGED]
    organisation.refresh_from_db()
    other.refresh_from_db()
    assert organisation.kbo_number == valid_kbo(8)
    assert other.vcode == "V0000043"


def test_a_name_that_two_organisations_share_needs_an_identifier():
    OrganisationFactory(name="Buurtwerk", kbo_number=None)
    OrganisationFactory(name="BUURTWERK vzw", kbo_number=None)

    report = run(csv_bytes([{"name": "Buurtwerk", "legal_form": "VZW"}]))

    assert not report.is_valid
    assert "Several organisations in the register have this name" in messages(report, 2)


def test_identifiers_of_two_different_organisations_on_one_row_are_refused():
    OrganisationFactory(name="Eerste", kbo_number=valid_kbo(1))
    OrganisationFactory(name="Tweede", vcode="V0000002")

    report = run(csv_bytes([org_row(1, name="Eerste", vcode="V0000002")]))

    assert not report.is_valid
    text = messages(report, 2)
    assert "vCode on this row belongs to Tweede" in text
    assert "enterprise number belongs to Eerste" in text


def test_duplicate_identifiers_inside_the_file_name_the_first_row():
    rows = [
        org_row(1),
        org_row(2, kbo_number="BE " + valid_kbo(1)),
        org_row(3, kbo_number="", vcode="V0000007"),
        org_row(4, kbo_number="", vcode="v0000007"),
        org_row(5, kbo_number="", name="Zelfde naam"),
        org_row(6, kbo_number="", name="zelfde NAAM"),
    ]

    report = run(csv_bytes(rows))

    assert [r.number for r in report.invalid_rows] == [3, 5, 7]
    assert "same enterprise number is already on row 2" in messages(report, 3)
    assert "same vCode is already on row 4" in messages(report, 5)
    assert "same name and no identifier is already on row 6" in messages(report, 7)
    assert Organisation.objects.count() == 0


def test_two_rows_that_find_the_same_organisation_are_refused():
    OrganisationFactory(name="Jeugdhuis", kbo_number=valid_kbo(1), vcode="V0000001")

    report = run(
        csv_bytes(
            [
                org_row(1, name="Jeugdhuis"),
                org_row(2, name="Jeugdhuis De Kelder", kbo_number="", vcode="V0000001"),
            ]
        )
    )

    assert [r.number for r in report.invalid_rows] == [3]
    assert "Row 2 already changes the same organisation (Jeugdhuis)" in messages(report, 3)


# --- Bad values, in plain words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kbo", "reason"),
    [
        ("0440.966.355", "last two digits do not match the first eight"),
        ("2440966354", "starts with 0 or 1"),
        ("04409663", "has 10 digits; this one has 8"),
        ("BE044O966354", "holds only digits"),
    ],
)
def test_an_invalid_kbo_number_says_why(kbo, reason):
    report = run(csv_bytes([org_row(1, kbo_number=kbo)]))

    assert not report.is_valid
    assert report.rows[0].errors[0].column == "kbo_number"
    assert reason in messages(report, 2)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("x" * 10_000, "at most 200 characters; this one has 10000"),
        ("     ", "Spaces alone are not a name"),
        ("", "Spaces alone are not a name"),
        ("!!!", "at least one letter or digit"),
    ],
)
def test_a_bad_name_is_refused_with_a_sentence(name, reason):
    report = run(csv_bytes([org_row(1), org_row(2, name=name)]))

    assert [r.number for r in report.invalid_rows] == [3]
    assert reason in messages(report, 3)
    assert Organisation.objects.count() == 0


def test_a_new_organisation_needs_a_legal_form_and_a_working_form():
    report = run(csv_bytes([{"name": "Alleen een naam"}]))

    text = messages(report, 2)
    assert "Choose a legal form from the list. Use one of these codes: FV, VZER, VZW" in text
    assert "Choose at least one thing your organisation does" in text


def test_unknown_codes_and_wrong_contact_details_are_named():
    row = org_row(
        1,
        legal_form="bv",
        working_forms="ontmoeting, koken",
        target_groups="gezinnen; katten",
        districts="Binnenstad, Atlantis",
        languages="nl, xx",
        is_self_organisation="misschien",
        public_email="info(at)example.org",
        public_phone="bel ons",
        website="niet een adres",
        activity_postal_code="90000",
    )

    report = run(csv_bytes([row]))

    errors = {e.column: e.message for e in report.rows[0].errors}
    assert "Use one of these codes" in errors["legal_form"]
    assert "Unknown working form: koken" in errors["working_forms"]
    assert "Unknown target group: katten" in errors["target_groups"]
    assert "Unknown district: Atlantis" in errors["districts"]
    assert "Unknown language: xx" in errors["languages"]
    assert "misschien" in errors["is_self_organisation"]
    assert "not a valid e-mail address" in errors["public_email"]
    assert "not a valid phone number" in errors["public_phone"]
    assert "not a valid web address" in errors["website"]
    assert "four digits" in errors["activity_postal_code"]


def test_lists_match_on_codes_and_names_in_any_case():
    row = org_row(
        1,
        districts="SLUIZEKEN-TOLHUIS-HAM; binnenstad",
        target_groups="Gezinnen, ouderen",
        languages="Arabisch; EN",
        working_forms="Ontmoeting",
        is_self_organisation="Yes",
    )

    report = run(csv_bytes([row]))

    assert report.is_valid
    organisation = Organisation.objects.get()
    assert sorted(d.slug for d in organisation.districts.all()) == [
        "binnenstad",
        "sluizeken-tolhuis-ham",
    ]
    assert sorted(g.code for g in organisation.target_groups.all()) == ["gezinnen", "ouderen"]
    assert sorted(lang.code for lang in organisation.languages.all()) == ["ar", "en"]
    assert organisation.is_self_organisation


def test_an_update_changes_lists_and_addresses_and_empty_address_cells_remove_it():
    organisation = OrganisationFactory(
        name="Buurtwerk 1", kbo_number=valid_kbo(1), districts=["binnenstad"]
    )
    AddressFactory(organisation=organisation, kind=AddressKind.ACTIVITY, street="Oude straat")
    AddressFactory(organisation=organisation, kind=AddressKind.CORRESPONDENCE)
    columns = [
        "kbo_number",
        "name",
        "districts",
        "activity_street",
        "activity_number",
        "activity_postal_code",
        "activity_municipality",
        "correspondence_street",
        "correspondence_number",
        "correspondence_postal_code",
        "correspondence_municipality",
    ]
    row = {
        "kbo_number": valid_kbo(1),
        "name": "Buurtwerk 1",
        "districts": "sluizeken-tolhuis-ham",
        "activity_street": "Nieuwe straat",
        "activity_number": "1",
        "activity_postal_code": "9000",
        "activity_municipality": "Gent",
    }

    report = run(csv_bytes([row], columns))

    assert report.rows[0].action == Action.UPDATE
    organisation.refresh_from_db()
    assert [d.slug for d in organisation.districts.all()] == ["sluizeken-tolhuis-ham"]
    assert organisation.search_text == search_text_for(organisation)
    assert [(a.kind, a.street) for a in organisation.addresses.all()] == [
        (AddressKind.ACTIVITY, "Nieuwe straat")
    ]


def test_an_update_cannot_take_away_every_working_form():
    OrganisationFactory(name="Buurtwerk 1", kbo_number=valid_kbo(1), does_meeting=True)

    report = run(csv_bytes([org_row(1, working_forms="")]))

    assert "Choose at least one thing your organisation does" in messages(report, 2)


# --- Formulas ---------------------------------------------------------------------------------


def test_an_xlsx_formula_cell_is_refused_with_its_row_and_column():
    data = xlsx_bytes(
        [
            ["name", "legal_form", "working_forms"],
            ["Buurtwerk", "VZW", "ontmoeting"],
            ['=HYPERLINK("https://evil.example","Klik")', "VZW", "ontmoeting"],
        ]
    )

    report = run(data, filename="list.xlsx")

    assert [r.number for r in report.invalid_rows] == [3]
    error = report.rows[1].errors[0]
    assert error.column == "name"
    assert "Cell A3 holds a spreadsheet formula (=HYPERLINK(" in error.message
    assert Organisation.objects.count() == 0


def test_a_valid_xlsx_is_imported_with_numbers_read_as_text():
    data = xlsx_bytes(
        [
            ["Naam", "Rechtsvorm", "KBO-nummer", "Werkvormen"]
            + [
                "Activiteit straat",
                "Activiteit nummer",
                "Activiteit postcode",
                "Activiteit gemeente",
            ],
            ["Buurtwerk", "vzw", 440966354, "ontmoeting", "Kouter", 33, 9000, "Gent"],
        ]
    )

    report = run(data, filename="lijst.xlsx")

    assert report.is_valid, [str(e) for e in report.rows[0].errors]
    organisation = Organisation.objects.get()
    assert organisation.kbo_number == "0440966354"  # nine digits: the leading 0 is implied
    address = organisation.addresses.get()
    assert (address.number, address.postal_code) == ("33", "9000")


def test_a_csv_cell_starting_with_equals_is_refused_as_a_formula():
    report = run(csv_bytes([org_row(1, name='=HYPERLINK("https://evil.example","Klik")')]))

    assert not report.is_valid
    assert report.rows[0].errors[0].column == "name"
    assert "spreadsheet formula" in report.rows[0].errors[0].message
    assert "apostrophe" in report.rows[0].errors[0].message
    assert Organisation.objects.count() == 0


def test_an_apostrophe_before_a_formula_character_stores_the_text_literally():
    rows = [
        org_row(1, name="'=Gelijk is gelijk", public_phone="'+32 9 123 45 67"),
        org_row(2, name="'t Pleintje"),
    ]

    report = run(csv_bytes(rows))

    assert report.is_valid
    assert Organisation.objects.get(kbo_number=valid_kbo(1)).name == "=Gelijk is gelijk"
    assert Organisation.objects.get(kbo_number=valid_kbo(1)).public_phone == "+32 9 123 45 67"
    assert Organisation.objects.get(kbo_number=valid_kbo(2)).name == "'t Pleintje"


# --- The file as a whole ----------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (PNG, "organisaties.csv", "neither a CSV file nor an Excel workbook"),
        (b"%PDF-1.4\n1 0 obj\n", "organisaties.csv", "neither a CSV file nor an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "lijst.xlsx", "old Excel file"),
        (b"PK\x03\x04 not really a zip", "lijst.xlsx", "neither a CSV file nor an Excel"),
        (b"", "leeg.csv", "This file is empty"),
        (b"organisatie naam;adres\n", "lijst.csv", "one of them must be name"),
        (b"name,name\nA,B\n", "lijst.csv", "column name appears more than once"),
    ],
)
def test_a_file_that_is_not_a_usable_list_is_refused_with_a_sentence(data, filename, reason):
    with pytest.raises(Invalid, match=reason):
        run(data, filename=filename)
    assert Organisation.objects.count() == 0


def test_a_file_over_20_mb_is_refused():
    data = csv_bytes([org_row(1)]) + b"#" * MAX_BYTES

    with pytest.raises(Invalid, match="at most 20 MB"):
        run(data)


def test_semicolons_a_bom_and_dutch_column_names_are_understood():
    header = ["Naam", "Rechtsvorm", "Ondernemingsnummer", "Werkvormen", "Wijken", "E-mail"]
    row = ["Café Één", "vzw", "0440.966.354", "ontmoeting,emancipatie", "Binnenstad", "a@b.be"]
    text = ";".join(header) + "\r\n" + ";".join(row) + "\r\n"

    report = run(text.encode("utf-8-sig"))

    assert report.is_valid, [str(e) for e in report.rows[0].errors]
    assert report.columns == [
        "name",
        "legal_form",
        "kbo_number",
        "working_forms",
        "districts",
        "public_email",
    ]
    organisation = Organisation.objects.get()
    assert organisation.name == "Café Één"
    assert organisation.working_form_codes == ["ontmoeting", "emancipatie"]


def test_a_windows_1252_file_is_read_with_a_warning():
    text = "name;legal_form;working_forms\r\nCafé Sénior;VZW;ontmoeting\r\n"

    report = run(text.encode("cp1252"))

    assert report.is_valid
    assert "Windows-1252" in report.warnings[0]
    assert Organisation.objects.get().name == "Café Sénior"


def test_unknown_columns_are_ignored_with_a_warning():
    report = run(
        csv_bytes(
            [{"name": "X", "legal_form": "FV", "working_forms": "ontmoeting", "opmerking": "?"}]
        )
    )

    assert report.is_valid
    assert "opmerking" in report.warnings[0]


def test_a_row_with_more_cells_than_columns_is_refused():
    text = "name,legal_form,working_forms\nDe Tuin, De Vijver,VZW,ontmoeting\n"

    report = run(text.encode())

    assert "needs quotes around it" in messages(report, 2)


def test_only_city_staff_may_import(citizen):
    with pytest.raises(Forbidden):
        run(csv_bytes([org_row(1)]), by=citizen)
    assert Organisation.objects.count() == 0


# --- The back office page ---------------------------------------------------------------------


def test_staff_see_every_row_and_its_problems_in_a_check(client, staff):
    client.force_login(staff)
    rows = [org_row(1), org_row(2, kbo_number="0440.966.355")]
    upload = SimpleUploadedFile("lijst.csv", csv_bytes(rows), content_type="text/csv")

    response = client.post(IMPORT_PAGE, {"file": upload, "_check": "Check"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "<caption>" in html and 'scope="row"' in html
    assert 'id="row-2"' in html and 'id="row-3"' in html
    assert "last two digits do not match" in html
    assert Organisation.objects.count() == 0


def test_staff_import_a_valid_file_from_the_page(client, staff):
    client.force_login(staff)
    assert client.get(IMPORT_PAGE).status_code == 200
    upload = SimpleUploadedFile("lijst.csv", csv_bytes([org_row(1), org_row(2)]))

    response = client.post(IMPORT_PAGE, {"file": upload, "_import": "Import"})

    assert response.status_code == 200
    assert "The file was imported." in response.content.decode()
    assert Organisation.objects.count() == 2


def test_the_page_explains_a_refused_file(client, staff):
    client.force_login(staff)
    upload = SimpleUploadedFile("logo.csv", PNG)

    response = client.post(IMPORT_PAGE, {"file": upload, "_import": "Import"})

    assert response.status_code == 422
    assert "neither a CSV file nor an Excel workbook" in response.content.decode()
    response = client.post(IMPORT_PAGE, {"_import": "Import"})
    assert "Choose a CSV or XLSX file first." in response.content.decode()


def test_citizens_and_visitors_cannot_import(client, citizen):
    upload = SimpleUploadedFile("lijst.csv", csv_bytes([org_row(1)]))
    response = client.post(IMPORT_PAGE, {"file": upload, "_import": "Import"})
    assert response.status_code == 302  # to the sign-in page

    client.force_login(citizen)
    response = client.get(IMPORT_PAGE)
    assert response.status_code == 302  # the back office sends them to its sign-in …
    assert client.get(response.url).status_code == 403  # … which refuses a signed-in citizen
    response = client.post(IMPORT_PAGE, {"file": upload, "_import": "Import"})
    assert response.status_code == 302
    assert Organisation.objects.count() == 0


def test_the_view_itself_checks_the_rule(citizen):
    request = RequestFactory().get("/")
    request.user = citizen

    with pytest.raises(PermissionDenied):
        import_view(request)
    with pytest.raises(PermissionDenied):
        export_view(request)


# --- The command ------------------------------------------------------------------------------


def test_the_command_checks_imports_and_reports_rows_with_problems(tmp_path, staff):
    good = tmp_path / "goed.csv"
    good.write_bytes(csv_bytes([org_row(1), org_row(2)]))
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes([org_row(1), org_row(2, name=" ")]))

    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_organisations", str(bad), stdout=out, stderr=StringIO())
    assert "3\t\tname: Fill in a name" in out.getvalue()

    out = StringIO()
    call_command("import_organisations", str(good), "--dry-run", stdout=out)
    assert "2 rows: 2 new" in out.getvalue()
    assert Organisation.objects.count() == 0

    call_command("import_organisations", str(good), "--by", staff.email, stdout=StringIO())
    assert Organisation.objects.count() == 2
    assert TimelineEvent.objects.filter(actor=staff).count() == 2


def test_the_command_refuses_an_unknown_person_and_a_missing_file(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_bytes(csv_bytes([org_row(1)]))
    with pytest.raises(CommandError, match="No user"):
        call_command("import_organisations", str(path), "--by", "nobody@example.org")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_organisations", str(tmp_path / "missing.csv"))
