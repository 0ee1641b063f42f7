"""A small approved plan with measured indicators (some on track, some behind) for reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from localret.strategy.models import ActionLine, Indicator, Measurement, Plan, StrategicObjective


def small_plan(
    slug: str = "pla-informe", status: str = "approved", name: str = "Pla informe"
) -> Any:
    plan = Plan.objects.create(
        slug=slug,
        name=name,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2023, 12, 31),
        mandate_end=dt.date(2023, 12, 31),
        status=status,
    )
    specs = [
        ("OE1", "Acompanyar", [("1.1", "Diagnosi", [30, 60, 90]), ("1.2", "Serveis", [5, 6, 7])]),
        ("OE2", "Innovar", [("2.1", "Pilots", [10, 12, 14])]),
    ]
    for oi, (ocode, oname, lines) in enumerate(specs):
        o = StrategicObjective.objects.create(plan=plan, code=ocode, name=oname, position=oi)
        for li, (lcode, lname, values) in enumerate(lines):
            line = ActionLine.objects.create(objective=o, code=lcode, name=lname, position=li)
            ind = Indicator.objects.create(
                code=f"{slug}-I{lcode}",
                name=f"Indicador {lcode}",
                unit="municipis",
                action_line=line,
                baseline_value=Decimal(0),
                baseline_date=dt.date(2020, 1, 1),
                target_value=Decimal(100),
                target_date=dt.date(2023, 12, 31),
            )
            for k, v in enumerate(values):
                Measurement.objects.create(
                    indicator=ind, date=dt.date(2020, 6 + 2 * k, 1), value=Decimal(v)
                )
    backdate()
    return plan


def backdate(when: dt.datetime | None = None) -> None:
    """Pretend the plan's structure was entered in 2019 (strategy reads past dates from the
    audit history)."""
    when = when or dt.datetime(2019, 12, 1, tzinfo=dt.UTC)
    for model in (Plan, StrategicObjective, ActionLine, Indicator, Measurement):
        model.history.all().update(history_date=when)  # type: ignore[attr-defined]
