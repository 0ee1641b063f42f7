"""Stored cross-site scripting (issue 13, finding 3): text that staff or collaborators write
(indicator names and units, stakeholder names, municipality names from an import, maturity
dimension names, plan, objective and line names, pilot names, agreement titles) is planted as
``<img src=x onerror=...>`` and every page, chart and map that shows it is opened and every
tooltip showing it is opened (ECharts ``showTip``, the same code path as hovering): no script runs
and no element is created from the text; the tooltips show the text literally.

The probe is detected by the element it would create (``img.xss-probe``), not only by its
``onerror`` running, so the test keeps its teeth under a Content-Security-Policy that would block
the handler anyway."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from localret.diagnosis.models import Stakeholder
from localret.governance import services as governance_services
from localret.maturity.loader import load_default_model
from localret.maturity.models import Dimension
from localret.strategy.models import ActionLine, Indicator, StrategicObjective
from localret.territory.models import Municipality
from tests.browser.conftest import login
from tests.conftest import VIC
from tests.connectivity.factories import AreaFactory, VintageFactory, coverage
from tests.diagnosis.factories import make_stakeholder
from tests.governance.factories import board_with_members, meeting_with_quorum
from tests.innovation.factories import make_pilot
from tests.maturity.factories import bulk_validated, make_campaign
from tests.strategy.factories import make_plan, measure

pytestmark = pytest.mark.browser

PROBE = '<img src=x class=xss-probe onerror="window.__xss=1">'

# Opens the tooltip of every data item of every series whose data mention the probe (or of the
# first item when `first` is set), and returns each tooltip's text.
SHOW_TIPS = """([selector, first]) => {
  const el = document.querySelector(selector);
  const chart = echarts.getInstanceByDom(el);
  const texts = [];
  chart.getOption().series.forEach((series, si) => {
    (series.data || []).forEach((item, di) => {
      if (!(first && di === 0) && !JSON.stringify(item).includes("xss-probe")) { return; }
      chart.dispatchAction({type: "showTip", seriesIndex: si, dataIndex: di});
      const tip = [...el.querySelectorAll("div")].filter((d) => d.style.zIndex === "9999999");
      texts.push(tip.map((d) => d.innerText).join(" "));
    });
  });
  return texts;
}"""

INJECTED = """() => ({
  ran: window.__xss === 1,
  elements: document.querySelectorAll("img.xss-probe, img[src='x']").length,
})"""


def _assert_clean(page: Any) -> None:
    state = page.evaluate(INJECTED)
    assert state == {"ran": False, "elements": 0}, f"script from data on {page.url}: {state}"


def _tooltips(page: Any, selector: str, first: bool = False) -> list[str]:
    page.locator(f"{selector}[data-ready='true']").wait_for()
    texts = page.evaluate(SHOW_TIPS, [selector, first])
    _assert_clean(page)
    return list(texts)


def _plant(staff_user: Any) -> dict[str, Any]:
    """Hostile text in every user-writable field that reaches a page, chart or map."""
    load_default_model()  # the live server's database is flushed between tests
    plan = make_plan(staff_user, slug="pla-xss", lines=1)
    StrategicObjective.objects.filter(plan=plan).update(name=f"Objectiu {PROBE}")
    ActionLine.objects.filter(objective__plan=plan).update(name=f"Línia {PROBE}")
    ind = Indicator.objects.get(code="pla-xss-I1.1-1")
    Indicator.objects.filter(pk=ind.pk).update(name=f"Indicador {PROBE}", unit=PROBE)
    vic = Municipality.objects.get(code=VIC)
    Municipality.objects.filter(pk=vic.pk).update(name=f"Vic {PROBE}")
    today = dt.date.today()
    measure(ind, staff_user, today - dt.timedelta(days=20), "1022.23", municipality=vic)
    measure(ind, staff_user, today - dt.timedelta(days=10), 30)

    make_stakeholder(
        plan, staff_user, name=f"Agent {PROBE}", interest=3, influence=4, action_line_codes=["1.1"]
    )
    assert Stakeholder.objects.filter(name__contains="xss-probe").exists()

    Dimension.objects.filter(model__version="2021").update(name=f"Dimensió {PROBE}")
    band = vic.population_band
    peers = list(
        Municipality.objects.filter(population_band=band)
        .exclude(code=VIC)
        .order_by("code")
        .values_list("code", flat=True)[:5]
    )
    campaign = make_campaign("diagnosi-xss", 2023, is_open=False)
    bulk_validated(campaign, {VIC: 0.5, **{c: 0.3 + 0.1 * i for i, c in enumerate(peers)}})

    vintage = VintageFactory(year=today.year - 1)
    coverage(
        AreaFactory(households=100, premises=110),
        vintage,
        premises=110,
        c30=60,
        c100=60,
        c1000=60,
        n30=1,
        ngig=1,
    )

    pilot = make_pilot(by=staff_user, name=f"Pilot {PROBE}")
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members, by=staff_user)
    agreement = governance_services.agreement_record(
        meeting=meeting,
        number="CA X",
        title=f"Acord {PROBE}",
        text=PROBE,
        votes_for=5,
        is_public=True,
        by=staff_user,
    )
    return {"plan": plan, "ind": ind, "campaign": campaign, "pilot": pilot, "agreement": agreement}


def test_text_from_users_never_runs_as_script_in_pages_charts_or_maps(
    page, live_server, staff_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    data = _plant(staff_user)
    login(page, live_server, staff_user.username)
    literal = "<img src=x"

    # The indicator: its chart (unit in the tooltip) and its map (unit and municipality name).
    page.goto(f"{base}/pla/indicadors/{data['ind'].code}/")
    chart_tips = _tooltips(page, "#indicator-chart", first=True)
    assert any(literal in t for t in chart_tips), chart_tips
    map_tips = _tooltips(page, "#indicator-map")
    assert map_tips and all(literal in t for t in map_tips), map_tips
    assert any("1.022,23" in t for t in map_tips), map_tips  # and in the page's locale

    # The stakeholder map of the diagnosis.
    page.goto(f"{base}/diagnosi/pla-xss/")
    tips = _tooltips(page, "#stakeholder-chart")
    assert tips and all("Agent <img" in t for t in tips), tips

    # Maps of every app that name the municipality (import text) in their tooltips.
    for url, selector in [
        ("/municipis/mapa/", "#map"),
        (f"/maduresa/?campaign={data['campaign'].slug}", "#maturity-map"),
        ("/connectivitat/", "#conn-map"),
        ("/transparencia/equilibri-territorial/", "#balance-map"),
    ]:
        page.goto(base + url)
        tips = _tooltips(page, selector)
        assert tips and all(literal in t for t in tips), (url, tips)

    # The maturity radar (dimension names and the municipality's name).
    page.goto(f"{base}/maduresa/municipi/{VIC}/")
    tips = _tooltips(page, "#radar", first=True)
    assert any("Dimensió <img" in t for t in tips), tips

    # Pages that show the other texts (server-rendered, escaped by the templates).
    for url in [
        "/pla/pla-xss/",
        "/pla/pla-xss/objectius/OE1/",
        "/pla/pla-xss/linies/1.1/",
        "/innovacio/",
        f"/innovacio/pilots/{data['pilot'].pk}/",
        "/governanca/",
        f"/governanca/acords/{data['agreement'].pk}/",
        "/transparencia/",
        "/transparencia/acords/",
        f"/municipis/{VIC}/",
        f"/connectivitat/municipi/{VIC}/",
    ]:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        page.mouse.move(400, 400)
        _assert_clean(page)
