"""The organisations API: the public directory and profiles, registering and editing,
the city's verification, and the people of an organisation."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.organisations.models import (
    AddressKind,
    JoinRequest,
    JoinRequestStatus,
    LegalForm,
    MemberRole,
    Membership,
    Organisation,
    PersonalDataAccess,
    Status,
)
from middenveld.organisations.tests.factories import (
    AddressFactory,
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    RecognitionFactory,
    valid_kbo,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(response):
    return [item["name"] for item in results(response)]


def csv_rows(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def token_of(user):
    _token, plain = api_token_create(user=user, name="tests")
    return bearer(plain)


def admin_of(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user


def member_of(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user


def complete_draft(status=Status.DRAFT):
    """An unverified registration with everything the city needs to verify it."""
    organisation = OrganisationFactory(status=status, verified_at=None, districts=["brugse-poort"])
    AddressFactory(organisation=organisation, kind=AddressKind.ACTIVITY)
    return organisation


# --- the directory ------------------------------------------------------------------------


def test_the_directory_lists_only_verified_organisations_with_public_fields(client):
    OrganisationFactory(name="Buurtwerk Sluizeken", districts=["sluizeken-tolhuis-ham"])
    for status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED):
        OrganisationFactory(name=f"Nog niet publiek {status}", status=status, verified_at=None)

    [item] = results(client.get(f"{API}/organisations"))
    assert item["name"] == "Buurtwerk Sluizeken"
    assert item["districts"] == [{"slug": "sluizeken-tolhuis-ham", "name": "Sluizeken Tolhuis Ham"}]
    assert item["working_forms"][0]["code"] == "ontmoeting"
    assert item["url"].startswith("http://testserver/organisaties/")
    assert item["jsonld"].endswith("/organisatie.jsonld")
    # The list is for everyone: no contact details of people, no status.
    assert not {"public_email", "status", "correspondence_address"} & set(item)


def test_search_finds_vluchtelingenwerk_when_asked_for_vluchtelingen(client):
    OrganisationFactory(name="Vluchtelingenwerk Gent", description="Wij helpen nieuwkomers.")
    OrganisationFactory(name="Schaakclub De Toren", description="Wij spelen schaak.")
    assert names(client.get(f"{API}/organisations", {"q": "vluchtelingen"})) == [
        "Vluchtelingenwerk Gent"
    ]


@pytest.mark.parametrize("query", ["cafe zoe", "CAFÉ ZOË", "Café"])
def test_search_ignores_accents_and_case(client, query):
    OrganisationFactory(name="Café Zoë Ledeberg")
    OrganisationFactory(name="Fietsatelier")
    assert names(client.get(f"{API}/organisations", {"q": query})) == ["Café Zoë Ledeberg"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"district": "brugse-poort"}, ["Alfa"]),
        ({"working_form": "basiswerk"}, ["Beta"]),
        ({"target_group": "ouderen"}, ["Beta"]),
        ({"language": "tr"}, ["Alfa"]),
        ({"legal_form": "FV"}, ["Beta"]),
        ({"self_organisation": "true"}, ["Alfa"]),
        ({"district": "brugse-poort", "legal_form": "FV"}, []),
        ({}, ["Alfa", "Beta"]),
    ],
)
def test_the_directory_filters(client, params, expected):
    OrganisationFactory(
        name="Alfa",
        districts=["brugse-poort"],
        languages=["tr"],
        is_self_organisation=True,
        legal_form=LegalForm.NONPROFIT,
    )
    OrganisationFactory(
        name="Beta",
        districts=["ledeberg"],
        target_groups=["ouderen"],
        does_basic_work=True,
        legal_form=LegalForm.INFORMAL,
    )
    assert names(client.get(f"{API}/organisations", params)) == expected


def test_the_directory_sorts_by_name_both_ways_or_newest_first(client):
    now = timezone.now()
    OrganisationFactory(name="Bravo", verified_at=now - timedelta(days=1))
    OrganisationFactory(name="Alfa", verified_at=now - timedelta(days=5))
    OrganisationFactory(name="Charlie", verified_at=now - timedelta(days=3))
    url = f"{API}/organisations"
    assert names(client.get(url)) == ["Alfa", "Bravo", "Charlie"]
    assert names(client.get(url, {"sort": "-naam"})) == ["Charlie", "Bravo", "Alfa"]
    assert names(client.get(url, {"sort": "nieuw"})) == ["Bravo", "Charlie", "Alfa"]


@pytest.mark.parametrize(
    ("param", "value"), [("working_form", "zwemmen"), ("legal_form", "NV"), ("sort", "random")]
)
def test_an_unknown_filter_value_is_a_422_naming_the_field(client, param, value):
    response = client.get(f"{API}/organisations", {param: value})
    assert response.status_code == 422
    assert list(error_of(response)["details"]["fields"]) == [param]


def test_the_directory_is_paginated_with_a_count(client):
    for name in ("Alfa", "Bravo", "Charlie"):
        OrganisationFactory(name=name)
    body = client.get(f"{API}/organisations", {"limit": 2}).json()
    assert body["count"] == 3
    assert [i["name"] for i in body["results"]] == ["Alfa", "Bravo"]
    assert "offset=2" in body["next"]
    second = client.get(body["next"]).json()
    assert [i["name"] for i in second["results"]] == ["Charlie"]
    assert second["next"] is None


def test_the_directory_as_csv_keeps_the_filters_and_neutralises_formulas(client):
    OrganisationFactory(name="=HYPERLINK(1)", alternative_name="@evil", districts=["ledeberg"])
    OrganisationFactory(name="Elders", districts=["gentbrugge"])
    OrganisationFactory(name="Concept", districts=["ledeberg"], status=Status.DRAFT)

    rows = csv_rows(client.get(f"{API}/organisations", {"district": "ledeberg", "format": "csv"}))
    assert rows[0] == [
        "id",
        "slug",
        "name",
        "alternative_name",
        "legal_form",
        "working_forms",
        "self_organisation",
        "districts",
        "target_groups",
        "url",
        "verified_at",
    ]
    [row] = rows[1:]
    assert row[2:5] == ["'=HYPERLINK(1)", "'@evil", "VZW"]
    assert row[7] == "ledeberg"
    assert row[9].startswith("http://testserver/organisaties/")


def _organisations(n):
    DistrictFactory(slug="brugse-poort")
    for _ in range(n):
        OrganisationFactory(
            districts=["brugse-poort", "ledeberg"], target_groups=["ouderen", "gezinnen"]
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            assert response.json()["results"]
    return len(queries)


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # content version, count, organisations, districts, target groups
        (f"{API}/organisations", 5),
        (f"{API}/organisations?q=vereniging&district=ledeberg&sort=nieuw", 5),
        # content version, organisations, districts, target groups
        (f"{API}/organisations?format=csv", 4),
    ],
)
def test_the_directory_query_count_does_not_grow_with_organisations(
    client, django_assert_max_num_queries, url, budget
):
    _organisations(5)
    with django_assert_max_num_queries(budget):
        few = _queries(client, url)
    _organisations(45)
    with django_assert_max_num_queries(budget):
        many = _queries(client, url)
    assert few == many


def test_anonymous_reads_come_from_the_cache_until_an_organisation_changes(client):
    organisation = OrganisationFactory(name="Eerste naam")
    assert client.get(f"{API}/organisations")["X-Cache"] == "miss"
    assert client.get(f"{API}/organisations")["X-Cache"] == "hit"
    organisation.name = "Nieuwe naam"
    organisation.save()
    assert names(client.get(f"{API}/organisations")) == ["Nieuwe naam"]


# --- one profile ----------------------------------------------------------------------------


def test_a_profile_shows_public_fields_recognitions_and_the_activity_address(client):
    organisation = OrganisationFactory(
        name="Buurtwerk Sluizeken",
        kbo_number=valid_kbo(1234),
        vcode="V0001234",
        public_phone="09 123 45 67",
        website="https://buurtwerk.example.org",
        languages=["nl", "ar"],
    )
    AddressFactory(organisation=organisation, kind=AddressKind.ACTIVITY, street="Sleepstraat")
    AddressFactory(organisation=organisation, kind=AddressKind.CORRESPONDENCE, street="Thuisstraat")
    RecognitionFactory(
        organisation=organisation, type__code="basiswerk", type__name_nl="Erkend basiswerk"
    )
    RecognitionFactory(
        organisation=organisation,
        valid_from=timezone.localdate() - timedelta(days=800),
        valid_until=timezone.localdate() - timedelta(days=400),
    )

    body = client.get(f"{API}/organisations/{organisation.pk}").json()
    assert body["name"] == "Buurtwerk Sluizeken"
    assert (body["status"], body["kbo_number"], body["vcode"]) == (
        "verified",
        valid_kbo(1234),
        "V0001234",
    )
    assert (body["public_email"], body["public_phone"]) == ("info@example.org", "09 123 45 67")
    assert [language["code"] for language in body["languages"]] == ["nl", "ar"]
    assert body["activity_address"]["street"] == "Sleepstraat"
    assert body["activity_address"]["text"] == "Sleepstraat 18, 9000 Gent"
    assert body["correspondence_address"] is None
    states = {r["type"]["code"]: r["state"] for r in body["recognitions"]}
    assert states["basiswerk"] == "valid"
    assert sorted(states.values()) == ["expired", "valid"]
    current = next(r for r in body["recognitions"] if r["type"]["code"] == "basiswerk")
    assert current["type"]["name"] == "Erkend basiswerk"
    assert current["valid_until"] is not None


@pytest.mark.parametrize(("who", "sees"), [("member", True), ("staff", True), ("other", False)])
def test_the_correspondence_address_is_only_for_members_and_staff(client, who, sees):
    organisation = OrganisationFactory()
    AddressFactory(organisation=organisation, kind=AddressKind.CORRESPONDENCE, street="Thuisstraat")
    viewer = {
        "member": lambda: member_of(organisation),
        "staff": StaffFactory,
        "other": UserFactory,
    }[who]()
    body = client.get(f"{API}/organisations/{organisation.pk}", headers=token_of(viewer)).json()
    assert (body["correspondence_address"] is not None) is sees
    if sees:
        assert body["correspondence_address"]["street"] == "Thuisstraat"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.REJECTED])
def test_an_unverified_organisation_is_404_for_outsiders_and_visible_to_its_members_and_staff(
    client, status
):
    organisation = OrganisationFactory(status=status, verified_at=None)
    other = OrganisationFactory()
    url = f"{API}/organisations/{organisation.pk}"

    response = client.get(url)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert client.get(url, headers=token_of(member_of(other))).status_code == 404
    assert client.get(url, headers=token_of(UserFactory())).status_code == 404

    own = client.get(url, headers=token_of(member_of(organisation)))
    assert own.status_code == 200
    assert own.json()["status"] == status
    assert client.get(url, headers=token_of(StaffFactory())).status_code == 200


def test_an_unknown_organisation_is_404(client):
    assert client.get(f"{API}/organisations/999999").status_code == 404


# --- registering ------------------------------------------------------------------------------


def test_registering_with_a_token_makes_a_draft_with_me_as_admin(client, citizen):
    response = client.post(
        f"{API}/organisations",
        {"name": "Buurtwerk De Brug", "legal_form": "VZW", "kbo_number": "BE 0440.966.354"},
        content_type="application/json",
        headers=token_of(citizen),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["status"], body["kbo_number"]) == (
        "Buurtwerk De Brug",
        "draft",
        "0440966354",
    )
    organisation = Organisation.objects.get(pk=body["id"])
    assert organisation.memberships.get().user == citizen
    assert organisation.memberships.get().role == MemberRole.ADMIN
    # A draft is visible to its new admin, not to the public.
    assert client.get(f"{API}/organisations/{organisation.pk}").status_code == 404


def test_registering_with_a_session_needs_the_csrf_token(citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    payload = {"name": "Wijkcomité Ledeberg", "legal_form": "FV"}

    refused = browser.post(f"{API}/organisations", payload, content_type="application/json")
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "csrf_failed"
    assert not Organisation.objects.exists()

    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    accepted = browser.post(
        f"{API}/organisations",
        payload,
        content_type="application/json",
        headers={"X-CSRFToken": secret, "Referer": "https://testserver/"},
    )
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["status"] == "draft"


def test_registering_without_credentials_is_401(client):
    response = client.post(
        f"{API}/organisations", {"name": "X", "legal_form": "FV"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_a_kbo_number_already_registered_is_409_with_that_organisations_slug(client, citizen):
    existing = OrganisationFactory(name="Vluchtelingenwerk Gent", kbo_number=valid_kbo(77))
    response = client.post(
        f"{API}/organisations",
        {"name": "Iets anders", "legal_form": "VZW", "kbo_number": valid_kbo(77)},
        content_type="application/json",
        headers=token_of(citizen),
    )
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "duplicate_identifier"
    assert error["details"]["organisation"] == existing.slug
    assert error["details"]["field"] == "kbo_number"
    assert "Vluchtelingenwerk Gent" in error["message"]


def test_a_wrong_kbo_number_is_422_with_a_sentence(client, citizen):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    wrong = valid_kbo(77)[:8] + "00"
    response = client.post(
        f"{API}/organisations",
        {"name": "Buurtwerk", "legal_form": "VZW", "kbo_number": wrong},
        content_type="application/json",
        headers=token_of(citizen),
    )
    assert response.status_code == 422
    error = error_of(response)
    assert "last two digits" in error["message"]
    assert list(error["details"]["fields"]) == ["kbo_number"]
    assert not Organisation.objects.exists()


# --- editing ------------------------------------------------------------------------------------


def test_an_admin_edits_identity_work_and_contact(client):
    DistrictFactory(slug="ledeberg")
    organisation = OrganisationFactory(status=Status.DRAFT, verified_at=None, name="Oude naam")
    headers = token_of(admin_of(organisation))
    url = f"{API}/organisations/{organisation.pk}"

    identity = client.put(
        f"{url}/identity",
        {"name": "Nieuwe naam", "legal_form": "FV", "vcode": "v0001234"},
        content_type="application/json",
        headers=headers,
    )
    assert identity.status_code == 200, identity.content
    assert (identity.json()["name"], identity.json()["vcode"]) == ("Nieuwe naam", "V0001234")

    work = client.put(
        f"{url}/work",
        {
            "working_forms": ["basiswerk", "emancipatie"],
            "districts": ["ledeberg"],
            "target_groups": ["ouderen"],
            "languages": ["ar"],
            "description": "Huiswerkbegeleiding.",
        },
        content_type="application/json",
        headers=headers,
    )
    assert work.status_code == 200, work.content
    body = work.json()
    assert [f["code"] for f in body["working_forms"]] == ["basiswerk", "emancipatie"]
    assert [d["slug"] for d in body["districts"]] == ["ledeberg"]
    assert body["description"] == "Huiswerkbegeleiding."

    contact = client.put(
        f"{url}/contact",
        {
            "activity_address": {
                "street": "Sleepstraat",
                "number": "1",
                "postal_code": "9000",
                "municipality": "Gent",
            },
            "public_email": "Info@Example.org",
            "website": "www.example.org",
        },
        content_type="application/json",
        headers=headers,
    )
    assert contact.status_code == 200, contact.content
    body = contact.json()
    assert body["activity_address"]["text"] == "Sleepstraat 1, 9000 Gent"
    assert (body["public_email"], body["website"]) == (
        "info@example.org",
        "https://www.example.org",
    )


def test_a_wrong_postal_code_is_422_naming_the_field(client):
    organisation = OrganisationFactory(status=Status.DRAFT, verified_at=None)
    response = client.put(
        f"{API}/organisations/{organisation.pk}/contact",
        {
            "activity_address": {
                "street": "Sleepstraat",
                "number": "1",
                "postal_code": "90000",
                "municipality": "Gent",
            }
        },
        content_type="application/json",
        headers=token_of(admin_of(organisation)),
    )
    assert response.status_code == 422
    assert list(error_of(response)["details"]["fields"]) == ["activity_postal_code"]


def test_a_very_similar_name_in_the_same_district_needs_confirmation(client):
    OrganisationFactory(name="Buurtwerk De Brug", districts=["ledeberg"])
    mine = OrganisationFactory(
        name="Iets", status=Status.DRAFT, verified_at=None, districts=["ledeberg"]
    )
    headers = token_of(admin_of(mine))
    payload = {"name": "Buurtwerk de Brug", "legal_form": "FV"}
    url = f"{API}/organisations/{mine.pk}/identity"

    response = client.put(url, payload, content_type="application/json", headers=headers)
    assert response.status_code == 409
    assert error_of(response)["code"] == "similar_name"

    confirmed = client.put(
        url, {**payload, "confirm_similar": True}, content_type="application/json", headers=headers
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["name"] == "Buurtwerk de Brug"


def test_a_plain_member_cannot_edit_the_profile(client):
    organisation = OrganisationFactory()
    response = client.put(
        f"{API}/organisations/{organisation.pk}/identity",
        {"name": "Overgenomen", "legal_form": "FV"},
        content_type="application/json",
        headers=token_of(member_of(organisation)),
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name != "Overgenomen"


@pytest.mark.parametrize(("status", "expected"), [(Status.DRAFT, 404), (Status.VERIFIED, 403)])
def test_an_admin_of_a_cannot_edit_b(client, status, expected):
    a = OrganisationFactory()
    b = OrganisationFactory(status=status, name="B", verified_at=None)
    response = client.put(
        f"{API}/organisations/{b.pk}/identity",
        {"name": "Overgenomen", "legal_form": "FV"},
        content_type="application/json",
        headers=token_of(admin_of(a)),
    )
    assert response.status_code == expected
    b.refresh_from_db()
    assert b.name == "B"


# Everything private of organisation B, tried by an admin of organisation A.
B_PRIVATE = [
    ("put", "identity", {"name": "Overgenomen", "legal_form": "FV"}),
    ("put", "work", {"working_forms": ["ontmoeting"]}),
    ("put", "contact", {"public_email": "kaper@example.org"}),
    ("post", "submit", None),
    ("post", "verify", None),
    ("post", "reject", {"reason": "Zomaar."}),
    ("get", "members", None),
    ("get", "join-requests", None),
    ("post", "invitations", {"email": "kaper@example.org", "role": "admin"}),
    ("post", "leave", None),
]


@pytest.mark.parametrize(("method", "action", "payload"), B_PRIVATE)
@pytest.mark.parametrize(("status", "expected"), [(Status.VERIFIED, 403), (Status.SUBMITTED, 404)])
def test_an_admin_of_a_is_refused_everything_private_of_b(
    client, method, action, payload, status, expected
):
    a = OrganisationFactory()
    b = complete_draft(status=status)
    member_of(b)
    before = (b.name, b.status, b.public_email, b.memberships.count())
    kwargs = {"content_type": "application/json"} if payload is not None else {}
    call = getattr(client, method)
    url = f"{API}/organisations/{b.pk}/{action}"
    response = call(url, payload, headers=token_of(admin_of(a)), **kwargs)
    assert response.status_code == expected, response.content
    error_of(response)
    b.refresh_from_db()
    assert (b.name, b.status, b.public_email, b.memberships.count()) == before
    assert not b.invitations.exists()
    assert not mail.outbox


# --- submitting and the city's decision ------------------------------------------------------


def test_submit_then_only_staff_verify(client):
    organisation = complete_draft()
    admin = admin_of(organisation)
    url = f"{API}/organisations/{organisation.pk}"

    submitted = client.post(f"{url}/submit", headers=token_of(admin))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    assert client.post(f"{url}/verify", headers=token_of(admin)).status_code == 403
    assert client.post(f"{url}/verify", headers=token_of(UserFactory())).status_code == 404

    verified = client.post(f"{url}/verify", headers=token_of(StaffFactory()))
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "verified"
    assert client.get(url).status_code == 200  # public now
    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_submitting_an_incomplete_registration_is_422_listing_what_is_missing(client):
    organisation = OrganisationFactory(status=Status.DRAFT, verified_at=None, public_email="")
    response = client.post(
        f"{API}/organisations/{organisation.pk}/submit",
        headers=token_of(admin_of(organisation)),
    )
    assert response.status_code == 422
    problems = error_of(response)["details"]["problems"]
    assert len(problems) == 3  # district, address, a way to reach them


def test_staff_reject_with_a_reason_and_only_staff(client):
    organisation = complete_draft(status=Status.SUBMITTED)
    admin = admin_of(organisation)
    staff = StaffFactory()
    url = f"{API}/organisations/{organisation.pk}/reject"

    assert (
        client.post(
            url, {"reason": "Geen"}, content_type="application/json", headers=token_of(admin)
        ).status_code
        == 403
    )
    empty = client.post(
        url, {"reason": "  "}, content_type="application/json", headers=token_of(staff)
    )
    assert empty.status_code == 422
    assert list(error_of(empty)["details"]["fields"]) == ["reason"]

    rejected = client.post(
        url,
        {"reason": "Dit is een bedrijf, geen vereniging."},
        content_type="application/json",
        headers=token_of(staff),
    )
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["status"] == "rejected"
    assert client.get(f"{API}/organisations/{organisation.pk}").status_code == 404


# --- members (personal data) --------------------------------------------------------------------


def test_an_admin_lists_the_members_and_that_is_not_logged(client):
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    member = member_of(organisation)

    items = results(
        client.get(f"{API}/organisations/{organisation.pk}/members", headers=token_of(admin))
    )
    assert [(i["person"]["email"], i["role"]) for i in items] == [
        (admin.email, "admin"),
        (member.email, "member"),
    ]
    assert not PersonalDataAccess.objects.exists()


def test_staff_listing_the_members_is_logged(client):
    organisation = OrganisationFactory()
    member_of(organisation)
    staff = StaffFactory()
    url = f"{API}/organisations/{organisation.pk}/members"

    assert len(results(client.get(url, headers=token_of(staff)))) == 1
    [access] = PersonalDataAccess.objects.all()
    assert (access.viewer, access.organisation, access.what, access.path) == (
        staff,
        organisation,
        "members (API)",
        url,
    )


def test_the_members_are_not_for_plain_members_outsiders_or_anonymous(client):
    organisation = OrganisationFactory()
    url = f"{API}/organisations/{organisation.pk}/members"
    assert client.get(url, headers=token_of(member_of(organisation))).status_code == 403
    assert client.get(url, headers=token_of(UserFactory())).status_code == 403
    assert client.get(url).status_code == 401


@pytest.mark.parametrize(("status", "expected"), [(Status.VERIFIED, 403), (Status.DRAFT, 404)])
def test_an_admin_of_a_cannot_list_the_members_of_b(client, status, expected):
    a = OrganisationFactory()
    b = OrganisationFactory(status=status, verified_at=None)
    member_of(b)
    response = client.get(f"{API}/organisations/{b.pk}/members", headers=token_of(admin_of(a)))
    assert response.status_code == expected
    assert "person" not in response.content.decode()


def test_an_admin_makes_a_member_admin(client):
    organisation = OrganisationFactory()
    headers = token_of(admin_of(organisation))
    membership = MembershipFactory(organisation=organisation)
    response = client.patch(
        f"{API}/organisations/{organisation.pk}/members/{membership.pk}",
        {"role": "admin"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "admin"
    membership.refresh_from_db()
    assert membership.role == MemberRole.ADMIN


def test_an_admin_of_a_cannot_change_roles_in_b(client):
    a = OrganisationFactory()
    b = OrganisationFactory()
    in_b = MembershipFactory(organisation=b)
    headers = token_of(admin_of(a))

    # Through B's address: not an admin there.
    response = client.patch(
        f"{API}/organisations/{b.pk}/members/{in_b.pk}",
        {"role": "admin"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    # Through A's address with B's membership id: not found in A.
    response = client.patch(
        f"{API}/organisations/{a.pk}/members/{in_b.pk}",
        {"role": "admin"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    assert (
        client.delete(f"{API}/organisations/{a.pk}/members/{in_b.pk}", headers=headers).status_code
        == 404
    )
    in_b.refresh_from_db()
    assert in_b.role == MemberRole.MEMBER


def test_the_last_admin_cannot_step_down_be_removed_or_leave(client):
    organisation = OrganisationFactory()
    admin = admin_of(organisation)
    member_of(organisation)
    only_admin = Membership.objects.get(user=admin)
    headers = token_of(admin)
    url = f"{API}/organisations/{organisation.pk}"

    for response in (
        client.patch(
            f"{url}/members/{only_admin.pk}",
            {"role": "member"},
            content_type="application/json",
            headers=headers,
        ),
        client.delete(f"{url}/members/{only_admin.pk}", headers=headers),
        client.post(f"{url}/leave", headers=headers),
    ):
        assert response.status_code == 409
        assert error_of(response)["code"] == "last_admin"
    only_admin.refresh_from_db()
    assert only_admin.role == MemberRole.ADMIN


def test_an_admin_removes_a_member_and_a_member_leaves(client):
    organisation = OrganisationFactory()
    headers = token_of(admin_of(organisation))
    removed = MembershipFactory(organisation=organisation)
    leaving = MembershipFactory(organisation=organisation)
    url = f"{API}/organisations/{organisation.pk}"

    assert client.delete(f"{url}/members/{removed.pk}", headers=headers).status_code == 204
    assert client.post(f"{url}/leave", headers=token_of(leaving.user)).status_code == 204
    assert list(organisation.memberships.values_list("role", flat=True)) == ["admin"]


def test_a_plain_member_cannot_remove_someone(client):
    organisation = OrganisationFactory()
    other = MembershipFactory(organisation=organisation)
    response = client.delete(
        f"{API}/organisations/{organisation.pk}/members/{other.pk}",
        headers=token_of(member_of(organisation)),
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()


# --- invitations ----------------------------------------------------------------------------------


def _invitation_token():
    [message] = mail.outbox
    return re.search(r"/uitnodiging/([\w-]+)/", message.body).group(1)


def test_an_invitation_is_sent_by_mail_only_and_works_once(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    organisation = OrganisationFactory()
    invited = UserFactory(email="nieuw@example.org")

    response = client.post(
        f"{API}/organisations/{organisation.pk}/invitations",
        {"email": "Nieuw@Example.org", "role": "admin"},
        content_type="application/json",
        headers=token_of(admin_of(organisation)),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["email"], body["role"]) == ("nieuw@example.org", "admin")
    assert set(body) == {"id", "email", "role", "created_at", "expires_at"}
    token = _invitation_token()
    assert token not in response.content.decode()

    accepted = client.post(
        f"{API}/invitations/accept",
        {"token": token},
        content_type="application/json",
        headers=token_of(invited),
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["role"] == "admin"
    assert accepted.json()["organisation"]["id"] == organisation.pk

    again = client.post(
        f"{API}/invitations/accept",
        {"token": token},
        content_type="application/json",
        headers=token_of(invited),
    )
    assert again.status_code == 422
    error = error_of(again)
    assert error["code"] == "invitation_invalid"
    assert "already been used" in error["message"]


def test_an_invitation_for_another_address_is_refused(client):
    organisation = OrganisationFactory()
    client.post(
        f"{API}/organisations/{organisation.pk}/invitations",
        {"email": "iemand@example.org"},
        content_type="application/json",
        headers=token_of(admin_of(organisation)),
    )
    response = client.post(
        f"{API}/invitations/accept",
        {"token": _invitation_token()},
        content_type="application/json",
        headers=token_of(UserFactory()),
    )
    assert response.status_code == 403
    assert not organisation.memberships.filter(role=MemberRole.MEMBER).exists()


def test_only_admins_invite(client):
    organisation = OrganisationFactory()
    response = client.post(
        f"{API}/organisations/{organisation.pk}/invitations",
        {"email": "vriend@example.org"},
        content_type="application/json",
        headers=token_of(member_of(organisation)),
    )
    assert response.status_code == 403
    assert not mail.outbox


# --- requests to join -------------------------------------------------------------------------------


def test_ask_to_join_then_an_admin_approves(client):
    organisation = OrganisationFactory()
    admin_headers = token_of(admin_of(organisation))
    person = UserFactory()
    url = f"{API}/organisations/{organisation.pk}/join-requests"

    asked = client.post(
        url,
        {"message": "Ik wil helpen."},
        content_type="application/json",
        headers=token_of(person),
    )
    assert asked.status_code == 201, asked.content
    assert asked.json()["status"] == "pending"
    twice = client.post(url, {}, content_type="application/json", headers=token_of(person))
    assert twice.status_code == 409

    [pending] = results(client.get(url, headers=admin_headers))
    assert (pending["person"]["email"], pending["message"]) == (person.email, "Ik wil helpen.")

    approved = client.post(f"{url}/{pending['id']}/approve", headers=admin_headers)
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert organisation.memberships.filter(user=person, role=MemberRole.MEMBER).exists()
    assert results(client.get(url, headers=admin_headers)) == []
    assert len(results(client.get(url, {"status": "approved"}, headers=admin_headers))) == 1


def test_an_admin_refuses_a_request_to_join(client):
    organisation = OrganisationFactory()
    join_request = JoinRequest.objects.create(organisation=organisation, user=UserFactory())
    response = client.post(
        f"{API}/organisations/{organisation.pk}/join-requests/{join_request.pk}/refuse",
        headers=token_of(admin_of(organisation)),
    )
    assert response.status_code == 200
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.REFUSED
    assert not organisation.memberships.filter(user=join_request.user).exists()


def test_an_admin_of_a_cannot_see_or_decide_requests_to_join_b(client):
    a = OrganisationFactory()
    b = OrganisationFactory()
    join_request = JoinRequest.objects.create(organisation=b, user=UserFactory())
    headers = token_of(admin_of(a))

    assert (
        client.get(f"{API}/organisations/{b.pk}/join-requests", headers=headers).status_code == 403
    )
    assert (
        client.post(
            f"{API}/organisations/{b.pk}/join-requests/{join_request.pk}/approve", headers=headers
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"{API}/organisations/{a.pk}/join-requests/{join_request.pk}/approve", headers=headers
        ).status_code
        == 404
    )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_a_draft_cannot_be_joined_by_outsiders(client):
    draft = OrganisationFactory(status=Status.DRAFT, verified_at=None)
    response = client.post(
        f"{API}/organisations/{draft.pk}/join-requests",
        {},
        content_type="application/json",
        headers=token_of(UserFactory()),
    )
    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


# --- my organisations --------------------------------------------------------------------------------


def test_my_organisations_with_my_role(client, citizen):
    mine = OrganisationFactory(name="Alfa")
    draft = OrganisationFactory(name="Bravo", status=Status.DRAFT, verified_at=None)
    MembershipFactory(organisation=mine, user=citizen)
    MembershipFactory(organisation=draft, user=citizen, role=MemberRole.ADMIN)
    OrganisationFactory(name="Niet van mij")

    items = results(client.get(f"{API}/me/organisations", headers=token_of(citizen)))
    assert [(i["organisation"]["name"], i["organisation"]["status"], i["role"]) for i in items] == [
        ("Alfa", "verified", "member"),
        ("Bravo", "draft", "admin"),
    ]
    assert client.get(f"{API}/me/organisations").status_code == 401


# --- the OpenAPI schema --------------------------------------------------------------------------------


ENDPOINTS = {
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/{id}"),
    ("put", "/api/v1/organisations/{id}/identity"),
    ("put", "/api/v1/organisations/{id}/work"),
    ("put", "/api/v1/organisations/{id}/contact"),
    ("post", "/api/v1/organisations/{id}/submit"),
    ("post", "/api/v1/organisations/{id}/verify"),
    ("post", "/api/v1/organisations/{id}/reject"),
    ("get", "/api/v1/organisations/{id}/members"),
    ("patch", "/api/v1/organisations/{id}/members/{membership_id}"),
    ("delete", "/api/v1/organisations/{id}/members/{membership_id}"),
    ("post", "/api/v1/organisations/{id}/leave"),
    ("post", "/api/v1/organisations/{id}/invitations"),
    ("post", "/api/v1/invitations/accept"),
    ("get", "/api/v1/organisations/{id}/join-requests"),
    ("post", "/api/v1/organisations/{id}/join-requests"),
    ("post", "/api/v1/organisations/{id}/join-requests/{request_id}/approve"),
    ("post", "/api/v1/organisations/{id}/join-requests/{request_id}/refuse"),
    ("get", "/api/v1/me/organisations"),
}
PUBLIC = {("get", "/api/v1/organisations"), ("get", "/api/v1/organisations/{id}")}


def test_the_schema_documents_every_organisation_endpoint_and_who_may_call_it(client):
    schema = client.get(f"{API}/openapi.json").json()
    found = {
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "organisations" in operation.get("tags", [])
    }
    assert found == ENDPOINTS
    for method, path in ENDPOINTS:
        security = schema["paths"][path][method]["security"]
        assert ({} in security) is ((method, path) in PUBLIC), (method, path)
    params = {p["name"] for p in schema["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert {"q", "district", "working_form", "target_group", "language", "legal_form"} <= params
    assert {"self_organisation", "sort", "format", "limit", "offset"} <= params
