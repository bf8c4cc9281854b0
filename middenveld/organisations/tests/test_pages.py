"""The organisation pages: directory, profile, registration in steps, members, invitations."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from middenveld.organisations.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Organisation,
    Status,
)
from middenveld.organisations.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    valid_kbo,
)

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, "PNG")
    return buffer.getvalue()


# --- Directory -------------------------------------------------------------------------


def test_the_directory_lists_only_verified_organisations_with_a_count(client, org_a):
    OrganisationFactory(name="Geheime Kladvereniging", status=Status.DRAFT)
    OrganisationFactory(name="Wachtende Vereniging", status=Status.SUBMITTED)
    html = client.get("/organisaties/").content.decode()
    assert "Buurtwerk Rabot" in html
    assert "Kladvereniging" not in html and "Wachtende" not in html
    assert "1 organisatie gevonden" in html or "1 organisation found" in html


def test_searching_finds_a_word_inside_a_compound_name_ignoring_accents_and_case(client, db):
    OrganisationFactory(name="Vluchtelingenwerk Gent")
    OrganisationFactory(name="Café Ontmoeting")
    OrganisationFactory(name="Sportclub De Toekomst")
    html = client.get("/organisaties/?q=VLUCHTELINGEN").content.decode()
    assert "Vluchtelingenwerk Gent" in html and "Sportclub" not in html
    html = client.get("/organisaties/?q=cafe").content.decode()
    assert "Café Ontmoeting" in html and "Vluchtelingenwerk" not in html


def test_filters_combine_and_unknown_values_do_not_break_the_page(client, db):
    OrganisationFactory(
        name="Huiswerkklas Rabot", districts=["rabot"], does_basic_work=True, languages=["tr"]
    )
    OrganisationFactory(name="Koor Rabot", districts=["rabot"], does_basic_work=False)
    OrganisationFactory(name="Huiswerkklas Ledeberg", districts=["ledeberg"], does_basic_work=True)
    html = client.get("/organisaties/?district=rabot&working_form=basiswerk").content.decode()
    assert "Huiswerkklas Rabot" in html
    assert "Koor Rabot" not in html and "Huiswerkklas Ledeberg" not in html
    assert "Huiswerkklas Rabot" in client.get("/organisaties/?language=tr").content.decode()
    for query in ("working_form=nope", "legal_form=XX", "sort=zzz", "page=999", "page=-1", "q=%00"):
        assert client.get(f"/organisaties/?{query}").status_code == 200


def test_the_directory_paginates_and_keeps_the_filters_in_the_page_links(client, db):
    for n in range(25):
        OrganisationFactory(name=f"Buurtcomité {n:02d}", districts=["rabot"])
    html = client.get("/organisaties/?district=rabot").content.decode()
    assert "25" in html
    assert "district=rabot&amp;page=2" in html
    second = client.get("/organisaties/?district=rabot&page=2").content.decode()
    assert "Buurtcomité 24" in second and "Buurtcomité 00" not in second


def test_sorting_by_name_both_ways(client, db):
    OrganisationFactory(name="Aardbei")
    OrganisationFactory(name="Zonnebloem")
    html = client.get("/organisaties/?sort=-naam").content.decode()
    assert html.index("Zonnebloem") < html.index("Aardbei")


# --- Profile -------------------------------------------------------------------------


def test_a_draft_is_hidden_from_the_public_and_other_members_but_not_its_own(
    client, org_b, outsider, staff
):
    draft = OrganisationFactory(name="Nieuw Initiatief", status=Status.DRAFT)
    admin = MembershipFactory(organisation=draft, role=MemberRole.ADMIN).user
    url = f"/organisaties/{draft.slug}/"
    assert client.get(url).status_code == 404
    client.force_login(org_b.admin)
    assert client.get(url).status_code == 404
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "Nieuw Initiatief" in page
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_public_profile_hides_the_correspondence_address(client, org_a):
    from middenveld.organisations.tests.factories import AddressFactory

    AddressFactory(organisation=org_a.organisation, kind="correspondence", street="Geheimstraat")
    html = client.get(f"/organisaties/{org_a.organisation.slug}/").content.decode()
    assert "Sint-Salvatorstraat" in html  # the activity address
    assert "Geheimstraat" not in html
    client.force_login(org_a.member)
    assert (
        "Geheimstraat" in client.get(f"/organisaties/{org_a.organisation.slug}/").content.decode()
    )


# --- Registration ----------------------------------------------------------------------


def test_a_volunteer_registers_in_steps_and_sends_it_to_the_city(client, citizen, mailbox):
    DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    client.force_login(citizen)
    response = client.post(
        "/organisaties/registreren/",
        {
            "name": "  Moedervereniging   Brugse Poort ",
            "legal_form": "FV",
            "kbo_number": "",
            "vcode": "",
        },
    )
    organisation = Organisation.objects.get()
    assert organisation.name == "Moedervereniging Brugse Poort"
    assert organisation.status == Status.DRAFT
    assert response.url.endswith(f"/organisaties/{organisation.slug}/bewerken/werking/")
    assert Membership.objects.get(organisation=organisation).user == citizen
    base = f"/organisaties/{organisation.slug}/"
    response = client.post(
        base + "bewerken/werking/",
        {
            "working_forms": ["ontmoeting", "emancipatie"],
            "target_groups": ["vrouwen"],
            "districts": ["brugse-poort"],
            "languages": ["nl", "ar"],
            "is_self_organisation": "on",
            "description": "Wij komen samen.",
            "next": "1",
        },
    )
    assert response.status_code == 302 and response.url.endswith("bewerken/contact/")
    response = client.post(
        base + "bewerken/contact/",
        {
            "activity_street": "Rooigemlaan",
            "activity_number": "2",
            "activity_box": "",
            "activity_postal_code": "9000",
            "activity_municipality": "Gent",
            "correspondence_street": "",
            "correspondence_number": "",
            "correspondence_box": "",
            "correspondence_postal_code": "",
            "correspondence_municipality": "",
            "public_email": "Info@Moeders.be",
            "public_phone": "09 123 45 67",
            "website": "moeders.be",
            "next": "1",
        },
    )
    assert response.status_code == 302
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    statutes = SimpleUploadedFile("statuten.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = client.post(
        base + "bewerken/bestanden/", {"logo": logo, "statutes": statutes, "next": "1"}
    )
    assert response.status_code == 302 and response.url.endswith(base)
    organisation.refresh_from_db()
    assert organisation.is_self_organisation and organisation.working_form_codes == [
        "ontmoeting",
        "emancipatie",
    ]
    assert (
        organisation.website == "https://moeders.be"
        and organisation.public_email == "info@moeders.be"
    )
    assert organisation.logo and organisation.statutes.name.endswith(".pdf")
    client.post(base + "indienen/")
    organisation.refresh_from_db()
    assert organisation.status == Status.SUBMITTED
    assert client.get(base).status_code == 200  # a member still sees it


def test_a_wrong_enterprise_number_is_refused_with_a_sentence_and_nothing_is_saved(client, citizen):
    client.force_login(citizen)
    response = client.post(
        "/organisaties/registreren/",
        {"name": "Vzw De Brug", "legal_form": "VZW", "kbo_number": "0440.966.355"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 422
    assert not Organisation.objects.exists()
    assert re.search(r"errorlist", response.content.decode())


@pytest.mark.parametrize("name", ["x" * 10_000, "     ", "\u200b"])
def test_unusable_names_are_refused_without_an_error_page(client, citizen, name):
    client.force_login(citizen)
    response = client.post("/organisaties/registreren/", {"name": name, "legal_form": "FV"})
    assert response.status_code == 422
    assert not Organisation.objects.exists()


def test_a_known_identifier_offers_to_join_that_organisation(client, citizen, mailbox):
    existing = OrganisationFactory(name="Vzw Jong Gent", kbo_number=valid_kbo(4242))
    admin = MembershipFactory(organisation=existing, role=MemberRole.ADMIN).user
    client.force_login(citizen)
    kbo = valid_kbo(4242)
    response = client.post(
        "/organisaties/registreren/",
        {
            "name": "Jong Gent",
            "legal_form": "VZW",
            "kbo_number": f"BE {kbo[:4]} {kbo[4:7]} {kbo[7:]}",
        },
    )
    assert response.status_code == 409
    assert f"/organisaties/{existing.slug}/aansluiten/" in response.content.decode()
    assert Organisation.objects.count() == 1
    response = client.post(
        f"/organisaties/{existing.slug}/aansluiten/", {"message": "Ik ben de penningmeester."}
    )
    assert response.status_code == 302
    assert JoinRequest.objects.get().user == citizen
    assert [m.to for m in mailbox] == [[admin.email]]


def test_a_hidden_organisation_cannot_be_joined_by_guessing_its_address(client, citizen):
    draft = OrganisationFactory(status=Status.DRAFT)
    client.force_login(citizen)
    assert client.get(f"/organisaties/{draft.slug}/aansluiten/").status_code == 404
    assert (
        client.post(f"/organisaties/{draft.slug}/aansluiten/", {"message": ""}).status_code == 404
    )
    assert not JoinRequest.objects.exists()


def test_an_upload_that_is_not_really_a_pdf_is_refused(client, org_a):
    client.force_login(org_a.admin)
    fake = SimpleUploadedFile(
        "statuten.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf"
    )
    response = client.post(
        f"/organisaties/{org_a.organisation.slug}/bewerken/bestanden/", {"statutes": fake}
    )
    assert response.status_code == 422
    org_a.organisation.refresh_from_db()
    assert not org_a.organisation.statutes


def test_a_similar_name_in_the_same_district_asks_for_confirmation(client, citizen, org_a):
    client.force_login(citizen)
    client.post(
        "/organisaties/registreren/", {"name": "Buurtwerk Rаbot", "legal_form": "FV"}
    )  # Cyrillic а
    organisation = Organisation.objects.exclude(pk=org_a.organisation.pk).get()
    url = f"/organisaties/{organisation.slug}/bewerken/werking/"
    data = {"working_forms": ["ontmoeting"], "districts": ["rabot"]}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Buurtwerk Rabot" in response.content.decode()
    assert not organisation.districts.exists()
    response = client.post(url, {**data, "confirm_similar": "on"})
    assert response.status_code == 302
    assert organisation.districts.filter(slug="rabot").exists()


def test_submitting_an_incomplete_registration_lists_what_is_missing(client, citizen):
    client.force_login(citizen)
    client.post("/organisaties/registreren/", {"name": "Half Klaar", "legal_form": "FV"})
    organisation = Organisation.objects.get()
    response = client.post(f"/organisaties/{organisation.slug}/indienen/", follow=True)
    organisation.refresh_from_db()
    assert organisation.status == Status.DRAFT
    assert len(list(response.context["messages"])) >= 3


def test_staff_do_not_edit_through_the_organisation_pages(client, staff, org_a):
    client.force_login(staff)
    assert (
        client.get(f"/organisaties/{org_a.organisation.slug}/bewerken/identiteit/").status_code
        == 403
    )


# --- Members -------------------------------------------------------------------------


def test_an_admin_invites_by_mail_and_the_link_works_once(client, org_a, outsider, mailbox):
    client.force_login(org_a.admin)
    members_url = f"/organisaties/{org_a.organisation.slug}/leden/"
    response = client.post(
        members_url, {"action": "invite", "email": outsider.email, "role": "member"}
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/organisaties/uitnodiging/\S+/", mailbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.force_login(outsider)
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 302
    assert Membership.objects.filter(organisation=org_a.organisation, user=outsider).exists()
    again = client.post("/" + path)
    assert again.status_code == 410
    assert Membership.objects.filter(user=outsider).count() == 1


def test_an_invitation_for_another_address_changes_nothing(client, org_a, outsider, citizen):
    from middenveld.organisations.membership import invitation_create

    _invitation, token = invitation_create(
        organisation=org_a.organisation, by=org_a.admin, email=outsider.email
    )
    client.force_login(citizen)
    response = client.post(f"/organisaties/uitnodiging/{token}/")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=citizen).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_admin_approves_a_request_and_cannot_remove_the_last_admin(client, org_a, outsider):
    JoinRequest.objects.create(organisation=org_a.organisation, user=outsider)
    client.force_login(org_a.admin)
    url = f"/organisaties/{org_a.organisation.slug}/leden/"
    request_id = JoinRequest.objects.get().pk
    client.post(url, {"action": "approve", "id": request_id})
    assert Membership.objects.filter(organisation=org_a.organisation, user=outsider).exists()
    own = Membership.objects.get(organisation=org_a.organisation, user=org_a.admin)
    response = client.post(url, {"action": "make_member", "id": own.pk}, follow=True)
    own.refresh_from_db()
    assert own.role == MemberRole.ADMIN
    assert any("beheerder" in str(m) for m in response.context["messages"])


def test_a_member_cannot_see_the_member_list_and_an_admin_cannot_touch_another_organisation(
    client, org_a, org_b
):
    client.force_login(org_a.member)
    assert client.get(f"/organisaties/{org_a.organisation.slug}/leden/").status_code == 403
    client.force_login(org_a.admin)
    other = Membership.objects.get(organisation=org_b.organisation, user=org_b.member)
    response = client.post(
        f"/organisaties/{org_a.organisation.slug}/leden/", {"action": "remove", "id": other.pk}
    )
    assert response.status_code == 404
    assert (
        client.post(
            f"/organisaties/{org_b.organisation.slug}/leden/", {"action": "remove", "id": other.pk}
        ).status_code
        == 403
    )
    assert Membership.objects.filter(pk=other.pk).exists()


def test_a_member_leaves_and_the_last_admin_cannot(client, org_a):
    client.force_login(org_a.member)
    client.post(f"/organisaties/{org_a.organisation.slug}/verlaten/")
    assert not Membership.objects.filter(user=org_a.member).exists()
    client.force_login(org_a.admin)
    client.post(f"/organisaties/{org_a.organisation.slug}/verlaten/")
    assert Membership.objects.filter(user=org_a.admin).exists()


def test_my_organisations_lists_memberships_and_open_requests(client, org_a, org_b):
    JoinRequest.objects.create(organisation=org_b.organisation, user=org_a.member)
    client.force_login(org_a.member)
    html = client.get("/mijn/organisaties/").content.decode()
    assert "Buurtwerk Rabot" in html and "Vriendenkring Ledeberg" in html


def test_the_last_admin_erasing_their_account_is_told_why_and_keeps_it(client, org_a):
    from middenveld.accounts.tests.factories import PASSWORD

    client.force_login(org_a.admin)
    response = client.post("/mijn/account-verwijderen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 409
    assert "minstens één beheerder" in response.content.decode()
    org_a.admin.refresh_from_db()
    assert org_a.admin.is_active
    assert Membership.objects.filter(user=org_a.admin, role=MemberRole.ADMIN).exists()


def test_a_member_erasing_their_account_leaves_the_organisation_anonymously(client, org_a):
    from middenveld.accounts.tests.factories import PASSWORD
    from middenveld.organisations.models import TimelineEvent

    client.force_login(org_a.admin)
    client.post(
        f"/organisaties/{org_a.organisation.slug}/leden/",
        {"action": "make_admin", "id": Membership.objects.get(user=org_a.member).pk},
    )
    name = org_a.member.get_full_name()
    assert TimelineEvent.objects.filter(data__person=name).exists()
    client.force_login(org_a.member)
    response = client.post("/mijn/account-verwijderen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=org_a.member).exists()
    assert not TimelineEvent.objects.filter(data__person=name).exists()
    assert Organisation.objects.filter(pk=org_a.organisation.pk).exists()
