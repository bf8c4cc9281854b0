"""The docs page in a real browser, under the site's strict Content-Security-Policy.

Needs Debian's Chromium at /usr/bin/chromium (scripts/install-chromium.sh); skipped
without it.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
});
"""


@pytest.fixture
def page(live_server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.add_init_script(REPORT_VIOLATIONS)
        yield page
        browser.close()


def test_the_docs_render_and_run_requests_without_any_csp_violation(page, live_server):
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=20_000)
    operations = page.locator(".opblock-summary")
    assert operations.count() >= 7
    # Open a sample of every kind of operation: opening all of them (300 and more) makes the
    # page itself slow to the point of timeouts, and each block renders the same way.
    for i in range(min(operations.count(), 40)):
        operations.nth(i).click()
    page.locator(".opblock-get").nth(1).get_by_role("button", name="Try it out").click()
    page.locator(".opblock-get").nth(1).get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table", timeout=10_000)
    page.locator("section.models h4").click()
    for model in page.locator(".model-container .model-box-control").all()[:5]:
        model.click()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_selector(".auth-container", timeout=5_000)
    page.wait_for_timeout(500)
    assert page.errors == []
    # The stylesheet applies (from our own origin).
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.opblock-get')).borderTopStyle")
        == "solid"
    )
