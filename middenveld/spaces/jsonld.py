"""The catalogue of spaces and their anonymised occupancy as JSON-LD, in the terms of
the OSLO "Zaalreservatie" draft standard.

Vocabulary followed: **OSLO Zaalreservatie**, application profile "ontwerpstandaard"
of 2025-04-18 (https://data.vlaanderen.be/standaarden/applicatieprofiel-zaalreservatie,
sources at https://github.com/Informatievlaanderen/OSLOthema-zaalreservatie). Its
JSON-LD context (``OSLO_CONTEXT``) defines the short keys used below; the official
data examples of the working group (``resources/datavoorbeelden/*.jsonld``) are where
each term was checked. The standard is a draft: its context may still change, so the
terms are listed here, and everything the draft does not (yet) name is in
schema.org, Dublin Core or our own namespace, never in an invented OSLO term.

Terms from the OSLO Zaalreservatie context (checked against the official examples):

======================================================  ===================================
``Infrastructuurreservatiedienst``                      the city's booking service (one
                                                        node, ``…/ruimtes/#dienst``)
``Infrastructuurreservatiedienst.infrastructuur``       the bookable spaces it offers
``Infrastructuurreservatiedienst.produceert``           the reservations (occupancy)
``PubliekeOrganisatie.voorkeursnaam``                   the service's name (as in the
                                                        examples)
``Infrastructuur``                                      a building
``Binnenruimte``                                        a bookable space (a room, a hall,
                                                        a part of a hall)
``Infrastructuur.naam``                                 name
``Infrastructuur.capaciteit`` → ``Capaciteit``          number of people
(``Capaciteit.waarde``, ``Capaciteit.eenheid``)
``Infrastructuur.openingsuren`` →                       the building's opening hours per
``Openingsurenspecificatie``                            weekday
(``Openingsurenspecificatie.open``, ``.gesloten``)
``Infrastructuur.faciliteit`` → ``Faciliteit``          kitchen, projector, step-free …
(``Faciliteit.beschrijving``, ``Faciliteit.type``)
``Infrastructuur.gebruik`` → ``Gebruik``                who may book, each condition a
(``Gebruik.voorwaarde`` → ``Criterium``)                ``Criterium`` described in words
``Infrastructuurreservatie``                            one reserved date (occupancy)
``Infrastructuurreservatie.infrastructuur``             the space it occupies
``Infrastructuurreservatie.status``                     ``STATUS``: ``bevestigd``
                                                        (confirmed) or ``inBehandeling``
                                                        (waiting for approval), concepts
                                                        of the draft's
                                                        Infrastructuurreservatiestatustype
``Infrastructuurreservatie.periode`` → ``Periode``      start and end
(``Periode.van``, ``Periode.tot`` → ``Moment``,
``Moment.inXSDDatumTijd``)
======================================================  ===================================

Terms from other vocabularies, where the draft has none (or none we could confirm):

* schema.org: ``schema:address`` (``schema:PostalAddress``), ``schema:geo``,
  ``schema:description``, ``schema:contactPoint``, ``schema:photo``
  (``schema:ImageObject``), ``schema:url`` (the page), ``schema:containedInPlace`` /
  ``schema:containsPlace`` (space in building; part of a divisible hall),
  ``schema:floorSize``, ``schema:dayOfWeek`` on an ``Openingsurenspecificatie``,
  ``schema:UnitPriceSpecification`` for a tariff (price per hour, ``HUR``);
* Dublin Core and SKOS: ``dct:spatial`` (the wijk, a ``skos:Concept``),
  ``dct:description`` of a ``Criterium``; DCAT for the occupancy dataset's period
  (``dcat:Dataset``, ``dct:temporal``, ``dcat:startDate``, ``dcat:endDate``);
* our own namespace ``mv:`` (``<SITE_URL>/ruimtes/open-data/termen#``):
  ``mv:toegankelijkheid`` (how to get in, free text), ``mv:huisreglement`` (the house
  rules document), ``mv:verdieping`` (floor), ``mv:personen`` (the unit of
  capacity), the booking rules in numbers (``mv:tenVroegsteDagenVooraf``,
  ``mv:tenLaatsteDagenVooraf``, ``mv:minimaleDuurMinuten``,
  ``mv:maximaleDuurMinuten``, ``mv:tijdstapMinuten``, ``mv:bufferVoorMinuten``,
  ``mv:bufferNaMinuten``, ``mv:goedkeuringNodig``, ``mv:langsteReeksWeken``), a
  tariff's category (``mv:tariefcategorie``: free, reduced, standard) and its tariffs
  (``mv:tarief``); facility types are concepts ``<SITE_URL>/ruimtes/open-data/
  faciliteiten/<code>``.

Identifiers: a building is its Dutch page with ``#gebouw``, a space its Dutch page with
``#ruimte``, built on ``settings.SITE_URL`` (not on the host a request used). A
reservation in the occupancy is a blank node: it must not be traceable to a booking.

Occupancy is anonymous: per space, the periods that are taken and whether they are
confirmed or waiting; never the organisation, the purpose, a price or a person.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import translation

from middenveld.core.i18n import missing_translation
from middenveld.spaces import times
from middenveld.spaces.models import BookingStatus, Building, Space
from middenveld.spaces.rules import requirement_from

CONTENT_TYPE = "application/ld+json; charset=utf-8"

#: The JSON-LD context of the OSLO Zaalreservatie application profile (draft).
OSLO_CONTEXT = (
    "https://data.vlaanderen.be/doc/applicatieprofiel/zaalreservatie/"
    "ontwerpstandaard/2025-04-18/context/zaalreservatie.jsonld"
)

_STATUS_TYPE = "https://data.vlaanderen.be/id/concept/Infrastructuurreservatiestatustype/"
#: Our statuses as concepts of the draft's status list.
STATUS: dict[str, str] = {
    BookingStatus.CONFIRMED: f"{_STATUS_TYPE}bevestigd",
    BookingStatus.REQUESTED: f"{_STATUS_TYPE}inBehandeling",
}

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def terms_namespace(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/ruimtes/open-data/termen#"


def context(base_url: str) -> list[Any]:
    """The OSLO context first, then the prefixes of the other vocabularies."""
    return [
        OSLO_CONTEXT,
        {
            "schema": "http://schema.org/",
            "dct": "http://purl.org/dc/terms/",
            "dcat": "http://www.w3.org/ns/dcat#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "mv": terms_namespace(base_url),
        },
    ]


def _url(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def _dutch_url(base_url: str, obj: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _url(base_url, obj.get_absolute_url())


def building_iri(building: Building, *, base_url: str) -> str:
    return f"{_dutch_url(base_url, building)}#gebouw"


def space_iri(space: Space, *, base_url: str) -> str:
    return f"{_dutch_url(base_url, space)}#ruimte"


def service_iri(base_url: str) -> str:
    return _url(base_url, "/ruimtes/#dienst")


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _name(value: str) -> dict[str, str]:
    """A proper name (not translated): Dutch."""
    return {"@value": value, "@language": settings.LANGUAGE_CODE}


def _label(value: str) -> dict[str, str]:
    """A text from our own lists, in the language of the request."""
    return {"@value": value, "@language": _language()}


def _translated(obj: Any, field: str) -> dict[str, str] | None:
    """A translated field: the request's language, or Dutch where it falls back."""
    value = getattr(obj, field, "")
    if not value:
        return None
    language = settings.LANGUAGE_CODE if missing_translation(obj, (field,)) else _language()
    return {"@value": value, "@language": language}


def _typed(value: str, kind: str) -> dict[str, str]:
    return {"@value": value, "@type": kind}


def _moment(value: datetime) -> dict[str, Any]:
    return {
        "@type": "Moment",
        "Moment.inXSDDatumTijd": _typed(times.to_local(value).isoformat(), "xsd:dateTime"),
    }


def period(starts_at: datetime, ends_at: datetime) -> dict[str, Any]:
    return {"@type": "Periode", "Periode.van": _moment(starts_at), "Periode.tot": _moment(ends_at)}


class _Requirements:
    """The requirements in words, each wording looked up once per document."""

    def __init__(self) -> None:
        self._seen: dict[str, list[str]] = {}

    def words(self, data: Any) -> list[str]:
        key = json.dumps(data or {}, sort_keys=True, default=str)
        if key not in self._seen:
            self._seen[key] = [str(part) for part in requirement_from(data).describe()]
        return self._seen[key]


# --- The catalogue ------------------------------------------------------------------------


def _building_node(building: Building, spaces: Sequence[Space], *, base_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": building_iri(building, base_url=base_url),
        "@type": "Infrastructuur",
        "Infrastructuur.naam": _name(building.name),
        "schema:url": {"@id": _dutch_url(base_url, building)},
        "schema:address": {
            "@type": "schema:PostalAddress",
            "schema:streetAddress": building.street,
            "schema:postalCode": building.postal_code,
            "schema:addressLocality": building.municipality,
            "schema:addressCountry": "BE",
        },
        "schema:containsPlace": [
            {"@id": space_iri(space, base_url=base_url)}
            for space in spaces
            if space.parent_id is None
        ],
    }
    if building.latitude is not None and building.longitude is not None:
        node["schema:geo"] = {
            "@type": "schema:GeoCoordinates",
            "schema:latitude": _typed(str(building.latitude), "xsd:decimal"),
            "schema:longitude": _typed(str(building.longitude), "xsd:decimal"),
        }
    if building.district is not None:
        node["dct:spatial"] = {
            "@type": "skos:Concept",
            "skos:notation": building.district.slug,
            "skos:prefLabel": _name(building.district.name),
        }
    description = _translated(building, "description")
    if description:
        node["schema:description"] = description
    accessibility = _translated(building, "accessibility")
    if accessibility:
        node["mv:toegankelijkheid"] = accessibility
    hours = [
        {
            "@type": "Openingsurenspecificatie",
            "schema:dayOfWeek": {"@id": f"http://schema.org/{_DAYS[row.weekday]}"},
            "Openingsurenspecificatie.open": _typed(row.opens.isoformat(), "xsd:time"),
            "Openingsurenspecificatie.gesloten": _typed(row.closes.isoformat(), "xsd:time"),
        }
        for row in building.opening_hours.all()
    ]
    if hours:
        node["Infrastructuur.openingsuren"] = hours
    contact: dict[str, Any] = {}
    if building.contact_name:
        contact["schema:name"] = building.contact_name
    if building.contact_email:
        contact["schema:email"] = building.contact_email
    if building.contact_phone:
        contact["schema:telephone"] = building.contact_phone
    if contact:
        node["schema:contactPoint"] = {"@type": "schema:ContactPoint", **contact}
    if building.house_rules:
        node["mv:huisreglement"] = {"@id": _url(base_url, building.house_rules.url)}
    photos = [
        {
            "@type": "schema:ImageObject",
            "schema:contentUrl": {"@id": _url(base_url, photo.image.url)},
            "schema:description": _name(photo.alt_text),
        }
        for photo in building.photos.all()
    ]
    if photos:
        node["schema:photo"] = photos
    return node


def _space_node(
    space: Space, *, base_url: str, requirements: _Requirements, listed: set[int]
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": space_iri(space, base_url=base_url),
        "@type": "Binnenruimte",
        "Infrastructuur.naam": _name(space.name),
        "schema:url": {"@id": _dutch_url(base_url, space)},
        "schema:containedInPlace": {
            "@id": space_iri(space.parent, base_url=base_url)
            if space.parent is not None and space.parent_id in listed
            else building_iri(space.building, base_url=base_url)
        },
        "Infrastructuur.capaciteit": {
            "@type": "Capaciteit",
            "Capaciteit.waarde": space.capacity,
            "Capaciteit.eenheid": {"@id": "mv:personen"},
        },
        "mv:tenVroegsteDagenVooraf": space.max_days_ahead,
        "mv:tenLaatsteDagenVooraf": space.min_days_ahead,
        "mv:minimaleDuurMinuten": space.min_duration_minutes,
        "mv:maximaleDuurMinuten": space.max_duration_minutes,
        "mv:tijdstapMinuten": space.granularity_minutes,
        "mv:bufferVoorMinuten": space.buffer_before_minutes,
        "mv:bufferNaMinuten": space.buffer_after_minutes,
        "mv:goedkeuringNodig": space.needs_approval,
        "mv:langsteReeksWeken": space.max_series_weeks,
        "Infrastructuur.gebruik": {
            "@type": "Gebruik",
            "Gebruik.voorwaarde": [
                {"@type": "Criterium", "dct:description": _label(sentence)}
                for sentence in requirements.words(space.who_may_book)
            ],
        },
    }
    description = _translated(space, "description")
    if description:
        node["schema:description"] = description
    parts = [part for part in space.parts.all() if part.pk in listed]
    if parts:
        node["schema:containsPlace"] = [
            {"@id": space_iri(part, base_url=base_url)} for part in parts
        ]
    if space.area_m2:
        node["schema:floorSize"] = {
            "@type": "schema:QuantitativeValue",
            "schema:value": space.area_m2,
            "schema:unitCode": "MTK",
        }
    if space.floor:
        node["mv:verdieping"] = _name(space.floor)
    facilities = [
        {
            "@type": "Faciliteit",
            "Faciliteit.beschrijving": _translated(facility, "name") or _name(facility.code),
            "Faciliteit.type": {
                "@id": _url(base_url, f"/ruimtes/open-data/faciliteiten/{facility.code}")
            },
        }
        for facility in space.facilities.all()
    ]
    if facilities:
        node["Infrastructuur.faciliteit"] = facilities
    tariffs = [
        {
            "@type": "schema:UnitPriceSpecification",
            "schema:name": _label(str(tariff.get_category_display())),
            "mv:tariefcategorie": tariff.category,
            "schema:price": _typed(str(tariff.hourly_rate), "xsd:decimal"),
            "schema:priceCurrency": "EUR",
            "schema:unitCode": "HUR",
            "schema:eligibleCustomerType": [
                _label(sentence) for sentence in requirements.words(tariff.applies_to)
            ],
        }
        for tariff in space.tariffs.all()
    ]
    if tariffs:
        node["mv:tarief"] = tariffs
    return node


def catalogue_jsonld(spaces: Iterable[Space], *, base_url: str) -> dict[str, Any]:
    """The catalogue: the booking service, every building and its bookable spaces.

    ``spaces``: the bookable spaces of published buildings, best with their building
    (and its district, opening hours, photos), parent, parts, facilities and tariffs
    fetched up front (``views_opendata.catalogue_spaces``).
    """
    spaces = list(spaces)
    listed = {space.pk for space in spaces}
    requirements = _Requirements()
    buildings: dict[int, Building] = {}
    per_building: dict[int, list[Space]] = {}
    for space in spaces:
        buildings.setdefault(space.building_id, space.building)
        per_building.setdefault(space.building_id, []).append(space)
    service = {
        "@id": service_iri(base_url),
        "@type": "Infrastructuurreservatiedienst",
        "PubliekeOrganisatie.voorkeursnaam": _name(settings.SITE_NAME),
        "schema:url": {"@id": _url(base_url, "/ruimtes/")},
        "Infrastructuurreservatiedienst.infrastructuur": [
            {"@id": space_iri(space, base_url=base_url)} for space in spaces
        ],
    }
    graph: list[dict[str, Any]] = [service]
    for building_id, building in buildings.items():
        graph.append(_building_node(building, per_building[building_id], base_url=base_url))
    graph.extend(
        _space_node(space, base_url=base_url, requirements=requirements, listed=listed)
        for space in spaces
    )
    return {"@context": context(base_url), "@graph": graph}


# --- Occupancy ----------------------------------------------------------------------------


def occupancy_jsonld(
    rows: Iterable[tuple[int, datetime, datetime, str]],
    spaces: dict[int, Space],
    *,
    first: date,
    last: date,
    base_url: str,
    dataset_url: str,
) -> dict[str, Any]:
    """Reserved periods per space from ``(space_id, starts_at, ends_at, status)`` rows.

    Only what the rows hold goes out: the space, the period and whether it is
    confirmed or waiting. Each reservation is a blank node (``_:r1``, ``_:r2`` …,
    numbered per document), so nothing links it to a booking or an organisation.
    """
    reservations: list[dict[str, Any]] = []
    for space_id, starts_at, ends_at, status in rows:
        space = spaces.get(space_id)
        if space is None or status not in STATUS:
            continue
        reservations.append(
            {
                "@id": f"_:r{len(reservations) + 1}",
                "@type": "Infrastructuurreservatie",
                "Infrastructuurreservatie.infrastructuur": [
                    {"@id": space_iri(space, base_url=base_url)}
                ],
                "Infrastructuurreservatie.status": [{"@id": STATUS[status]}],
                "Infrastructuurreservatie.periode": period(starts_at, ends_at),
            }
        )
    dataset = {
        "@id": dataset_url,
        "@type": "dcat:Dataset",
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _typed(first.isoformat(), "xsd:date"),
            "dcat:endDate": _typed(last.isoformat(), "xsd:date"),
        },
    }
    service = {
        "@id": service_iri(base_url),
        "@type": "Infrastructuurreservatiedienst",
        "PubliekeOrganisatie.voorkeursnaam": _name(settings.SITE_NAME),
        "Infrastructuurreservatiedienst.produceert": [
            {"@id": reservation["@id"]} for reservation in reservations
        ],
    }
    return {"@context": context(base_url), "@graph": [dataset, service, *reservations]}


def as_text(document: dict[str, Any], *, pretty: bool = True) -> str:
    if pretty:
        return json.dumps(document, ensure_ascii=False, indent=2)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


__all__ = [
    "CONTENT_TYPE",
    "OSLO_CONTEXT",
    "STATUS",
    "as_text",
    "building_iri",
    "catalogue_jsonld",
    "context",
    "occupancy_jsonld",
    "period",
    "space_iri",
]
