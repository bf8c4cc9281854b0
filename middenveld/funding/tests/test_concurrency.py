"""A budget line is never committed beyond its amount, also when many awards come at once,
in real threads with their own database connections.

* PostgreSQL: 100 awards of EUR 1,000 at the same moment on a line with EUR 10,000 left end
  with exactly 10 awards, the line committed to its amount (nothing available), and 90 clear
  refusals (``Conflict``, code ``budget_exceeded``); nothing else goes wrong. At most 40
  connections at once: the test server is shared.
* SQLite (the default database: a file in WAL mode, immediate transactions, a busy
  timeout): 40 awards of EUR 1,000 on a line with EUR 10,000: 10 awards, 30 refusals and
  never "database is locked". The in-memory test database is copied into a file that the
  threads' connections share (as ``spaces/tests/test_concurrency.py`` does).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.db.models import Sum
from django.utils import translation

from middenveld.core.errors import Conflict, DomainError
from middenveld.funding.models import Award, BudgetLine, Payment
from middenveld.funding.services.awards import award_create
from middenveld.funding.tests.factories import BudgetLineFactory
from middenveld.organisations.tests.factories import OrganisationFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrency (PostgreSQL)"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the default database is SQLite"
)

AMOUNT = Decimal("1000.00")
LINE = Decimal("10000.00")


def _award(line_id: int, organisation_id: int, n: int) -> str:
    """One award in this thread, on its own connection: what came of it."""
    from middenveld.organisations.models import Organisation

    try:
        translation.activate("en")
        award = award_create(
            line=BudgetLine.objects.get(pk=line_id),
            organisation=Organisation.objects.get(pk=organisation_id),
            amount=AMOUNT,
            title=f"Werking {n}",
            decision_reference=f"CBS-2026-{n:04d}",
            decided_on=date(2026, 3, 1),
            by=None,
        )
        return f"awarded {award.pk}"
    except Conflict as error:
        return f"conflict:{error.code}: {error.message}"
    except DomainError as error:  # pragma: no cover - reported by the assertions
        return f"other: {error!r}"
    except Exception as error:  # noqa: BLE001 - every failure is reported and asserted
        return f"error: {error!r}"
    finally:
        translation.deactivate()
        close_old_connections()
        connection.close()


def _race(line_id: int, organisation_ids: list[int], threads: int) -> list[str]:
    """Every award in ``threads`` threads that all start at the same moment."""
    start = threading.Event()

    def run(n: int, organisation_id: int) -> str:
        start.wait(timeout=30)
        return _award(line_id, organisation_id, n)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(run, n, o) for n, o in enumerate(organisation_ids)]
        start.set()
        return [future.result(timeout=300) for future in futures]


def _kinds(outcomes: list[str]) -> Counter[str]:
    return Counter(outcome.split(" ", 1)[0] for outcome in outcomes)


def _organisations(count: int) -> list[int]:
    return [OrganisationFactory(slug=f"race-{n}").pk for n in range(count)]


def _check(outcomes: list[str], line_id: int, requests: int) -> None:
    kinds = _kinds(outcomes)
    others = [o for o in outcomes if not o.startswith(("awarded", "conflict:budget_exceeded"))]
    assert not others, others[:5]
    assert kinds["awarded"] == 10, kinds
    assert kinds["conflict:budget_exceeded:"] == requests - 10, kinds
    refusal = next(o for o in outcomes if o.startswith("conflict"))
    assert "does not fit" in refusal, refusal


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_100_awards_at_once_on_a_line_of_ten_thousand_end_with_ten_and_the_line_at_zero():
    line = BudgetLineFactory(amount=LINE)
    organisations = _organisations(100)

    outcomes = _race(line.pk, organisations, threads=40)

    _check(outcomes, line.pk, 100)
    line.refresh_from_db()
    assert line.committed == line.amount == LINE
    assert line.available == 0
    assert Award.objects.filter(line=line).count() == 10
    assert Award.objects.filter(line=line).aggregate(s=Sum("amount"))["s"] == LINE
    # Nothing of a refused award stays behind: only the ten awards' payments.
    assert Payment.objects.filter(award__line=line).count() == 20


# --- SQLite -----------------------------------------------------------------------------------

SQLITE_WRITERS = 40


@contextmanager
def _sqlite_file(tmp_path: Path) -> Iterator[Path]:
    """Copy the (in-memory) test database into a file and point new connections at it,
    with the default database's options (WAL, immediate transactions, busy timeout)."""
    options = connection.settings_dict["OPTIONS"]
    assert options.get("transaction_mode") == "IMMEDIATE"
    path = tmp_path / "funding-race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
    saved = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        connection.settings_dict["NAME"] = saved


def _count(path: Path, sql: str, *args: Any) -> Any:
    with sqlite3.connect(path) as db:
        return db.execute(sql, args).fetchone()[0]


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_40_awards_at_once_on_sqlite_end_with_ten_and_no_database_is_locked(tmp_path):
    line = BudgetLineFactory(amount=LINE)
    organisations = _organisations(SQLITE_WRITERS)

    with _sqlite_file(tmp_path) as path:
        outcomes = _race(line.pk, organisations, threads=SQLITE_WRITERS)

    assert not [o for o in outcomes if "locked" in o.lower()]
    _check(outcomes, line.pk, SQLITE_WRITERS)
    committed = _count(path, "SELECT committed FROM funding_budgetline WHERE id = ?", line.pk)
    assert Decimal(str(committed)) == LINE
    assert _count(path, "SELECT count(*) FROM funding_award WHERE line_id = ?", line.pk) == 10
