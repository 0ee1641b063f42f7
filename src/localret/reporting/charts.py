"""Server-side SVG charts for the Board report (no JavaScript: they go into PDFs). NumPy,
no Django import. Every chart carries a <title> and <desc>; the report also prints the figures
in a table next to it (text alternative).

WeasyPrint lays out and draws every text node of an SVG through Pango, which is most of the
cost of a chart, so a chart has as few as it needs: the top and bottom of the value axis, and
the two ends of the time axis only when the report does not say them once for every chart
(``time_axis=False``, see :func:`time_span`). Figures follow the report's language through the
``number`` callable (Catalan ``1.022,23``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

import numpy as np

W, H = 420, 180
PAD_L, PAD_R, PAD_T, PAD_B = 48, 12, 12, 28
COLOURS = {"series": "#1f4e79", "baseline": "#6b6b6b", "target": "#1b6e20", "band": "#c9dcf0"}
#: ``number(value, decimals)`` -> the figure as people read it in the report's language.
Number = Callable[[float, int], str]


def catalan_number(value: float, decimals: int) -> str:
    """``1022.226, 2`` -> ``1.022,23`` (the default when no formatter is given)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def axis_label(value: float, number: Number = catalan_number) -> str:
    """A value-axis label: whole numbers from 10 up (and whole values), two decimals below."""
    decimals = 0 if abs(value) >= 10 or value == int(value) else 2
    text = number(value, decimals)
    return "0" if text in ("-0", "-0,00", "-0.00") else text


def time_span(
    series: Sequence[tuple[dt.date, float]],
    *extra: dt.date | None,
) -> tuple[dt.date, dt.date] | None:
    """The first and last date a chart of ``series`` spans (with the baseline and target dates
    and the as-of date passed in ``extra``), or None when it has none."""
    dates = [d for d, _ in series]
    dates.extend(d for d in extra if d is not None)
    return (min(dates), max(dates)) if dates else None


def thin(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points of a polyline that can be seen: when there are more than two per unit of
    width (a daily series of years in a chart 360 units wide), each unit-wide column keeps its
    first, lowest, highest and last point, in order, which draws the same line. WeasyPrint
    parses and strokes every point it is given. ``points`` are in order of x."""
    if not points or len(points) <= 2 * (points[-1][0] - points[0][0] + 1):
        return list(points)
    xy = np.asarray(points, dtype=float)
    return [points[i] for i in _visible(xy[:, 0], xy[:, 1])]


def _visible(px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """The indices :func:`thin` keeps, in order (vectorised: a series may have 10,000 points
    and a report 170 charts)."""
    column = np.floor(px).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
    ends = np.r_[starts[1:], column.size] - 1
    by_height = np.lexsort((py, column))  # per column (in order), lowest y first
    group_starts = np.flatnonzero(np.r_[True, column[by_height][1:] != column[by_height][:-1]])
    group_ends = np.r_[group_starts[1:], column.size] - 1
    lowest, highest = by_height[group_starts], by_height[group_ends]
    return np.unique(np.concatenate([starts, ends, lowest, highest]))


def line_chart(
    *,
    title: str,
    series: Sequence[tuple[dt.date, float]],
    baseline: float | None = None,
    baseline_date: dt.date | None = None,
    target: float | None = None,
    target_date: dt.date | None = None,
    forecast: tuple[float, float, float] | None = None,  # value, low, high at target_date
    as_of: dt.date | None = None,
    width: int = W,
    height: int = H,
    number: Number = catalan_number,
    time_axis: bool = True,
) -> str:
    """A line chart of an indicator's series with baseline and target lines and, when given,
    the forecast at the target date with its interval. Deterministic output.

    ``time_axis=False`` leaves out the dates at both ends of the time axis (the report states
    the span shared by its charts once)."""
    span = time_span(series, baseline_date, target_date, as_of)
    values = [v for _, v in series]
    for extra_v in (baseline, target):
        if extra_v is not None:
            values.append(extra_v)
    if forecast is not None:
        values.extend(v for v in forecast if v is not None)
    desc = f"{len(series)} points"
    if span is None or not values:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" role="img">'
            f"<title>{escape(title)}</title><desc>no data</desc>"
            f'<text x="4" y="24" font-size="11">—</text></svg>'
        )
    d0, d1 = span
    span_days = max(1, (d1 - d0).days)
    lo, hi = min(values), max(values)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    margin = (hi - lo) * 0.08
    lo, hi = lo - margin, hi + margin
    plot_w, plot_h = width - PAD_L - PAD_R, height - PAD_T - PAD_B

    def x(d: dt.date) -> float:
        return PAD_L + plot_w * (d - d0).days / span_days

    def y(v: float) -> float:
        return PAD_T + plot_h * (1 - (v - lo) / (hi - lo))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<rect x="{PAD_L}" y="{PAD_T}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        f'stroke="#bbb" stroke-width="0.5"/>',
    ]
    for v in (hi - margin, lo + margin):  # the highest and lowest value shown
        out.append(
            f'<text x="{PAD_L - 4}" y="{y(v) + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="#333">{escape(axis_label(v, number))}</text>'
        )
    if time_axis:
        out.append(
            f'<text x="{PAD_L}" y="{height - 8}" font-size="9" fill="#333">{d0:%Y-%m}</text>'
            f'<text x="{width - PAD_R}" y="{height - 8}" font-size="9" text-anchor="end" '
            f'fill="#333">{d1:%Y-%m}</text>'
        )
    if forecast is not None and target_date is not None and None not in forecast[1:]:
        _, flo, fhi = forecast
        out.append(
            f'<line x1="{x(target_date):.1f}" y1="{y(fhi):.1f}" x2="{x(target_date):.1f}" '
            f'y2="{y(flo):.1f}" stroke="{COLOURS["band"]}" stroke-width="8"/>'
        )
    if baseline is not None:
        out.append(
            f'<line x1="{PAD_L}" y1="{y(baseline):.1f}" x2="{width - PAD_R}" '
            f'y2="{y(baseline):.1f}" stroke="{COLOURS["baseline"]}" stroke-dasharray="4 3" '
            f'stroke-width="1"/>'
        )
    if target is not None:
        out.append(
            f'<line x1="{PAD_L}" y1="{y(target):.1f}" x2="{width - PAD_R}" y2="{y(target):.1f}" '
            f'stroke="{COLOURS["target"]}" stroke-dasharray="6 2" stroke-width="1.2"/>'
        )
    if series:
        if len(series) > 2 * plot_w:  # more points than can be seen: arrays, then thin
            days = np.fromiter(((d - d0).days for d, _ in series), float, len(series))
            vals = np.fromiter((v for _, v in series), float, len(series))
            px = PAD_L + plot_w * days / span_days
            py = PAD_T + plot_h * (1 - (vals - lo) / (hi - lo))
            keep = _visible(px, py)
            drawn = list(zip(px[keep].tolist(), py[keep].tolist(), strict=True))
        else:
            drawn = [(x(d), y(v)) for d, v in series]
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in drawn)
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{COLOURS["series"]}" '
            f'stroke-width="1.6"/>'
        )
        last_d, last_v = series[-1]
        out.append(
            f'<circle cx="{x(last_d):.1f}" cy="{y(last_v):.1f}" r="2.5" '
            f'fill="{COLOURS["series"]}"/>'
        )
    if forecast is not None and forecast[0] is not None and target_date and series:
        last_d, last_v = series[-1]
        out.append(
            f'<line x1="{x(last_d):.1f}" y1="{y(last_v):.1f}" x2="{x(target_date):.1f}" '
            f'y2="{y(forecast[0]):.1f}" stroke="{COLOURS["series"]}" stroke-dasharray="2 2"/>'
        )
    out.append("</svg>")
    return "".join(out)
