"""/beheer/: the verification queue, decisions, the 360° view, recognitions."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from middenveld.organisations.models import (
    PersonalDataAccess,
    Recognition,
    Status,
    TimelineEvent,
)
from middenveld.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RecognitionTypeFactory,
)

pytestmark = pytest.mark.django_db
BASE = "/beheer/organisations/organisation/"


@pytest.fixture
def waiting(db):
    organisation = OrganisationFactory(
        name="Wachtende Vereniging", status=Status.SUBMITTED, verified_at=None
    )
    admin = MembershipFactory(organisation=organisation, role="admin", user__language="en").user
    return organisation, admin


def test_the_queue_shows_waiting_registrations_oldest_first(client, staff, waiting):
    OrganisationFactory(name="Al Geverifieerd")
    client.force_login(staff)
    html = client.get(BASE + "wachtrij/").content.decode()
    assert "Wachtende Vereniging" in html and "Al Geverifieerd" not in html


def test_approving_verifies_and_mails_the_admins(client, staff, waiting, mailbox):
    organisation, admin = waiting
    client.force_login(staff)
    client.post(f"{BASE}{organisation.pk}/goedkeuren/")
    organisation.refresh_from_db()
    assert organisation.status == Status.VERIFIED and organisation.verified_by == staff
    assert mailbox[0].to == [admin.email]
    assert "verified" in mailbox[0].subject  # in the admin's own language (English)
    assert TimelineEvent.objects.filter(
        organisation=organisation, kind="organisations.verified"
    ).exists()


def test_rejecting_needs_a_reason_which_the_applicant_receives(client, staff, waiting, mailbox):
    organisation, admin = waiting
    client.force_login(staff)
    response = client.post(f"{BASE}{organisation.pk}/weigeren/", {"reason": "   "})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == Status.SUBMITTED and not mailbox
    client.post(f"{BASE}{organisation.pk}/weigeren/", {"reason": "Er ontbreekt een adres in Gent."})
    organisation.refresh_from_db()
    assert organisation.status == Status.REJECTED
    assert "Er ontbreekt een adres in Gent." in mailbox[0].body


def test_a_decision_twice_is_refused_with_a_message(client, staff, waiting):
    organisation, _admin = waiting
    client.force_login(staff)
    client.post(f"{BASE}{organisation.pk}/goedkeuren/")
    response = client.post(f"{BASE}{organisation.pk}/goedkeuren/", follow=True)
    assert any("not waiting" in str(m) or "niet" in str(m) for m in response.context["messages"])


def test_citizens_and_organisation_admins_cannot_open_the_back_office(client, waiting, citizen):
    organisation, admin = waiting
    for user in (citizen, admin):
        client.force_login(user)
        for url in (BASE + "wachtrij/", f"{BASE}{organisation.pk}/360/", BASE + "importeren/"):
            assert client.get(url).status_code in (302, 403), url
        client.post(f"{BASE}{organisation.pk}/goedkeuren/")
    organisation.refresh_from_db()
    assert organisation.status == Status.SUBMITTED


def test_the_360_view_shows_people_identifiers_and_timeline_and_logs_the_look(
    client, staff, waiting
):
    organisation, admin = waiting
    client.force_login(staff)
    html = client.get(f"{BASE}{organisation.pk}/360/").content.decode()
    assert admin.email in html
    assert (
        "Registration" in html
        or "Registratie" in html
        or "Nothing yet" in html
        or "Nog niets" in html
    )
    access = PersonalDataAccess.objects.get()
    assert access.viewer == staff and access.organisation == organisation


def test_staff_set_the_fixed_contact_person_from_the_360_view(client, staff, waiting):
    organisation, _admin = waiting
    client.force_login(staff)
    client.post(f"{BASE}{organisation.pk}/360/", {"contact_person": staff.pk})
    organisation.refresh_from_db()
    assert organisation.contact_person == staff
    assert TimelineEvent.objects.filter(kind="organisations.contact_person_set").exists()


def test_the_edit_form_refuses_a_wrong_enterprise_number(client, staff):
    organisation = OrganisationFactory()
    client.force_login(staff)
    assert client.get(f"{BASE}{organisation.pk}/change/").status_code == 200
    data = {
        "name": organisation.name,
        "kbo_number": "0123456789",
        "legal_form": "VZW",
        "slug": organisation.slug,
        "description": "",
        "rejection_reason": "",
    }
    response = client.post(f"{BASE}{organisation.pk}/change/", data)
    assert response.status_code == 200
    assert "kbo_number" in response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.kbo_number is None
    data["kbo_number"] = "0440.966.354"
    assert client.post(f"{BASE}{organisation.pk}/change/", data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.kbo_number == "0440966354"


def test_recording_a_recognition_keeps_history_and_refuses_a_fake_document(client, staff):
    organisation = OrganisationFactory()
    kind = RecognitionTypeFactory(code="basiswerk", name_nl="Erkenning basiswerk")
    client.force_login(staff)
    data = {
        "organisation": organisation.pk,
        "type": kind.pk,
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "decision_reference": "2025_CBS_01234",
        "decision_date": "2025-12-01",
        "note": "",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-title": "Besluit",
        "documents-0-file": SimpleUploadedFile("besluit.pdf", b"GIF89a not a pdf"),
    }
    response = client.post("/beheer/organisations/recognition/add/", data)
    assert response.status_code == 200 and not Recognition.objects.exists()
    data["documents-0-file"] = SimpleUploadedFile("besluit.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post("/beheer/organisations/recognition/add/", data)
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert recognition.recorded_by == staff and recognition.documents.count() == 1
    assert recognition.state_on(date(2027, 1, 1)) == "expired"
    assert TimelineEvent.objects.filter(kind="organisations.recognition_recorded").exists()


def test_only_administrators_see_who_looked_at_personal_data(client, staff, administrator):
    client.force_login(staff)
    assert client.get("/beheer/organisations/personaldataaccess/").status_code == 403
    client.force_login(administrator)
    assert client.get("/beheer/organisations/personaldataaccess/").status_code == 200
