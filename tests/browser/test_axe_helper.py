"""The accessibility helper itself: it finds real violations and lists them."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_axe_violations, axe_violations

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html><html><head><title>t</title></head><body><main>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label>Name</label><input id="n" type="text">
<p style="color:#aaa;background:#fff">Low contrast text</p>
</main></body></html>"""


def test_axe_reports_each_violation_with_rule_help_and_targets(page) -> None:  # type: ignore[no-untyped-def]
    page.set_content(BAD_PAGE)

    ids = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "label", "color-contrast"} <= ids

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "- image-alt (critical): Images must have alternative text [img]" in message
    assert "color-contrast" in message


def test_axe_passes_a_clean_page(page) -> None:  # type: ignore[no-untyped-def]
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Clean</title></head><body><main>'
        "<h1>Clean</h1><p>Readable text.</p></main></body></html>"
    )

    assert_no_axe_violations(page)
