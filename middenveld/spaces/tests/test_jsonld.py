"""Open data of spaces: the catalogue and the anonymised occupancy as JSON-LD in the OSLO
Zaalreservatie terms, and the occupancy as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.api.tests.helpers import error_of
from middenveld.organisations.tests.factories import DistrictFactory
from middenveld.spaces import jsonld, services, times
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import (
    BuildingFactory,
    FacilityFactory,
    OpeningHoursFactory,
    SpaceFactory,
    TariffFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE = "/ruimtes/open-data/ruimtes.jsonld"
OCCUPANCY = "/ruimtes/open-data/bezetting.jsonld"
OCCUPANCY_CSV = "/ruimtes/open-data/bezetting.csv"

#: Every key a document may use: JSON-LD keywords, the OSLO Zaalreservatie terms this
#: module documents, and prefixed names of the vocabularies in the inline context.
OSLO_TERMS = {
    "Infrastructuurreservatiedienst.infrastructuur",
    "Infrastructuurreservatiedienst.produceert",
    "PubliekeOrganisatie.voorkeursnaam",
    "Infrastructuur.naam",
    "Infrastructuur.capaciteit",
    "Capaciteit.waarde",
    "Capaciteit.eenheid",
    "Infrastructuur.openingsuren",
    "Openingsurenspecificatie.open",
    "Openingsurenspecificatie.gesloten",
    "Infrastructuur.faciliteit",
    "Faciliteit.beschrijving",
    "Faciliteit.type",
    "Infrastructuur.gebruik",
    "Gebruik.voorwaarde",
    "Infrastructuurreservatie.infrastructuur",
    "Infrastructuurreservatie.status",
    "Infrastructuurreservatie.periode",
    "Periode.van",
    "Periode.tot",
    "Moment.inXSDDatumTijd",
}
OSLO_CLASSES = {
    "Infrastructuurreservatiedienst",
    "Infrastructuur",
    "Binnenruimte",
    "Capaciteit",
    "Openingsurenspecificatie",
    "Faciliteit",
    "Gebruik",
    "Criterium",
    "Infrastructuurreservatie",
    "Periode",
    "Moment",
}
PREFIXES = {"schema", "dct", "dcat", "skos", "xsd", "mv"}


def _keys_and_types(node, keys, types):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            keys.add(key)
            if key == "@type":
                types.update(value if isinstance(value, list) else [value])
            _keys_and_types(value, keys, types)
    elif isinstance(node, list):
        for item in node:
            _keys_and_types(item, keys, types)


def assert_known_terms(document):
    keys, types = set(), set()
    _keys_and_types(document, keys, types)
    for key in keys:
        assert key.startswith("@") or key in OSLO_TERMS or key.split(":")[0] in PREFIXES, key
    for kind in types:
        assert kind in OSLO_CLASSES or kind.split(":")[0] in PREFIXES, kind


def by_type(document, kind):
    return [node for node in document["@graph"] if node["@type"] == kind]


def _iri(obj, suffix):
    """The identifier: the Dutch page, whatever language is active."""
    with translation.override("nl"):
        return f"{settings.SITE_URL}{obj.get_absolute_url()}#{suffix}"


# --- the catalogue ------------------------------------------------------------------------


def test_the_urls_have_their_names():
    with translation.override("nl"):
        assert reverse("spaces:opendata_spaces") == CATALOGUE
        assert reverse("spaces:opendata_occupancy") == OCCUPANCY
        assert reverse("spaces:opendata_occupancy_csv") == OCCUPANCY_CSV


def test_the_catalogue_is_json_ld_in_the_oslo_terms(client, hall):
    building = hall.whole.building
    building.district = DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    building.accessibility_nl = "Drempelvrije ingang, lift naar alle verdiepingen."
    building.save()
    OpeningHoursFactory(building=building, weekday=2)
    hall.whole.facilities.set([FacilityFactory(code="keuken", name="Keuken")])
    TariffFactory(space=hall.whole, hourly_rate=Decimal("25.00"))
    SpaceFactory(building=BuildingFactory(published=False), name="Verborgen zaal")
    SpaceFactory(bookable=False, name="Berging")

    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["@context"][0] == jsonld.OSLO_CONTEXT
    assert document["@context"][1]["mv"] == f"{settings.SITE_URL}/ruimtes/open-data/termen#"
    assert_known_terms(document)

    (service,) = by_type(document, "Infrastructuurreservatiedienst")
    assert service["@id"] == f"{settings.SITE_URL}/ruimtes/#dienst"
    offered = {ref["@id"] for ref in service["Infrastructuurreservatiedienst.infrastructuur"]}
    assert offered == {_iri(s, "ruimte") for s in (hall.whole, hall.left, hall.right)}

    (node,) = by_type(document, "Infrastructuur")
    assert node["@id"] == _iri(building, "gebouw")
    assert node["Infrastructuur.naam"] == {"@value": building.name, "@language": "nl"}
    assert node["schema:address"]["schema:postalCode"] == "9000"
    assert node["dct:spatial"]["skos:notation"] == "brugse-poort"
    assert node["Infrastructuur.openingsuren"][0]["schema:dayOfWeek"] == {
        "@id": "http://schema.org/Wednesday"
    }
    assert node["Infrastructuur.openingsuren"][0]["Openingsurenspecificatie.open"] == {
        "@value": "08:00:00",
        "@type": "xsd:time",
    }
    assert node["mv:toegankelijkheid"]["@value"].startswith("Drempelvrije ingang")
    assert node["schema:containsPlace"] == [{"@id": _iri(hall.whole, "ruimte")}]

    spaces = {space["@id"]: space for space in by_type(document, "Binnenruimte")}
    whole = spaces[_iri(hall.whole, "ruimte")]
    assert whole["Infrastructuur.capaciteit"] == {
        "@type": "Capaciteit",
        "Capaciteit.waarde": 120,
        "Capaciteit.eenheid": {"@id": "mv:personen"},
    }
    assert whole["schema:containedInPlace"] == {"@id": _iri(building, "gebouw")}
    assert {ref["@id"] for ref in whole["schema:containsPlace"]} == {
        _iri(hall.left, "ruimte"),
        _iri(hall.right, "ruimte"),
    }
    assert spaces[_iri(hall.left, "ruimte")]["schema:containedInPlace"] == {
        "@id": _iri(hall.whole, "ruimte")
    }
    (facility,) = whole["Infrastructuur.faciliteit"]
    assert facility["@type"] == "Faciliteit"
    assert facility["Faciliteit.type"]["@id"].endswith("/ruimtes/open-data/faciliteiten/keuken")
    assert whole["mv:tarief"][0]["schema:price"] == {"@value": "25.00", "@type": "xsd:decimal"}
    assert whole["Infrastructuur.gebruik"]["Gebruik.voorwaarde"][0]["@type"] == "Criterium"
    assert whole["mv:goedkeuringNodig"] is True
    assert "Verborgen zaal" not in response.content.decode()
    assert "Berging" not in response.content.decode()


def test_the_catalogue_speaks_the_language_of_its_address(client, space):
    space.facilities.set([FacilityFactory(code="beamer", name_nl="Beamer", name_en="Projector")])
    document = json.loads(client.get(f"/en{CATALOGUE}").content)
    (node,) = by_type(document, "Binnenruimte")
    assert node["Infrastructuur.faciliteit"][0]["Faciliteit.beschrijving"] == {
        "@value": "Projector",
        "@language": "en",
    }
    # Identifiers stay the Dutch pages, whatever the language.
    assert node["@id"] == _iri(space, "ruimte")
    assert "/en/" not in node["@id"]


def test_the_catalogue_follows_changes_to_the_catalogue(client, space):
    first = client.get(CATALOGUE).content.decode()
    assert "Nieuwe zaal" not in first
    SpaceFactory(name="Nieuwe zaal")
    assert "Nieuwe zaal" in client.get(CATALOGUE).content.decode()


def test_the_catalogue_answers_get_and_head_only(client, space):
    assert client.head(CATALOGUE).status_code == 200
    assert client.post(CATALOGUE).status_code == 405


def test_the_catalogue_keeps_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for number in range(8):
        space = SpaceFactory(building=BuildingFactory(district=DistrictFactory()))
        space.facilities.set([FacilityFactory(code=f"f{number}")])
        TariffFactory(space=space)
        OpeningHoursFactory(building=space.building)
    with django_assert_max_num_queries(16):
        assert client.get(CATALOGUE).status_code == 200


# --- occupancy ----------------------------------------------------------------------------


@pytest.fixture
def occupied(space, hall, org_a, org_b):
    """A request (waiting), a confirmed booking, a cancelled one and a denied one."""
    waiting = book(space, org_a, next_weekday(1), purpose="Geheime vergadering")
    confirmed = book(hall.whole, org_b, next_weekday(2), purpose="Feest van Ledeberg")
    services.booking_approve(booking=confirmed, by=StaffFactory())
    cancelled = book(space, org_b, next_weekday(3), purpose="Afgelast")
    services.booking_cancel(booking=cancelled, by=org_b.member, reason="Ziekte")
    denied = book(space, org_a, next_weekday(4), purpose="Geweigerd")
    services.booking_deny(booking=denied, by=StaffFactory(), reason="Renovatie")
    return waiting, confirmed


def test_occupancy_lists_reserved_periods_per_space_and_their_status(client, occupied, hall):
    waiting, confirmed = occupied
    response = client.get(OCCUPANCY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["@context"][0] == jsonld.OSLO_CONTEXT
    assert_known_terms(document)
    reservations = by_type(document, "Infrastructuurreservatie")
    assert len(reservations) == 2
    (service,) = by_type(document, "Infrastructuurreservatiedienst")
    assert {ref["@id"] for ref in service["Infrastructuurreservatiedienst.produceert"]} == {
        r["@id"] for r in reservations
    }
    assert all(r["@id"].startswith("_:") for r in reservations)
    found = {
        r["Infrastructuurreservatie.infrastructuur"][0]["@id"]: r[
            "Infrastructuurreservatie.status"
        ][0]["@id"]
        for r in reservations
    }
    assert found == {
        _iri(waiting.space, "ruimte"): jsonld.STATUS["requested"],
        _iri(hall.whole, "ruimte"): jsonld.STATUS["confirmed"],
    }
    assert jsonld.STATUS["confirmed"].endswith("Infrastructuurreservatiestatustype/bevestigd")
    assert jsonld.STATUS["requested"].endswith("Infrastructuurreservatiestatustype/inBehandeling")
    occurrence = waiting.occurrences.get()
    (mine,) = [
        r
        for r in reservations
        if r["Infrastructuurreservatie.infrastructuur"][0]["@id"] == _iri(waiting.space, "ruimte")
    ]
    period = mine["Infrastructuurreservatie.periode"]
    assert period["@type"] == "Periode"
    assert period["Periode.van"]["Moment.inXSDDatumTijd"] == {
        "@value": times.to_local(occurrence.starts_at).isoformat(),
        "@type": "xsd:dateTime",
    }
    (dataset,) = by_type(document, "dcat:Dataset")
    today = times.local_day(timezone.now())
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == today.isoformat()
    assert (
        dataset["dct:temporal"]["dcat:endDate"]["@value"]
        == (today + timedelta(days=27)).isoformat()
    )


def test_occupancy_never_names_an_organisation_a_purpose_or_a_person(
    client, occupied, org_a, org_b
):
    for url in (OCCUPANCY, OCCUPANCY_CSV):
        response = client.get(url)
        text = b"".join(response.streaming_content if response.streaming else [response.content])
        text = text.decode()
        for secret in (
            org_a.organisation.name,
            org_b.organisation.name,
            "Geheime vergadering",
            "Feest van Ledeberg",
            org_a.member.name,
            org_a.member.email,
            org_b.member.email,
            "Ziekte",
        ):
            assert secret not in text, (url, secret)


def test_occupancy_takes_a_period_of_at_most_62_days(client, occupied):
    waiting, _confirmed = occupied
    day = times.local_day(waiting.occurrences.get().starts_at)
    response = client.get(OCCUPANCY, {"van": day.isoformat(), "tot": day.isoformat()})
    assert len(by_type(json.loads(response.content), "Infrastructuurreservatie")) == 1
    later = day + timedelta(days=200)
    response = client.get(OCCUPANCY, {"van": later.isoformat(), "tot": later.isoformat()})
    assert by_type(json.loads(response.content), "Infrastructuurreservatie") == []
    response = client.get(
        OCCUPANCY, {"van": day.isoformat(), "tot": (day + timedelta(days=61)).isoformat()}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"van": "morgen"}, "van"),
        ({"van": "2030-02-30"}, "van"),
        ({"tot": "31/01/2030"}, "tot"),
        ({"van": "2030-01-10", "tot": "2030-01-01"}, "tot"),
        ({"van": "2030-01-01", "tot": "2030-03-04"}, "tot"),
        ({"van": "9999-12-31"}, "van"),
        ({"van": "0001-01-01", "tot": "0001-01-02"}, "van"),
    ],
)
@pytest.mark.parametrize("url", [OCCUPANCY, OCCUPANCY_CSV])
def test_bad_occupancy_dates_are_a_400_with_a_message(client, url, params, field):
    response = client.get(f"/en{url}", params)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_request"
    assert field in error["details"]["fields"]


def test_occupancy_as_csv(client, occupied, hall):
    response = client.get(OCCUPANCY_CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {(row["space"], row["status"]) for row in rows} == {
        ("Vergaderzaal", "requested"),
        ("Grote zaal", "confirmed"),
    }
    assert {row["space_iri"] for row in rows} >= {_iri(hall.whole, "ruimte")}


def test_occupancy_answers_get_and_head_only(client):
    assert client.head(OCCUPANCY).status_code == 200
    assert client.post(OCCUPANCY).status_code == 405
    assert client.post(OCCUPANCY_CSV).status_code == 405


def test_occupancy_of_unpublished_buildings_stays_out(client, org_a):
    hidden = SpaceFactory()
    shown = SpaceFactory()
    book(shown, org_a, next_weekday(1))
    book(hidden, org_a, next_weekday(1))
    hidden.building.published = False
    hidden.building.save()
    document = json.loads(client.get(OCCUPANCY).content)
    spaces = {
        r["Infrastructuurreservatie.infrastructuur"][0]["@id"]
        for r in by_type(document, "Infrastructuurreservatie")
    }
    assert spaces == {_iri(shown, "ruimte")}
