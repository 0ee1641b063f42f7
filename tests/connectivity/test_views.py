"""Pages: public coverage pages, staff imports and planning, Board reads; exports."""

import io

import pytest
from openpyxl import load_workbook

from localret.connectivity.models import AreaCoverage, Candidate, ImportJob, PlannerJob, Scenario
from localret.connectivity.services import ScenarioInput, scenario_run

from ..conftest import client_for, speaking
from .factories import VIC, candidate_set, deployment, small_world, upload

pytestmark = pytest.mark.django_db
ROLES = ["public", "collaborator", "vic", "olot", "board", "staff", "admin"]


@pytest.mark.parametrize("who", ROLES)
def test_public_pages_for_every_role(users, who):
    world = small_world()
    deployment([world["vic_s"]], name="Fibra Vic")
    client = client_for(users[who])
    for url in (
        "/connectivitat/",
        "/connectivitat/?level=municipality&order=-white_households",
        "/connectivitat/canvis/?from=2023&to=2024",
        "/connectivitat/desplegaments/",
        f"/connectivitat/municipi/{VIC}/",
        "/connectivitat/mapa/dades.json",
        f"/municipis/{VIC}/",
    ):
        assert client.get(url).status_code == 200, url


def test_gap_page_shows_data_and_sorts(client):
    small_world()
    r = speaking(client, "en").get("/connectivitat/?level=municipality&year=2023&order=-households")
    html = r.content.decode()
    assert "Vic" in html and "Olot" in html
    assert html.index("Vic") < html.index("Olot")  # 1,000 households before 500
    partial = client.get(
        "/connectivitat/?level=municipality&year=2023&order=households", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial and partial.index("Olot") < partial.index("Vic")


def test_map_data_has_gigabit_share_per_municipality(client):
    small_world()
    items = {
        i["code"]: i for i in client.get("/connectivitat/mapa/dades.json?year=2024").json()["items"]
    }
    assert len(items) == 947
    assert items[VIC]["value"] == 95.0
    assert items["080193"]["value"] is None


def test_municipality_page_and_section(client):
    small_world()
    html = speaking(client, "en").get(f"/connectivitat/municipi/{VIC}/?year=2023").content.decode()
    assert "VIC-S" in html and "white" in html
    section = speaking(client, "en").get(f"/municipis/{VIC}/").content.decode()
    assert "Connectivity" in section and f"/connectivitat/municipi/{VIC}/" in section
    assert client.get("/connectivitat/municipi/999999/").status_code == 404


def staff_only(who):
    return who in ("staff", "admin")


@pytest.mark.parametrize("who", ROLES)
def test_import_page_permissions(users, who):
    r = client_for(users[who]).get("/connectivitat/importar/")
    if who == "public":
        assert r.status_code == 302
    else:
        assert r.status_code == (200 if staff_only(who) else 403)


def test_staff_imports_area_file_in_the_page(staff_user):
    client = client_for(staff_user)
    data = (
        b"area_id,municipality,year,premises,covered_30,covered_100,covered_1000\n"
        b"X1,082981,2024,10,5,5,0\n"
    )
    dry = speaking(client, "en").post(
        "/connectivitat/importar/",
        {"format": "areas", "file": upload("a.csv", data), "dry_run": "on"},
    )
    assert b"Dry run" in dry.content and not AreaCoverage.objects.exists()
    bad = speaking(client, "en").post(
        "/connectivitat/importar/",
        {"format": "areas", "file": upload("a.csv", data.replace(b"082981", b"999999"))},
    )
    assert b"nothing was written" in bad.content and b"999999" in bad.content
    client.post("/connectivitat/importar/", {"format": "areas", "file": upload("a.csv", data)})
    assert AreaCoverage.objects.count() == 1


def test_staff_premise_import_goes_to_a_polled_job_page(staff_user):
    client = client_for(staff_user)
    data = (
        b"premise_id,municipality,technology,down_mbps,up_mbps,operator\n"
        b"P,082981,FTTH,1000,1000,X\n"
    )
    r = client.post(
        "/connectivitat/importar/",
        {"format": "premises", "year": "2025", "file": upload("p.csv", data)},
    )
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/importacions/{job.pk}/")
    page = client.get(r["Location"])
    assert page.status_code == 200 and b'data-status="done"' in page.content
    partial = client.get(r["Location"], HTTP_HX_REQUEST="true").content
    assert b"<html" not in partial and b"job-status" in partial
    assert AreaCoverage.objects.get().covered_gigabit == 1


def make_scenario():
    cset = candidate_set("s1")
    return scenario_run(
        candidate_set=cset,
        spec=ScenarioInput(
            candidates="s1", budget_eur=90000, balance_level="comarca", min_share=0.5
        ),
        name="Test",
        by=None,
    )


@pytest.mark.parametrize("who", ROLES)
def test_planner_pages_are_for_staff_and_board(users, who):
    s = make_scenario()
    client = client_for(users[who])
    for url in (
        "/connectivitat/planificador/",
        f"/connectivitat/planificador/escenari/{s.pk}/",
        f"/connectivitat/planificador/escenari/{s.pk}/export.csv",
        f"/connectivitat/planificador/escenari/{s.pk}/export.xlsx",
        f"/connectivitat/planificador/comparar/?id={s.pk}",
        "/connectivitat/planificador/candidats/s1/",
    ):
        r = client.get(url)
        if who == "public":
            assert r.status_code == 302, url
        else:
            assert r.status_code == (200 if who in ("board", "staff", "admin") else 403), url


@pytest.mark.parametrize("who", ROLES)
def test_running_a_scenario_and_overriding_costs_is_staff_only(users, who):
    candidate_set("s1")
    client = client_for(users[who])
    r = client.post(
        "/connectivitat/planificador/",
        {
            "candidates": "s1",
            "budget_eur": "90000",
            "balance_level": "comarca",
            "min_share": "0,5",  # a Catalan page: decimal comma
            "time_limit_s": "5",
            "mip_gap": "0",
        },
    )
    candidate = Candidate.objects.get(area_id_code="A1")
    o = client.post(
        f"/connectivitat/planificador/candidat/{candidate.pk}/cost/",
        {"cost_override_eur": "1000", "override_note": "quote"},
    )
    candidate.refresh_from_db()
    if staff_only(who):
        # The run is a background job (run at once by the tests' task backend): the answer
        # leads to the run's page, which leads to the saved scenario.
        s = Scenario.objects.get()
        job = PlannerJob.objects.get()
        assert r.status_code == 302 and r["Location"].endswith(f"/execucions/{job.pk}/")
        assert job.status == "done" and job.scenario == s and job.progress == 100
        assert sorted(s.result["selected"]) == ["A1", "A3"]
        assert candidate.effective_cost == 1000 and candidate.history.count() == 2
    else:
        assert r.status_code in (302, 403) and not Scenario.objects.exists()
        assert o.status_code in (302, 403) and candidate.cost_override_eur is None
        if who != "public":
            assert r.status_code == 403 and o.status_code == 403


def test_scenario_page_and_exports(board_user):
    s = make_scenario()
    client = client_for(board_user)
    html = (
        speaking(client, "en").get(f"/connectivitat/planificador/escenari/{s.pk}/").content.decode()
    )
    assert "Greedy" in html and "Osona" in html and "Garrotxa" in html
    csv_response = client.get(f"/connectivitat/planificador/escenari/{s.pk}/export.csv")
    xlsx_response = client.get(f"/connectivitat/planificador/escenari/{s.pk}/export.xlsx")
    # Streamed (CSV line by line; XLSX from openpyxl's write-only mode through a file).
    assert csv_response.streaming and xlsx_response.streaming
    assert xlsx_response["Content-Disposition"] == f'attachment; filename="scenario-{s.pk}.xlsx"'
    rows = csv_response.getvalue().decode().splitlines()
    assert rows[0].startswith("area_id,municipality")
    assert sorted(r.split(",")[0] for r in rows[1:]) == sorted(s.result["selected"])
    wb = load_workbook(io.BytesIO(xlsx_response.getvalue()))
    # The summary sheet is for people: labels and the outcome in words, figures as numbers.
    summary = {row[0].value: row[1].value for row in wb["Summary"].iter_rows()}
    assert summary["Outcome"] == "Optimal solution" and "optimal" not in summary.values()
    assert summary["Households covered"] == s.result["households_covered"]
    assert wb["Selection"].max_row == len(s.result["selected"]) + 1
    headings = [c.value for c in wb["Selection"][1]]
    assert headings[:3] == ["Area", "Municipality code", "Municipality"]
    catalan = client_for(board_user).get(f"/connectivitat/planificador/escenari/{s.pk}/export.xlsx")
    ca_book = load_workbook(io.BytesIO(catalan.getvalue()))
    assert ca_book.sheetnames == ["Selecció", "Resum"]  # sheet names in the reader's language
    ca_sheet = ca_book["Selecció"]
    assert [c.value for c in ca_sheet[1]][:2] == ["Àrea", "Codi del municipi"]
    classes = {row[7] for row in ca_sheet.iter_rows(min_row=2, values_only=True)}
    assert classes and classes <= {"blanc", "gris", "negre"}  # labels, not the stored codes
    assert client.get(f"/connectivitat/planificador/escenari/{s.pk}/export.pdf").status_code == 404
    cmp_html = client.get(f"/connectivitat/planificador/comparar/?id={s.pk}").content.decode()
    assert "Test" in cmp_html


def test_scenario_exports_write_hostile_text_as_text(board_user):
    s = make_scenario()
    Candidate.objects.filter(candidate_set=s.candidate_set).update(classification="=1+1")
    client = client_for(board_user)
    lines = client.get(f"/connectivitat/planificador/escenari/{s.pk}/export.csv").getvalue()
    rows = lines.decode().splitlines()[1:]
    assert rows and all(",'=1+1," in row for row in rows)
    wb = load_workbook(
        io.BytesIO(
            client.get(f"/connectivitat/planificador/escenari/{s.pk}/export.xlsx").getvalue()
        )
    )
    cells = [c for row in wb["Selecció"].iter_rows(min_row=2, values_only=True) for c in row]
    assert "'=1+1" in cells
    assert not [c for c in cells if isinstance(c, str) and c[:1] in ("=", "+", "-", "@")]


def test_scenario_page_speaks_by_comarca_with_formatted_figures(board_user):
    """Issue 15, point 6: budget and households per comarca, households per million euros for
    the optimum and greedy, the proven gap as a percentage; every figure in Catalan format."""
    import html as htmllib
    import re

    s = make_scenario()
    page = htmllib.unescape(
        client_for(board_user).get(f"/connectivitat/planificador/escenari/{s.pk}/").content.decode()
    )
    assert "Selecció per comarca" in page and "Llars per milió d'euros" in page
    table = page[
        page.index('id="by-comarca"') : page.index("</table>", page.index('id="by-comarca"'))
    ]
    assert "Osona" in table and "Garrotxa" in table
    r = s.result
    per_million = r["households_covered"] / (r["cost_eur"] / 1e6)
    from localret.core import formatting

    assert formatting.number(per_million, 1) in page
    assert re.search(r"\d+(\.\d{3})*\xa0€", table)  # money in the page's format
    gap = page[page.index('id="proven-gap">') :].split("<", 1)[0]
    assert gap.endswith("\xa0%"), gap
