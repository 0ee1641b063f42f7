"""Demo data a domain expert would believe: every demo series respects its unit and meaning,
each indicator measures its action line, and the seed plan says what it said."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Q

from localret.maturity.models import Assessment, Project, Roadmap
from localret.strategy import progress
from localret.strategy.demo import LINE_INDICATORS, SLUG_2020, SLUG_2024
from localret.strategy.models import ActionLine, Indicator, Measurement, Milestone, Plan

from ..conftest import OLOT, VIC

pytestmark = pytest.mark.django_db

# The rules, stated apart from the generator so that a change to it cannot loosen them.
COUNTS = {
    "ajuntaments",
    "municipis",
    "ens",
    "comptadors",
    "conjunts",
    "consultes",
    "convenis",
    "cursos",
    "descàrregues",
    "entitats",
    "equipaments",
    "estacions",
    "expedients",
    "fitxes",
    "guies",
    "incidents/any",
    "incidències",
    "informes",
    "llars",
    "nuclis",
    "operadors",
    "persones",
    "peticions",
    "pilots",
    "processos",
    "propostes",
    "quadres",
    "reunions",
    "sensors",
    "serveis",
    "sessions",
    "simulacres",
    "solucions",
    "tràmits",
    "visites",
}
OF_THE_947 = {"ajuntaments", "municipis", "ens"}
CONTINUOUS = {"hores", "dies", "km", "Mbps", "€", "€/usuari", "€/llar", "punts (0-10)"}
# A town hall's own value of these says nothing ("1 % de municipis"): totals only.
NOT_PER_MUNICIPALITY = OF_THE_947 | {"% de municipis"}
CONNECTIVITY_WORDS = (
    "fibra",
    "5G",
    "Gbps",
    "zones blanques",
    "zones grises",
    "cobertura",
    "mòbil",
    "operadors",
    "connectivitat",
    "connexió",
    "connectats",
)
DEMO_TODAY = dt.date(2026, 11, 30)  # the ``demo_data`` fixture's today


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
        about_connectivity = {
            n for n in inds if any(w.lower() in n.lower() for w in CONNECTIVITY_WORDS)
        }
        if objective == "OE3":
            assert about_connectivity == inds, inds - about_connectivity
        else:
            assert about_connectivity == set(), (objective, about_connectivity)


def test_computed_indicators_of_the_demo_stay_within_their_meaning(demo_data):
    for ind in Indicator.objects.exclude(computed_key="").filter(
        action_line__objective__plan__slug=SLUG_2024
    ):
        values = list(ind.measurements.values_list("value", flat=True))
        assert all(v >= 0 for v in values), ind.code
        if ind.unit.startswith("%"):
            assert all(v <= 100 for v in values), ind.code


def _plan_indicators(slug: str) -> list[Indicator]:
    return list(
        Indicator.objects.filter(
            Q(action_line__objective__plan__slug=slug)
            | Q(initiative__action_line__objective__plan__slug=slug)
        ).select_related("action_line", "initiative__action_line")
    )


@pytest.mark.parametrize("slug", [SLUG_2020, SLUG_2024])
def test_each_plan_has_about_150_indicators_with_distinct_names(demo_data, slug):
    indicators = _plan_indicators(slug)
    assert 140 <= len(indicators) <= 160
    names = [i.name for i in indicators]
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert repeated == []


@pytest.mark.parametrize("slug", [SLUG_2020, SLUG_2024])
def test_every_action_line_has_indicators(demo_data, slug):
    counts: dict[str, int] = defaultdict(int)
    for ind in _plan_indicators(slug):
        counts[(ind.action_line or ind.initiative.action_line).code] += 1
    lines = ActionLine.objects.filter(objective__plan__slug=slug).values_list("code", flat=True)
    assert sorted(lines) == sorted(LINE_INDICATORS)
    assert {code: counts.get(code, 0) for code in lines if counts.get(code, 0) < 5} == {}


def test_no_municipality_has_a_value_of_a_count_or_share_of_municipalities(demo_data):
    """The demo's typed series: a town hall's own value of "% de municipis" or "municipis"
    would read "1 % de municipis"; such indicators are recorded as totals only. (A computed
    indicator's breakdown is the registry's: C1-2024's is 1 per municipality assessed.)"""
    units = set(
        Measurement.objects.filter(municipality__isnull=False, indicator__computed_key="")
        .values_list("indicator__unit", flat=True)
        .distinct()
    )
    assert units, "some indicators are measured per municipality"
    assert units & NOT_PER_MUNICIPALITY == set()


def test_no_indicator_starts_past_its_target(demo_data):
    """At the start of its plan an indicator still has its way to go: the baseline lies short of
    the target, and so does the first value measured or computed (C1-2024 once stood at 573
    against a target of 100)."""
    problems = []
    for slug in (SLUG_2020, SLUG_2024):
        for ind in _plan_indicators(slug):
            if ind.direction == Indicator.Direction.RANGE:
                continue
            up = ind.direction == Indicator.Direction.INCREASE
            base, target = ind.baseline_value, ind.target_value
            assert base is not None and target is not None, ind.code
            if (base >= target) if up else (base <= target):
                problems.append(f"{ind.code}: baseline {base}, target {target}")
            points = [
                (m.date, m.municipality_id, float(m.value))
                for m in ind.measurements.filter(date__gte=ind.baseline_date)
            ]
            series = progress.indicator_series(points, ind.aggregation)
            if series:
                first = series[0][1]
                if (first >= float(target)) if up else (first <= float(target)):
                    problems.append(f"{ind.code}: first value {first}, target {target}")
    assert problems[:20] == []


def test_computed_indicators_start_from_the_platforms_figure(demo_data):
    for ind in Indicator.objects.exclude(computed_key="").filter(
        action_line__objective__plan__slug=SLUG_2024
    ):
        first = ind.measurements.order_by("date").first()
        assert first is not None, ind.code
        assert ind.baseline_value is not None and ind.target_value is not None
        assert ind.baseline_value <= first.value < ind.target_value, ind.code
        # Reachable: at most half as much again as the baseline (and a few units more).
        assert ind.target_value <= ind.baseline_value * Decimal("1.5") + 10, ind.code


@pytest.mark.parametrize("code", [VIC, OLOT])
def test_vic_and_olot_have_a_whole_story(demo_data, code):
    """The demo municipal users' town halls: a validated assessment, a roadmap with agreed
    items and target dates, and an accompaniment project with a next step still ahead."""
    assert Assessment.objects.filter(municipality__code=code, status="validated").exists()
    roadmap = Roadmap.objects.filter(municipality__code=code).order_by("-created_at").first()
    assert roadmap is not None
    items = list(roadmap.items.all())
    assert items and any(i.target_date for i in items)
    assert any(i.status == "done" for i in items)
    projects = list(Project.objects.filter(municipalities__code=code))
    assert projects
    ahead = [
        m
        for p in projects
        for m in p.milestones.all()
        if m.done_on is None and m.due_date > DEMO_TODAY
    ]
    assert ahead, "a next step still ahead"


def test_seed_plan_page_says_what_the_plan_said(client, demo_data):
    plan = Plan.objects.get(slug=SLUG_2020)
    assert plan.approved_at is not None and (plan.approved_at.year, plan.approved_at.month) == (
        2020,
        7,
    )
    page = client.get(f"/pla/{SLUG_2020}/").content.decode()
    # The vision in full (issue 14, point 6): Localret as the town halls' own department, their
    # "regidoria o àrea", external and centralised.
    vision = (
        "Esdevenir el departament (regidoria o àrea) extern i centralitzat de transformació "
        "digital i innovació dels ajuntaments de Catalunya."
    )
    assert vision in page and "regidoria o àrea" in page
    # Mission, vision and values are presented once, in "About the plan".
    assert page.count(plan.mission) == 1 and page.count(vision) == 1
    assert page.count(">Missió<") == 1 and page.count(">Visió<") == 1
    assert page.count(">Valors<") == 1
    assert "pel Consell d'Administració (juliol de 2020)" in page
    assert "la fi del mandat (octubre de 2023)" in page
    assert "sis mesos" in page and "recursos propis" in page and "diagnosi" in page
    assert f"/diagnosi/{SLUG_2020}/" in page
    assert f"/participacio/plans/{SLUG_2020}/versions/" in page
