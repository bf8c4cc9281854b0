"""300 people register at the same moment for 100 places: exactly 100 get a place, 200 wait,
in the order they came (the event's row is locked while places are counted).

PostgreSQL only (row locks; SQLite serialises every write transaction anyway). At most
20 connections at once: the test server is shared, and the lock is what is tested.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from middenveld.accounts.tests.factories import UserFactory
from middenveld.events import services
from middenveld.events.models import Registration, RegistrationStatus
from middenveld.events.tests.factories import EventFactory

PEOPLE = 300
PLACES = 100
WORKERS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_300_registrations_at_once_for_100_places_leave_100_registered_and_200_waiting_in_order():
    event = EventFactory(capacity=PLACES)
    people = [UserFactory() for _ in range(PEOPLE)]
    start = threading.Event()
    outcomes: list[str] = []

    def register(person_id: int) -> None:
        try:
            start.wait(timeout=10)
            person = type(people[0]).objects.get(pk=person_id)
            registration = services.registration_create(event=event, person=person)
            outcomes.append(registration.status)
        except Exception as error:  # noqa: BLE001  (recorded, then asserted)
            outcomes.append(f"error: {error!r}")
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(register, person.pk) for person in people]
        start.set()
        for future in futures:
            future.result(timeout=120)

    assert sorted(set(outcomes)) == ["registered", "waiting"], outcomes[:5]
    rows = list(Registration.objects.filter(event=event).order_by("created_at", "id"))
    assert len(rows) == PEOPLE
    statuses = [r.status for r in rows]
    assert statuses.count(RegistrationStatus.REGISTERED) == PLACES
    assert statuses.count(RegistrationStatus.WAITING) == PEOPLE - PLACES
    # First come, first served: every place went to someone who came before everyone waiting,
    # and the ids follow the same order (both were set under the lock).
    assert statuses == [RegistrationStatus.REGISTERED] * PLACES + [RegistrationStatus.WAITING] * (
        PEOPLE - PLACES
    )
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    waiting = [r for r in rows if r.status == RegistrationStatus.WAITING]
    assert [services.waiting_position(r) for r in waiting] == list(range(1, PEOPLE - PLACES + 1))

    # One place frees: exactly the first one waiting moves up.
    services.registration_cancel(registration=rows[0], by=rows[0].person)
    waiting[0].refresh_from_db()
    assert waiting[0].status == RegistrationStatus.REGISTERED
    assert (
        Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()
        == PLACES
    )
