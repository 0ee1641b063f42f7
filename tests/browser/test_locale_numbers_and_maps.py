"""Numbers in the page's locale (issue 14, points 2 and 7), in a real browser.

- A technician whose browser is in English types "8,2" on a Catalan page: 8,2 is saved (not 82)
  and shown; "1.5" is refused with a message, nothing saved.
- Chart tooltips and axes format numbers with the page's language (Catalan 1.022,23; English
  1,022.23), whatever the browser's language.
- Maps: "no data" is pale grey and last in the legend, never a colour of the scale; the legend
  carries the unit; a municipality's tooltip gives its name, its value in the locale's format and
  the as-of date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from localret.strategy.models import Indicator, Measurement
from localret.territory.models import Municipality
from tests.browser.conftest import login
from tests.conftest import VIC
from tests.strategy.factories import make_plan, measure

pytestmark = pytest.mark.browser


@pytest.fixture
def english_browser(browser: Any):  # type: ignore[no-untyped-def]
    """A browser set to English (US): its number inputs would read "8,2" as 82."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def _tip(page: Any, selector: str, series: int, index: int) -> str:
    page.locator(f"{selector}[data-ready='true']").wait_for()
    return str(
        page.evaluate(
            """([selector, si, di]) => {
              const el = document.querySelector(selector);
              echarts.getInstanceByDom(el)
                .dispatchAction({type: "showTip", seriesIndex: si, dataIndex: di});
              return [...el.querySelectorAll("div")].filter((d) => d.style.zIndex === "9999999")
                .map((d) => d.innerText).join(" ");
            }""",
            [selector, series, index],
        )
    )


def test_an_english_browser_types_8_comma_2_on_a_catalan_page_and_8_2_is_saved(
    english_browser, live_server, staff_user
) -> None:  # type: ignore[no-untyped-def]
    page = english_browser
    base = live_server.url
    make_plan(staff_user, slug="pla-coma")
    ind = Indicator.objects.get(code="pla-coma-I1.1-1")
    measure(ind, staff_user, dt.date.today() - dt.timedelta(days=60), "1022.23")
    login(page, live_server, staff_user.username)
    page.goto(f"{base}/pla/indicadors/{ind.code}/")
    assert page.evaluate("() => navigator.language") == "en-US"
    assert page.evaluate("() => document.documentElement.lang") == "ca"
    assert page.get_attribute("#id_value", "type") == "text"
    assert page.get_attribute("#id_value", "inputmode") == "decimal"

    # Ambiguous on a Catalan page: refused with a message, nothing saved, never 15.
    page.fill("#id_date", dt.date.today().isoformat())
    page.fill("#id_value", "1.5")
    page.locator("#measurement-form button[type='submit']").click()
    page.locator("#id_value_error, .errorlist").first.wait_for()
    assert "1.234,5" in page.locator("#measurement-form").inner_text()
    assert Measurement.objects.filter(indicator=ind).count() == 1

    page.fill("#id_date", dt.date.today().isoformat())
    page.fill("#id_value", "8,2")
    # 8,2 is far from the last value (1.022,23): the form asks to confirm it, and reads it back
    # as the reader wrote it.
    page.locator("#measurement-form button[type='submit']").click()
    # The form is swapped in place: wait for the new message, not the one of "1.5" still shown.
    expect(page.locator("#measurement-form #id_value_error")).to_contain_text("lluny")
    assert page.input_value("#id_value") == "8,2"
    assert Measurement.objects.filter(indicator=ind).count() == 1
    with page.expect_navigation():
        page.locator("#measurement-form button[type='submit']").click()
    saved = Measurement.objects.filter(indicator=ind).order_by("-date").first()
    assert saved is not None and saved.value == Decimal("8.2")

    # The chart's tooltip formats with the page's language (Catalan), not the browser's.
    first = _tip(page, "#indicator-chart", 0, 0)
    assert "1.022,23" in first, first
    last = _tip(page, "#indicator-chart", 0, 1)
    assert "8,2" in last and "8.2" not in last, last
    ticks = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('#indicator-chart'))
              .getOption().yAxis[0].axisLabel.formatter(1234.5)"""
    )
    assert ticks == "1.234,5"

    # The page's table of measurements (server-rendered) shows it the Catalan way too.
    cells = page.locator("td.num").all_inner_texts()
    assert "8,2" in cells and "1.022,23" in cells, cells


def test_maps_draw_no_data_pale_and_tooltips_give_value_and_date(
    page, live_server, staff_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    make_plan(staff_user, slug="pla-mapa")
    ind = Indicator.objects.get(code="pla-mapa-I1.1-1")
    Indicator.objects.filter(pk=ind.pk).update(unit="hores")
    vic = Municipality.objects.get(code=VIC)
    when = dt.date(2026, 11, 30)
    measure(ind, staff_user, when, "1754.35", municipality=vic)
    page.goto(f"{base}/pla/indicadors/{ind.code}/")
    page.locator("#indicator-map[data-ready='true']").wait_for()
    legend = page.evaluate(
        """() => { const o = echarts.getInstanceByDom(document.querySelector('#indicator-map'))
                     .getOption().visualMap[0];
                   return {pieces: o.pieces.map((p) => [p.label, p.color]), text: o.text}; }"""
    )
    pieces = legend["pieces"]
    assert pieces[-1] == ["Sense dades", "#ececec"], pieces  # pale grey, last
    assert all(colour != "#ececec" for _label, colour in pieces[:-1])
    assert "1.754,35" in [label for label, _c in pieces]  # legend numbers in Catalan
    assert legend["text"][0] == "hores"  # the legend's unit
    index = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('#indicator-map'))
              .getOption().series[0].data.findIndex((d) => d.label === 'Vic')"""
    )
    tip = _tip(page, "#indicator-map", 0, index)
    assert "Vic" in tip and "1.754,35" in tip and "30/11/2026" in tip, tip

    # The maturity map: its "no data" class (last in the server's list) is pale grey too.
    page.goto(f"{base}/maduresa/")
    if page.locator("#maturity-map").count():
        page.locator("#maturity-map[data-ready='true']").wait_for()
        pieces = page.evaluate(
            """() => echarts.getInstanceByDom(document.querySelector('#maturity-map'))
                  .getOption().visualMap[0].pieces.map((p) => [p.label, p.color])"""
        )
        assert pieces[-1][1] == "#ececec" and pieces[-2][1] == "#08306b", pieces
