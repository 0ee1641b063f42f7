"""Reads for other apps and the computed indicators registered for the plan."""

import datetime as dt
from decimal import Decimal

import pytest

from localret.connectivity import selectors
from localret.strategy import computed

from .factories import OLOT, VIC, deployment, small_world

pytestmark = pytest.mark.django_db


def test_computed_indicators_are_registered():
    keys = set(computed.registered())
    assert {
        "connectivity.gigabit_share",
        "connectivity.white_households",
        "connectivity.premises_passed",
    } <= keys


def test_gigabit_share_and_white_households_as_of_a_date():
    small_world()
    share = computed.get("connectivity.gigabit_share").compute(dt.date(2023, 12, 31))
    # 2023: Vic 900 of 1,000 households; Olot 0 of 500.
    assert share.value == pytest.approx(900 / 1500, abs=1e-4)
    assert share.by_municipality == {VIC: 0.9, OLOT: 0.0}
    white = computed.get("connectivity.white_households").compute(dt.date(2023, 6, 1))
    assert white.value == 100 and white.by_municipality[VIC] == 100
    later = computed.get("connectivity.white_households").compute(dt.date(2030, 1, 1))
    assert later.value == 0
    assert computed.get("connectivity.gigabit_share").compute(dt.date(2020, 1, 1)).value is None


def test_premises_passed_by_date():
    world = small_world()
    deployment(
        [world["vic_s"], world["olot_n"]],
        premises_passed=60,
        end_date=dt.date(2024, 6, 1),
        start_date=dt.date(2023, 1, 1),
    )
    ind = computed.get("connectivity.premises_passed")
    assert ind.compute(dt.date(2024, 1, 1)).value == 0
    after = ind.compute(dt.date(2024, 7, 1))
    assert after.value == 60
    # split over areas by premises: 100 (Vic) and 500 (Olot)
    assert after.by_municipality == {VIC: 10, OLOT: 50}


def test_selectors_for_other_apps():
    world = small_world()
    assert selectors.uncovered_households_by_municipality(2023) == {VIC: 100, OLOT: 500}
    assert selectors.uncovered_households_by_municipality() == {VIC: 50, OLOT: 250}
    deployment(
        [world["vic_s"]],
        cost_eur=Decimal("1000.00"),
        public_funding_eur=Decimal("0"),
        start_date=dt.date(2022, 3, 1),
    )
    deployment(
        [world["vic_s"]], name="cancelled", status="cancelled", start_date=dt.date(2022, 1, 1)
    )
    invest = selectors.deployment_investment_by_municipality_year()
    assert invest == {VIC: {2022: Decimal("1000.00")}}


def test_gap_table_levels_and_trend():
    small_world()
    table = selectors.gap_table("comarca", 2024)
    rows = {r["name"]: r for r in table["rows"]}
    assert set(rows) == {"Osona", "Garrotxa"}
    assert rows["Garrotxa"]["trend"] == [0.0, 0.5]
    with pytest.raises(ValueError):
        selectors.gap_table("street")


def test_open_data_aggregates_at_every_level():
    small_world()
    rows = selectors.open_data_aggregates(2024)
    levels = {r["level"] for r in rows}
    assert levels == {"municipality", "comarca", "vegueria", "province"}
    vic = next(r for r in rows if r["level"] == "municipality" and r["code"] == VIC)
    assert vic["households"] == 1000 and vic["gigabit_share"] == 0.95
    assert sum(r["households"] for r in rows if r["level"] == "province") == 1500


def test_coverage_forecast_adds_premises_still_to_pass():
    world = small_world()
    deployment(
        [world["vic_s"]],
        status="in_progress",
        premises_planned=100,
        premises_passed=30,
        end_date=dt.date(2026, 6, 30),
    )
    deployment([world["vic_s"]], name="done", status="completed", premises_planned=999)
    # 2024: 1,050 gigabit premises of 1,100; +70 still to pass in 2026, capped at 1,100.
    assert selectors.coverage_forecast(VIC) == [{"year": 2026, "covered_gigabit": 1100}]
    assert selectors.coverage_forecast(OLOT) == []
