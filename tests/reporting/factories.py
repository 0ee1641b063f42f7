"""A small approved plan with measured indicators (some on track, some behind) for reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from localret.reporting.models import PublicationConsent, ReportJob
from localret.strategy.models import ActionLine, Indicator, Measurement, Plan, StrategicObjective

from ..accounts.factories import UserFactory
from ..territory.factories import registered


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


# factory_boy factories: rows written directly (the services queue jobs and record consent
# with its audit); each passes ``full_clean()``.


class ReportJobFactory(factory.django.DjangoModelFactory):
    """A queued PDF report of a plan as of 30 November 2026, in Catalan."""

    class Meta:
        model = ReportJob

    plan_slug = "pla-informe"
    as_of = dt.date(2026, 11, 30)
    format = ReportJob.Format.PDF
    language = "ca"
    created_by = factory.SubFactory(UserFactory)


class PublicationConsentFactory(factory.django.DjangoModelFactory):
    """Vic's consent to publish its maturity level (one per municipality: an existing one is
    reused)."""

    class Meta:
        model = PublicationConsent
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(registered)
    publish_maturity = True
    agreed_on = dt.date(2026, 3, 10)
