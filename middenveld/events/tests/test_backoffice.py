"""The organisers' screens in /beheer/: events, the needs summary, check-in without
JavaScript, the minutes, documents checked by content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.events import services
from middenveld.events.models import Event, RegistrationStatus
from middenveld.events.tests.factories import EventFactory
from middenveld.organisations.models import Language, PersonalDataAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _soon(**extra):
    now = timezone.now()
    return EventFactory(
        starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3), **extra
    )


def test_the_needs_summary_counts_what_people_asked_for(staff_client, turkish):
    event = _soon()
    arabic = Language.objects.get(code="ar")
    for language in (turkish, turkish, turkish, arabic, None):
        services.registration_create(
            event=event,
            person=UserFactory(),
            interpreter_language=language,
            childcare=language == turkish,
        )

    html = staff_client.get(f"/en/beheer/events/event/{event.pk}/deelnemers/").content.decode()

    assert "3 people need Turkish interpretation." in html
    assert "1 person needs Arabic interpretation." in html
    assert "3 people need childcare." in html
    assert PersonalDataAccess.objects.filter(what="event registrations").exists()


def test_check_in_works_with_a_plain_form(staff_client):
    event = _soon()
    registration = services.registration_create(event=event, person=UserFactory(name="Mira Claes"))
    url = f"/en/beheer/events/event/{event.pk}/deelnemers/"

    response = staff_client.post(url, {"registration": registration.pk, "action": "check_in"})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    page = staff_client.get(url).content.decode()
    assert "Undo the check-in of Mira Claes" in page
    staff_client.post(url, {"registration": registration.pk, "action": "undo"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize(
    "data", [{"registration": "999999", "action": "check_in"}, {"registration": "x"}, {}]
)
def test_forged_check_ins_are_a_404(staff_client, data):
    event = _soon()
    response = staff_client.post(f"/beheer/events/event/{event.pk}/deelnemers/", data)
    assert response.status_code == 404


def test_a_registration_of_another_event_cannot_be_checked_in_here(staff_client):
    event, other = _soon(), _soon()
    registration = services.registration_create(event=other, person=UserFactory())

    response = staff_client.post(
        f"/beheer/events/event/{event.pk}/deelnemers/",
        {"registration": registration.pk, "action": "check_in"},
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_staff_publish_the_minutes(staff_client):
    event = EventFactory(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    url = f"/beheer/events/event/{event.pk}/verslag/"
    assert staff_client.get(url).status_code == 200

    bad = staff_client.post(
        url, {"minutes": "Verslag", "recording_url": "javascript:alert(1)", "publish": "on"}
    )
    assert bad.status_code == 422
    staff_client.post(url, {"minutes": "Verslag van de avond", "publish": "on"})

    event.refresh_from_db()
    assert event.report_published and event.minutes_nl == "Verslag van de avond"


def test_staff_create_an_event_and_raising_the_capacity_moves_people_up(staff_client):
    start = (timezone.localtime() + timedelta(days=10)).replace(microsecond=0)
    data = {
        "title_nl": "Nieuwe activiteit",
        "slug": "nieuwe-activiteit",
        "summary_nl": "Samenvatting",
        "format": "in_person",
        "street": "Botermarkt 1",
        "postal_code": "9000",
        "municipality": "Gent",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": start.strftime("%Y-%m-%d"),
        "ends_at_1": (start + timedelta(hours=2)).strftime("%H:%M:%S"),
        "capacity": "1",
        "published": "on",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/beheer/events/event/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="nieuwe-activiteit")
    services.registration_create(event=event, person=UserFactory())
    waiting = services.registration_create(event=event, person=UserFactory())

    staff_client.post(f"/beheer/events/event/{event.pk}/change/", {**data, "capacity": "2"})

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_an_event_on_site_needs_an_address_and_an_end_after_the_start(staff_client):
    start = timezone.localtime() + timedelta(days=10)
    response = staff_client.post(
        "/beheer/events/event/add/",
        {
            "title_nl": "Zonder adres",
            "slug": "zonder-adres",
            "summary_nl": "x",
            "format": "hybrid",
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": "19:00:00",
            "ends_at_0": start.strftime("%Y-%m-%d"),
            "ends_at_1": "18:00:00",
            "capacity": "10",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Event.objects.filter(slug="zonder-adres").exists()


def test_a_fake_document_is_refused_in_the_event_form(staff_client):
    event = EventFactory()
    page = staff_client.get(f"/beheer/events/event/{event.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    data.update(
        {
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "ends_at_0": end.strftime("%Y-%m-%d"),
            "ends_at_1": end.strftime("%H:%M:%S"),
            "published": "on",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "documents-0-title_nl": "Agenda",
            "documents-0-order": "0",
            "documents-0-file": SimpleUploadedFile(
                "agenda.pdf", b"MZ not a pdf", "application/pdf"
            ),
        }
    )
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    data.pop("registration_opens_at", None)
    data.pop("registration_closes_at", None)

    response = staff_client.post(f"/en/beheer/events/event/{event.pk}/change/", data)

    assert response.status_code == 200
    assert "not a real" in response.content.decode()
    assert not event.documents.exists()
