"""Small strategic plans for tests, built through the services (and so audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from localret.strategy import services
from localret.strategy.models import Indicator, Plan

START = dt.date(2024, 1, 1)
END = dt.date(2027, 12, 31)
CREATED = dt.date(2023, 12, 1)


def aware(date: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour)))


def make_plan(
    by: Any,
    *,
    slug: str = "pla-test",
    status: str = "approved",
    objectives: int = 1,
    lines: int = 2,
    indicators_per_line: int = 1,
    created: dt.date = CREATED,
) -> Plan:
    """A plan recorded as created on ``created``: OE1.. > 1.1.. > one initiative each, with
    ``indicators_per_line`` indicators I<line>-<n> (0 -> 100, increase) on each action line."""
    with services.recorded_at(aware(created)):
        plan = services.plan_create(
            by=by,
            slug=slug,
            name=f"Plan {slug}",
            period_start=START,
            period_end=END,
            mandate_end=END,
            mission="Mission",
            vision="Vision",
            values=[("Servei públic", "Per als ajuntaments")],
        )
        for o in range(1, objectives + 1):
            objective = services.objective_create(plan=plan, by=by, code=f"OE{o}", name=f"Obj {o}")
            for li in range(1, lines + 1):
                line = services.action_line_create(
                    objective=objective, by=by, code=f"{o}.{li}", name=f"Line {o}.{li}"
                )
                services.initiative_create(
                    action_line=line, by=by, code=f"{o}.{li}.1", name=f"Initiative {o}.{li}.1"
                )
                for n in range(1, indicators_per_line + 1):
                    services.indicator_create(
                        by=by,
                        code=f"{slug}-I{o}.{li}-{n}",
                        name=f"Indicator {o}.{li}-{n}",
                        action_line=line,
                        unit="u",
                        baseline_value=Decimal(0),
                        target_value=Decimal(100),
                        baseline_date=START,
                        target_date=END,
                    )
    if status in ("approved", "closed"):
        with services.recorded_at(aware(created + dt.timedelta(days=1))):
            services.plan_approve(plan=plan, by=by, agreement_ref="CA test")
    if status == "closed":
        with services.recorded_at(aware(created + dt.timedelta(days=2))):
            services.plan_close(plan=plan, by=by, agreement_ref="CA close")
    plan.refresh_from_db()
    return plan


def measure(
    indicator: Indicator, by: Any, date: dt.date, value: float | str, municipality: Any = None
) -> Any:
    """A measurement recorded on its own date (as if typed that day)."""
    with services.recorded_at(aware(date)):
        return services.measurement_create(
            indicator=indicator,
            by=by,
            date=date,
            value=Decimal(str(value)),
            municipality=municipality,
        )
