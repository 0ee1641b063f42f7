"""Computed indicators for the plan and the selectors other apps use."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.maturity import selectors
from localret.maturity.models import Adhesion, Assessment, Project, Service
from localret.strategy.computed import get, registered
from localret.territory.models import Municipality

from ..conftest import OLOT, VIC

pytestmark = pytest.mark.django_db

KEYS = [
    "maturity.validated_assessments",
    "maturity.mean_overall_score",
    "maturity.share_level3_plus",
    "maturity.projects_completed",
    "maturity.adhesions",
    "maturity.adhesions.EADM",
]


def test_all_registered():
    assert set(KEYS) <= set(registered())


def test_assessment_indicators_follow_validations_and_as_of(results):
    today = dt.date.today()
    count = get("maturity.validated_assessments").compute(today)
    assert count.value == len(results)
    assert count.by_municipality[VIC] == 1.0
    mean = get("maturity.mean_overall_score").compute(today)
    overall = {
        a.municipality.code: a.overall for a in Assessment.objects.filter(status="validated")
    }
    assert mean.value == pytest.approx(sum(overall.values()) / len(overall), abs=0.01)
    assert mean.by_municipality[OLOT] == pytest.approx(overall[OLOT], abs=0.01)
    share = get("maturity.share_level3_plus").compute(today)
    levels = Assessment.objects.filter(status="validated").values_list("level", flat=True)
    assert share.value == pytest.approx(
        100 * sum(1 for lv in levels if lv >= 3) / len(levels), abs=0.01
    )
    yesterday = today - dt.timedelta(days=1)
    assert get("maturity.validated_assessments").compute(yesterday).value == 0
    assert get("maturity.mean_overall_score").compute(yesterday).value is None


def test_adhesions_and_projects_as_of():
    eadm = Service.objects.get(code="EADM")
    ciber = Service.objects.get(code="CIBER")
    vic, olot = Municipality.objects.get(code=VIC), Municipality.objects.get(code=OLOT)
    Adhesion.objects.create(service=eadm, municipality=vic, since=dt.date(2021, 3, 1))
    Adhesion.objects.create(service=ciber, municipality=vic, since=dt.date(2022, 3, 1))
    Adhesion.objects.create(
        service=eadm, municipality=olot, since=dt.date(2023, 3, 1), until=dt.date(2024, 1, 1)
    )
    total = get("maturity.adhesions")
    assert total.compute(dt.date(2021, 6, 1)).value == 1
    assert total.compute(dt.date(2023, 6, 1)).by_municipality == {VIC: 2.0, OLOT: 1.0}
    assert total.compute(dt.date(2024, 6, 1)).value == 2
    assert get("maturity.adhesions.EADM").compute(dt.date(2023, 6, 1)).value == 2
    group = Project.objects.create(
        name="G",
        start_date=dt.date(2022, 1, 1),
        status="completed",
        completed_on=dt.date(2022, 6, 1),
    )
    group.municipalities.set([vic, olot])
    done = get("maturity.projects_completed")
    assert done.compute(dt.date(2022, 5, 1)).value == 0
    later = done.compute(dt.date(2022, 7, 1))
    assert later.value == 1 and later.by_municipality == {VIC: 1.0, OLOT: 1.0}
    assert selectors.adhesions_by_municipality()[VIC][0]["service"] in {"EADM", "CIBER"}
    assert selectors.projects_by_municipality()[OLOT][0]["name"] == "G"


def test_aggregates_by_band_and_comarca_suppress_small_groups(results, campaign):
    bands = selectors.aggregates_by_band(campaign)
    sizes = dict.fromkeys([g["code"] for g in bands], 0)
    for a in results.values():
        sizes[a.band] += 1
    for g in bands:
        if sizes[g["code"]] < 5:
            assert g["suppressed"] and g["count"] is None and g["overall"] is None
        if not g["suppressed"]:
            assert g["count"] == sizes[g["code"]] >= 5
            if g["count"] >= 10:
                assert g["overall"]["q1"] <= g["overall"]["median"] <= g["overall"]["q3"]
            else:
                assert g["overall"]["q1"] is None and g["overall"]["q3"] is None
    # Never a single suppressed band beside a published total (it would follow by difference).
    assert sum(g["suppressed"] for g in bands) != 1
    comarques = selectors.aggregates_by_comarca(campaign)
    assert all(g["overall"] is None and g["count"] is None for g in comarques if g["suppressed"])
    assert all(g["count"] >= 5 for g in comarques if not g["suppressed"])
    latest = selectors.latest_validated_by_municipality(campaign)
    assert set(latest) == set(results)


def test_validation_moves_the_plans_computed_indicator(users, campaign, staff_user):
    from decimal import Decimal

    from localret.strategy import services as strategy_services
    from localret.strategy.models import Indicator, Measurement
    from tests.strategy.factories import make_plan

    from .factories import answers_for, fill

    plan = make_plan(staff_user, slug="pla-oe1", status="draft", indicators_per_line=0)
    line = plan.objectives.get(code="OE1").action_lines.first()
    indicator = strategy_services.indicator_create(
        by=staff_user,
        code="C1",
        name="Validated",
        action_line=line,
        unit="municipalities",
        computed_key="maturity.validated_assessments",
        baseline_value=Decimal(0),
        target_value=Decimal(600),
    )
    a = services_start(campaign, staff_user)
    fill(a, answers_for(0.5))
    from localret.maturity import services

    services.assessment_submit(assessment=a, by=users["vic"])
    assert not Measurement.objects.filter(indicator=indicator).exists()
    services.assessment_validate(assessment=a, by=staff_user)
    # One municipality assessed: the total would be its result, so it is not published (fewer
    # than the disclosure minimum); the breakdown is stored for staff (strategy filters it).
    assert not Measurement.objects.filter(indicator=indicator, municipality__isnull=True).exists()
    vic = Measurement.objects.get(indicator=indicator, municipality__code=VIC)
    assert vic.value == 1 and vic.date == dt.date.today()
    assert Indicator.objects.get(pk=indicator.pk).computed_key.startswith("maturity.")


def services_start(campaign, by):  # type: ignore[no-untyped-def]
    from localret.maturity import services

    return services.assessment_start(
        municipality=Municipality.objects.get(code=VIC), campaign=campaign, by=by
    )
