"""The plan's read model: :func:`plan_snapshot`, the typed tree (:class:`selectors.PlanTree`)
with every node's progress, expected progress, status and explanation, as of a date.

It is computed once per data version (core/cache.py) and read from the cache afterwards, in
two layers so that a change recomputes only what it touched:

- the plan's *structure* (objectives, lines, initiatives, indicators and milestones as they
  stood at the date) reads the ``strategy`` domain only: entering a measurement, the most
  frequent write, leaves it cached;
- the *tree* reads the structure and the measurements (``strategy`` and
  ``strategy_measurements``): it is computed from the cached structure and one query of the
  measurements, aggregated per indicator (see :func:`selectors.build_tree`).

The as-of-then reading of the Board's "what changed" (``known_then``) is not cached here: it
reads the audit history of measurements and is computed by :func:`selectors.plan_tree`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection

from localret.core import cache

from . import computed, selectors
from .models import Indicator, Measurement, Plan

STRUCTURE_READS = ("strategy",)
#: The domains a value computed from the plan and its measurements reads.
READS = ("strategy", "strategy_measurements")


def plan_structure(plan: Plan, as_of: dt.date) -> selectors.Structure:
    """The plan's structure at ``as_of``, computed once per version of the plan's data.

    Raises :class:`selectors.PlanNotFound` (not cached) when the plan did not exist then."""
    live = selectors.is_live(as_of)
    return cache.cached(
        "strategy:structure",
        reads=STRUCTURE_READS,
        parts=(plan.pk, None if live else as_of),
        build=lambda: selectors.plan_structure(plan, as_of),
        local=True,
    )


def plan_snapshot(plan: Plan, as_of: dt.date | None = None) -> selectors.PlanTree:
    """The plan as it stood at ``as_of`` (default today), with progress, status and explanation
    of every node. The same value as ``selectors.plan_tree(plan, as_of)``, computed once per
    data version.

    Raises :class:`selectors.PlanNotFound` when the plan did not exist at ``as_of``."""
    as_of = as_of or selectors.today()

    def build() -> selectors.PlanTree:
        structure = plan_structure(plan, as_of)
        points = measurement_points([i.pk for i in structure.indicators], as_of)
        root = selectors.build_tree(
            structure,
            points,
            as_of,
            evaluated=selectors.is_evaluated(plan, structure.plan, as_of),
        )
        return selectors.PlanTree(
            plan=structure.plan,
            as_of=as_of,
            live=selectors.is_live(as_of),
            values=structure.values,
            root=root,
            thresholds=selectors.thresholds_of(structure.plan),
        )

    return cache.cached(
        "strategy:snapshot", reads=READS, parts=(plan.pk, as_of), build=build, local=True
    )


def measurement_points(
    indicator_ids: Sequence[int], as_of: dt.date
) -> dict[int, list[tuple[dt.date, int | None, float]]]:
    """``selectors.measurement_points`` (what is recorded now, dated up to ``as_of``, without
    the per-municipality rows of confidential indicators: ``publication.aggregate_measurements``)
    in one plain SQL query: values cast to floating point by the database, dates parsed once
    per distinct date, no ORM row conversion (for a few thousand rows that conversion is most
    of the cold plan's cost)."""
    out: dict[int, list[tuple[dt.date, int | None, float]]] = defaultdict(list)
    if not indicator_ids:
        return out
    table = connection.ops.quote_name(Measurement._meta.db_table)
    sqlite = connection.vendor == "sqlite"
    real = "REAL" if sqlite else "double precision"
    # SQLite keeps dates as text: read them as text (no converter per row), parse each once.
    date = "CAST(date AS TEXT)" if sqlite else "date"
    marks = ", ".join(["%s"] * len(indicator_ids))
    sql = (
        f"SELECT indicator_id, {date}, municipality_id, CAST(value AS {real}) FROM {table} "  # noqa: S608
        f"WHERE indicator_id IN ({marks}) AND date <= %s"
    )
    params: list[Any] = [*indicator_ids, as_of]
    confidential = list(computed.confidential().values())
    if confidential:  # publication.aggregate_measurements, in the same query
        keys = [entry.key for entry in confidential]
        notes = [entry.source_note for entry in confidential]
        indicators = connection.ops.quote_name(Indicator._meta.db_table)
        key_marks = ", ".join(["%s"] * len(keys))
        note_marks = ", ".join(["%s"] * len(notes))
        sql += (  # only quoted names and placeholders are formatted in
            f" AND NOT (municipality_id IS NOT NULL AND (indicator_id IN (SELECT id FROM "  # noqa: S608
            f"{indicators} WHERE computed_key IN ({key_marks})) OR source IN ({note_marks})))"
        )
        params += [*keys, *notes]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[Any] = cursor.fetchall()
    dates: dict[Any, dt.date] = {}
    parse = dt.date.fromisoformat
    for ind, day, muni, value in rows:
        when = dates.get(day)
        if when is None:
            when = dates[day] = parse(day) if isinstance(day, str) else day
        out[ind].append((when, muni, value))
    return out
