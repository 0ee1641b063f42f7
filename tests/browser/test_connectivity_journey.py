"""Staff import a coverage file, see the map and the classification change, run a scenario
with a budget and a comarca balance rule and export it; axe checks every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from localret.connectivity.models import AreaCoverage, PlannerJob, Scenario
from localret.connectivity.tasks import run_planner_job
from tests.browser.conftest import assert_no_axe_violations, login
from tests.connectivity.factories import AreaFactory, VintageFactory, candidate_set, coverage

pytestmark = pytest.mark.browser

COVERAGE_2024 = (
    "area_id,municipality,year,kind,name,households,premises,covered_30,covered_100,"
    "covered_1000,networks_30,networks_1000\n"
    "VIC-N,082981,2024,nucleus,Vic,900,1000,1000,1000,1000,3,2\n"
    "VIC-S,082981,2024,scattered,Disseminat de Vic,100,100,100,100,60,1,1\n"
)


def test_staff_import_map_changes_scenario_export(page, live_server, staff_user, settings) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    v23 = VintageFactory(year=2023)
    nucleus = AreaFactory(code="VIC-N", households=900, premises=1000)
    scattered = AreaFactory(code="VIC-S", households=100, premises=100, kind="scattered")
    coverage(nucleus, v23, premises=1000, c30=1000, c100=1000, c1000=1000, n30=3, ngig=2)
    coverage(scattered, v23, premises=100)  # white in 2023
    candidate_set("journey")

    login(page, live_server, staff_user.username)
    page.goto(f"{base}/connectivitat/importar/")
    assert_no_axe_violations(page)
    page.select_option("#id_format", "areas")
    page.set_input_files(
        "#id_file",
        {"name": "cobertura-2024.csv", "mimeType": "text/csv", "buffer": COVERAGE_2024.encode()},
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#result-title").wait_for()
    assert_no_axe_violations(page)
    assert AreaCoverage.objects.filter(vintage__year=2024).count() == 2

    # The map of the gigabit share by municipality is drawn, with its table.
    page.goto(f"{base}/connectivitat/?level=municipality&year=2024")
    page.locator("#conn-map[data-ready=true]").wait_for()
    assert page.locator("#gap-table tbody tr").count() == 1
    assert_no_axe_violations(page)
    # Sorting the table swaps it in place (HTMX).
    page.locator("#gap-table thead th a").nth(2).click()
    page.locator("#gap-table th[aria-sort=ascending]").wait_for()

    # The scattered area changed class: white -> grey (NGA and EU 2023).
    page.goto(f"{base}/connectivitat/canvis/?from=2023&to=2024")
    text = page.locator("main").inner_text()
    assert "VIC-S" in text and "blanc" in text and "gris" in text
    assert "white" not in text and "grey" not in text  # labels, never the stored codes
    assert_no_axe_violations(page)

    # A scenario with a budget and a comarca balance rule.
    page.goto(f"{base}/connectivitat/planificador/")
    assert_no_axe_violations(page)
    page.select_option("#id_candidates", "journey")
    page.fill("#id_budget_eur", "90000")
    page.select_option("#id_balance_level", "comarca")
    page.fill("#id_min_share", "0,5")  # the decimal comma, as a Catalan reader writes it
    page.fill("#id_time_limit_s", "5")
    # The run is a background job: no worker picks it up until this test plays the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page.locator("#scenario-form button[type=submit]").click()
    page.wait_for_url(f"{base}/connectivitat/planificador/execucions/*/")
    job = PlannerJob.objects.get()
    assert page.locator("#planner-job").get_attribute("data-status") == "queued"
    assert "En cua" in page.locator("#planner-job").inner_text()
    assert_no_axe_violations(page)
    run_planner_job.call(job.pk)  # the worker solves it; the page, polling, opens the scenario
    page.wait_for_url(f"{base}/connectivitat/planificador/escenari/*/")
    assert page.locator("#scenario-status").get_attribute("data-status") == "optimal"
    scenario = Scenario.objects.get()
    assert sorted(scenario.result["selected"]) == ["A1", "A3"]
    assert page.locator("#milp-households").inner_text() == "180"
    if page.locator("#scenario-map").count():  # comarca boundaries in the data directory
        page.locator("#scenario-map[data-ready=true]").wait_for()
    assert_no_axe_violations(page)

    with page.expect_download() as info:
        page.locator("a[href$='export.csv']").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("area_id,municipality")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["A1", "A3"]
