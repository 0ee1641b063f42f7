"""Issue 15, point 7: the Board report PDF looks finished: a cover with the as-of date and the
Board meeting the changes are counted from, a table of contents with page numbers, numbered
pages, charts, and row labels in the report's language."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from localret.reporting import charts, report, sources
from localret.strategy.models import ActionLine, Indicator, Measurement

from .factories import backdate, small_plan

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2021, 1, 31)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_cover_contents_and_page_numbers() -> None:
    plan = small_plan()
    pages = _pages(report.render_pdf(report.build(plan, AS_OF, "ca")))
    assert len(pages) >= 3
    cover = " ".join(pages[0].split())
    assert "Informe al Consell" in cover and plan.name in cover
    assert "31 de gener de 2021" in cover
    assert "consell" in cover.lower()  # since which Board meeting (or that none is recorded)
    toc = " ".join(pages[1].split())
    assert "Contingut" in toc
    # Each entry of the contents ends with the page it starts on.
    assert re.search(r"Resum\s*\.*\s*\d+", toc), toc
    # Numbered pages after the cover: "n / total".
    total = len(pages)
    assert f"2 / {total}" in pages[1]
    assert f"{total} / {total}" in pages[-1]


def test_summaries_speak_the_report_language() -> None:
    with translation.override("ca"):
        rows = sources.connectivity_summary(AS_OF)
    for label, *_figure in rows:
        assert "gigabit" not in label.lower() or "Llars" in label, label
        assert not label.startswith(("Households", "Deployment")), label


def _chart_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_charts_are_drawn_with_figures_in_the_report_language() -> None:
    plan = small_plan()
    line = ActionLine.objects.get(objective__plan=plan, code="1.2")
    big = Indicator.objects.create(
        code="pla-informe-IBIG",
        name="Llars amb fibra",
        action_line=line,
        baseline_value=Decimal(1000),
        baseline_date=dt.date(2020, 1, 1),
        target_value=Decimal("2500.5"),
        target_date=dt.date(2023, 12, 31),
    )
    for day, value in ((dt.date(2020, 6, 1), "1022.23"), (dt.date(2020, 10, 1), "1500")):
        Measurement.objects.create(indicator=big, date=day, value=Decimal(value))
    backdate()
    data = report.build(plan, AS_OF, "ca")
    pages = _pages(report.render_pdf(data))
    start = next(i for i, page in enumerate(pages) if "Gràfics dels indicadors" in page[-4000:])
    charts_text = " ".join(" ".join(pages[start:]).split())
    # Every indicator's chart is drawn: its value-axis labels are in the PDF's text (a chart
    # that WeasyPrint failed to draw would be missing, not an error).
    assert len(data["indicators"]) == 4
    for ind in data["indicators"]:
        labels = _chart_texts(ind["chart"])
        assert len(labels) == 2, labels  # top and bottom of the value axis, nothing else
        for label in labels:
            assert label in charts_text, (ind["code"], label)
    # Catalan figures: thousands with a dot, never a space.
    big_labels = _chart_texts(next(i for i in data["indicators"] if i["code"] == big.code)["chart"])
    assert "1.000" in big_labels, big_labels
    assert all(" " not in label and "\u202f" not in label for label in big_labels)
    # The time span every chart shares is said once, above the charts.
    assert data["chart_span"] == (dt.date(2020, 1, 1), dt.date(2023, 12, 31))
    assert "01/2020" in charts_text and "12/2023" in charts_text  # the span, read m/Y
    with translation.override("en"):
        english = report.build(plan, AS_OF, "en")
    english_big = next(i for i in english["indicators"] if i["code"] == big.code)
    assert "1,000" in _chart_texts(english_big["chart"])


def test_a_chart_over_its_own_dates_shows_them() -> None:
    series = [(dt.date(2021, 3, 1), 2.5), (dt.date(2022, 5, 1), 1022.226)]
    shared = charts.line_chart(title="t", series=series, time_axis=False)
    own = charts.line_chart(title="t", series=series)
    assert "2021-03" not in shared and "2022-05" not in shared
    assert "2021-03" in own and "2022-05" in own
    assert charts.axis_label(1022.226) == "1.022"
    assert charts.axis_label(2.5) == "2,50"
    assert charts.axis_label(-0.001) == "0"


def test_the_pdf_fetches_its_charts_and_nothing_else() -> None:
    from localret.reporting import pdf

    charts_ = ['<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>']
    images = pdf.ChartImages(charts_)
    assert images.fetch("chart:0").read().startswith(b"<svg")
    for url in ("file:///etc/hostname", "http://127.0.0.1/", "chart:x", "data:text/plain,x"):
        with pytest.raises(ValueError):
            images.fetch(url)
    with pytest.raises(IndexError):
        images.fetch("chart:1")
    # A document that names another address is still made: its alternative text instead.
    html = '<p>text</p><img src="file:///etc/hostname" alt="refused"><img src="chart:0" alt="c">'
    assert _pages(pdf.write_pdf(html, charts_))[0].split() == ["text", "refused"]


def test_a_long_series_is_drawn_with_the_points_that_can_be_seen() -> None:
    start = dt.date(1990, 1, 1)
    series = [(start + dt.timedelta(days=k), float((k * 37) % 1000)) for k in range(10_000)]
    svg = charts.line_chart(title="t", series=series)
    polyline = svg.split('<polyline points="')[1].split('"')[0]
    drawn = [tuple(map(float, p.split(","))) for p in polyline.split()]
    assert len(drawn) <= 4 * (charts.W - charts.PAD_L - charts.PAD_R + 1)
    assert drawn[0][0] == pytest.approx(charts.PAD_L, abs=0.05)
    assert drawn[-1][0] == pytest.approx(charts.W - charts.PAD_R, abs=0.05)
    # thin(): per unit-wide column, both ends and the lowest and highest point, in order.
    points = [(0.013 * k, float((k * 37) % 101)) for k in range(5_000)]
    kept = charts.thin(points)
    assert len(kept) <= 4 * 66 and kept[0] == points[0] and kept[-1] == points[-1]
    assert kept == sorted(kept)  # in order of x
    assert set(kept) <= set(points)
    for column in {int(x) for x, _ in points}:
        inside = [p for p in points if int(p[0]) == column]
        shown = [p for p in kept if int(p[0]) == column]
        assert shown[0] == inside[0] and shown[-1] == inside[-1]
        assert min(y for _, y in shown) == min(y for _, y in inside)
        assert max(y for _, y in shown) == max(y for _, y in inside)
    # A short series is drawn point by point.
    few = [(0.0, 1.0), (0.2, 2.0), (0.4, 0.5), (5.0, 3.0)]
    assert charts.thin(few) == few
