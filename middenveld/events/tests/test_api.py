"""Events in the API: list and detail, registering (self or for one's organisation), cancelling,
the online link only for registered people, my registrations, the organisers' endpoints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.events import services
from middenveld.events.models import Registration, RegistrationStatus
from middenveld.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
LINK = "https://meet.example.org/geheim-123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def token_for(user):
    return bearer(api_token_create(user=user, name="test")[1])


def test_the_list_has_upcoming_events_and_past_ones_on_request(client):
    coming = EventFactory()
    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=9), ends_at=timezone.now() - timedelta(days=8)
    )
    EventFactory(published=False)

    body = client.get(f"{API}/events").json()
    assert [e["slug"] for e in body["results"]] == [coming.slug]
    assert body["results"][0]["place"]["street"] == "Botermarkt 1"
    assert "online_link" not in body["results"][0]
    body = client.get(f"{API}/events?when=past").json()
    assert [e["slug"] for e in body["results"]] == [past.slug]


@pytest.mark.parametrize("query", ["when=soon", "workstream=nope", "process=nope", "limit=0"])
def test_bad_list_filters_are_a_422(client, query):
    response = client.get(f"{API}/events?{query}")
    assert response.status_code == 422
    error_of(response)


def test_the_online_link_is_only_for_people_registered(client):
    event = EventFactory(capacity=1)
    registered, waiting, other = UserFactory(), UserFactory(), UserFactory()
    services.registration_create(event=event, person=registered)
    services.registration_create(event=event, person=waiting)

    assert client.get(f"{API}/events/{event.slug}").json()["online_link"] is None
    for person in (waiting, other):
        headers = token_for(person)
        assert (
            client.get(f"{API}/events/{event.slug}", headers=headers).json()["online_link"] is None
        )
        refused = client.get(f"{API}/events/{event.slug}/online-link", headers=headers)
        assert refused.status_code == 403
        assert (
            "Alleen mensen die ingeschreven zijn" in error_of(refused)["message"]
        )  # Dutch by default
    headers = token_for(registered)
    detail = client.get(f"{API}/events/{event.slug}", headers=headers).json()
    assert detail["online_link"] == LINK
    assert detail["my_registration"]["status"] == "registered"
    assert client.get(f"{API}/events/{event.slug}/online-link", headers=headers).json() == {
        "online_link": LINK
    }
    assert client.get(f"{API}/events/{event.slug}/online-link").status_code == 401


def test_register_with_needs_then_cancel_through_the_api(client, mailbox):
    event = EventFactory(capacity=1)
    person = UserFactory()
    headers = token_for(person)

    response = client.post(
        f"{API}/events/{event.slug}/registrations",
        {"interpreter_language": "tr", "sign_language": True, "dietary_needs": "halal"},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "registered"
    assert body["needs"]["interpreter_language"] == "tr" and body["needs"]["sign_language"]
    second = client.post(
        f"{API}/events/{event.slug}/registrations", {}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert second.status_code == 409
    waiting = client.post(
        f"{API}/events/{event.slug}/registrations", {}, content_type="application/json",
        headers=token_for(UserFactory()),
    ).json()  # fmt: skip
    assert waiting["status"] == "waiting" and waiting["waiting_position"] == 1

    ics = client.get(f"{API}/events/{event.slug}/registrations/{body['id']}/ics", headers=headers)
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content

    cancelled = client.delete(
        f"{API}/events/{event.slug}/registrations/{body['id']}", headers=headers
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=waiting["id"]).status == RegistrationStatus.REGISTERED


def test_registering_on_behalf_of_another_organisation_is_refused(client, org_a, org_b):
    event = EventFactory()
    headers = token_for(org_a.member)

    for organisation_id in (org_b.organisation.pk, 99999999):
        response = client.post(
            f"{API}/events/{event.slug}/registrations",
            {"organisation_id": organisation_id},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 403
        assert "waarvan je lid bent" in error_of(response)["message"]  # Dutch by default
    ok = client.post(
        f"{API}/events/{event.slug}/registrations",
        {"organisation_id": org_a.organisation.pk},
        content_type="application/json",
        headers=headers,
    )
    assert ok.status_code == 201 and ok.json()["organisation_id"] == org_a.organisation.pk
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"interpreter_language": "zz"},
        {"dietary_needs": "x" * 1000},
        {"childcare": "maybe"},
        {"organisation_id": "abc"},
        {"interpreter_language": "t\x00r"},
        {"sign_language": None},
    ],
)
def test_bad_registrations_get_a_clear_error_and_save_nothing(client, body):
    event = EventFactory()
    response = client.post(
        f"{API}/events/{event.slug}/registrations",
        body,
        content_type="application/json",
        headers=token_for(UserFactory()),
    )
    assert response.status_code in (400, 422), response.content
    error_of(response)
    assert not Registration.objects.exists()


def test_forged_ids_find_nothing(client):
    event = EventFactory()
    other = EventFactory()
    theirs = services.registration_create(event=event, person=UserFactory())
    headers = token_for(UserFactory())

    for url in (
        f"{API}/events/{event.slug}/registrations/{theirs.pk}",
        f"{API}/events/{other.slug}/registrations/{theirs.pk}",
        f"{API}/events/{event.slug}/registrations/999999",
    ):
        assert client.delete(url, headers=headers).status_code == 404
    assert client.get(f"{API}/events/nope", headers=headers).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.REGISTERED


def test_my_registrations_are_mine_only(client):
    person = UserFactory()
    mine = services.registration_create(event=EventFactory(), person=person)
    services.registration_create(event=EventFactory(), person=UserFactory())

    body = client.get(f"{API}/me/registrations", headers=token_for(person)).json()

    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert client.get(f"{API}/me/registrations").status_code == 401


def test_organisers_see_registrations_and_needs_and_check_in(client, turkish):
    event = EventFactory(
        starts_at=timezone.now() + timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    registration = services.registration_create(
        event=event, person=UserFactory(), interpreter_language=turkish, childcare=True
    )
    staff = token_for(StaffFactory())
    citizen = token_for(UserFactory())

    listed = client.get(f"{API}/events/{event.slug}/registrations", headers=staff).json()
    assert listed["results"][0]["email"] == registration.person.email
    needs = client.get(f"{API}/events/{event.slug}/needs?lang=en", headers=staff).json()
    assert "1 person needs Turkish interpretation." in needs["sentences"]
    checked = client.post(
        f"{API}/events/{event.slug}/registrations/{registration.pk}/check-in", headers=staff
    )
    assert checked.status_code == 200 and checked.json()["checked_in_at"]

    assert (
        client.get(f"{API}/events/{event.slug}/registrations", headers=citizen).status_code == 403
    )
    assert client.get(f"{API}/events/{event.slug}/needs", headers=citizen).status_code == 403
    assert (
        client.post(
            f"{API}/events/{event.slug}/registrations/{registration.pk}/check-in", headers=citizen
        ).status_code
        == 403
    )
