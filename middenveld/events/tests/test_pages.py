"""The event pages: the list with its filters, one event, registering with needs, the
waiting list, cancelling, the .ics, the online link only for registered people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.events import services
from middenveld.events.models import Registration, RegistrationStatus
from middenveld.events.tests.factories import EventFactory
from middenveld.trajectory.models import Workstream

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/geheim-123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _page(event) -> str:
    return f"/en/activiteiten/{event.slug}/"


def test_the_list_shows_upcoming_events_soonest_first_and_past_ones_apart(client):
    later = EventFactory(title_nl="Later", starts_at=timezone.now() + timedelta(days=20))
    sooner = EventFactory(title_nl="Sooner", starts_at=timezone.now() + timedelta(days=2))
    past = EventFactory(
        title_nl="Afgelopen buurtfeest",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30, hours=-2),
    )
    EventFactory(title_nl="Verborgen", published=False)

    html = client.get("/activiteiten/").content.decode()
    assert html.index(sooner.title_nl) < html.index(later.title_nl)
    assert past.title_nl not in html and "Verborgen" not in html

    html = client.get("/activiteiten/?wanneer=voorbij").content.decode()
    assert past.title_nl in html and later.title_nl not in html


def test_the_list_filters_by_workstream_and_ignores_an_unknown_one(client):
    werf = Workstream.objects.create(number=91, slug="werf-test", title="Testwerf", summary="x")
    inside = EventFactory(title_nl="In de werf", workstream=werf)
    outside = EventFactory(title_nl="Elders")

    html = client.get("/activiteiten/?werf=werf-test").content.decode()
    assert inside.title_nl in html and outside.title_nl not in html

    response = client.get("/activiteiten/?werf=bestaat-niet&pagina=abc")
    assert response.status_code == 200
    assert outside.title_nl in response.content.decode()


def test_anonymous_visitors_see_the_event_but_never_the_online_link(client):
    event = EventFactory()

    response = client.get(_page(event))

    assert response.status_code == 200
    html = response.content.decode()
    assert event.title_nl in html and "Botermarkt 1" in html
    assert LINK not in html
    assert "Sign in to register" in html
    # The anonymous page is cached and comes back the same.
    assert client.get(_page(event))["X-Cache"] == "hit"


def test_an_unpublished_event_is_a_404_except_for_staff(client):
    event = EventFactory(published=False)

    assert client.get(_page(event)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(_page(event)).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(_page(event)).status_code == 200


def test_a_person_registers_with_needs_and_then_sees_the_link_and_the_ics(client, mailbox):
    event = EventFactory()
    person = UserFactory()
    client.force_login(person)
    page = client.get(_page(event)).content.decode()
    assert "What do you need to take part?" in page and LINK not in page

    response = client.post(
        _page(event),
        {
            "organisation": "",
            "interpreter_language": "tr",
            "childcare": "on",
            "dietary_needs": "halal",
        },
    )

    assert response.status_code == 302
    registration = Registration.objects.get(person=person)
    assert registration.interpreter_language.code == "tr" and registration.childcare
    page = client.get(_page(event)).content.decode()
    assert "You are registered." in page
    assert LINK in page
    ics = client.get(f"/en/activiteiten/{event.slug}/agenda.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and b"geheim-123" in ics.content
    assert len(mailbox) == 1


def test_a_full_event_puts_the_person_on_the_waiting_list_with_the_place(client):
    event = EventFactory(capacity=1)
    services.registration_create(event=event, person=UserFactory())
    person = UserFactory()
    client.force_login(person)

    client.post(_page(event), {"organisation": ""})

    page = client.get(_page(event)).content.decode()
    assert "You are on the waiting list (place 1)." in page
    assert LINK not in page


def test_a_double_click_registers_once_and_says_so(client):
    event = EventFactory()
    client.force_login(person := UserFactory())

    client.post(_page(event), {"organisation": ""})
    second = client.post(_page(event), {"organisation": ""}, follow=True)

    assert Registration.objects.filter(person=person).count() == 1
    assert "already registered" in second.content.decode()


def test_registering_for_an_organisation_one_is_not_a_member_of_is_refused(client, org_a, org_b):
    event = EventFactory()
    client.force_login(org_a.member)

    response = client.post(_page(event), {"organisation": str(org_b.organisation.pk)})

    assert response.status_code == 422
    assert "valid choice" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_member_registers_on_behalf_of_their_organisation(client, org_a):
    event = EventFactory()
    client.force_login(org_a.member)

    client.post(_page(event), {"organisation": str(org_a.organisation.pk)})

    assert Registration.objects.get().organisation == org_a.organisation


@pytest.mark.parametrize(
    "data",
    [
        {"interpreter_language": "xx"},
        {"dietary_needs": "x" * 500},
        {"organisation": "999999"},
        {"organisation": "abc"},
        {"interpreter_language": "\x00"},
    ],
)
def test_bad_registration_forms_answer_422_and_save_nothing(client, data):
    event = EventFactory()
    client.force_login(UserFactory())

    response = client.post(_page(event), data)

    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_anonymous_post_is_sent_to_sign_in(client):
    event = EventFactory()

    response = client.post(_page(event), {"organisation": ""})

    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    assert not Registration.objects.exists()


def test_a_person_cancels_and_the_first_waiting_moves_up(client, mailbox):
    event = EventFactory(capacity=1)
    person = UserFactory()
    services.registration_create(event=event, person=person)
    waiting = services.registration_create(event=event, person=UserFactory())
    client.force_login(person)

    response = client.post(f"/en/activiteiten/{event.slug}/afmelden/")

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert "What do you need to take part?" in client.get(_page(event)).content.decode()


def test_the_ics_and_cancelling_need_a_registration(client):
    event = EventFactory()
    client.force_login(UserFactory())

    assert client.get(f"/activiteiten/{event.slug}/agenda.ics").status_code == 404
    assert client.post(f"/activiteiten/{event.slug}/afmelden/").status_code == 404


def test_after_the_event_the_page_shows_the_published_minutes(client):
    event = EventFactory(
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
    )
    services.event_report_publish(
        event=event,
        by=StaffFactory(),
        minutes="We bespraken de prioriteiten.",
        outcomes="Drie afspraken.",
        recording_url="https://video.example.org/opname",
    )

    html = client.get(f"/activiteiten/{event.slug}/").content.decode()

    assert "We bespraken de prioriteiten." in html and "Drie afspraken." in html
    assert "https://video.example.org/opname" in html
    assert "Sign in to register" not in html


def test_my_activities_lists_my_registrations(client):
    event = EventFactory(capacity=0)
    person = UserFactory()
    services.registration_create(event=event, person=person)
    client.force_login(person)

    html = client.get("/en/mijn/activiteiten/").content.decode()

    assert event.title_nl in html and "place 1" in html
    assert client.get("/mijn/activiteiten/", follow=False).status_code == 200
    client.logout()
    assert client.get("/mijn/activiteiten/").status_code == 302
