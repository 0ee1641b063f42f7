"""Real-browser tests: Playwright (Python, sync API) driving Debian's Chromium, with axe-core.

- ``browser``: one headless Chromium for the session, /usr/bin/chromium (Debian's ``chromium``
  package). ``playwright install`` is never used. Without the browser the tests skip with the
  reason, except when ``CI=true``: there a missing browser is a failure.
- ``page``: a fresh browser context and page per test (Catalan, as a Catalan visitor). The
  site's Content-Security-Policy is on, and the test fails at teardown if the browser reported
  any CSP violation (a console message or a ``securitypolicyviolation`` event) on any page it
  opened: every journey checks the policy.
- ``login(page, live_server, username)``: log in through the real login form.
- ``assert_no_axe_violations(page, context=None)``: runs the vendored axe-core (WCAG 2.0/2.1
  A and AA rules) and fails listing every violation.

Browser tests use pytest-django's ``live_server``, so their database is transactional and is
flushed after each test; the register of 947 municipalities is reloaded for them by the
``_register_for_transactional_tests`` fixture of tests/conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright, shared by the whole session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (install Debian's package: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dev dependency
        _unavailable(f"the playwright package is not installed ({exc})")
    # Playwright's sync API runs its own event loop in this thread; the ORM calls the tests make
    # between two browser calls are synchronous and safe (the live server runs in another
    # thread). Set only while the browser runs, so that no other test inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Reports every CSP violation of every document the page opens to the console, where the
# fixture collects it (Chromium also logs "Refused to ..." itself; both are caught).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + e.blockedURI
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def csp_violation(text: str) -> bool:
    return (
        "CSP violation" in text
        or "Content Security Policy" in text
        or "Content-Security-Policy" in text
    )


def watch_csp(context: Any, page: Any) -> list[str]:
    """The list (filled as the page runs) of CSP violations the browser reports on ``page``."""
    context.add_init_script(CSP_LISTENER)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if csp_violation(message.text)
            else None
        ),
    )
    return violations


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new page in a fresh context (no cookies), asking for Catalan like most visitors.

    Fails the test if the browser reported a Content-Security-Policy violation."""
    context = browser.new_context(locale="ca-ES", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)  # generous: CI shares 2 cores with the other test run
    page = context.new_page()
    violations = watch_csp(context, page)
    yield page
    context.close()
    if violations:
        pytest.fail(
            "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)),
            pytrace=False,
        )


def login(page: Any, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form and wait until the site shows the user as logged in."""
    page.goto(f"{live_server.url}/comptes/entra/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator(".user-name", has_text=username).wait_for()


def axe_violations(page: Any, context: Any = None) -> list[dict[str, Any]]:
    """The axe-core violations of the WCAG 2.0/2.1 A and AA rules on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the test driver, not added as an inline <script>: the page's CSP would
        # (rightly) refuse that.
        page.evaluate("() => { " + AXE_JS.read_text(encoding="utf-8") + "\n}")
    result = page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            return await axe.run(context || document, options);
        }""",
        [context, AXE_TAGS],
    )
    return list(result["violations"])


def assert_no_axe_violations(page: Any, context: Any = None) -> None:
    """Fail listing each axe violation (rule id, help, and the targets of its nodes)."""
    violations = axe_violations(page, context)
    if violations:
        lines = [f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:"]
        for v in violations:
            targets = ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{targets}]")
        pytest.fail("\n".join(lines), pytrace=False)
