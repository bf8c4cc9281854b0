"""Finding a space and booking it in a real browser, under the site's strict
Content-Security-Policy: the catalogue filter, the availability table, the two steps of
a booking.

Needs Debian's Chromium at /usr/bin/chromium (scripts/install-chromium.sh); skipped
without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from middenveld.accounts.tests.factories import PASSWORD
from middenveld.spaces.models import Booking, BookingStatus
from middenveld.spaces.tests.conftest import next_weekday

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || ""));
});
"""


@contextmanager
def browser_page() -> Iterator[Any]:
    """A Chromium page that reports console errors and CSP violations in ``page.errors``.

    Read the database only after this block: Playwright's sync API runs its loop in a
    greenlet, and a query made inside it opens a connection Django never closes."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page: Any = browser.new_page()
        page.errors = []
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and page.errors.append(m.text)
            ),
        )
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.add_init_script(REPORT_VIOLATIONS)
        try:
            yield page
        finally:
            browser.close()


def test_a_member_finds_a_space_looks_at_the_dates_and_books_it(space, org_a, live_server):
    base = live_server.url
    day = next_weekday(1)
    email = org_a.member.email
    book_url = f"{base}/en/ruimtes/{space.building.slug}/{space.slug}/boeken/"
    with browser_page() as page:
        _find_and_book(page, base, book_url, email, day)
        errors = list(page.errors)

    assert errors == []
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.REQUESTED
    assert booking.organisation == org_a.organisation
    assert booking.occurrences.count() == 1


def _find_and_book(page: Any, base: str, book_url: str, email: str, day: Any) -> None:
    # Anyone: filter the catalogue and open the space.
    page.goto(f"{base}/en/ruimtes/")
    page.get_by_label("Number of people").fill("30")
    page.get_by_label("Free on").fill(day.isoformat())
    page.get_by_label("From").fill("19:00")
    page.get_by_label("Until").fill("21:00")
    page.get_by_role("button", name="Show spaces").click()
    assert "1 space is free on" in page.locator("[role=status]").inner_text()
    page.get_by_role("link", name="Vergaderzaal").click()
    table = page.get_by_role("table", name="Availability of Vergaderzaal")
    assert table.locator("tbody tr").count() == 7

    # Sign in and book in two steps.
    page.goto(f"{base}/en/aanmelden/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(book_url)
    page.get_by_label("What is it for?").fill("Buurtvergadering")
    page.get_by_label("Number of people").fill("20")
    page.get_by_label("Day", exact=True).fill(day.isoformat())
    page.get_by_label("From").fill("19:00")
    page.get_by_label("Until", exact=True).fill("21:00")
    page.get_by_role("button", name="Look at the dates").click()
    plan = page.get_by_role("table", name="Your request for Vergaderzaal, date by date")
    assert "OK" in plan.inner_text()
    page.get_by_role("button", name="Send the request for 1 date").click()
    page.wait_for_url("**/en/mijn/boekingen/*/")
    assert "Your request is sent." in page.locator("main").inner_text()
