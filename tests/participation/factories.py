"""Small plans and consultations for participation tests (built directly, a few rows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps

from localret.participation import services
from localret.participation.models import Consultation
from localret.strategy.models import ActionLine, Plan, StrategicObjective


def make_plan(slug: str = "pla-prova", status: str = "draft") -> Plan:
    plan = Plan.objects.create(
        slug=slug,
        name=f"Pla {slug}",
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2023, 12, 31),
        mandate_end=dt.date(2023, 6, 30),
        status=status,
        mission="Acompanyar els ajuntaments",
        vision="Departament extern",
    )
    oe1 = StrategicObjective.objects.create(plan=plan, code="OE1", name="Accompany", position=1)
    oe2 = StrategicObjective.objects.create(plan=plan, code="OE2", name="Innovate", position=2)
    ActionLine.objects.create(objective=oe1, code="1.1", name="Digital office", position=1)
    line = ActionLine.objects.create(
        objective=oe1, code="1.2", name="Open data for every town", position=2
    )
    ActionLine.objects.create(objective=oe2, code="2.1", name="Pilots", position=1)
    indicator = _model("Indicator")
    if indicator is not None:
        indicator.objects.create(
            code=f"{slug}-I1",
            name="Open data portals",
            action_line=line,
            baseline_value=Decimal("10"),
            baseline_date=dt.date(2020, 1, 1),
            target_value=Decimal("100"),
            target_date=dt.date(2023, 6, 30),
        )
    return plan


def _model(name: str) -> Any:
    try:
        return apps.get_model("strategy", name)
    except LookupError:
        return None


def make_consultation(
    plan: Plan, staff: Any, invited: tuple[Any, ...] = (), status: str = "open"
) -> Consultation:
    consultation = services.consultation_create(
        plan=plan,
        by=staff,
        title=f"Consulta {plan.slug}",
        opens_on=dt.date(2020, 3, 1),
        closes_on=dt.date(2020, 5, 31),
        status=status,
    )
    for user in invited:
        services.invitation_create(consultation=consultation, user=user, by=staff)
    return consultation
