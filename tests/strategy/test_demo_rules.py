"""Demo data a domain expert would believe: every demo series respects its unit and meaning,
each indicator measures its action line, and the seed plan says what it said."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from localret.strategy.demo import LINE_INDICATORS, SLUG_2020, SLUG_2024
from localret.strategy.models import Indicator, Measurement, Milestone, Plan

pytestmark = pytest.mark.django_db

# The rules, stated apart from the generator so that a change to it cannot loosen them.
COUNTS = {
    "ajuntaments",
    "municipis",
    "ens",
    "tràmits",
    "persones",
    "pilots",
    "conjunts",
    "equipaments",
    "incidents/any",
    "sensors",
    "solucions",
    "convenis",
    "llars",
    "nuclis",
}
OF_THE_947 = {"ajuntaments", "municipis", "ens"}
CONTINUOUS = {"hores", "€", "€/usuari", "punts (0-10)"}
CONNECTIVITY_WORDS = (
    "fibra",
    "5G",
    "Gbps",
    "zones blanques",
    "cobertura mòbil",
    "operadors",
    "Equipaments municipals connectats",
)


def _kind(unit: str) -> str:
    if unit.startswith("%"):
        return "percent"
    if unit in COUNTS:
        return "count"
    if unit in CONTINUOUS:
        return "continuous"
    return "unknown"


def _problems(unit: str, value: Decimal | None, what: str) -> list[str]:
    if value is None:
        return []
    kind = _kind(unit)
    out = []
    if value < 0:
        out.append(f"{what}: negative {value} {unit}")
    if kind == "count" and value != value.to_integral_value():
        out.append(f"{what}: fractional count {value} {unit}")
    if kind == "percent" and value > 100:
        out.append(f"{what}: {value} {unit} over 100")
    if unit in OF_THE_947 and value > 947:
        out.append(f"{what}: {value} {unit}, more than the 947 municipalities")
    if unit == "punts (0-10)" and value > 10:
        out.append(f"{what}: {value} over the 0-10 scale")
    return out


def test_every_demo_series_respects_its_unit(demo_data):
    indicators = list(Indicator.objects.filter(computed_key=""))
    assert len(indicators) > 200
    units = {i.unit for i in indicators}
    assert {u for u in units if _kind(u) == "unknown"} == set(), "classify every demo unit"
    problems: list[str] = []
    for ind in indicators:
        for field in ("baseline_value", "target_value", "range_low", "range_high"):
            problems += _problems(ind.unit, getattr(ind, field), f"{ind.code}.{field}")
    for m in Milestone.objects.select_related("indicator"):
        problems += _problems(m.indicator.unit, m.value, f"{m.indicator.code} milestone")
    rows = Measurement.objects.filter(indicator__computed_key="").values_list(
        "indicator__code", "indicator__unit", "value", "municipality_id"
    )
    count = 0
    for code, unit, value, muni in rows.iterator(chunk_size=5000):
        count += 1
        problems += _problems(unit, value, f"{code} measurement{' (municipal)' if muni else ''}")
    assert count > 5_000
    assert problems[:20] == []


def test_targets_are_reachable_in_principle(demo_data):
    for ind in Indicator.objects.filter(computed_key="").exclude(direction="range"):
        base, target = ind.baseline_value, ind.target_value
        assert base is not None and target is not None, ind.code
        if ind.direction == "increase":
            assert target > base, ind.code
        else:
            assert target < base, ind.code


def test_each_demo_indicator_measures_its_action_line(demo_data):
    names = {line: {k[0] for k in kinds} for line, kinds in LINE_INDICATORS.items()}
    by_objective: dict[str, set[str]] = defaultdict(set)
    for ind in Indicator.objects.filter(computed_key="").select_related(
        "action_line__objective", "initiative__action_line__objective"
    ):
        line = ind.action_line or ind.initiative.action_line
        assert ind.name in names[line.code], (ind.code, ind.name, line.code)
        by_objective[line.objective.code].add(ind.name)
    # Connectivity is measured under objective 3 only, and objective 3 measures connectivity.
    for objective, inds in by_objective.items():
        about_connectivity = {n for n in inds if any(w in n for w in CONNECTIVITY_WORDS)}
        if objective == "OE3":
            assert about_connectivity == inds
        else:
            assert about_connectivity == set(), objective


def test_computed_indicators_of_the_demo_stay_within_their_meaning(demo_data):
    for ind in Indicator.objects.exclude(computed_key="").filter(
        action_line__objective__plan__slug=SLUG_2024
    ):
        values = list(ind.measurements.values_list("value", flat=True))
        assert all(v >= 0 for v in values), ind.code
        if ind.unit.startswith("%"):
            assert all(v <= 100 for v in values), ind.code


def test_seed_plan_page_says_what_the_plan_said(client, demo_data):
    plan = Plan.objects.get(slug=SLUG_2020)
    assert plan.approved_at is not None and (plan.approved_at.year, plan.approved_at.month) == (
        2020,
        7,
    )
    page = client.get(f"/pla/{SLUG_2020}/").content.decode()
    assert "departament extern i centralitzat de transformació digital" in page
    assert "pel Consell d'Administració (juliol de 2020)" in page
    assert "la fi del mandat (octubre de 2023)" in page
    assert "sis mesos" in page and "recursos propis" in page and "diagnosi" in page
    assert f"/diagnosi/{SLUG_2020}/" in page
    assert f"/participacio/plans/{SLUG_2020}/versions/" in page
