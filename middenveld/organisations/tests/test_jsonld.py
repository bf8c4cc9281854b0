"""An organisation's public profile as JSON-LD (OSLO Organisatie)."""

import json
from datetime import date

import pytest
from django.test import override_settings

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.organisations import selectors
from middenveld.organisations.jsonld import CONTEXT, organisation_jsonld
from middenveld.organisations.models import AddressKind, LegalForm, MemberRole, Status
from middenveld.organisations.tests.factories import (
    AddressFactory,
    MembershipFactory,
    OrganisationFactory,
    RecognitionFactory,
    valid_kbo,
)

pytestmark = pytest.mark.django_db

SITE = "https://middenveld.example.be"


def jsonld_url(organisation, language=""):
    prefix = f"/{language}" if language else ""
    return f"{prefix}/organisaties/{organisation.slug}/organisatie.jsonld"


def document_of(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def _compact_iris(node):
    """Every property and type name used in the document (not the @context)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if not key.startswith("@"):
                yield key
            if key == "@type":
                yield from [value] if isinstance(value, str) else value
            elif key not in ("@id", "@value", "@language"):
                yield from _compact_iris(value)
    elif isinstance(node, list):
        for item in node:
            yield from _compact_iris(item)


@pytest.fixture
def vzw():
    organisation = OrganisationFactory(
        name="Vluchtelingenwerk Gent",
        alternative_name="VWG",
        slug="vluchtelingenwerk-gent",
        legal_form=LegalForm.NONPROFIT,
        kbo_number=valid_kbo(4242),
        vcode="V0004242",
        website="https://vluchtelingenwerk.example.org",
        public_phone="09 000 00 00",
        districts=["brugse-poort"],
        target_groups=["nieuwkomers-en-vluchtelingen"],
        languages=["nl", "ar"],
        does_meeting=False,
        does_basic_work=True,
        is_self_organisation=True,
    )
    AddressFactory(organisation=organisation, kind=AddressKind.ACTIVITY, street="Sleepstraat")
    AddressFactory(organisation=organisation, kind=AddressKind.CORRESPONDENCE, street="Thuisstraat")
    return organisation


@override_settings(SITE_URL=SITE)
def test_the_profile_as_jsonld_names_the_organisation_in_oslo_terms(client, vzw):
    document = document_of(client.get(jsonld_url(vzw)))
    assert document["@context"] == CONTEXT
    assert document["@context"]["regorg"] == "http://www.w3.org/ns/regorg#"
    assert document["@context"]["organisatie"] == "https://data.vlaanderen.be/ns/organisatie#"
    assert document["@id"] == f"{SITE}/organisaties/vluchtelingenwerk-gent/#organisatie"
    assert document["@type"] == ["org:Organization", "regorg:RegisteredOrganization"]
    assert document["skos:prefLabel"] == "Vluchtelingenwerk Gent"
    assert document["skos:altLabel"] == "VWG"
    assert document["regorg:legalName"] == "Vluchtelingenwerk Gent"
    assert document["organisatie:rechtsvorm"]["skos:notation"] == "VZW"
    assert document["dct:language"] == ["nl", "ar"]
    assert document["foaf:homepage"] == {"@id": "https://vluchtelingenwerk.example.org"}
    assert document["schema:contactPoint"]["schema:telephone"] == "09 000 00 00"
    assert document["schema:contactPoint"]["schema:email"] == "info@example.org"
    assert [c["skos:notation"] for c in document["regorg:orgActivity"]] == ["basiswerk"]
    assert [c["skos:notation"] for c in document["org:classification"]] == [
        "zelforganisatie",
        "nieuwkomers-en-vluchtelingen",
    ]
    assert [c["skos:notation"] for c in document["dct:spatial"]] == ["brugse-poort"]


def test_the_kbo_number_and_vcode_are_identifiers_with_their_issuing_register(client, vzw):
    document = document_of(client.get(jsonld_url(vzw)))
    kbo, vcode = document["adms:identifier"]
    assert kbo["@type"] == "adms:Identifier"
    assert kbo["skos:notation"] == valid_kbo(4242)
    assert kbo["dct:creator"]["foaf:name"] == "Kruispuntbank van Ondernemingen (KBO)"
    assert kbo["generiek:gestructureerdeIdentificator"]["generiek:lokaleIdentificator"] == (
        valid_kbo(4242)
    )
    assert document["regorg:registration"] == kbo
    assert vcode["skos:notation"] == "V0004242"
    assert vcode["adms:schemaAgency"] == "Verenigingsregister"
    assert vcode["generiek:gestructureerdeIdentificator"]["generiek:naamruimte"] == (
        "https://data.vlaanderen.be/id/verenigingen/"
    )


def test_every_term_comes_from_a_prefix_of_the_inline_context(client, vzw):
    RecognitionFactory(organisation=vzw)
    document = document_of(client.get(jsonld_url(vzw)))
    used = set(_compact_iris(document))
    assert used  # the walk found the terms
    for term in used:
        prefix, colon, local = term.partition(":")
        assert colon and local, term
        assert prefix in CONTEXT, term
    assert all(iri.startswith(("http://", "https://")) for iri in CONTEXT.values())


def test_the_activity_address_is_published_and_the_correspondence_address_is_not(client, vzw):
    document = document_of(client.get(jsonld_url(vzw)))
    address = document["org:hasPrimarySite"]["organisatie:bestaatUit"]
    assert address["@type"] == "locn:Address"
    assert address["locn:thoroughfare"] == "Sleepstraat"
    assert address["adres:Adresvoorstelling.huisnummer"] == "18"
    assert address["locn:postCode"] == "9000"
    assert address["adres:gemeentenaam"] == "Gent"
    assert address["locn:adminUnitL1"] == "BE"
    assert "Thuisstraat" not in json.dumps(document)


def test_no_people_are_in_the_jsonld(client, vzw):
    admin = MembershipFactory(
        organisation=vzw, role=MemberRole.ADMIN, user__email="voorzitter@example.org"
    ).user
    vzw.contact_person = StaffFactory(email="grenswerker@stad.example.be")
    vzw.save()
    text = client.get(jsonld_url(vzw)).content.decode()
    for personal in (admin.email, admin.name, "grenswerker@stad.example.be"):
        assert personal not in text


def test_an_informal_association_has_no_legal_name_and_no_registered_type(client):
    organisation = OrganisationFactory(legal_form=LegalForm.INFORMAL, kbo_number=None)
    document = document_of(client.get(jsonld_url(organisation)))
    assert document["@type"] == ["org:Organization"]
    assert "regorg:legalName" not in document
    assert "adms:identifier" not in document
    assert document["organisatie:rechtsvorm"]["skos:notation"] == "FV"


def test_recognitions_come_with_their_period(client):
    organisation = OrganisationFactory()
    RecognitionFactory(
        organisation=organisation,
        type__code="basiswerk",
        type__name_nl="Erkend basiswerk",
        valid_from=date(2025, 1, 1),
        valid_until=date(2027, 12, 31),
    )
    [recognition] = document_of(client.get(jsonld_url(organisation)))["fv:heeftErkenning"]
    assert recognition["@type"] == "fv:Erkenning"
    assert recognition["skos:notation"] == "basiswerk"
    assert recognition["skos:prefLabel"] == {"@value": "Erkend basiswerk", "@language": "nl"}
    period = recognition["fv:geldigheidsperiode"]
    assert period["m8g:startTime"] == {"@value": "2025-01-01", "@type": "xsd:date"}
    assert period["m8g:endTime"] == {"@value": "2027-12-31", "@type": "xsd:date"}


@override_settings(SITE_URL=SITE)
def test_labels_follow_the_language_and_the_identifier_does_not(client, vzw):
    document = document_of(client.get(jsonld_url(vzw, "en")))
    assert document["@id"] == f"{SITE}/organisaties/vluchtelingenwerk-gent/#organisatie"
    label = document["organisatie:rechtsvorm"]["skos:prefLabel"]
    assert label == {"@value": "Non-profit association (vzw)", "@language": "en"}


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED])
def test_an_unverified_organisation_is_404_except_for_its_members_and_staff(client, status):
    organisation = OrganisationFactory(status=status, verified_at=None)
    url = jsonld_url(organisation)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organisation=organisation).user)
    assert document_of(client.get(url))["skos:prefLabel"] == organisation.name
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_anonymous_visitors_get_it_from_the_cache_until_the_organisation_changes(client, vzw):
    assert client.get(jsonld_url(vzw))["X-Cache"] == "miss"
    assert client.get(jsonld_url(vzw))["X-Cache"] == "hit"
    vzw.name = "Vluchtelingenwerk Vlaanderen Gent"
    vzw.save()
    assert document_of(client.get(jsonld_url(vzw)))["skos:prefLabel"] == (
        "Vluchtelingenwerk Vlaanderen Gent"
    )


def test_the_function_builds_identifiers_on_the_given_base_url(vzw):
    document = organisation_jsonld(
        selectors.organisation_profile(vzw.pk), base_url="https://stad.example/"
    )
    assert (
        document["@id"] == "https://stad.example/organisaties/vluchtelingenwerk-gent/#organisatie"
    )
    assert document["foaf:page"] == {
        "@id": "https://stad.example/organisaties/vluchtelingenwerk-gent/"
    }


def test_only_get_and_head_are_answered(client, vzw):
    assert client.post(jsonld_url(vzw)).status_code == 405
