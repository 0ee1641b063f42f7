"""The Content-Security-Policy in a real browser: the pages with charts, maps, HTMX and the API
docs (Swagger UI) work under it, and the shared ``page`` fixture catches any violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import watch_csp

pytestmark = pytest.mark.browser


def test_the_csp_watcher_reports_an_inline_script_the_policy_refuses(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    violations = watch_csp(context, page)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran === true") is False  # the policy refused it
    assert violations, "the inline script was refused but no violation was reported"
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/municipis/mapa/", "/maduresa/", "/api/docs"],
)
def test_pages_with_charts_and_the_api_docs_run_under_the_policy(page, live_server, path):  # type: ignore[no-untyped-def]
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.ok
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    page.wait_for_load_state("networkidle")
    if path == "/api/docs":
        page.locator(".swagger-ui .opblock").first.wait_for()
    # The page fixture fails this test at teardown on any CSP violation.
