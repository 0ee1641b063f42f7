"""Reads of one indicator: its plan, values by municipality and series, with forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from localret.core.asof import history_as_of

from .. import computed, publication
from .. import forecast as fc
from ..models import Indicator, Measurement, Milestone, Plan
from .plans import (
    PUBLIC_STATUSES,
    PlanNotFound,
    can_see_drafts,
    end_of_day,
    is_live,
    thresholds_of,
    today,
)
from .tree import _f, indicator_state, is_evaluated, judged

# --- One indicator ------------------------------------------------------------------------------


def indicator_get(code: str, user: Any) -> Indicator | None:
    """The indicator with this code if the user may read its plan."""
    ind = (
        Indicator.objects.select_related(
            "action_line__objective__plan", "initiative__action_line__objective__plan"
        )
        .filter(code=code)
        .first()
    )
    if ind is None:
        return None
    plan = indicator_plan(ind)
    if plan.status not in PUBLIC_STATUSES and not can_see_drafts(user):
        return None
    return ind


def indicator_plan(ind: Indicator) -> Plan:
    line = ind.action_line or (ind.initiative.action_line if ind.initiative else None)
    assert line is not None  # noqa: S101 - narrows the type; always true here
    return line.objective.plan


@dataclass
class MunicipalValue:
    code: str
    name: str
    value: float
    date: dt.date


@dataclass
class MeasurementRow:
    id: int
    date: dt.date
    value: float
    municipality: str  # INE code or ""
    municipality_name: str
    source: str


@dataclass
class IndicatorDetail:
    indicator: Any  # as it stood at as_of
    plan: Any
    action_line: Any
    initiative: Any
    as_of: dt.date
    measurements: list[MeasurementRow]
    series: list[tuple[dt.date, float]]
    milestones: list[tuple[dt.date, float]]
    current_value: float | None
    baseline_value: float | None
    baseline_date: dt.date
    target_value: float | None
    target_date: dt.date
    progress: float | None
    expected_progress: float | None
    status: str
    forecast: fc.Forecast
    by_municipality: list[MunicipalValue]
    defined_later: bool = False  # recorded after as_of: shown with its first definition

    @property
    def progress_pct(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def expected_pct(self) -> int | None:
        return None if self.expected_progress is None else round(self.expected_progress * 100)


def _first_recorded(model: Any, pk: int) -> Any:
    """The moment ``model``'s object ``pk`` was first recorded in its history, or None."""
    return (
        model.history.filter(**{model._meta.pk.attname: pk})
        .order_by("history_date", "history_id")
        .values_list("history_date", flat=True)
        .first()
    )


def indicator_detail(
    indicator: Indicator, as_of: dt.date | None = None, *, viewer: Any = None
) -> IndicatorDetail:
    """One indicator as of a date: its definition as it stood then (audit history), the
    measurements dated up to then, progress, status, forecast and the latest value of each
    municipality that ``viewer`` may read (``publication.visible_measurements``: without a
    viewer, what the public may read).

    An indicator recorded after ``as_of`` (defined later, its series entered afterwards) is
    shown with its definition as first recorded, and ``defined_later`` is True: the figures
    dated up to ``as_of`` are still meaningful. The plan tree, by contrast, leaves it out."""
    from localret.territory.interface import Municipality

    as_of = as_of or today()
    live = is_live(as_of)
    plan = indicator_plan(indicator)
    defined_later = False
    if live:
        ind: Any = indicator
        plan_then: Any = plan
        ms_rows = list(indicator.milestones.values_list("date", "value"))
    else:
        when = end_of_day(as_of)
        # The plan as it stood on as_of: its status then says who may read it (the caller
        # checks), and a plan that did not exist yet has no indicator to show.
        plan_then = history_as_of(Plan, when).filter(id=plan.pk).first()
        if plan_then is None:
            raise PlanNotFound(f"The plan did not exist on {as_of.isoformat()}")
        ind = history_as_of(Indicator, when).filter(id=indicator.pk).first()
        if ind is None:
            first = _first_recorded(Indicator, indicator.pk)
            if first is None:  # no history at all (rows made without it): the live definition
                first = timezone.now()
            defined_later = True
            when = max(when, first)
            ind = history_as_of(Indicator, when).filter(id=indicator.pk).first() or indicator
        ms_rows = list(
            history_as_of(Milestone, when)
            .filter(indicator_id=indicator.pk)
            .values_list("date", "value")
        )
    mqs = publication.visible_measurements(
        Measurement.objects.filter(indicator=indicator, date__lte=as_of), viewer
    )
    rows = list(mqs.values_list("date", "value", "municipality_id", "source", "id"))
    # The series of a confidential indicator comes from its totals only (as the plan tree's).
    confidential_notes = {e.source_note for e in computed.confidential().values()}
    confidential = publication.is_confidential(indicator)
    muni_ids = {r[2] for r in rows if r[2] is not None}
    munis = {
        m.pk: m for m in Municipality.objects.filter(pk__in=muni_ids).only("pk", "code", "name")
    }
    milestones = sorted((d, float(v)) for d, v in ms_rows)
    points = [(d, m, float(v)) for d, v, m, *_ in rows]
    aggregate_points = [
        (d, m, float(v))
        for d, v, m, source, *_ in rows
        if m is None or not (confidential or source in confidential_notes)
    ]
    thresholds = thresholds_of(plan_then)
    state = indicator_state(ind, aggregate_points, milestones, plan_then, as_of, thresholds)
    series = state["series"]
    prediction = fc.forecast(
        [d for d, _ in series],
        [v for _, v in series],
        state["target_date"],
        state["target"],
        ind.direction,
        range_low=_f(ind.range_low),
        range_high=_f(ind.range_high),
        cumulative=ind.cumulative,
    )
    # A closed plan's status is judged on the final progress, and the probability agrees with
    # the status (the Board report's indicator_rows applies the same rule).
    state["status"], prediction = judged(
        state, prediction, evaluated=is_evaluated(plan, plan_then, as_of), as_of=as_of
    )
    latest: dict[int, tuple[dt.date, float]] = {}
    for d, m, v in sorted(points, key=lambda p: p[0]):
        if m is not None:
            latest[m] = (d, v)
    by_municipality = sorted(
        (
            MunicipalValue(munis[m].code, munis[m].name, v, d)
            for m, (d, v) in latest.items()
            if m in munis
        ),
        key=lambda x: x.name,
    )
    measurements = sorted(
        (
            MeasurementRow(
                pk,
                d,
                float(v),
                munis[m].code if m in munis else "",
                munis[m].name if m in munis else "",
                source,
            )
            for d, v, m, source, pk in rows
        ),
        key=lambda r: (r.date, r.municipality_name),
    )
    return IndicatorDetail(
        indicator=ind,
        plan=plan_then,
        action_line=indicator.action_line,
        initiative=indicator.initiative,
        as_of=as_of,
        measurements=measurements,
        series=series,
        milestones=milestones,
        current_value=state["current"],
        baseline_value=state["baseline"],
        baseline_date=state["baseline_date"],
        target_value=state["target"],
        target_date=state["target_date"],
        progress=state["progress"],
        expected_progress=state["expected"],
        status=state["status"],
        forecast=prediction,
        by_municipality=by_municipality,
        defined_later=defined_later,
    )
