"""Small strategic plans for tests, built through the services (and so audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from localret.strategy import services
from localret.strategy.models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)

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


CLOSED_START, CLOSED_END = dt.date(2020, 1, 1), dt.date(2023, 10, 31)


def _yearly(*values: float) -> list[tuple[dt.date, float]]:
    """Values measured at the end of each March from 2021."""
    return [(dt.date(2021 + k, 3, 31), v) for k, v in enumerate(values)]


#: The indicators of :func:`make_closed_plan` (code suffix: measurements, target date).
CLOSED_SERIES: dict[str, tuple[list[tuple[dt.date, float]], dt.date]] = {
    # Achieved, though the trend's own probability would be below 1.
    "A": (_yearly(50, 120, 100), CLOSED_END),
    # Partly achieved (60 %), rising: a projection would still give it a chance.
    "P": (_yearly(20, 40, 60), CLOSED_END),
    # Not achieved (30 %).
    "N": (_yearly(5, 10, 30), CLOSED_END),
    # Past its own target date (end of 2022), judged on its last value (95 %).
    "D": (_yearly(70, 80, 95), dt.date(2022, 12, 31)),
}


def make_closed_plan(by: Any, slug: str = "tc") -> Plan:
    """A plan of 1 January 2020 to 31 October 2023 recorded as the platform would have
    (audited: created in December 2019, measured each March, closed on 15 December 2023): one
    objective, one action line per indicator ``<slug>-A``, ``-P``, ``-N``, ``-D`` of
    :data:`CLOSED_SERIES` (0 -> 100, increase), three measurements each."""
    with services.recorded_at(aware(dt.date(2019, 12, 1))):
        plan = services.plan_create(
            by=by,
            slug=slug,
            name="Pla tancat",
            period_start=CLOSED_START,
            period_end=CLOSED_END,
            mandate_end=CLOSED_END,
            mission="Missió",
            vision="Visió",
            values=[],
        )
        objective = services.objective_create(plan=plan, by=by, code="OE1", name="Obj")
        for n, (suffix, (_points, target_date)) in enumerate(CLOSED_SERIES.items(), start=1):
            line = services.action_line_create(
                objective=objective, by=by, code=f"1.{n}", name=f"Línia 1.{n}"
            )
            services.indicator_create(
                by=by,
                code=f"{slug}-{suffix}",
                name=f"Indicador {slug}-{suffix}",
                action_line=line,
                unit="u",
                baseline_value=Decimal(0),
                target_value=Decimal(100),
                baseline_date=CLOSED_START,
                target_date=target_date,
            )
    with services.recorded_at(aware(dt.date(2019, 12, 2))):
        services.plan_approve(plan=plan, by=by, agreement_ref="CA 2019")
    for suffix, (points, _target_date) in CLOSED_SERIES.items():
        indicator = Indicator.objects.get(code=f"{slug}-{suffix}")
        for day, value in points:
            measure(indicator, by, day, value)
    with services.recorded_at(aware(dt.date(2023, 12, 15))):
        services.plan_close(plan=plan, by=by, agreement_ref="CA 2023/12")
    plan.refresh_from_db()
    return plan


# factory_boy factories: rows written directly (test data, not audited as the services would),
# each passing ``full_clean()``. A plan 2024-2027 in draft > OE > action line > initiative;
# indicators count municipalities (whole numbers, 0-947) unless ``percentage=True`` (0-100).


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    slug = factory.Sequence(lambda n: f"pla-prova-{n}")
    name = factory.Sequence(lambda n: f"Pla estratègic de prova {n}")
    period_start = START
    period_end = END
    mandate_end = dt.date(2027, 6, 30)
    status = Plan.Status.DRAFT
    mission = "Acompanyar els ajuntaments en la transformació digital"
    vision = "Cap municipi enrere en la societat digital"

    class Params:
        approved = factory.Trait(
            status=Plan.Status.APPROVED,
            approved_at=factory.LazyFunction(lambda: aware(CREATED)),
            approval_ref="Acord CA 12/2023",
        )


class PlanValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanValue

    plan = factory.SubFactory(PlanFactory)
    name = "Servei públic"
    description = "Al servei dels ajuntaments i de la ciutadania"
    position = factory.Sequence(lambda n: n)


class StrategicObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"OE{n + 1}")
    name = "Acompanyar els ajuntaments en la seva maduresa digital"
    position = factory.Sequence(lambda n: n)


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine

    objective = factory.SubFactory(StrategicObjectiveFactory)
    code = factory.Sequence(lambda n: f"{n + 1}.1")
    name = "Oficina digital per a tots els municipis"
    position = factory.Sequence(lambda n: n)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    action_line = factory.SubFactory(ActionLineFactory)
    code = factory.LazyAttributeSequence(lambda i, n: f"{i.action_line.code}.{n + 1}")
    name = "Desplegament de la seu electrònica"
    owner = "Àrea de Serveis"
    start_date = START
    end_date = dt.date(2025, 12, 31)
    budget_planned = Decimal("120000.00")
    budget_executed = Decimal("45000.00")
    status = Initiative.Status.IN_PROGRESS


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND-{n:03d}")
    name = "Municipis amb seu electrònica"
    unit = "municipis"
    action_line = factory.SubFactory(ActionLineFactory)
    baseline_value = Decimal(120)
    baseline_date = START
    target_value = Decimal(300)
    target_date = END
    frequency = Indicator.Frequency.QUARTERLY
    source = "Registre de serveis de Localret"
    owner = "Àrea de Serveis"

    class Params:
        percentage = factory.Trait(
            name="Percentatge d'ajuntaments amb dades obertes",
            unit="%",
            baseline_value=Decimal("35.5"),
            target_value=Decimal(80),
            aggregation=Indicator.Aggregation.SHARE,
        )


class IndicatorMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: dt.date(2025 + n % 3, 12, 31))
    value = Decimal(200)


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A total measurement (no municipality) of an indicator counting municipalities."""

    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: START + dt.timedelta(days=91 * (n % 16)))
    value = Decimal(150)
    source = "Recompte trimestral"
