"""The Board report of a plan at an as-of date: one data structure (``build``) rendered to PDF
(WeasyPrint) and XLSX (openpyxl). Reproducible: the content depends only on the plan, the
as-of date, the language and the data as they stood at that date; no "now" appears in it.
Every figure of the plan comes from strategy's read model (``plan_outline``,
``indicator_rows``), so the report's numbers are the dashboard's for the same date. A closed
plan is evaluated, not forecast (``evaluated``): its statuses are achieved / partly achieved /
not achieved and each indicator's probability agrees with its status, as in the API; no
projection is drawn or printed, only that probability. The date shown is chosen by
``sources.report_as_of`` (a closed plan: at most its end) and printed on the cover."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from localret.core import cache as data_cache
from localret.core import formatting
from localret.core.export import safe_row
from localret.core.versions import EVERY
from localret.governance import interface as governance
from localret.strategy import interface as strategy
from localret.strategy.interface import ProgressStatus

from . import charts, sources

Progress = Callable[[int, str], None]

STATUS_LABELS = {s.value: s.label for s in ProgressStatus}
# The statuses whose reason is printed: behind schedule, or a closed plan's target missed.
AMBER_RED = ("at_risk", "off_track", "partly_achieved", "not_achieved")
# Thousands grouped, two decimals: Excel and LibreOffice show it in the reader's locale.
XLSX_NUMBER_FORMAT = "#,##0.00"
# The number format of a summary figure by its kind (sources.Figure.kind).
XLSX_FIGURE_FORMATS = {"percent": "0.0%", "money": '#,##0 "€"'}
CHART_WIDTH, CHART_HEIGHT = 340, 130


def pct(value: float | None) -> str:
    """How the report prints a progress ratio (also used by the tests to compare)."""
    return formatting.percent(value, 1)


def num(value: float | None) -> str:
    return formatting.number(value)


def _noop(percent: int, step: str) -> None:
    return None


def build(plan: Any, as_of: dt.date, language: str, progress: Progress = _noop) -> dict:
    """Everything the report shows, as plain data."""
    with translation.override(language):
        progress(5, "plan")
        tree = strategy.plan_outline(plan, as_of)
        # A closed plan: judged on its final values, no projection shown (only the probability,
        # which agrees with the status).
        evaluated = bool(tree.get("evaluated"))
        progress(30, "indicators")
        indicators = strategy.indicator_rows(plan, as_of)
        spans = [
            charts.time_span(ind["measurements"], ind["baseline_date"], ind["target_date"], as_of)
            for ind in indicators
        ]
        # The time span most charts share is said once, above the charts; a chart drawn over
        # another span carries its own dates (charts.py: each text node costs layout time).
        shared_span = Counter(s for s in spans if s).most_common(1)
        chart_span = shared_span[0][0] if shared_span else None
        for ind, span in zip(indicators, spans, strict=True):
            fc = ind["forecast"]
            ind["chart_alt"] = f"{ind['code']} {ind['name']}"
            # The SVG itself: the PDF fetches it by a short address (``chart:n``, pdf.py).
            ind["chart"] = charts.line_chart(
                title=ind["chart_alt"],
                series=ind["measurements"],
                baseline=ind["baseline_value"],
                baseline_date=ind["baseline_date"],
                target=ind["target_value"],
                target_date=ind["target_date"],
                forecast=(fc["value_at_target_date"], fc["low"], fc["high"])
                if fc and fc["value_at_target_date"] is not None and not evaluated
                else None,
                as_of=as_of,
                width=CHART_WIDTH,
                height=CHART_HEIGHT,
                number=formatting.number,
                time_axis=span != chart_span,
            )
            ind["status_label"] = str(STATUS_LABELS.get(ind["status"], ind["status"]))
            ind["progress_text"] = pct(ind["progress"])
            for key in ("baseline_value", "target_value", "current"):
                ind[f"{key}_text"] = num(ind[key])
            ind["forecast_text"] = _forecast_text(fc, evaluated)
            ind["forecast_reason"] = (fc or {}).get("reason") or ""
        progress(60, "changes")
        previous = governance.previous_board_meeting(as_of)
        changes = sources.changes_since(plan, previous, as_of)
        for change in changes:
            change["before_label"] = str(STATUS_LABELS.get(change["before"], change["before"]))
            change["after_label"] = str(STATUS_LABELS.get(change["after"], change["after"]))
        progress(75, "follow-up")
        follow_ups = governance.pending_follow_ups(as_of)
        progress(85, "maturity and connectivity")
        counts: Counter[str] = Counter()
        for objective in tree["objectives"]:
            for node in [objective, *objective["action_lines"]]:
                node["status_label"] = str(STATUS_LABELS.get(node["status"], node["status"]))
                node["amber_red"] = node["status"] in AMBER_RED
                node["progress_text"] = pct(node["progress"])
                node["expected_text"] = pct(node["expected_progress"])
                counts[node["status"]] += 1
        return {
            "plan": {
                "slug": plan.slug,
                "name": plan.name,
                "status": tree["status_of_plan"],
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "is_demo": bool(getattr(plan, "is_demo", False)),
            },
            "as_of": as_of,
            "evaluated": evaluated,
            "certain": pct(1.0),
            "nil": pct(0.0),
            "language": language,
            "summary": {
                "progress": tree["progress"],
                "expected_progress": tree["expected_progress"],
                "status": tree["status"],
                "status_label": str(STATUS_LABELS.get(tree["status"], tree["status"])),
                "progress_text": pct(tree["progress"]),
                "expected_text": pct(tree["expected_progress"]),
                "counts": [(str(STATUS_LABELS[s]), counts[s]) for s in STATUS_LABELS if counts[s]],
                "indicators": len(indicators),
            },
            "objectives": tree["objectives"],
            "indicators": indicators,
            "chart_span": chart_span,
            "previous_board_meeting": previous,
            "changes": changes,
            "follow_ups": follow_ups,
            "maturity": sources.maturity_summary(as_of),
            "connectivity": sources.connectivity_summary(as_of),
        }


def _forecast_text(fc: dict[str, Any] | None, evaluated: bool) -> dict[str, str] | None:
    """The forecast cell: value, interval and probability; in an evaluated plan the
    probability alone (no projection). None: no forecast (insufficient data)."""
    if not fc or fc["value_at_target_date"] is None:
        return None
    if evaluated:
        return {"probability": pct(fc["probability_of_target"])}
    return {
        "value": num(fc["value_at_target_date"]),
        "low": num(fc["low"]),
        "high": num(fc["high"]),
        "probability": pct(fc["probability_of_target"]),
    }


def render_html(data: dict) -> str:
    with translation.override(data["language"]):
        return render_to_string(
            "reporting/board_report.html", {"r": data, "pct": pct, "LANG": data["language"]}
        )


def render_pdf(data: dict) -> bytes:
    from . import pdf  # WeasyPrint: imported where a PDF is made (the worker warms it up)

    html = render_html(data)
    return pdf.write_pdf(html, [i["chart"] for i in data["indicators"]])


def _xlsx_format(value: Any, percent: bool) -> str | None:
    """The number format of a cell (the spreadsheet shows it in its reader's locale)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return "DD/MM/YYYY"
    if isinstance(value, int | float | Decimal):
        if percent:
            return "0.0%"
        return "#,##0" if isinstance(value, int) or value == int(value) else XLSX_NUMBER_FORMAT
    return None


def render_xlsx(data: dict) -> bytes:
    """The report as a spreadsheet, written with openpyxl's write-only mode: rows go to the
    file as they come (the measurements sheet may hold every measurement of the plan)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    stamp = dt.datetime.combine(data["as_of"], dt.time(0, 0))
    bold = Font(bold=True)
    with translation.override(data["language"]):
        wb = Workbook(write_only=True)
        wb.properties.creator = "Localret"
        wb.properties.created = stamp
        wb.properties.modified = stamp
        wb.properties.title = f"{data['plan']['name']} — {data['as_of']:%Y-%m-%d}"

        def sheet(
            title: str,
            header: list[str],
            rows: list[list[Any]],
            percent: tuple[int, ...] = (),
            formats: dict[int, str | None] | None = None,
        ) -> None:
            """One sheet: translated headings in bold, real numbers and dates with a number
            format; ``percent``: the columns (0-based) that hold ratios; ``formats``: a number
            format for the numbers of some rows (by index). Text is neutralised
            (``core.export``)."""
            ws = wb.create_sheet(title[:31])
            ws.freeze_panes = "A2"
            heading = []
            for name in header:
                cell = WriteOnlyCell(ws, value=name)
                cell.font = bold
                heading.append(cell)
            ws.append(heading)
            for index, row in enumerate(rows):
                cells: list[Any] = []
                for column, value in enumerate(safe_row(row)):
                    number_format = (
                        (formats or {}).get(index) if isinstance(value, int | float) else None
                    ) or _xlsx_format(value, column in percent)
                    if number_format is None:
                        cells.append(value)
                    else:
                        cell = WriteOnlyCell(ws, value=value)
                        cell.number_format = number_format
                        cells.append(cell)
                ws.append(cells)

        s = data["summary"]
        sheet(
            _("Summary"),
            [_("Field"), _("Value")],
            [
                [_("Plan"), data["plan"]["name"]],
                [_("Plan slug"), data["plan"]["slug"]],
                [_("As of"), data["as_of"]],
                [_("Progress"), s["progress"]],
                [_("Expected progress"), s["expected_progress"]],
                [_("Status"), s["status_label"]],
                [_("Previous Board meeting"), data["previous_board_meeting"]],
                [_("Indicators"), s["indicators"]],
            ]
            + ([[_("Demo data"), _("Yes")]] if data["plan"]["is_demo"] else []),
        )
        node_rows = []
        for o in data["objectives"]:
            for node in [o, *o["action_lines"]]:
                node_rows.append(
                    [
                        _("Objective") if node["kind"] == "objective" else _("Action line"),
                        node["code"],
                        node["name"],
                        node["progress"],
                        node["expected_progress"],
                        node["status_label"],
                        node["reason"] if node["amber_red"] else "",
                    ]
                )
        sheet(
            _("Objectives and lines"),
            [
                _("Level"),
                _("Code"),
                _("Name"),
                _("Progress"),
                _("Expected progress"),
                _("Status"),
                _("Reason"),
            ],
            node_rows,
            percent=(3, 4),
        )
        ind_rows = []
        meas_rows: list[list[Any]] = []
        for i in data["indicators"]:
            fc = i["forecast"] or {}
            # A closed plan: no projection, only the probability (which agrees with the status).
            projection = {} if data.get("evaluated") else fc
            ind_rows.append(
                [
                    i["code"],
                    i["name"],
                    i["unit"],
                    i["action_line"],
                    i["baseline_value"],
                    i["baseline_date"],
                    i["target_value"],
                    i["target_date"],
                    i["current"],
                    i["progress"],
                    i["status_label"],
                    projection.get("value_at_target_date"),
                    projection.get("low"),
                    projection.get("high"),
                    fc.get("probability_of_target"),
                ]
            )
            meas_rows.extend([i["code"], d, v] for d, v in i["measurements"])
        sheet(
            _("Indicators"),
            [
                _("Code"),
                _("Name"),
                _("Unit"),
                _("Action line"),
                _("Baseline"),
                _("Baseline date"),
                _("Target"),
                _("Target date"),
                _("Current value"),
                _("Progress"),
                _("Status"),
                _("Forecast at target date"),
                _("Forecast low"),
                _("Forecast high"),
                _("Probability of reaching the target"),
            ],
            ind_rows,
            percent=(9, 14),
        )
        sheet(_("Measurements"), [_("Indicator"), _("Date"), _("Value")], meas_rows)
        sheet(
            _("Changes"),
            [_("Code"), _("Name"), _("Before"), _("After")],
            [[c["code"], c["name"], c["before_label"], c["after_label"]] for c in data["changes"]],
        )
        sheet(
            _("Pending follow-up"),
            [_("Agreement"), _("Task"), _("Due date"), _("Overdue")],
            [
                [f["agreement"], f["task"], f["due_date"], _("Yes") if f["overdue"] else _("No")]
                for f in data["follow_ups"]
            ],
        )
        # Summaries: the figures as numbers (a ratio with the percent format, euros as money).
        for title, figures in (
            (_("Maturity"), data["maturity"]),
            (_("Connectivity"), data["connectivity"]),
        ):
            sheet(
                title,
                [_("Figure"), _("Value")],
                [[f.label, f.value] for f in figures],
                formats={i: XLSX_FIGURE_FORMATS.get(f.kind) for i, f in enumerate(figures)},
            )
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()


def generate(plan: Any, as_of: dt.date, language: str, fmt: str, progress: Progress = _noop):
    data = build(plan, as_of, language, progress)
    progress(90, "render")
    content = render_pdf(data) if fmt == "pdf" else render_xlsx(data)
    progress(100, "done")
    return content


def document(plan: Any, as_of: dt.date, language: str, fmt: str, progress: Progress = _noop):
    """The report's file as :func:`generate` makes it, built once per data version: the report
    depends only on the plan, the date, the language and the data (reproducible), so the same
    request after no write (another Board member, a second click) is read from the cache, and
    any write, to any domain a public figure reads, gives a new key (``reads=EVERY``,
    core/cache.py)."""
    return data_cache.cached(
        "reporting:board-report",
        reads=EVERY,
        parts=(plan.pk, plan.slug, as_of, language, fmt),
        build=lambda: generate(plan, as_of, language, fmt, progress),
    )
