"""Registering an organisation, keeping its profile, and the city's verification."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.organisations import services
from middenveld.organisations.models import (
    Address,
    AddressKind,
    MemberRole,
    Membership,
    Organisation,
    Status,
    TimelineEvent,
)
from middenveld.organisations.services import (
    AddressIn,
    DuplicateIdentifier,
    SimilarName,
    contact_person_set,
    organisation_contact_update,
    organisation_files_update,
    organisation_get,
    organisation_identity_update,
    organisation_register,
    organisation_reject,
    organisation_submit,
    organisation_verify,
    organisation_work_update,
    submission_problems,
)
from middenveld.organisations.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    valid_kbo,
)

pytestmark = pytest.mark.django_db

ADDRESS = AddressIn(
    street="Sint-Salvatorstraat", number="18", postal_code="9000", municipality="Gent"
)


@pytest.fixture
def rabot(db):
    return DistrictFactory(slug="rabot", name="Rabot")


@pytest.fixture
def ledeberg(db):
    return DistrictFactory(slug="ledeberg", name="Ledeberg")


@pytest.fixture
def draft(citizen):
    """A fresh draft registered by ``citizen``, who is its admin."""
    return organisation_register(user=citizen, name="Jong Gent in Actie", legal_form="FV")


def _complete(organisation, user, *, districts=("rabot",)):
    for slug in districts:
        DistrictFactory(slug=slug, name=slug.title())
    organisation_work_update(
        organisation=organisation,
        user=user,
        working_forms=["ontmoeting"],
        districts=list(districts),
        description="Wij organiseren huiswerkbegeleiding.",
    )
    organisation_contact_update(
        organisation=organisation,
        user=user,
        activity_address=ADDRESS,
        public_email="info@jonggent.be",
    )
    organisation.refresh_from_db()
    return organisation


def _submitted(citizen):
    organisation = organisation_register(user=citizen, name="Jong Gent in Actie", legal_form="FV")
    _complete(organisation, citizen)
    return organisation_submit(organisation=organisation, user=citizen)


def _kinds(organisation) -> list[str]:
    return list(
        TimelineEvent.objects.filter(organisation=organisation)
        .order_by("occurred_at", "id")
        .values_list("kind", flat=True)
    )


# --- Registering ---------------------------------------------------------------------


def test_registering_makes_a_draft_with_the_person_as_its_admin(citizen):
    organisation = organisation_register(
        user=citizen,
        name="  Jong   Gent in Actie ",
        legal_form="VZW",
        alternative_name="JGA",
        kbo_number="BE 0440.966.354",
        vcode="v0001234",
    )

    organisation.refresh_from_db()
    assert organisation.status == Status.DRAFT
    assert organisation.name == "Jong Gent in Actie"
    assert organisation.slug == "jong-gent-in-actie"
    assert organisation.kbo_number == "0440966354"
    assert organisation.vcode == "V0001234"
    assert organisation.created_by == citizen
    assert organisation.name_key == "jong gent in actie"
    assert "jga" in organisation.search_text.split()
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (citizen, MemberRole.ADMIN)
    event = TimelineEvent.objects.get(organisation=organisation)
    assert (event.kind, event.actor) == ("organisations.registered", citizen)


def test_registering_without_identifiers_stores_null_not_empty_text(citizen):
    organisation = organisation_register(
        user=citizen, name="Feitelijke Vereniging", legal_form="FV"
    )

    organisation.refresh_from_db()
    assert organisation.kbo_number is None
    assert organisation.vcode is None


def test_two_organisations_with_the_same_name_get_different_addresses(citizen):
    first = organisation_register(user=citizen, name="Jong Gent", legal_form="FV")
    second = organisation_register(user=UserFactory(), name="Jong Gent", legal_form="FV")

    assert (first.slug, second.slug) == ("jong-gent", "jong-gent-2")


def test_a_name_without_latin_letters_gets_a_usable_address(citizen):
    organisation = organisation_register(user=citizen, name="جمعية الأمل", legal_form="FV")

    assert organisation.slug == "organisatie"
    assert organisation.name_key


@pytest.mark.parametrize(
    "spelling", ["0440.966.354", "BE0440966354", "be 0440 966 354", "440966354"]
)
def test_an_enterprise_number_already_registered_in_any_spelling_is_refused_naming_the_owner(
    citizen, spelling
):
    existing = OrganisationFactory(name="Vluchtelingenwerk Gent", kbo_number="0440966354")
    before = (
        Organisation.objects.count(),
        Membership.objects.count(),
        TimelineEvent.objects.count(),
    )

    with pytest.raises(DuplicateIdentifier) as caught:
        organisation_register(
            user=citizen, name="Iets Anders", legal_form="VZW", kbo_number=spelling
        )

    error = caught.value
    assert "Vluchtelingenwerk Gent" in str(error)
    assert "enterprise number" in str(error)
    assert error.details == {
        "organisation": existing.slug,
        "organisation_id": existing.pk,
        "field": "kbo_number",
    }
    assert error.http_status == 409
    after = (
        Organisation.objects.count(),
        Membership.objects.count(),
        TimelineEvent.objects.count(),
    )
    assert after == before


def test_a_vcode_already_registered_is_refused_naming_the_owner(citizen):
    existing = OrganisationFactory(name="Buurtwerk De Pit", vcode="V0001234")

    with pytest.raises(DuplicateIdentifier) as caught:
        organisation_register(user=citizen, name="De Pit", legal_form="FV", vcode="v 0001234")

    assert "Buurtwerk De Pit" in str(caught.value)
    assert "vCode" in str(caught.value)
    assert caught.value.details["organisation"] == existing.slug
    assert caught.value.details["field"] == "vcode"
    assert Organisation.objects.count() == 1


def test_a_duplicate_found_only_by_the_database_gets_the_same_answer(citizen, monkeypatch):
    """Two people registering the same number at the same moment: the constraint decides."""
    existing = OrganisationFactory(name="Vluchtelingenwerk Gent", kbo_number="0440966354")
    monkeypatch.setattr(
        services, "_identifier_owner", _first_call_misses(services._identifier_owner)
    )

    with pytest.raises(DuplicateIdentifier) as caught:
        organisation_register(user=citizen, name="Iets", legal_form="VZW", kbo_number="0440966354")

    assert caught.value.details["organisation"] == existing.slug
    assert Organisation.objects.count() == 1
    assert not Membership.objects.filter(user=citizen).exists()


def _first_call_misses(real):
    calls: list[int] = []

    def lookup(field, value, exclude_pk):
        calls.append(1)
        return None if len(calls) == 1 else real(field, value, exclude_pk)

    return lookup


def test_a_wrong_enterprise_number_is_refused_before_anything_is_made(citizen):
    with pytest.raises(Invalid) as caught:
        organisation_register(user=citizen, name="Iets", legal_form="VZW", kbo_number="0440966355")

    assert "kbo_number" in caught.value.details["fields"]
    assert not Organisation.objects.exists()


def test_a_legal_form_outside_the_list_is_refused(citizen):
    with pytest.raises(Invalid) as caught:
        organisation_register(user=citizen, name="Iets", legal_form="BV")

    assert "legal_form" in caught.value.details["fields"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "nobody", "inactive"])
def test_only_a_signed_in_active_person_can_register(db, who):
    user = {
        "anonymous": AnonymousUser(),
        "nobody": None,
        "inactive": UserFactory(is_active=False) if who == "inactive" else None,
    }[who]

    with pytest.raises(Forbidden):
        organisation_register(user=user, name="Iets", legal_form="FV")

    assert not Organisation.objects.exists()


# --- Identity ------------------------------------------------------------------------


def test_renaming_refreshes_the_name_key_and_search_text(draft, citizen):
    organisation_identity_update(
        organisation=draft, user=citizen, name="Vrouwen in Beweging vzw", legal_form="VZW"
    )

    draft.refresh_from_db()
    assert draft.name == "Vrouwen in Beweging vzw"
    assert draft.name_key == "vrouwen in beweging"
    assert "beweging" in draft.search_text.split()
    assert "jong" not in draft.search_text.split()


def test_an_organisation_keeps_its_own_enterprise_number_when_it_is_edited(citizen):
    organisation = organisation_register(
        user=citizen, name="Jong Gent", legal_form="VZW", kbo_number="0440966354"
    )

    organisation_identity_update(
        organisation=organisation,
        user=citizen,
        name="Jong Gent",
        legal_form="VZW",
        kbo_number="BE 0440.966.354",
    )

    organisation.refresh_from_db()
    assert organisation.kbo_number == "0440966354"


def test_taking_the_enterprise_number_of_another_organisation_is_refused(draft, citizen):
    other = OrganisationFactory(kbo_number=valid_kbo(42))

    with pytest.raises(DuplicateIdentifier) as caught:
        organisation_identity_update(
            organisation=draft,
            user=citizen,
            name=draft.name,
            legal_form="VZW",
            kbo_number=valid_kbo(42),
        )

    assert caught.value.details["organisation"] == other.slug
    draft.refresh_from_db()
    assert draft.kbo_number is None
    assert draft.legal_form == "FV"


def test_renaming_to_a_look_alike_of_an_organisation_in_the_same_district_asks_to_confirm(
    draft, citizen, rabot
):
    existing = OrganisationFactory(name="Fietsatelier De Ketting", districts=["rabot"])
    draft.districts.set([rabot])

    with pytest.raises(SimilarName) as caught:
        organisation_identity_update(
            organisation=draft, user=citizen, name="ﬁetsatelier de ketting", legal_form="FV"
        )
    assert caught.value.details == {"similar": [existing.slug]}
    draft.refresh_from_db()
    assert draft.name == "Jong Gent in Actie"

    organisation_identity_update(
        organisation=draft,
        user=citizen,
        name="ﬁetsatelier de ketting",
        legal_form="FV",
        confirm_similar=True,
    )
    draft.refresh_from_db()
    assert draft.name == "ﬁetsatelier de ketting"


def test_changes_to_a_verified_organisation_are_written_in_its_timeline(citizen):
    organisation = OrganisationFactory(name="Buurtwerk De Pit")
    MembershipFactory(organisation=organisation, user=citizen, role=MemberRole.ADMIN)

    organisation_identity_update(
        organisation=organisation, user=citizen, name="Buurtwerk De Pit Gent", legal_form="VZW"
    )

    event = TimelineEvent.objects.get(organisation=organisation)
    assert event.kind == "organisations.profile_changed"
    assert event.data == {"fields": "name"}
    assert event.actor == citizen


def test_changes_to_a_draft_are_not_written_in_its_timeline(draft, citizen):
    organisation_identity_update(
        organisation=draft, user=citizen, name="Jong Gent Anders", legal_form="FV"
    )

    assert _kinds(draft) == ["organisations.registered"]


def test_saving_without_changes_writes_nothing_in_the_timeline(citizen):
    organisation = OrganisationFactory(name="Buurtwerk De Pit", legal_form="VZW")
    MembershipFactory(organisation=organisation, user=citizen, role=MemberRole.ADMIN)

    organisation_identity_update(
        organisation=organisation, user=citizen, name="Buurtwerk  De Pit ", legal_form="VZW"
    )

    assert _kinds(organisation) == []


# --- What the organisation does --------------------------------------------------------


def test_the_work_step_saves_forms_groups_districts_languages_and_description(
    draft, citizen, rabot
):
    organisation_work_update(
        organisation=draft,
        user=citizen,
        working_forms=["ontmoeting", "emancipatie", "ontmoeting"],
        target_groups=["vrouwen"],
        districts=["rabot"],
        languages=["nl", "ar"],
        is_self_organisation=True,
        description="  Wij brengen vrouwen samen.\r\nElke dinsdag.  ",
    )

    draft.refresh_from_db()
    assert draft.working_form_codes == ["ontmoeting", "emancipatie"]
    assert list(draft.target_groups.values_list("code", flat=True)) == ["vrouwen"]
    assert list(draft.districts.all()) == [rabot]
    assert sorted(draft.languages.values_list("code", flat=True)) == ["ar", "nl"]
    assert draft.is_self_organisation
    assert draft.description == "Wij brengen vrouwen samen.\nElke dinsdag."
    words = draft.search_text.split()
    assert {"vrouwen", "dinsdag", "rabot"} <= set(words)


def test_the_work_step_removes_control_characters_from_the_description(draft, citizen):
    organisation_work_update(
        organisation=draft,
        user=citizen,
        working_forms=["ontmoeting"],
        description="Wij\x00 brengen\u202e buren samen.",
    )

    draft.refresh_from_db()
    assert draft.description == "Wij brengen buren samen."


def test_the_work_step_refuses_a_description_that_is_too_long(draft, citizen):
    with pytest.raises(Invalid) as caught:
        organisation_work_update(
            organisation=draft, user=citizen, working_forms=["ontmoeting"], description="a" * 3001
        )

    assert "3001" in str(caught.value)
    assert "description" in caught.value.details["fields"]


@pytest.mark.parametrize("forms", [[], [""], ["ontmoeting", "breakdance"], ["Ontmoeting"]])
def test_the_work_step_needs_at_least_one_known_working_form(draft, citizen, forms):
    with pytest.raises(Invalid) as caught:
        organisation_work_update(organisation=draft, user=citizen, working_forms=forms)

    assert "working_forms" in caught.value.details["fields"]
    draft.refresh_from_db()
    assert draft.working_form_codes == []


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("target_groups", {"target_groups": ["vrouwen", "marsmannetjes"]}),
        ("districts", {"districts": ["atlantis"]}),
        ("languages", {"languages": ["nl", "klingon"]}),
    ],
)
def test_the_work_step_refuses_codes_that_are_not_in_the_list(draft, citizen, field, values):
    with pytest.raises(Invalid) as caught:
        organisation_work_update(
            organisation=draft, user=citizen, working_forms=["ontmoeting"], **values
        )

    assert field in caught.value.details["fields"]
    assert not draft.target_groups.exists()
    assert not draft.languages.exists()


@pytest.mark.parametrize(
    "look_alike",
    [
        "Jong Gent in Actie",
        "JONG GENT IN ACTIE vzw",
        "Jong Gent in \u0410ctie",  # Cyrillic capital A
        "Jong Gent in Actie!",
        "Jong Gent in Aktie",  # one letter off: a near miss still counts
    ],
)
def test_moving_into_a_district_with_a_look_alike_name_asks_to_confirm(
    draft, citizen, rabot, look_alike
):
    existing = OrganisationFactory(name=look_alike, districts=["rabot"])

    with pytest.raises(SimilarName) as caught:
        organisation_work_update(
            organisation=draft, user=citizen, working_forms=["ontmoeting"], districts=["rabot"]
        )

    assert caught.value.details == {"similar": [existing.slug]}
    assert look_alike in str(caught.value)
    assert not draft.districts.exists()


def test_a_ligature_look_alike_in_the_district_asks_to_confirm(citizen, rabot):
    OrganisationFactory(name="Fietsatelier De Ketting", districts=["rabot"])
    organisation = organisation_register(
        user=citizen, name="ﬁetsatelier De Ketting", legal_form="FV"
    )

    with pytest.raises(SimilarName):
        organisation_work_update(
            organisation=organisation,
            user=citizen,
            working_forms=["ontmoeting"],
            districts=["rabot"],
        )


def test_confirming_saves_in_spite_of_a_look_alike_name(draft, citizen, rabot):
    OrganisationFactory(name="Jong Gent in \u0410ctie", districts=["rabot"])

    organisation_work_update(
        organisation=draft,
        user=citizen,
        working_forms=["ontmoeting"],
        districts=["rabot"],
        confirm_similar=True,
    )

    assert list(draft.districts.all()) == [rabot]


def test_a_look_alike_name_in_another_district_is_no_problem(draft, citizen, rabot, ledeberg):
    OrganisationFactory(name="Jong Gent in Actie", districts=["ledeberg"])

    organisation_work_update(
        organisation=draft, user=citizen, working_forms=["ontmoeting"], districts=["rabot"]
    )

    assert list(draft.districts.all()) == [rabot]


def test_a_clearly_different_name_in_the_same_district_is_no_problem(draft, citizen, rabot):
    OrganisationFactory(name="Jong Brugge in Actie", districts=["rabot"])
    OrganisationFactory(name="Oud Gent", districts=["rabot"])

    organisation_work_update(
        organisation=draft, user=citizen, working_forms=["ontmoeting"], districts=["rabot"]
    )

    assert list(draft.districts.all()) == [rabot]


def test_a_rejected_look_alike_does_not_count(draft, citizen, rabot):
    OrganisationFactory(name="Jong Gent in Actie", districts=["rabot"], status=Status.REJECTED)

    organisation_work_update(
        organisation=draft, user=citizen, working_forms=["ontmoeting"], districts=["rabot"]
    )

    assert list(draft.districts.all()) == [rabot]


def test_only_newly_chosen_districts_are_checked_for_look_alikes(draft, citizen, rabot, ledeberg):
    organisation_work_update(
        organisation=draft, user=citizen, working_forms=["ontmoeting"], districts=["rabot"]
    )
    OrganisationFactory(name="Jong Gent in Actie", districts=["rabot"])  # arrived later

    organisation_work_update(
        organisation=draft,
        user=citizen,
        working_forms=["basiswerk"],
        districts=["rabot", "ledeberg"],
    )

    assert sorted(draft.districts.values_list("slug", flat=True)) == ["ledeberg", "rabot"]


# --- Contact ---------------------------------------------------------------------------


def test_the_contact_step_saves_addresses_and_tidy_contact_channels(draft, citizen):
    organisation_contact_update(
        organisation=draft,
        user=citizen,
        activity_address=AddressIn(
            street=" Rooigem\u00adlaan ", number=" 2 ", postal_code="90 00", municipality="Gent"
        ),
        correspondence_address=ADDRESS,
        public_email=" Info@Moeders.BE ",
        public_phone="09 / 123  45 67",
        website="www.moeders.be",
    )

    draft.refresh_from_db()
    assert draft.public_email == "info@moeders.be"
    assert draft.public_phone == "09 / 123 45 67"
    assert draft.website == "https://www.moeders.be"
    activity = Address.objects.get(organisation=draft, kind=AddressKind.ACTIVITY)
    assert (activity.number, activity.postal_code, activity.municipality) == ("2", "9000", "Gent")
    assert Address.objects.filter(organisation=draft).count() == 2


def test_a_website_with_its_own_scheme_is_kept_as_typed(draft, citizen):
    organisation_contact_update(
        organisation=draft, user=citizen, website="http://moeders.be/over-ons"
    )

    draft.refresh_from_db()
    assert draft.website == "http://moeders.be/over-ons"


def test_leaving_an_address_empty_removes_it(draft, citizen):
    organisation_contact_update(organisation=draft, user=citizen, activity_address=ADDRESS)
    organisation_contact_update(
        organisation=draft,
        user=citizen,
        activity_address=AddressIn(street=" ", number="", postal_code="", municipality=""),
    )

    assert not Address.objects.filter(organisation=draft).exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"activity_address": AddressIn("Straat", "1", "900", "Gent")}, "activity_postal_code", "four digits"),
        ({"activity_address": AddressIn("Straat", "1", "9OOO", "Gent")}, "activity_postal_code", "four digits"),
        ({"activity_address": AddressIn("Straat", "1", "٩٠٠٠", "Gent")}, "activity_postal_code", "four digits"),
        ({"correspondence_address": AddressIn("Straat", "", "9000", "Gent")}, "correspondence_number", "house number"),
        ({"public_email": "info@"}, "public_email", "e-mail address"),
        ({"public_email": "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "be"}, "public_email", "e-mail address"),
        ({"website": "not a website"}, "website", "web address"),
        ({"website": "ftp://moeders.be"}, "website", "web address"),
        ({"website": "javascript:alert(1)"}, "website", "web address"),
        ({"website": "https://moeders.be/\x00"}, "website", "web address"),
        ({"website": "https://" + "a" * 60 + ".be/" + "b" * 300}, "website", "too long"),
        ({"public_phone": "bel me maar"}, "public_phone", "phone number"),
        ({"public_phone": "112"}, "public_phone", "phone number"),
    ],
)  # fmt: skip
def test_the_contact_step_refuses_what_cannot_be_right_and_saves_nothing(
    draft, citizen, changes, field, words
):
    values = {"activity_address": ADDRESS, "public_email": "info@jonggent.be", **changes}

    with pytest.raises(Invalid) as caught:
        organisation_contact_update(organisation=draft, user=citizen, **values)

    assert field in caught.value.details["fields"]
    assert words in str(caught.value)
    draft.refresh_from_db()
    assert draft.public_email == ""
    assert not Address.objects.filter(organisation=draft).exists()


# --- Files -----------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_real_logo_and_statutes_are_saved_under_the_organisation_address(draft, citizen):
    organisation_files_update(
        organisation=draft,
        user=citizen,
        logo=SimpleUploadedFile("mijn logo.png", _png()),
        statutes=SimpleUploadedFile("statuten.pdf", b"%PDF-1.4\n%%EOF\n"),
    )

    draft.refresh_from_db()
    assert draft.logo.name.endswith(f"{draft.slug}.png")
    assert draft.statutes.name.endswith(f"{draft.slug}-statuten.pdf")


def test_a_program_called_statutes_pdf_is_refused_and_nothing_is_saved(draft, citizen):
    with pytest.raises(Invalid) as caught:
        organisation_files_update(
            organisation=draft,
            user=citizen,
            statutes=SimpleUploadedFile("statuten.pdf", b"MZ\x90\x00 a program"),
        )

    assert "statutes" in caught.value.details["fields"]
    draft.refresh_from_db()
    assert not draft.statutes


# --- Who may edit ----------------------------------------------------------------------


def test_a_member_who_is_not_an_admin_cannot_edit(draft):
    member = MembershipFactory(organisation=draft, role=MemberRole.MEMBER).user

    with pytest.raises(Forbidden):
        organisation_identity_update(
            organisation=draft, user=member, name="Overgenomen", legal_form="FV"
        )
    with pytest.raises(Forbidden):
        organisation_work_update(organisation=draft, user=member, working_forms=["ontmoeting"])
    with pytest.raises(Forbidden):
        organisation_contact_update(organisation=draft, user=member, public_email="x@example.org")
    with pytest.raises(Forbidden):
        organisation_submit(organisation=draft, user=member)

    draft.refresh_from_db()
    assert draft.name == "Jong Gent in Actie"
    assert draft.public_email == ""


def test_an_admin_of_another_organisation_cannot_edit(draft):
    other_admin = MembershipFactory(role=MemberRole.ADMIN).user

    with pytest.raises(Forbidden):
        organisation_identity_update(
            organisation=draft, user=other_admin, name="Overgenomen", legal_form="FV"
        )


def test_an_admin_cannot_edit_while_the_city_is_verifying(citizen):
    organisation = _submitted(citizen)

    with pytest.raises(Forbidden):
        organisation_identity_update(
            organisation=organisation, user=citizen, name="Iets anders", legal_form="FV"
        )

    organisation.refresh_from_db()
    assert organisation.name == "Jong Gent in Actie"


@pytest.mark.parametrize(("status", "words"), [("draft", "admin"), ("submitted", "checking")])
def test_the_refusal_to_edit_says_why(citizen, status, words):
    organisation = OrganisationFactory(status=status)
    role = MemberRole.MEMBER if status == "draft" else MemberRole.ADMIN
    MembershipFactory(organisation=organisation, user=citizen, role=role)

    with pytest.raises(Forbidden) as caught:
        organisation_identity_update(
            organisation=organisation, user=citizen, name="Iets anders", legal_form="FV"
        )

    assert words in str(caught.value)


def test_city_staff_can_correct_a_profile(draft, staff):
    organisation_contact_update(organisation=draft, user=staff, public_email="juist@example.org")

    draft.refresh_from_db()
    assert draft.public_email == "juist@example.org"


# --- Submitting ------------------------------------------------------------------------


def test_a_fresh_draft_lists_everything_that_is_still_missing(draft):
    problems = submission_problems(draft)

    assert len(problems) == 4
    assert any("what your organisation does" in p for p in problems)
    assert any("district" in p for p in problems)
    assert any("address" in p for p in problems)
    assert any("e-mail, phone or website" in p for p in problems)


def test_a_complete_draft_has_no_problems(draft, citizen):
    assert submission_problems(_complete(draft, citizen)) == []


def test_submitting_an_incomplete_draft_is_refused_with_the_problems(draft, citizen):
    organisation_work_update(organisation=draft, user=citizen, working_forms=["ontmoeting"])

    with pytest.raises(Invalid) as caught:
        organisation_submit(organisation=draft, user=citizen)

    assert caught.value.details["problems"] == submission_problems(draft)
    assert len(caught.value.details["problems"]) == 3
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.submitted_at is None


def test_submitting_a_complete_draft_sends_it_for_verification(draft, citizen):
    _complete(draft, citizen)

    organisation_submit(organisation=draft, user=citizen)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.submitted_at is not None
    assert _kinds(draft)[-1] == "organisations.submitted"


def test_submitting_twice_is_refused(citizen):
    organisation = _submitted(citizen)

    with pytest.raises(Conflict) as caught:
        organisation_submit(organisation=organisation, user=citizen)

    assert "already been sent" in str(caught.value)


# --- Verification ----------------------------------------------------------------------


def test_staff_verify_a_submitted_registration_and_the_admins_are_told(citizen, staff, mailoutbox):
    citizen.language = "en"
    citizen.save()
    organisation = _submitted(citizen)
    member = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user

    organisation_verify(organisation=organisation, staff=staff)

    organisation.refresh_from_db()
    assert organisation.status == Status.VERIFIED
    assert organisation.verified_by == staff
    assert organisation.verified_at is not None
    assert _kinds(organisation)[-1] == "organisations.verified"
    assert [m.to for m in mailoutbox] == [[citizen.email]]
    assert member.email not in mailoutbox[0].to
    assert "verified" in mailoutbox[0].subject
    assert organisation.get_absolute_url() in mailoutbox[0].body


@pytest.mark.parametrize("who", ["citizen", "admin", "member"])
def test_only_city_staff_can_verify_or_reject(citizen, who):
    organisation = _submitted(citizen)
    person = {
        "citizen": UserFactory(),
        "admin": citizen,
        "member": MembershipFactory(organisation=organisation).user,
    }[who]

    with pytest.raises(Forbidden):
        organisation_verify(organisation=organisation, staff=person)
    with pytest.raises(Forbidden):
        organisation_reject(organisation=organisation, staff=person, reason="Nee.")

    organisation.refresh_from_db()
    assert organisation.status == Status.SUBMITTED


@pytest.mark.parametrize("status", [Status.DRAFT, Status.VERIFIED, Status.REJECTED])
def test_only_a_submitted_registration_can_be_verified_or_rejected(staff, status, mailoutbox):
    organisation = OrganisationFactory(status=status)

    with pytest.raises(Conflict) as caught:
        organisation_verify(organisation=organisation, staff=staff)
    assert "not waiting for verification" in str(caught.value)
    with pytest.raises(Conflict):
        organisation_reject(organisation=organisation, staff=staff, reason="Onvolledig.")

    organisation.refresh_from_db()
    assert organisation.status == status
    assert mailoutbox == []


def test_a_registration_changed_to_verified_in_the_meantime_is_not_verified_twice(citizen, staff):
    organisation = _submitted(citizen)
    organisation_verify(organisation=organisation, staff=staff)

    with pytest.raises(Conflict):
        organisation_verify(organisation=organisation, staff=StaffFactory())  # a stale copy

    organisation.refresh_from_db()
    assert organisation.verified_by == staff


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_rejecting_needs_a_reason(citizen, staff, reason, mailoutbox):
    organisation = _submitted(citizen)

    with pytest.raises(Invalid) as caught:
        organisation_reject(organisation=organisation, staff=staff, reason=reason)

    assert "reason" in caught.value.details["fields"]
    organisation.refresh_from_db()
    assert organisation.status == Status.SUBMITTED
    assert mailoutbox == []


def test_rejecting_mails_the_reason_to_every_admin(citizen, staff, mailoutbox):
    organisation = _submitted(citizen)
    second_admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    MembershipFactory(organisation=organisation, role=MemberRole.MEMBER)
    MembershipFactory(organisation=organisation, role=MemberRole.ADMIN, user__is_active=False)
    reason = "Het ondernemingsnummer hoort bij een andere vereniging."

    organisation_reject(organisation=organisation, staff=staff, reason=f"  {reason} ")

    organisation.refresh_from_db()
    assert organisation.status == Status.REJECTED
    assert organisation.rejection_reason == reason
    event = TimelineEvent.objects.filter(organisation=organisation).latest("occurred_at", "id")
    assert (event.kind, event.data) == ("organisations.rejected", {"reason": reason})
    assert sorted(m.to[0] for m in mailoutbox) == sorted([citizen.email, second_admin.email])
    assert all(reason in m.body for m in mailoutbox)


def test_the_rejection_mail_is_in_the_admins_own_language(citizen, staff, mailoutbox):
    citizen.language = "en"
    citizen.save()
    organisation = _submitted(citizen)

    with translation.override("nl"):
        organisation_reject(organisation=organisation, staff=staff, reason="Onvolledig.")

    (mail,) = mailoutbox
    assert mail.subject == "The registration of Jong Gent in Actie was not accepted"
    assert "This is the reason:" in mail.body


def test_the_rejection_mail_is_in_dutch_for_a_dutch_speaking_admin(citizen, staff, mailoutbox):
    with translation.override("nl"):
        dutch = translation.gettext("The registration of %(name)s was not accepted")
    if dutch == "The registration of %(name)s was not accepted":
        pytest.skip("the Dutch catalogue has no translation of this mail yet")
    citizen.language = "nl"
    citizen.save()
    organisation = _submitted(citizen)

    organisation_reject(organisation=organisation, staff=staff, reason="Onvolledig.")

    assert mailoutbox[0].subject == dutch % {"name": organisation.name}


def test_a_rejected_registration_can_be_changed_and_sent_again(citizen, staff):
    organisation = _submitted(citizen)
    organisation = organisation_reject(
        organisation=organisation, staff=staff, reason="Geen adres in Gent."
    )

    organisation_contact_update(
        organisation=organisation,
        user=citizen,
        activity_address=AddressIn("Dampoortstraat", "1", "9000", "Gent"),
        public_email="info@jonggent.be",
    )
    organisation_submit(organisation=organisation, user=citizen)

    organisation.refresh_from_db()
    assert organisation.status == Status.SUBMITTED
    assert Address.objects.get(organisation=organisation).street == "Dampoortstraat"
    organisation_verify(organisation=organisation, staff=staff)
    organisation.refresh_from_db()
    assert organisation.status == Status.VERIFIED
    assert organisation.rejection_reason == ""


# --- Contact person at the city ----------------------------------------------------------


def test_staff_set_a_city_employee_as_fixed_contact_person(staff):
    organisation = OrganisationFactory()
    colleague = StaffFactory(name="Sara Claes")

    contact_person_set(organisation=organisation, staff=staff, person=colleague)

    organisation.refresh_from_db()
    assert organisation.contact_person == colleague
    event = TimelineEvent.objects.get(organisation=organisation)
    assert event.data == {"person": "Sara Claes", "person_id": colleague.pk}


def test_a_citizen_cannot_be_the_fixed_contact_person(staff, citizen):
    organisation = OrganisationFactory()

    with pytest.raises(Invalid):
        contact_person_set(organisation=organisation, staff=staff, person=citizen)

    organisation.refresh_from_db()
    assert organisation.contact_person is None


# --- Seeing an organisation --------------------------------------------------------------


def test_a_draft_is_hidden_from_everyone_but_its_members_and_city_staff(draft, citizen, staff):
    member = MembershipFactory(organisation=draft).user

    for outsider in (AnonymousUser(), UserFactory(), MembershipFactory(role="admin").user):
        with pytest.raises(NotFound):
            organisation_get(slug=draft.slug, user=outsider)
    for insider in (citizen, member, staff):
        assert organisation_get(slug=draft.slug, user=insider) == draft


def test_a_verified_organisation_is_visible_to_anyone():
    organisation = OrganisationFactory()

    assert organisation_get(slug=organisation.slug, user=AnonymousUser()) == organisation


def test_an_unknown_address_is_not_found_with_the_same_answer_as_a_draft(draft):
    with pytest.raises(NotFound) as unknown:
        organisation_get(slug="bestaat-niet", user=AnonymousUser())
    with pytest.raises(NotFound) as hidden:
        organisation_get(slug=draft.slug, user=AnonymousUser())

    assert str(unknown.value) == str(hidden.value)
