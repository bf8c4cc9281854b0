#!/usr/bin/env python
"""Accessibility check: axe-core in headless Chromium on every public page.

Run by scripts/a11y.sh against a running site (``--base-url``). It loads each
public page in Dutch (no prefix) and in Arabic (``/ar/``), runs axe-core (the
copy bundled with axe-playwright-python) and fails on any violation of impact
"serious" or "critical". It also checks ``<html lang>`` and ``dir`` and saves
phone-width screenshots of the home page in both languages.

This is a standalone script, not a pytest module: the normal ``pytest`` run
never needs a browser.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAILING_IMPACTS = {"serious", "critical"}
LANGUAGES = [("nl", "", "ltr"), ("ar", "/ar", "rtl")]
# Public pages with a fixed address (path after the language prefix).
FIXED_PAGES = [
    "/",
    "/traject/",
    "/werven/",
    "/tijdlijn/",
    "/documenten/",
    "/nieuws/",
    "/aanmelden/",
    "/registreren/",
    "/wachtwoord-vergeten/",
    "/organisaties/",
    "/organisaties/?q=vluchtelingen&working_form=basiswerk",
    "/vragen/",
    "/vragen/faq/",
    "/vragen/faq/?q=verzekering",
    "/vragen/faq/suggesties/?q=zaal",
    "/wegwijzer/",
    "/wegwijzer/vereniging-of-vzw/",
    "/wegwijzer/verzekeringen/",
    "/activiteiten/",
    "/activiteiten/?wanneer=voorbij",
    "/activiteiten/inspraakmoment-prioriteiten-basiswerk/",
    "/activiteiten/webinar-beleidslijnen-basiswerk-26-juni-2021/",
    "/inspraak/",
    "/inspraak/prioriteiten-basiswerk-2027/",
    "/inspraak/prioriteiten-basiswerk-2022/",
    "/inspraak/prioriteiten-basiswerk-2027/voorstellen/",
    "/inspraak/stemmingen/",
    "/inspraak/stemmingen/prioriteiten-basiswerk-2027/",
    "/inspraak/stemmingen/budget-basiswerk-2022/",
    "/inspraak/stemmingen/wijkbudget-brugse-poort-2026/",
    # Spaces (spaces/seed.py: the hand-made buildings keep their slugs at every scale).
    "/ruimtes/",
    "/ruimtes/?personen=dertig&datum=2026-13-45&van=19:00",
    "/ruimtes/wijkcentrum-brugse-poort/",
    "/ruimtes/wijkcentrum-brugse-poort/grote-zaal/",
    "/ruimtes/wijkcentrum-brugse-poort/grote-zaal-a/",
    "/ruimtes/wijkcentrum-brugse-poort/leslokaal/?week=geen-week",
    # The parliament (parliament/seed.py); sessions and votes are found from its pages.
    "/middenveldparlement/",
    "/middenveldparlement/organen/thematafel-armoede/",
    "/middenveldparlement/adviezen/",
    "/middenveldparlement/adviezen/?antwoord=overdue",
    "/middenveldparlement/lottrekkingen/",
    f"/middenveldparlement/signalen/bundel/{datetime.now(UTC).year}/",
    # Funding (funding/seed.py: the open call of this year keeps its slug).
    "/subsidies/",
    "/subsidies/basiswerking/",
    "/subsidies/zelftest/?instrument=basiswerking",
    f"/subsidies/oproepen/oproep-basiswerking-{datetime.now(UTC).year}/",
    "/subsidies/toekenningen/",
]
NOT_FOUND_PAGE = "/bestaat-niet/"
# Forms that are also checked with their error messages (sent empty), with the status the
# answer must have: the account forms answer 200, newer forms 422 (Unprocessable Content).
FORM_PAGES = {
    "/aanmelden/": 200,
    "/registreren/": 200,
    "/wachtwoord-vergeten/": 200,
    "/vragen/": 422,
}
# Third-party UI: checked and reported, never fails the run.
OPTIONAL_PAGES = ["/api/v1/docs"]
# Pages for a signed-in organisation admin (the demo citizen account, see accounts/seed.py
# and organisations/seed.py); the edit steps and members page of their organisation
# are found from /mijn/organisaties/.
DEMO_USER = ("burger@example.org", "middenveld-demo")
SIGNED_IN_PAGES = [
    "/mijn/organisaties/",
    "/middenveldparlement/signalen/",
    "/middenveldparlement/signalen/nieuw/",
    "/organisaties/registreren/",
    "/mijn/",
    "/mijn/vragen/",
    "/mijn/meldingen/",
    "/wegwijzer/checklist/",
    "/wegwijzer/checklist/?voor=mij",
    "/wegwijzer/vereniging-of-vzw/",
    "/mijn/organisaties/huiswerkklas-de-brug/coaching/",
    "/mijn/organisaties/vrouwenvereniging-de-zonnebloem/coaching/",
    "/activiteiten/inspraakmoment-prioriteiten-basiswerk/",
    "/activiteiten/infoavond-samenwerken-met-de-stad/",
    "/activiteiten/webinar-een-subsidie-aanvragen/",
    "/mijn/activiteiten/",
    "/inspraak/prioriteiten-basiswerk-2027/",
    "/inspraak/prioriteiten-basiswerk-2027/voorstellen/nieuw/",
    "/inspraak/stemmingen/prioriteiten-basiswerk-2027/",
    "/inspraak/stemmingen/wijkbudget-ledeberg-2027/",
    "/mijn/boekingen/",
    "/ruimtes/wijkcentrum-brugse-poort/leslokaal/boeken/",
    "/subsidies/mijn-aanvragen/",
    f"/subsidies/oproepen/oproep-basiswerking-{datetime.now(UTC).year}/aanvragen/",
]
SIGNED_IN_FORM_PAGES = [
    "/organisaties/registreren/",
    "/inspraak/prioriteiten-basiswerk-2027/voorstellen/nieuw/",
    "/mijn/organisaties/vrouwenvereniging-de-zonnebloem/coaching/",
    "/ruimtes/wijkcentrum-brugse-poort/leslokaal/boeken/",
]
EDIT_STEPS = ["identiteit", "werking", "contact", "bestanden"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class PageResult:
    language: str
    path: str
    status: int | None = None
    optional: bool = False
    problems: list[str] = field(default_factory=list)  # failures other than axe
    failing: list[dict] = field(default_factory=list)  # serious/critical violations
    minor: list[dict] = field(default_factory=list)  # moderate/minor violations

    @property
    def failed(self) -> bool:
        return not self.optional and bool(self.problems or self.failing)


def launch(playwright) -> Browser:  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        sys.exit(f"error: {CHROMIUM} is missing; run scripts/install-chromium.sh first.")
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        # Playwright gives every launch a fresh temporary --user-data-dir.
    )


def same_site_links(page: Page, base_url: str, pattern: str) -> list[str]:
    """Paths of the links on the page whose path starts with ``pattern`` (one level deeper)."""
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    found: list[str] = []
    for href in hrefs:
        url = urlparse(urljoin(page.url, href))
        if url.netloc != urlparse(base_url).netloc:
            continue
        path = url.path
        rest = path[len(pattern) :] if path.startswith(pattern) else ""
        if rest and rest.strip("/") and "/" not in rest.strip("/") and path not in found:
            found.append(path)
    return found


def check_page(
    page: Page,
    axe: Axe,
    base_url: str,
    language: str,
    path: str,
    *,
    expected_status: int,
    direction: str,
    optional: bool = False,
    submit_empty: bool = False,
) -> PageResult:
    """Load ``path`` and check it; with ``submit_empty``, check the page that an
    empty submission of its form gives back (the form with its error messages)."""
    label = f"{path} (form sent empty)" if submit_empty else path
    result = PageResult(language=language, path=label, optional=optional)
    response = page.goto(urljoin(base_url, path), wait_until="load")
    if submit_empty:
        form = page.locator("main form[method=post]").first
        # Skip the browser's own checks so that the server's error messages show.
        form.evaluate("form => { form.noValidate = true; }")
        with page.expect_navigation(wait_until="load") as navigation:
            form.locator("[type=submit]").first.click()
        response = navigation.value
    result.status = response.status if response else None
    if result.status != expected_status:
        result.problems.append(f"HTTP status {result.status}, expected {expected_status}")
    if submit_empty and not page.locator("main .errorlist, main [aria-invalid=true]").count():
        result.problems.append("the empty form came back without an error message")
    if not optional:
        lang = page.get_attribute("html", "lang")
        dir_ = page.get_attribute("html", "dir") or "ltr"
        if lang != language:
            result.problems.append(f'<html lang="{lang}">, expected "{language}"')
        if dir_ != direction:
            result.problems.append(f'<html dir="{dir_}">, expected "{direction}"')
    report = axe.run(page).response
    for violation in report["violations"]:
        (result.failing if violation.get("impact") in FAILING_IMPACTS else result.minor).append(
            violation
        )
    return result


def check_signed_in(browser: Browser, axe: Axe, base_url: str) -> list[PageResult]:
    """The organisation pages behind sign-in, as the demo organisation admin."""
    results: list[PageResult] = []
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(urljoin(base_url, "/aanmelden/"))
    page.fill("input[name=email]", DEMO_USER[0])
    page.fill("input[name=password]", DEMO_USER[1])
    with page.expect_navigation(wait_until="load"):
        page.locator("main form[method=post] [type=submit]").first.click()
    if "/aanmelden/" in page.url:
        failed = PageResult(language="nl", path="/aanmelden/ (demo sign-in)")
        failed.problems.append("could not sign in as the demo citizen: is the demo data loaded?")
        return [failed]
    for language, prefix, direction in LANGUAGES:
        page.goto(urljoin(base_url, prefix + "/mijn/organisaties/"))
        hrefs = page.eval_on_selector_all(
            "main a[href*='/leden/']", "els => els.map(e => e.getAttribute('href'))"
        )
        paths = [prefix + p for p in SIGNED_IN_PAGES]
        if hrefs:
            members = urlparse(urljoin(page.url, hrefs[0])).path
            organisation = members[: -len("leden/")]
            paths += [members, organisation] + [f"{organisation}bewerken/{s}/" for s in EDIT_STEPS]
        else:
            missing = PageResult(language=language, path=prefix + "/mijn/organisaties/")
            missing.problems.append("the demo citizen administers no organisation")
            results.append(missing)
        # One booking of the demo citizen's organisations (spaces/seed.py), from the list.
        page.goto(urljoin(base_url, prefix + "/mijn/boekingen/"))
        booking_links = page.eval_on_selector_all(
            "main a[href*='/mijn/boekingen/']", "els => els.map(e => e.getAttribute('href'))"
        )
        bookings = [
            path
            for path in (urlparse(urljoin(page.url, href)).path for href in booking_links)
            if re.search(r"/mijn/boekingen/\d+/$", path)
        ][:1]
        if not bookings:
            missing = PageResult(language=language, path=prefix + "/mijn/boekingen/")
            missing.problems.append("the demo citizen has no bookings: is the demo data loaded?")
            results.append(missing)
        paths += bookings
        # Today's session and its open vote (the demo citizen is a seated delegate).
        page.goto(urljoin(base_url, prefix + "/middenveldparlement/"))
        session_links = [
            urlparse(urljoin(page.url, href)).path
            for href in page.eval_on_selector_all(
                "main a[href*='/zittingen/']", "els => els.map(e => e.getAttribute('href'))"
            )
        ]
        sessions = [p for p in session_links if re.search(r"/zittingen/\d+/$", p)][:2]
        if not sessions:
            missing = PageResult(language=language, path=prefix + "/middenveldparlement/")
            missing.problems.append("the parliament has no sessions: is the demo data loaded?")
            results.append(missing)
        votes: list[str] = []
        for session in sessions:
            page.goto(urljoin(base_url, session))
            votes += [
                urlparse(urljoin(page.url, href)).path
                for href in page.eval_on_selector_all(
                    "main a[href*='/stemmingen/']", "els => els.map(e => e.getAttribute('href'))"
                )
            ]
        paths += sessions + sorted({v for v in votes if re.search(r"/stemmingen/\d+/$", v)})[:2]
        for path in paths:
            results.append(
                check_page(
                    page, axe, base_url, language, path, expected_status=200, direction=direction
                )
            )
        for path in SIGNED_IN_FORM_PAGES:
            results.append(
                check_page(
                    page,
                    axe,
                    base_url,
                    language,
                    prefix + path,
                    expected_status=422,
                    direction=direction,
                    submit_empty=True,
                )
            )
    context.close()
    return results


def print_violation(violation: dict, indent: str = "    ") -> None:
    print(f"{indent}[{violation.get('impact')}] {violation['id']}: {violation['help']}")
    print(f"{indent}  {violation.get('helpUrl', '')}")
    for node in violation["nodes"][:10]:
        targets = " ".join(" > ".join(t) if isinstance(t, list) else str(t) for t in node["target"])
        print(f"{indent}  - {targets}")
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        if summary:
            print(f"{indent}    {summary[:300]}")
    if len(violation["nodes"]) > 10:
        print(f"{indent}  … and {len(violation['nodes']) - 10} more elements")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", required=True, help="for example http://127.0.0.1:8123")
    parser.add_argument("--out", default="var/a11y", help="folder for the screenshots")
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/") + "/"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    axe = Axe()
    results: list[PageResult] = []
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        # Console errors (a blocked script or style under the CSP, say) and failed
        # sub-resources (a missing stylesheet, font or image) count as problems.
        console_errors: list[str] = []

        def on_console(msg) -> None:  # type: ignore[no-untyped-def]
            if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
                console_errors.append(f"console error: {msg.text}")

        def on_response(response) -> None:  # type: ignore[no-untyped-def]
            if response.status >= 400 and response.request.resource_type != "document":
                console_errors.append(f"HTTP {response.status} for {response.url}")

        page.on("console", on_console)
        page.on("response", on_response)
        for language, prefix, direction in LANGUAGES:
            paths = [prefix + p for p in FIXED_PAGES]
            # Discover the workstreams and one news item from the list pages.
            page.goto(urljoin(base_url, prefix + "/werven/"))
            workstreams = same_site_links(page, base_url, prefix + "/werven/")
            page.goto(urljoin(base_url, prefix + "/nieuws/"))
            news = same_site_links(page, base_url, prefix + "/nieuws/")[:1]
            page.goto(urljoin(base_url, prefix + "/organisaties/"))
            profiles = page.eval_on_selector_all(
                "main .organisation-list a[href]", "els => els.map(e => e.getAttribute('href'))"
            )[:1]
            news += [urlparse(urljoin(page.url, href)).path for href in profiles]
            print(f"{language}: {len(workstreams)} workstream pages, {len(news)} news item page")
            paths += workstreams + news
            if not workstreams or len(news) < 2:
                missing = PageResult(language=language, path=prefix + "/werven/, /nieuws/")
                missing.problems.append(
                    "no workstream or news item links found: is the demo data (seed_demo) loaded?"
                )
                results.append(missing)
            for path in paths:
                console_errors.clear()
                result = check_page(
                    page, axe, base_url, language, path, expected_status=200, direction=direction
                )
                result.problems += console_errors
                results.append(result)
            for path, status in FORM_PAGES.items():
                console_errors.clear()
                result = check_page(
                    page,
                    axe,
                    base_url,
                    language,
                    prefix + path,
                    expected_status=status,
                    direction=direction,
                    submit_empty=True,
                )
                result.problems += console_errors
                results.append(result)
            console_errors.clear()
            result = check_page(
                page,
                axe,
                base_url,
                language,
                prefix + NOT_FOUND_PAGE,
                expected_status=404,
                direction=direction,
            )
            result.problems += console_errors
            results.append(result)
        results += check_signed_in(browser, axe, base_url)
        for path in OPTIONAL_PAGES:
            results.append(
                check_page(
                    page,
                    axe,
                    base_url,
                    "nl",
                    path,
                    expected_status=200,
                    direction="ltr",
                    optional=True,
                )
            )

        # Screenshots of the home page at phone width (and desktop), to look at.
        shots = browser.new_context(
            viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True
        )
        phone = shots.new_page()
        wide = context.new_page()
        for language, prefix, _direction in LANGUAGES:
            phone.goto(urljoin(base_url, prefix + "/"))
            phone.screenshot(path=str(out / f"home-{language}-390.png"), full_page=True)
            wide.goto(urljoin(base_url, prefix + "/"))
            wide.screenshot(path=str(out / f"home-{language}-1280.png"), full_page=True)
        shots.close()
        context.close()
        browser.close()

    print()
    failed = 0
    for result in results:
        mark = (
            "FAIL" if result.failed else ("note" if (result.problems or result.failing) else "ok")
        )
        extra = " (optional, third-party)" if result.optional else ""
        print(
            f"{mark:4}  {result.language}  {result.path}  HTTP {result.status}  "
            f"serious/critical: {len(result.failing)}  moderate/minor: {len(result.minor)}{extra}"
        )
        for problem in result.problems:
            print(f"    {problem}")
        for violation in result.failing + result.minor:
            print_violation(violation)
        failed += result.failed
    checked = len(results)
    print()
    print(
        f"a11y: {checked} pages checked in {time.monotonic() - started:.0f}s; screenshots in {out}/"
    )
    print(f"a11y: {checked - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
