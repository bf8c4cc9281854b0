"""An organisation's public profile as JSON-LD, in the Flemish OSLO vocabularies.

Application profile followed: **OSLO Organisatie Basis**
(https://data.vlaanderen.be/doc/applicatieprofiel/organisatie-basis/), which profiles
the W3C Organization Ontology (``org:``) and Registered Organization Vocabulary
(``regorg:``) with the OSLO Organisatie vocabulary (``organisatie:``,
https://data.vlaanderen.be/ns/organisatie). For what only associations have, the
terms of the Verenigingsregister's OSLO vocabulary (``fv:``,
https://data.vlaanderen.be/ns/FeitelijkeVerenigingen): a recognition
(``fv:Erkenning``) with its period (``fv:geldigheidsperiode``, an ``m8g:PeriodOfTime``).
Identifiers follow OSLO Generiek: an ``adms:Identifier`` with ``skos:notation``,
the issuing register (``dct:creator``, ``adms:schemaAgency``) and a
``generiek:GestructureerdeIdentificator``. Addresses use OSLO Adres's
``Adresvoorstelling`` terms on a ``locn:Address``, reached the way the
Verenigingsregister does: ``org:hasPrimarySite`` → ``org:Site`` →
``organisatie:bestaatUit``. Contact channels are a ``schema:ContactPoint``.

Mapping:

=========================  ==============================================================
``org:Organization``       every organisation; also ``regorg:RegisteredOrganization``
                           when it has a KBO enterprise number
``skos:prefLabel``         name (``voorkeursnaam``)
``skos:altLabel``          other name or abbreviation (``alternatieveNaam``)
``regorg:legalName``       the name, for an organisation with legal personality or a KBO
                           number (``wettelijkeNaam``); an informal association has none
``organisatie:rechtsvorm`` legal form, a ``skos:Concept`` with the Verenigingsregister's
                           code (FV, VZER, VZW, IVZW …) as ``skos:notation``
``adms:identifier``        the KBO number (issued by the KBO) and the vCode (issued by
                           the Verenigingsregister)
``dct:description``        what the organisation does, in its own words
``regorg:orgActivity``     working forms (``activiteit``)
``org:classification``     self-organisation, target groups (``classificatie``)
``dct:spatial``            districts (``werkingsgebied``)
``dct:language``           languages the organisation works in
``schema:contactPoint``    public e-mail (``schema:email``), phone (``schema:telephone``),
                           website (``foaf:page``)
``foaf:homepage``          website
``schema:logo``            logo
``org:hasPrimarySite``     the activity address
``fv:heeftErkenning``      the city's recognitions with their validity period
=========================  ==============================================================

Public fields only: no people, no correspondence address (often someone's home),
nothing of a registration that is not verified (those are a 404 for the public).

Identifiers of resources (``@id``) are built on ``settings.SITE_URL`` in the view, so
they do not depend on the host name a request happened to use.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from middenveld.core.cache import public_page
from middenveld.core.errors import NotFound
from middenveld.organisations import selectors, services
from middenveld.organisations.models import (
    WORKING_FORMS,
    AddressKind,
    LegalForm,
    Organisation,
)

CONTENT_TYPE = "application/ld+json; charset=utf-8"

CONTEXT: dict[str, str] = {
    "org": "http://www.w3.org/ns/org#",
    "regorg": "http://www.w3.org/ns/regorg#",
    "organisatie": "https://data.vlaanderen.be/ns/organisatie#",
    "fv": "https://data.vlaanderen.be/ns/FeitelijkeVerenigingen#",
    "generiek": "https://data.vlaanderen.be/ns/generiek#",
    "adres": "https://data.vlaanderen.be/ns/adres#",
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "locn": "http://www.w3.org/ns/locn#",
    "m8g": "http://data.europa.eu/m8g/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: The registers that issue the identifiers we publish.
KBO = {
    "@type": "dct:Agent",
    "foaf:name": "Kruispuntbank van Ondernemingen (KBO)",
    "foaf:homepage": {"@id": "https://kbopub.economie.fgov.be/"},
}
VERENIGINGSREGISTER = {
    "@type": "dct:Agent",
    "foaf:name": "Verenigingsregister",
    "foaf:homepage": {"@id": "https://www.vlaanderen.be/verenigingsloket/verenigingsregister"},
}

#: Legal forms with legal personality: these have a legal name.
LEGAL_PERSONS = frozenset({LegalForm.NONPROFIT, LegalForm.INTERNATIONAL, LegalForm.FOUNDATION})


def _text(value: str) -> dict[str, str]:
    """A text in the language of the request (labels from our own lists)."""
    return {"@value": value, "@language": translation.get_language() or settings.LANGUAGE_CODE}


def _concept(notation: str, label: str) -> dict[str, Any]:
    return {"@type": "skos:Concept", "skos:notation": notation, "skos:prefLabel": _text(label)}


def _identifier(value: str, issuer: dict[str, Any], namespace: str = "") -> dict[str, Any]:
    structured: dict[str, Any] = {
        "@type": "generiek:GestructureerdeIdentificator",
        "generiek:lokaleIdentificator": value,
    }
    if namespace:
        structured["generiek:naamruimte"] = namespace
    return {
        "@type": "adms:Identifier",
        "skos:notation": value,
        "dct:creator": issuer,
        "adms:schemaAgency": issuer["foaf:name"],
        "generiek:gestructureerdeIdentificator": structured,
    }


def _url(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def organisation_jsonld(organisation: Organisation, *, base_url: str) -> dict[str, Any]:
    """The public profile of ``organisation`` as a JSON-LD document (a dict).

    ``base_url`` is the site's address (``https://middenveld.gent.be``): the
    organisation's identifier is its profile page with ``#organisatie``. Texts from
    our own lists (legal form, working forms, target groups) come in the active
    language. Works best on ``selectors.organisation_profile(...)`` (everything
    fetched up front).
    """
    with translation.override(settings.LANGUAGE_CODE):
        # A stable identifier: the Dutch page, whatever language was asked for.
        page = _url(base_url, organisation.get_absolute_url())
    types = ["org:Organization"]
    if organisation.kbo_number:
        types.append("regorg:RegisteredOrganization")
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{page}#organisatie",
        "@type": types,
        "skos:prefLabel": organisation.name,
        "foaf:page": {"@id": page},
        "organisatie:rechtsvorm": _concept(
            organisation.legal_form, str(organisation.get_legal_form_display())
        ),
    }
    if organisation.alternative_name:
        document["skos:altLabel"] = organisation.alternative_name
    if organisation.kbo_number or organisation.legal_form in LEGAL_PERSONS:
        document["regorg:legalName"] = organisation.name

    identifiers = []
    if organisation.kbo_number:
        identifier = _identifier(organisation.kbo_number, KBO)
        identifiers.append(identifier)
        document["regorg:registration"] = identifier
    if organisation.vcode:
        identifiers.append(
            _identifier(
                organisation.vcode,
                VERENIGINGSREGISTER,
                # The Verenigingsregister's own identifiers are this namespace + vCode.
                "https://data.vlaanderen.be/id/verenigingen/",
            )
        )
    if identifiers:
        document["adms:identifier"] = identifiers

    if organisation.description:
        document["dct:description"] = organisation.description
    activities = [
        _concept(code, str(label))
        for code, field, label in WORKING_FORMS
        if getattr(organisation, field)
    ]
    if activities:
        document["regorg:orgActivity"] = activities
    classification = [_concept(g.code, g.name) for g in organisation.target_groups.all()]
    if organisation.is_self_organisation:
        classification.insert(0, _concept("zelforganisatie", gettext("Self-organisation")))
    if classification:
        document["org:classification"] = classification
    districts = [_concept(d.slug, d.name) for d in organisation.districts.all()]
    if districts:
        document["dct:spatial"] = districts
    languages = [language.code for language in organisation.languages.all()]
    if languages:
        document["dct:language"] = languages

    contact: dict[str, Any] = {}
    if organisation.public_email:
        contact["schema:email"] = organisation.public_email
    if organisation.public_phone:
        contact["schema:telephone"] = organisation.public_phone
    if organisation.website:
        contact["foaf:page"] = {"@id": organisation.website}
        document["foaf:homepage"] = {"@id": organisation.website}
    if contact:
        document["schema:contactPoint"] = {"@type": "schema:ContactPoint", **contact}
    if organisation.logo:
        document["schema:logo"] = {"@id": _url(base_url, organisation.logo.url)}

    activity = next(
        (a for a in organisation.addresses.all() if a.kind == AddressKind.ACTIVITY), None
    )
    if activity is not None:
        address: dict[str, Any] = {
            "@type": "locn:Address",
            "locn:thoroughfare": activity.street,
            "adres:Adresvoorstelling.huisnummer": activity.number,
            "locn:postCode": activity.postal_code,
            "adres:gemeentenaam": activity.municipality,
            "adres:land": {"@value": "België", "@language": "nl"},
            "locn:adminUnitL1": "BE",
            "locn:fullAddress": str(activity),
        }
        if activity.box:
            address["adres:Adresvoorstelling.busnummer"] = activity.box
        document["org:hasPrimarySite"] = {
            "@type": "org:Site",
            "organisatie:bestaatUit": address,
        }

    recognitions = []
    for recognition in organisation.recognitions.all():
        period: dict[str, Any] = {
            "@type": "m8g:PeriodOfTime",
            "m8g:startTime": {"@value": recognition.valid_from.isoformat(), "@type": "xsd:date"},
        }
        if recognition.valid_until:
            period["m8g:endTime"] = {
                "@value": recognition.valid_until.isoformat(),
                "@type": "xsd:date",
            }
        recognitions.append(
            {
                "@type": "fv:Erkenning",
                "skos:prefLabel": _text(recognition.type.name),
                "skos:notation": recognition.type.code,
                "fv:geldigheidsperiode": period,
            }
        )
    if recognitions:
        document["fv:heeftErkenning"] = recognitions
    return document


@public_page
@require_http_methods(["GET", "HEAD"])
def organisation_jsonld_view(request: HttpRequest, slug: str) -> HttpResponse:
    """``/organisaties/<slug>/organisatie.jsonld``: what the profile page shows, as data."""
    try:
        organisation = services.organisation_get(slug=slug, user=request.user)
    except NotFound:
        raise Http404 from None
    document = organisation_jsonld(
        selectors.organisation_profile(organisation.pk), base_url=settings.SITE_URL
    )
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=CONTENT_TYPE
    )
