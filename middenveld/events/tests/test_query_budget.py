"""List pages and list endpoints cost the same number of queries for 3 or 30 rows."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.events import services
from middenveld.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache():
    cache.clear()


@pytest.mark.parametrize("count", [3, 30])
def test_the_events_list_page(client, django_assert_max_num_queries, count):
    EventFactory.create_batch(count)
    with django_assert_max_num_queries(8):
        assert client.get("/activiteiten/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_events_list_endpoint(client, django_assert_max_num_queries, count):
    EventFactory.create_batch(count)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/events").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_my_registrations_page_and_endpoint(client, django_assert_max_num_queries, count):
    person = UserFactory()
    for _ in range(count):
        services.registration_create(event=EventFactory(capacity=0), person=person)
    client.force_login(person)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/me/registrations").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_check_in_page(client, django_assert_max_num_queries, count):
    event = EventFactory(capacity=count // 2)
    for _ in range(count):
        services.registration_create(event=event, person=UserFactory())
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(20):
        assert client.get(f"/beheer/events/event/{event.pk}/deelnemers/").status_code == 200


def test_an_event_page_for_a_signed_in_person(client, django_assert_max_num_queries):
    event = EventFactory()
    client.force_login(UserFactory())
    with django_assert_max_num_queries(14):
        assert client.get(f"/activiteiten/{event.slug}/").status_code == 200
