"""Builds the demo plans' measurement series, deterministic from the seed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .. import services
from ..models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    StrategicObjective,
)
from .content import (
    COUNT_UNITS,
    DRAFTING_2020,
    ILLUSTRATIVE,
    INITIATIVE_KINDS,
    MISSION,
    MUNICIPALITY_UNITS,
    OBJECTIVES,
    SCENARIOS,
    SLUG_2020,
    VALUES,
    VISION,
    fit,
    is_percent,
)
from .indicators import LINE_INDICATORS, Kind

# Indicators of the 2020-2023 plan, spread over its action lines (see ``_quotas``).
INDICATORS_PER_PLAN = 150


def _aware(date: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour, 0)))


def _month_ends(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    out = []
    year, month = start.year, start.month
    while True:
        nxt = dt.date(year + (month // 12), month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last > end:
            break
        if last >= start and (month - start.month) % step == 0:
            out.append(last)
        year, month = nxt.year, nxt.month
    return out


def _scenario(rng: random.Random) -> str:
    x = rng.random()
    acc = 0.0
    for name, p in SCENARIOS:
        acc += p
        if x < acc:
            return name
    return "on_track"


def _ratio(scenario: str, rng: random.Random) -> float:
    return {
        "on_track": rng.uniform(0.97, 1.12),
        "at_risk": rng.uniform(0.74, 0.86),
        "off_track": rng.uniform(0.25, 0.6),
        "achieved": rng.uniform(1.5, 1.9),
        "late_start": rng.uniform(0.9, 1.0),
    }.get(scenario, 1.0)


def _fraction(date: dt.date, start: dt.date, end: dt.date) -> float:
    return max(0.0, min(1.0, (date - start).days / max(1, (end - start).days)))


def _dec(x: float, places: int = 2) -> Decimal:
    return Decimal(str(round(x, places)))


class _Builder:
    def __init__(self, rng: random.Random, by: Any, municipalities: list[Any]) -> None:
        self.rng = rng
        self.by = by
        self.municipalities = municipalities
        self.measurements: list[Measurement] = []

    def series(
        self,
        ind: Indicator,
        kind: Kind,
        start: dt.date,
        end: dt.date,
        until: dt.date,
        scenario: str,
    ) -> None:
        """Generate the measurements of one indicator from ``start`` to ``until``."""
        rng = self.rng
        if scenario == "no_data":
            return
        step = 1 if ind.frequency == Indicator.Frequency.MONTHLY else 3
        dates = _month_ends(start, until, step)
        if scenario == "late_start":
            dates = dates[len(dates) // 2 :]
        ratio = _ratio(scenario, rng)
        baseline = float(ind.baseline_value or 0)
        direction = ind.direction
        if direction == "range":
            low, high = float(ind.range_low or 0), float(ind.range_high or 0)
            target = (low + high) / 2
            if scenario in ("off_track", "at_risk"):
                target = low - (high - low) * (0.6 if scenario == "off_track" else 0.25)
        else:
            target = float(ind.target_value or 0)
        span = target - baseline
        noise = abs(span) * 0.025 or 0.1
        aggregation = kind[6]
        last = baseline
        for date in dates:
            f = _fraction(date, start, end)
            progress = min(1.0, f * ratio) if scenario != "achieved" else min(1.08, f * ratio)
            value = baseline + span * progress + rng.gauss(0, noise)
            if ind.cumulative:
                value = max(value, last) if span >= 0 else min(value, last)
            value = fit(ind.unit, value)
            last = value
            if aggregation:
                self.municipal(ind, date, value, aggregation, progress)
            else:
                self.add(ind, date, value, "Registre intern (demo)")

    def municipal(
        self, ind: Indicator, date: dt.date, total: float, aggregation: str, progress: float
    ) -> None:
        munis = self.municipalities
        n = len(munis)
        for i, muni in enumerate(munis):
            # Only what a town hall has of its own is measured per municipality (its staff
            # trained, its sensors, its coverage): never a count or share of municipalities.
            if aggregation == "mean":
                offset = ((i * 37) % 21 - 10) * 0.8
                value = fit(ind.unit, total + offset)
            else:
                value = fit(ind.unit, total / n * (0.6 + 0.8 * ((i * 13) % 10) / 9))
                if ind.unit not in COUNT_UNITS:
                    value = round(value, 1)
            self.add(ind, date, value, "Dades municipals (demo)", muni)

    def add(
        self, ind: Indicator, date: dt.date, value: float, source: str, muni: Any = None
    ) -> None:
        when = _aware(date)
        m = Measurement(
            indicator=ind,
            date=date,
            value=_dec(value, 4),
            municipality=muni,
            source=source,
            entered_by=self.by,
            created_at=when,
        )
        m._history_date = when  # type: ignore[attr-defined]
        self.measurements.append(m)

    def flush(self) -> int:
        count = len(self.measurements)
        bulk_create_with_history(
            self.measurements, Measurement, batch_size=2000, default_user=self.by
        )
        self.measurements = []
        return count


def _quotas(capacities: list[int], total: int) -> list[int]:
    """How many indicators each action line gets: one more to each line in turn, as long as it
    has room, until ``total`` (so every line has some and none has many more than another)."""
    quotas = [0] * len(capacities)
    while sum(quotas) < total:
        grew = False
        for i, room in enumerate(capacities):
            if quotas[i] < room and sum(quotas) < total:
                quotas[i] += 1
                grew = True
        if not grew:
            break
    return quotas


def _build_2020(rng: random.Random, by: Any, munis: list[Any]) -> tuple[Plan, dict[str, Any]]:
    """The 2020-2023 plan's structure, recorded as created in June 2020 (bulk inserts)."""
    start, end = dt.date(2020, 9, 1), dt.date(2023, 10, 31)
    meta: dict[str, Any] = {}
    with services.recorded_at(_aware(dt.date(2020, 6, 15))):
        plan = services.plan_create(
            by=by,
            slug=SLUG_2020,
            name="Pla Estratègic de Localret 2020-2023",
            period_start=start,
            period_end=end,
            mandate_end=end,
            mission=MISSION,
            vision=VISION,
            values=VALUES,
            drafting=DRAFTING_2020,
            is_demo=True,
        )
        objectives = services._bulk(
            StrategicObjective,
            [
                StrategicObjective(plan=plan, code=code, name=name, position=pos, weight=1)
                for pos, (code, name, _lines) in enumerate(OBJECTIVES)
            ],
            by,
        )
        lines = services._bulk(
            ActionLine,
            [
                ActionLine(
                    objective=objective,
                    code=f"{o_pos + 1}.{l_pos}",
                    name=l_name,
                    description=ILLUSTRATIVE,
                    position=l_pos,
                    weight=_dec(rng.choice([1, 1, 1, 2, 0.5]), 3),
                )
                for o_pos, (objective, (_c, _n, line_names)) in enumerate(
                    zip(objectives, OBJECTIVES, strict=True)
                )
                for l_pos, l_name in enumerate(line_names, start=1)
            ],
            by,
        )
        initiatives = []
        for line in lines:
            n_init = 3 + (1 if line.position % 2 == 0 else 0) + (1 if line.position == 1 else 0)
            for k in range(n_init):
                cancelled = rng.random() < 0.04
                initiatives.append(
                    Initiative(
                        action_line=line,
                        code=f"{line.code}.{k + 1}",
                        name=f"{INITIATIVE_KINDS[k % len(INITIATIVE_KINDS)]}: {line.name.lower()}",
                        description=ILLUSTRATIVE,
                        owner=["Àrea de Serveis", "Àrea de Projectes", "Àrea TIC"][k % 3],
                        responsible=by,
                        start_date=start + dt.timedelta(days=30 * rng.randrange(0, 12)),
                        end_date=end - dt.timedelta(days=30 * rng.randrange(0, 6)),
                        budget_planned=_dec(rng.randrange(20, 400) * 1000),
                        budget_executed=_dec(0),
                        status=Initiative.Status.CANCELLED
                        if cancelled
                        else Initiative.Status.IN_PROGRESS,
                        weight=_dec(rng.choice([1, 1, 2]), 3),
                        position=k,
                    )
                )
        initiatives = services._bulk(Initiative, initiatives, by)
        through = Initiative.municipalities.through
        through.objects.bulk_create(
            [
                through(initiative_id=ini.pk, municipality_id=m.pk)
                for ini in initiatives
                for m in (rng.sample(munis, rng.randrange(0, 4)) if munis else [])
            ]
        )
        by_line: dict[int, list[Initiative]] = {}
        for ini in initiatives:
            by_line.setdefault(ini.action_line_id, []).append(ini)
        indicators: list[Indicator] = []
        milestones: list[Milestone] = []
        places: dict[int, list[tuple[Any, Any]]] = {}
        for line in lines:
            # Two indicators on the line itself, then two on each of its initiatives.
            places[line.pk] = [(line, None), (line, None)]
            for ini in by_line.get(line.pk, []):
                places[line.pk] += [(None, ini), (None, ini)]
        quotas = _quotas([len(places[line.pk]) for line in lines], INDICATORS_PER_PLAN)
        for line, quota in zip(lines, quotas, strict=True):
            kinds = LINE_INDICATORS[line.code]
            if quota > len(kinds):
                raise ValueError(f"line {line.code}: {quota} indicators, {len(kinds)} names")
            for kind, (line_target, initiative_target) in zip(
                kinds, places[line.pk][:quota], strict=False
            ):
                name, unit, direction, base, target, cumulative, aggregation = kind
                scale = (
                    1.0
                    if is_percent(unit) or unit in MUNICIPALITY_UNITS or direction == "range"
                    else rng.choice([0.5, 1, 1, 1.5, 2])
                )
                ind = Indicator(
                    code=f"I{line.code}.{len(indicators) + 1:03d}-2020",
                    name=name,
                    action_line=line_target,
                    initiative=initiative_target,
                    unit=unit,
                    direction=direction,
                    cumulative=cumulative,
                    definition=f"{name} ({unit}). Indicador il·lustratiu de demostració.",
                    frequency=Indicator.Frequency.MONTHLY
                    if rng.random() < 0.2 and not aggregation
                    else Indicator.Frequency.QUARTERLY,
                    source="Localret (demo)",
                    owner="Oficina del Pla",
                    # A share of municipalities would add up per municipality as a share; the
                    # demo records its totals only.
                    aggregation=aggregation or ("share" if unit == "% de municipis" else "sum"),
                    weight=_dec(rng.choice([1, 1, 1, 2]), 3),
                    baseline_date=start,
                    target_date=end,
                )
                if direction == "range":
                    ind.range_low = _dec(fit(unit, target - 0.5 if target < 20 else target - 5))
                    ind.range_high = _dec(fit(unit, target + 1 if target < 20 else 100))
                    ind.baseline_value = _dec(base)
                else:
                    ind.baseline_value = _dec(fit(unit, base * scale))
                    ind.target_value = _dec(fit(unit, target * scale))
                indicators.append(ind)
                meta[ind.code] = (kind, _scenario(rng))
        indicators = services._bulk(Indicator, indicators, by)
        for ind in indicators:
            if ind.direction != "range" and rng.random() < 0.25:
                b, t = float(ind.baseline_value or 0), float(ind.target_value or 0)
                milestones += [
                    Milestone(
                        indicator=ind,
                        date=dt.date(2021, 12, 31),
                        value=_dec(fit(ind.unit, b + (t - b) * 0.2)),
                    ),
                    Milestone(
                        indicator=ind,
                        date=dt.date(2022, 12, 31),
                        value=_dec(fit(ind.unit, b + (t - b) * 0.55)),
                    ),
                ]
        services._bulk(Milestone, milestones, by)
    return plan, meta
