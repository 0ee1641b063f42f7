"""Loads the demo plans (2020-2023, closed, and 2024-2027, live) and their computed values."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from simple_history.utils import bulk_update_with_history

from .. import computed, services
from ..models import Indicator, Initiative, Plan
from .builder import _aware, _build_2020, _Builder, _dec, _month_ends, _scenario
from .content import SLUG_2020, SLUG_2024, fit, is_percent


def load(*, seed: int, today: dt.date) -> str:
    from localret.accounts.interface import User
    from localret.territory.interface import Municipality

    if Plan.objects.filter(slug__in=[SLUG_2020, SLUG_2024]).exists():
        return "strategic plans already present"
    rng = random.Random(seed)
    by = User.objects.filter(username="tecnic").first()
    all_munis = list(Municipality.objects.order_by("code"))
    munis: list[Any] = []
    if all_munis:
        fixed = [m for m in all_munis if m.code in ("082981", "171143")]
        others = [m for m in all_munis if m not in fixed]
        munis = fixed + rng.sample(others, min(12, len(others)))
        munis.sort(key=lambda m: m.code)
    builder = _Builder(rng, by, munis)

    # 2020-2023: created in June 2020, approved by the Board in July 2020, closed in 2023.
    plan20, meta20 = _build_2020(rng, by, munis)
    with services.recorded_at(_aware(dt.date(2020, 7, 30))):
        services.plan_approve(plan=plan20, by=by, agreement_ref="CA 2020/07")
    start20, end20 = plan20.period_start, plan20.mandate_end
    final20 = min(today, end20)
    indicators20 = {i.code: i for i in Indicator.objects.filter(code__in=list(meta20))}
    for code, (kind, scenario) in meta20.items():
        builder.series(indicators20[code], kind, start20, end20, final20, scenario)
    count = builder.flush()
    # Close the initiatives with their executed budgets, then the plan.
    closing = list(
        Initiative.objects.filter(action_line__objective__plan=plan20).exclude(
            status=Initiative.Status.CANCELLED
        )
    )
    for ini in closing:
        ini.status = (
            Initiative.Status.COMPLETED if rng.random() < 0.8 else Initiative.Status.ON_HOLD
        )
        ini.budget_executed = _dec(float(ini.budget_planned) * rng.uniform(0.6, 1.04))
    bulk_update_with_history(
        closing,
        Initiative,
        ["status", "budget_executed"],
        default_user=by,
        default_date=_aware(min(today, dt.date(2023, 11, 30))),
    )
    if today < dt.date(2023, 12, 15):
        return f"plan 2020-2023 ({len(meta20)} indicators, {count} measurements)"
    with services.recorded_at(_aware(dt.date(2023, 12, 15))):
        services.plan_close(plan=plan20, by=by, agreement_ref="CA 2023/12 (demo)")

    # 2024-2027: copied from 2020-2023, new targets, approved in February 2024.
    start24, end24 = dt.date(2024, 1, 1), dt.date(2027, 10, 31)
    with services.recorded_at(_aware(dt.date(2023, 12, 20))):
        plan24 = services.plan_copy(
            plan=plan20,
            by=by,
            slug=SLUG_2024,
            name="Pla Estratègic de Localret 2024-2027",
            period_start=start24,
            period_end=dt.date(2027, 12, 31),
            mandate_end=end24,
        )
        indicators24 = list(Indicator.objects.filter(action_line__objective__plan=plan24)) + list(
            Indicator.objects.filter(initiative__action_line__objective__plan=plan24)
        )
        old_baselines = {i.code: float(i.baseline_value or 0) for i in indicators20.values()}
        retarget = []
        for ind in indicators24:
            if ind.direction == Indicator.Direction.RANGE:
                continue
            base = float(ind.baseline_value or 0)
            old_target = float(ind.target_value or 0)
            span = old_target - old_baselines.get(_old_code(ind.code), 0.0)
            new_target = fit(ind.unit, base + (span if span else 1) * rng.uniform(0.6, 1.0))
            if is_percent(ind.unit) and abs(new_target - base) < 1:
                new_target = fit(ind.unit, base + 5 if span >= 0 else base - 5)
            up = ind.direction == Indicator.Direction.INCREASE
            if not up:
                # A time, a cost or a count of problems is at most halved again, never aimed
                # at nothing (zero days to answer, zero euros per household).
                new_target = max(new_target, fit(ind.unit, base * 0.5))
            if (new_target <= base) if up else (new_target >= base):
                # Already at what the unit allows (100 %, every municipality, zero
                # incidents): the new plan keeps it within a range instead.
                ind.direction = Indicator.Direction.RANGE
                ind.target_value = None
                low = fit(ind.unit, base * 0.95)
                high = 100.0 if is_percent(ind.unit) else fit(ind.unit, base * 1.05)
                ind.range_low, ind.range_high = _dec(low), _dec(max(high, low + 1))
            else:
                ind.target_value = _dec(new_target)
            retarget.append(ind)
        when = _aware(dt.date(2023, 12, 20))
        bulk_update_with_history(
            retarget,
            Indicator,
            ["target_value", "direction", "range_low", "range_high"],
            default_user=by,
            default_date=when,
        )
        initiatives24 = list(Initiative.objects.filter(action_line__objective__plan=plan24))
        for ini in initiatives24:
            ini.start_date = start24 + dt.timedelta(days=30 * rng.randrange(0, 10))
            ini.end_date = end24 - dt.timedelta(days=30 * rng.randrange(0, 8))
            ini.budget_planned = _dec(rng.randrange(30, 450) * 1000)
            ini.status = Initiative.Status.IN_PROGRESS
        bulk_update_with_history(
            initiatives24,
            Initiative,
            ["start_date", "end_date", "budget_planned", "status"],
            default_user=by,
            default_date=when,
        )
        # Computed indicators from the platform's registry, when other apps provide them.
        first_line = {
            o: plan24.objectives.get(code=o).action_lines.order_by("position").first()
            for o in ("OE1", "OE2")
        }
        for key, objective_code, code in COMPUTED:
            entry = computed.get(key)
            if entry is None:
                continue
            # The platform's figure when the plan is drafted; ``snapshot_computed`` sets it
            # again from the figure at the plan's start once every app's demo data is in.
            baseline = entry.compute(start24).value or 0.0
            services.indicator_create(
                by=by,
                code=code,
                name=entry.label,
                action_line=first_line[objective_code],
                unit=entry.unit[:40],
                computed_key=key,
                aggregation=entry.aggregation
                if entry.aggregation in Indicator.Aggregation.values
                else Indicator.Aggregation.SUM,
                baseline_value=_dec(baseline),
                target_value=_dec(computed_target(key, baseline)),
                frequency=Indicator.Frequency.MONTHLY,
                source="Plataforma Localret (calculat)",
            )
    with services.recorded_at(_aware(dt.date(2024, 2, 22))):
        services.plan_approve(plan=plan24, by=by, agreement_ref="CA 2024/02 (demo)")
    measured = 0
    for ind in indicators24:
        kind, _ = meta20[_old_code(ind.code)]
        builder.series(ind, kind, start24, end24, today, _scenario(rng))
    measured = builder.flush()
    return (
        f"plans 2020-2023 (closed) and 2024-2027 (approved): {len(meta20)} + "
        f"{len(indicators24)} indicators, {count + measured} measurements"
    )


# Computed indicators of the 2024-2027 plan: registry key, objective (first action line), code.
COMPUTED = (
    ("maturity.validated_assessments", "OE1", "C1-2024"),
    ("innovation.pilots_run", "OE2", "C2-2024"),
)
# What the plan aims at for each: growth over the baseline, rounded up to a step. Municipalities
# with a validated maturity assessment grow by a tenth (the diagnosis is voluntary and most
# larger town halls already have one); the pilots run, by half again (four or five new pilots
# over the plan).
TARGET_GROWTH = {
    "maturity.validated_assessments": (0.10, 10),
    "innovation.pilots_run": (0.50, 1),
}


def computed_target(key: str, baseline: float) -> float:
    """The target of a computed indicator from its baseline (the figure at the plan's start): a
    growth the plan can reach, rounded up to a step, and always above the baseline."""
    growth, step = TARGET_GROWTH.get(key, (0.10, 1))
    target = math.ceil(baseline * (1 + growth) / step) * step
    return float(max(target, baseline + step))


def _old_code(code: str) -> str:
    return code[: -len("-2024")] + "-2020" if code.endswith("-2024") else code


def snapshot_computed(*, today: dt.date) -> str:
    """Set the computed indicators' baseline (their figure at the 2024 plan's start) and target,
    and snapshot them at each quarter end of the plan up to ``today`` (call after every app's
    demo data is loaded, so the values exist)."""
    from localret.accounts.interface import User

    plan = Plan.objects.filter(slug=SLUG_2024).first()
    if plan is None:
        return "no computed indicators"
    inds = Indicator.objects.filter(action_line__objective__plan=plan).exclude(computed_key="")
    written = 0
    rebased = []
    snapshot = []
    for ind in inds:
        entry = computed.get(ind.computed_key)
        if entry is None:
            continue
        snapshot.append(ind)
        # The baseline is the figure at the plan's start (other apps' demo data are in now),
        # and the target follows from it.
        baseline = entry.compute(plan.period_start).value
        if baseline is not None:
            ind.baseline_value = _dec(baseline)
            ind.baseline_date = plan.period_start
            ind.target_value = _dec(computed_target(ind.computed_key, baseline))
            rebased.append(ind)
    bulk_update_with_history(
        rebased,
        Indicator,
        ["baseline_value", "baseline_date", "target_value"],
        default_user=User.objects.filter(username="tecnic").first(),
        default_date=_aware(dt.date(2023, 12, 20)),
    )
    for ind in snapshot:
        for date in _month_ends(plan.period_start, today, 3) + [today]:
            written += services.computed_snapshot(indicator=ind, as_of=date)
    return f"{written} computed measurements"
