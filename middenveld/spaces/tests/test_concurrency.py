"""Never a double booking, and no "database is locked", with real threads and their own
database connections.

* PostgreSQL: 200 requests for the same slot at once (from 20 organisations) end with
  exactly one booking and 199 clear refusals: either the plan already sees the booking
  ("Already booked …", ``Invalid``, a 422 in the API) or the exclusion constraint refuses
  the insert of a request that checked just before ("This time was just taken …",
  ``Conflict``, a 409). At most 40 connections at once: the test server is shared.
* SQLite (the default database: a file in WAL mode, immediate transactions, a busy
  timeout): 40 writers at once, each for a different slot, all succeed, and none sees
  "database is locked"; 40 writers for one slot leave one booking and 39 refusals. The
  test database of SQLite lives in memory, which threads cannot share safely; the test
  copies it into a temporary file with the default database's options and points the
  threads' connections at that file.

Each thread closes its connection when it is done.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from middenveld.core.errors import Conflict, DomainError, Invalid
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.spaces import services
from middenveld.spaces.models import Booking, Occupancy, Occurrence, Space
from middenveld.spaces.tests.conftest import next_weekday
from middenveld.spaces.tests.factories import SpaceFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the default database is SQLite"
)


def _people(organisations: int, per_organisation: int) -> list[tuple[int, int]]:
    """(organisation id, member's user id) pairs."""
    pairs = []
    for n in range(organisations):
        organisation = OrganisationFactory(name=f"Vereniging {n}", slug=f"race-{n}")
        for _m in range(per_organisation):
            user = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
            pairs.append((organisation.pk, user.pk))
    return pairs


def _request(space_id: int, organisation_id: int, user_id: int, day: date, start: time) -> str:
    """One booking request in this thread, on its own connection: what came of it."""
    from middenveld.accounts.models import User
    from middenveld.organisations.models import Organisation

    try:
        # A new thread has no active language: read the messages in English, as the tests
        # of the main thread do.
        translation.activate("en")
        space = Space.objects.select_related("building").get(pk=space_id)
        booking = services.booking_request(
            space=space,
            organisation=Organisation.objects.get(pk=organisation_id),
            by=User.objects.get(pk=user_id),
            purpose="Vergadering",
            attendees=12,
            first_day=day,
            start_time=start,
            end_time=time(start.hour + 2, start.minute),
        )
        return f"booked {booking.pk}"
    except Conflict as error:
        return f"conflict: {error}"
    except Invalid as error:
        return f"invalid: {error}"
    except DomainError as error:  # pragma: no cover - reported by the assertions
        return f"other refusal: {error!r}"
    except Exception as error:  # noqa: BLE001 - every failure is reported and asserted
        return f"error: {error!r}"
    finally:
        translation.deactivate()
        close_old_connections()
        connection.close()


def _race(jobs: list[Callable[[], str]], threads: int) -> list[str]:
    """Run the jobs in ``threads`` threads that all start at the same moment."""
    start = threading.Event()

    def run(job: Callable[[], str]) -> str:
        start.wait(timeout=30)
        return job()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        start.set()
        return [future.result(timeout=300) for future in futures]


def _kinds(outcomes: list[str]) -> Counter[str]:
    return Counter(outcome.split(" ", 1)[0].rstrip(":") for outcome in outcomes)


# --- PostgreSQL -------------------------------------------------------------------------------

REQUESTS = 200
PG_THREADS = 40


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_200_requests_for_the_same_slot_end_with_one_booking_and_199_clear_refusals():
    space = SpaceFactory(name="Grote zaal", needs_approval=False)
    people = _people(organisations=20, per_organisation=10)
    day = next_weekday(2)
    jobs = [
        (lambda o=organisation_id, u=user_id: _request(space.pk, o, u, day, time(19, 0)))
        for organisation_id, user_id in people
    ]
    assert len(jobs) == REQUESTS

    outcomes = _race(jobs, PG_THREADS)

    kinds = _kinds(outcomes)
    assert kinds["booked"] == 1, kinds
    assert kinds["conflict"] + kinds["invalid"] == REQUESTS - 1, [
        o for o in outcomes if o.startswith(("error", "other"))
    ][:5]
    for outcome in outcomes:
        if outcome.startswith("conflict"):
            assert "This time was just taken by someone else" in outcome
        elif outcome.startswith("invalid"):
            assert "Already booked from 19:00 to 21:00" in outcome
    assert Booking.objects.count() == 1
    assert Occurrence.objects.count() == 1
    assert Occupancy.objects.filter(active=True).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_whole_hall_and_its_parts_raced_leave_no_overlap(hall):
    """Requests for the hall and for each of its parts at once: either the whole hall or
    the parts, never both."""
    people = _people(organisations=6, per_organisation=5)
    day = next_weekday(3)
    targets = [hall.whole.pk, hall.left.pk, hall.right.pk]
    jobs = [
        (lambda s=targets[n % 3], o=o, u=u: _request(s, o, u, day, time(19, 0)))
        for n, (o, u) in enumerate(people)
    ]
    outcomes = _race(jobs, 30)
    assert not [o for o in outcomes if o.startswith(("error", "other"))]
    booked = list(Booking.objects.values_list("space_id", flat=True))
    # Either the whole hall, or each part at most once (both parts: the same hall).
    assert booked == [hall.whole.pk] or (
        sorted(booked) in ([hall.left.pk], [hall.right.pk], sorted([hall.left.pk, hall.right.pk]))
    ), booked
    units = list(Occupancy.objects.filter(active=True).values_list("unit_id", flat=True))
    assert sorted(units) == sorted(set(units))  # no unit held twice
    assert set(units) <= {hall.left.pk, hall.right.pk}
    assert _kinds(outcomes)["booked"] == len(booked)


# --- SQLite -----------------------------------------------------------------------------------

SQLITE_WRITERS = 40


@contextmanager
def _sqlite_file(tmp_path: Path) -> Iterator[Path]:
    """Copy the (in-memory) test database into a file and point new connections at it,
    with the default database's options (WAL, immediate transactions, busy timeout)."""
    options = connection.settings_dict["OPTIONS"]
    assert options.get("transaction_mode") == "IMMEDIATE"
    assert "journal_mode=WAL" in options.get("init_command", "")
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # The file is in WAL mode before anyone races, as the default database is once
        # migrated; otherwise the first of 40 new connections switches the journal mode
        # while the others start writing, a race the default database never sees.
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
    # The settings dictionary is shared with every new connection (Django's test set-up
    # changes the name the same way). This thread's own connection stays on the in-memory
    # database, which must not be closed: it is never used while the name points away.
    saved = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        connection.settings_dict["NAME"] = saved


def _count(path: Path, sql: str) -> Any:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchone()[0]


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_40_booking_writers_at_once_on_sqlite_see_no_database_is_locked(tmp_path):
    spaces = [SpaceFactory(name=f"Zaal {n}", needs_approval=n % 2 == 0) for n in range(4)]
    people = _people(organisations=10, per_organisation=4)
    first = next_weekday(0)
    jobs = []
    for n, (organisation_id, user_id) in enumerate(people):
        space = spaces[n % len(spaces)]
        day = first + timedelta(days=n // len(spaces))  # a different slot for every writer
        jobs.append(
            lambda s=space.pk, o=organisation_id, u=user_id, d=day: _request(
                s, o, u, d, time(19, 0)
            )
        )
    assert len(jobs) == SQLITE_WRITERS

    with _sqlite_file(tmp_path) as path:
        outcomes = _race(jobs, SQLITE_WRITERS)
        assert _count(path, "PRAGMA journal_mode") == "wal"

    assert not [o for o in outcomes if "locked" in o.lower()]
    assert _kinds(outcomes)["booked"] == SQLITE_WRITERS, outcomes[:5]
    assert _count(path, "SELECT count(*) FROM spaces_booking") == SQLITE_WRITERS
    assert _count(path, "SELECT count(*) FROM spaces_occupancy WHERE active") == SQLITE_WRITERS


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_40_writers_for_the_same_slot_on_sqlite_leave_one_booking_and_39_refusals(tmp_path):
    space = SpaceFactory(name="Vergaderzaal", needs_approval=False)
    people = _people(organisations=8, per_organisation=5)
    day = next_weekday(4)
    jobs = [
        (lambda o=organisation_id, u=user_id: _request(space.pk, o, u, day, time(19, 0)))
        for organisation_id, user_id in people
    ]

    with _sqlite_file(tmp_path) as path:
        outcomes = _race(jobs, SQLITE_WRITERS)

    assert not [o for o in outcomes if "locked" in o.lower()]
    kinds = _kinds(outcomes)
    assert kinds["booked"] == 1, outcomes[:5]
    # SQLite serialises the writers: every later one sees the booking in its plan.
    assert kinds["invalid"] == SQLITE_WRITERS - 1, kinds
    assert all("Already booked from 19:00 to 21:00" in o for o in outcomes if o.startswith("invalid"))  # fmt: skip
    assert _count(path, "SELECT count(*) FROM spaces_booking") == 1
    assert _count(path, "SELECT count(*) FROM spaces_occupancy WHERE active") == 1
