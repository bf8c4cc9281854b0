"""Open data of awards: 360Giving fields and identifiers, the CSV header names, the OSLO
Subsidie JSON-LD, and reading filters from request parameters."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from middenveld.funding import opendata
from middenveld.funding.models import Application, ApplicationStatus
from middenveld.funding.tests.test_public_awards import make_award
from middenveld.organisations.tests.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kbo", "vcode", "expected"),
    [
        ("0412345678", "V0000001", "BE-BCE_KBO-0412345678"),
        (None, "V0000001", "360G-stadgent-vcode-V0000001"),
        (None, None, "360G-stadgent-org-{pk}"),
    ],
)
def test_a_recipient_is_identified_by_kbo_then_vcode_then_our_own_number(kbo, vcode, expected):
    organisation = OrganisationFactory(kbo_number=kbo, vcode=vcode)
    assert opendata.recipient_identifier(organisation) == expected.format(pk=organisation.pk)


def test_an_award_has_every_360giving_field(funding):
    district = DistrictFactory(slug="sluizeken", name="Sluizeken-Tolhuis-Ham")
    funding.organisation.districts.add(district)
    award = make_award(funding.organisation, funding.line, "1234.50", date(2025, 5, 6))
    with override_settings(
        FUNDING_FUNDER_ID="BE-BCE_KBO-0207451227", FUNDING_FUNDER_NAME="Stad Gent"
    ):
        grant = opendata.award_360(award, base_url="https://middenveld.example")
    assert grant["id"] == award.identifier
    assert grant["title"] == award.title
    assert grant["description"]
    assert grant["currency"] == "EUR"
    assert grant["amountAwarded"] == 1234.5
    assert grant["awardDate"] == "2025-05-06"
    assert grant["recipientOrganization"][0]["name"] == funding.organisation.name
    assert grant["fundingOrganization"] == [{"id": "BE-BCE_KBO-0207451227", "name": "Stad Gent"}]
    assert grant["grantProgramme"] == [
        {
            "code": "basiswerking",
            "title": "Subsidie basiswerking",
            "url": "https://middenveld.example/subsidies/basiswerking/",
        }
    ]
    assert grant["beneficiaryLocation"] == [{"name": "Sluizeken-Tolhuis-Ham"}]
    assert (
        grant["dataSource"]
        == f"https://middenveld.example/subsidies/toekenningen/{award.identifier}/"
    )
    assert grant["decisionReference"] == award.decision_reference
    json.dumps(grant)  # plain JSON


def test_the_csv_header_uses_360givings_column_titles_and_fits_the_rows(funding):
    award = make_award(funding.organisation, funding.line, "10.00", date(2025, 1, 1))
    header = opendata.CSV_HEADER
    assert header[:6] == (
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
    )
    for column in (
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Code",
        "Grant Programme:Title",
        "Beneficiary Location:Name",
    ):
        assert column in header
    row = opendata.award_csv_row(award)
    assert len(row) == len(header)
    assert dict(zip(header, row, strict=True))["Amount Awarded"] == "10.00"


def test_the_json_ld_uses_oslo_subsidie_terms_and_links_the_application(funding):
    application = Application.objects.create(
        reference="A0000001",
        call=funding.call,
        organisation=funding.organisation,
        title="Buurtfeest",
        amount_requested=Decimal("900.00"),
        status=ApplicationStatus.AWARDED,
        submitted_at=timezone.now(),
    )
    award = make_award(
        funding.organisation, funding.line, "800.00", date(2025, 2, 3), application=application
    )
    document = opendata.award_jsonld(award, base_url="https://middenveld.example")
    assert document["@context"]["subsidie"] == "http://data.vlaanderen.be/ns/subsidie#"
    assert document["@type"] == "subsidie:SubsidiemaatregelConsumptie"
    assert document["@id"].startswith("https://middenveld.example/subsidies/toekenningen/")
    offer = document["transactie:isInstantieVan"]
    assert offer["@type"] == "subsidie:SubsidiemaatregelAanbod"
    assert offer["dct:identifier"] == "basiswerking"
    participation = document["m8g:hasParticipation"]
    assert participation["@type"] == "m8g:Participation"
    assert participation["@reverse"]["m8g:playsRole"]["skos:prefLabel"] == funding.organisation.name
    request = document["prov:wasGeneratedBy"]
    assert request["@type"] == "subsidie:Aanvraag"
    assert request["subsidie:aangevraagdBedrag"]["schema:value"]["@value"] == "900.00"
    assert document["prov:wasDerivedFrom"]["dct:identifier"] == award.decision_reference
    # Every prefix used is declared in the context.
    text = json.dumps(document)
    for prefix in ("subsidie:", "transactie:", "m8g:", "dct:", "schema:", "prov:", "besluit:"):
        assert prefix in text
        assert prefix[:-1] in document["@context"]


def test_the_embedded_script_cannot_be_closed_by_data():
    html = opendata.jsonld_script({"@context": {}, "name": "</script><b>x</b> & more"})
    assert html.count("</script>") == 1
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body)["name"] == "</script><b>x</b> & more"


@pytest.mark.parametrize(
    ("params", "problems"),
    [
        ({"jaar": "2025"}, set()),
        ({"jaar": "25"}, {"year"}),
        ({"jaar": "२०२५"}, {"year"}),  # digits of another script
        ({"lijn": "-1"}, {"line"}),
        ({"instrument": "x" * 500}, {"instrument"}),
        ({"zoek": "  buurt\x00werk  "}, set()),
    ],
)
def test_filters_are_read_with_a_sentence_for_what_cannot_be_used(db, params, problems):
    filters, found = opendata.award_filters_read(params)
    assert set(found.fields) == problems
    if "zoek" in params:
        assert filters.q == "buurtwerk"
    if not problems and "jaar" in params:
        assert filters.year == 2025
        assert filters.as_params() == {"jaar": "2025"}
