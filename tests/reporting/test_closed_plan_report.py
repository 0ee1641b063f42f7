"""Issue 15, points 5 and 7: the Board report of a closed plan is an evaluation, not a forecast.

Its indicators are achieved / partly achieved / not achieved (never "at risk", "on track" or "off
track"), each indicator's status and probability are the API's, no projection is printed, and a
report asked for after the plan's end shows the plan at its end and says so on its cover. The
same date is chosen by the page, the job API, the download address and the command."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from localret.reporting import report, sources
from localret.reporting.models import ReportJob
from localret.strategy import interface as strategy
from tests.conftest import api_client, client_for
from tests.strategy.factories import CLOSED_END, make_closed_plan

pytestmark = pytest.mark.django_db

END = CLOSED_END
FORECAST_STATUSES = ("on_track", "at_risk", "off_track")
EVALUATED_STATUSES = ("achieved", "partly_achieved", "not_achieved", "no_data")


@pytest.fixture
def closed_plan(staff_user: Any) -> Any:
    """Closed in December 2023, ended on 31 October 2023: one indicator achieved, two partly
    achieved (one past its own target date), one not achieved."""
    return make_closed_plan(staff_user, "tc")


def _api_indicators(user: Any, as_of: dt.date) -> dict[str, dict[str, Any]]:
    """What the API says of each indicator at ``as_of``: its status (the plan tree's and the
    indicator's own, which must agree) and probability of reaching the target."""
    client = api_client(user)
    tree = client.get(f"/api/v1/plans/tc?as_of={as_of}").json()
    out = {}
    for objective in tree["objectives"]:
        for line in objective["action_lines"]:
            for node in line["indicators"]:
                one = client.get(f"/api/v1/indicators/{node['code']}?as_of={as_of}").json()
                assert one["status"] == node["status"], node["code"]
                forecast = one["forecast"]
                out[node["code"]] = {
                    "status": node["status"],
                    "probability": forecast and forecast["probability_of_target"],
                }
    return out


def _pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.mark.usefixtures("closed_plan")
def test_every_way_to_ask_for_the_report_shows_a_closed_plan_at_its_end(
    staff_user: Any, board_user: Any, tmp_path: Any
) -> None:
    plan = sources.plan_get("tc")
    assert sources.report_as_of(plan) == END  # today (December 2026) is after the end
    assert sources.report_as_of(plan, dt.date(2024, 5, 1)) == END
    assert sources.report_as_of(plan, dt.date(2022, 6, 30)) == dt.date(2022, 6, 30)
    # The job API without a date (its answer keeps its shape: the date it shows).
    job = api_client(board_user).post(
        "/api/v1/reports/jobs", {"plan": "tc"}, content_type="application/json"
    )
    assert job.status_code == 202 and job.json()["as_of"] == "2023-10-31"
    # The /informes/ page sends the last quarter's end.
    page = client_for(board_user).post(
        "/informes/", {"plan": "tc", "as_of": "2026-09-30", "format": "xlsx"}
    )
    assert page.status_code == 302
    assert ReportJob.objects.order_by("-pk").first().as_of == END  # type: ignore[union-attr]
    # The download address, without a date.
    download = client_for(board_user).get("/reports/plans/tc.xlsx")
    assert 'filename="tc-2023-10-31.xlsx"' in download["Content-Disposition"]
    # The command, without --as-of.
    out = StringIO()
    call_command("board_report", plan="tc", output=str(tmp_path / "r.pdf"), stdout=out)
    cover = PdfReader(io.BytesIO((tmp_path / "r.pdf").read_bytes())).pages[0].extract_text()
    cover = " ".join(cover.split())
    assert "A data de 31 d'octubre de 2023" in cover
    assert "Pla tancat: s'avalua respecte dels seus objectius en aquesta data" in cover


@pytest.mark.usefixtures("closed_plan")
def test_the_pdf_of_a_closed_plan_says_each_indicators_status_and_probability_as_the_api(
    staff_user: Any, board_user: Any
) -> None:
    api = _api_indicators(staff_user, END)
    assert {v["status"] for v in api.values()} >= {"achieved", "partly_achieved", "not_achieved"}
    assert api["tc-A"]["probability"] == 1.0 and api["tc-P"]["probability"] == 0.0
    response = client_for(board_user).get("/reports/plans/tc.pdf?lang=ca")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "A data de 31 d'octubre de 2023" in text
    with translation.override("ca"):
        for status in FORECAST_STATUSES:
            assert str(report.STATUS_LABELS[status]) not in text, status
        table = text[text.index("cada indicador es valora pel seu darrer valor") :]
        table = table[: table.index("Gràfics dels indicadors")]
        rows = {code: table.index(f"{code} Indicador {code}") for code in api}
        ends = sorted(rows.values()) + [len(table)]
        for code, start in rows.items():
            row = table[start : ends[ends.index(start) + 1]]
            label = str(report.STATUS_LABELS[api[code]["status"]])
            probability = report.pct(api[code]["probability"]).replace("\xa0", " ")
            assert f"{label} {probability}" in row, row
    assert "[" not in table  # no projection interval is printed for a closed plan


@pytest.mark.usefixtures("closed_plan")
def test_the_xlsx_of_a_closed_plan_holds_the_apis_status_and_probability(
    staff_user: Any, board_user: Any
) -> None:
    api = _api_indicators(staff_user, END)
    response = client_for(board_user).get("/reports/plans/tc.xlsx?as_of=2023-12-31&lang=ca")
    assert 'filename="tc-2023-10-31.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    summary = {r[0]: r[1] for r in wb["Resum"].iter_rows(min_row=2, values_only=True)}
    assert summary["A data de"].date() == END
    rows = {r[0]: r for r in wb["Indicadors"].iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(api)
    with translation.override("ca"):
        for code, row in rows.items():
            assert row[10] == str(report.STATUS_LABELS[api[code]["status"]]), code
            assert row[14] == api[code]["probability"], code
            assert row[11:14] == (None, None, None), code  # no projection
        labels = {row[10] for row in rows.values()}
        assert not labels & {str(report.STATUS_LABELS[s]) for s in FORECAST_STATUSES}


@pytest.mark.usefixtures("closed_plan")
def test_the_read_model_of_a_closed_plan_is_the_apis(staff_user: Any) -> None:
    plan = sources.plan_get("tc")
    api = _api_indicators(staff_user, END)
    rows = strategy.indicator_rows(plan, END)
    assert all(r["evaluated"] for r in rows) and strategy.plan_outline(plan, END)["evaluated"]
    for row in rows:
        assert row["status"] in EVALUATED_STATUSES
        assert row["status"] == api[row["code"]]["status"]
        assert row["forecast"]["probability_of_target"] == api[row["code"]]["probability"]


@pytest.mark.usefixtures("closed_plan")
def test_before_its_end_the_closed_plans_report_still_forecasts(staff_user: Any) -> None:
    """At a date when the plan was running, the report shows it as it was then: forecast."""
    plan = sources.plan_get("tc")
    as_of = dt.date(2022, 6, 30)
    data = report.build(plan, as_of, "ca")
    assert not data["evaluated"]
    assert {i["status"] for i in data["indicators"]} & set(FORECAST_STATUSES)
    api = _api_indicators(staff_user, as_of)
    for ind in data["indicators"]:
        assert ind["status"] == api[ind["code"]]["status"]
        expected = api[ind["code"]]["probability"]
        got = ind["forecast"]["probability_of_target"]
        assert got is None if expected is None else got == pytest.approx(expected)
