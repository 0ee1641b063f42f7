"""Reads of measurements: the series of an indicator and the warnings on a new value."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import FloatField
from django.db.models.functions import Cast

from localret.core.asof import history_as_of

from .. import progress as pg
from .. import publication
from ..models import Indicator, Measurement
from .plans import end_of_day, is_live


def measurement_points(
    indicator_ids: Sequence[int], as_of: dt.date, known_then: bool = False
) -> dict[int, list[tuple[dt.date, int | None, float]]]:
    """(date, municipality id, value) per indicator, dated up to ``as_of`` (what is recorded
    now, late entries and corrections included). With ``known_then``, only what had been
    recorded by the end of ``as_of`` (the audit history): what a reader saw that day, as the
    Board's "what changed" compares. One query for any number of indicators; the bulk read of
    reporting and of the plan tree."""
    if not known_then or is_live(as_of):
        qs: Any = Measurement.objects.filter(indicator_id__in=indicator_ids, date__lte=as_of)
    else:
        qs = history_as_of(Measurement, end_of_day(as_of)).filter(
            indicator_id__in=indicator_ids, date__lte=as_of
        )
    # Aggregates only: a confidential indicator's series is its own totals (publication.py).
    qs = publication.aggregate_measurements(qs)
    out: dict[int, list[tuple[dt.date, int | None, float]]] = defaultdict(list)
    # Cast in SQL: converting thousands of Decimals in Python dominates the page's cost.
    rows = qs.annotate(fvalue=Cast("value", FloatField())).values_list(
        "indicator_id", "date", "municipality_id", "fvalue"
    )
    for ind, date, muni, value in rows:
        out[ind].append((date, muni, value))
    return out


def latest_values(indicators: Iterable[Indicator], as_of: dt.date) -> dict[int, float | None]:
    """The latest (aggregated) value of each indicator up to ``as_of``. One query."""
    indicators = list(indicators)
    points = measurement_points([i.pk for i in indicators], as_of)
    out: dict[int, float | None] = {}
    for ind in indicators:
        series = pg.indicator_series(points.get(ind.pk, []), ind.aggregation)
        out[ind.pk] = series[-1][1] if series else None
    return out


def _earlier_values(
    indicator: Any, date: dt.date, municipality: Any, exclude_id: int | None
) -> list[float]:
    earlier = Measurement.objects.filter(
        indicator=indicator, municipality=municipality, date__lt=date
    )
    if exclude_id is not None:
        earlier = earlier.exclude(pk=exclude_id)
    return [float(v) for v in earlier.order_by("date").values_list("value", flat=True)]


def measurement_warnings(
    *,
    indicator: Any,
    date: dt.date,
    value: Any,
    municipality: Any = None,
    exclude_id: int | None = None,
) -> list[str]:
    """Warnings (not refusals) about a value about to be recorded: far from the series of the
    same indicator and municipality up to its date."""
    from .. import plausibility

    try:
        number = float(plausibility.normalize(value))
    except plausibility.InvalidValue:
        return []
    warning = plausibility.jump(number, _earlier_values(indicator, date, municipality, exclude_id))
    return [warning] if warning else []


def measurement_jump_from(
    *,
    indicator: Any,
    date: dt.date,
    value: Any,
    municipality: Any = None,
    exclude_id: int | None = None,
) -> float | None:
    """The last earlier value when ``value`` jumps far from the series (the pages word their
    own warning with it), else None."""
    from .. import plausibility

    try:
        number = float(plausibility.normalize(value))
    except plausibility.InvalidValue:
        return None
    series = _earlier_values(indicator, date, municipality, exclude_id)
    return series[-1] if plausibility.jump(number, series) else None
