"""The plan snapshot (strategy/snapshot.py: the cached read model behind the plan page and
``GET /api/v1/plans/{slug}``) gives exactly what the reference computation gives
(``selectors.plan_tree``: every indicator's whole series from ``selectors.measurement_points``
through ``indicator_state``), on a plan with per-municipality measurements of every
aggregation, totals that win over a breakdown, confidential breakdowns, milestones, and at a
past date. Exactly: the same floats, statuses and explanations, not approximately."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from localret.core.cache import clear_local
from localret.strategy import selectors, services
from localret.strategy.models import Indicator, Measurement
from localret.strategy.snapshot import plan_snapshot
from localret.territory.models import Municipality

from .factories import make_plan, measure

pytestmark = pytest.mark.django_db

DATES = [dt.date(2024, m, 28) for m in (1, 2, 3, 5, 7, 9, 11)] + [dt.date(2025, 1, 31)]
CONFIDENTIAL_SOURCE = "computed: maturity.mean_overall_score"


def _fields(node: selectors.Node) -> tuple[Any, ...]:
    return (
        node.kind,
        node.id,
        node.code,
        node.weight,
        node.progress,
        node.expected_progress,
        node.status,
        node.current_value,
        node.last_date,
        node.municipal,
        [(p.key, p.share, p.gap, p.impact, p.status) for p in node.pulls],
        node.without_data,
    )


def _same(fast: selectors.PlanTree, reference: selectors.PlanTree) -> None:
    pairs = list(zip(fast.nodes(), reference.nodes(), strict=True))
    assert len(pairs) > 10
    for a, b in pairs:
        assert _fields(a) == _fields(b), a.key


@pytest.fixture
def plan(staff_user):  # type: ignore[no-untyped-def]
    """Eight indicators: sum, mean and share of per-municipality values (twelve
    municipalities reporting on different dates, some late, some skipping dates), a breakdown
    with totals (the totals win), totals alone, a baseline taken from the first value, a
    milestone, a confidential breakdown without totals (excluded from every aggregate read), and
    an indicator without data."""
    plan = make_plan(staff_user, slug="snap", objectives=2, lines=2, indicators_per_line=2)
    indicators = list(Indicator.objects.filter(code__startswith="snap-").order_by("code"))
    assert len(indicators) == 8
    setups: list[dict[str, Any]] = [
        {"aggregation": Indicator.Aggregation.SUM},
        {"aggregation": Indicator.Aggregation.MEAN, "baseline_value": None},
        {"aggregation": Indicator.Aggregation.SHARE},
        {
            "aggregation": Indicator.Aggregation.SUM,
            "direction": "decrease",
            "baseline_value": 120,
            "target_value": 0,
        },
        {},
        {"baseline_value": None},
        {"aggregation": Indicator.Aggregation.MEAN},
        {},
    ]
    for ind, fields in zip(indicators, setups, strict=True):
        services.indicator_update(indicator=ind, by=staff_user, **fields)
    services.indicator_update(
        indicator=indicators[0],
        by=staff_user,
        milestones=[(dt.date(2024, 12, 31), Decimal(40))],
    )
    towns = list(Municipality.objects.order_by("code")[:12])
    rng = random.Random(2024)
    rows = []
    for ind in indicators[:4] + indicators[6:7]:
        for town in towns:
            first = rng.randrange(len(DATES) - 1)
            for date in DATES[first:]:
                if rng.random() < 0.3:
                    continue  # not every municipality reports every time
                value = Decimal(str(round(rng.uniform(-3, 40), 4)))
                source = CONFIDENTIAL_SOURCE if ind == indicators[6] else ""
                rows.append(
                    Measurement(
                        indicator=ind, date=date, value=value, municipality=town, source=source
                    )
                )
    Measurement.objects.bulk_create(rows)
    for i, date in enumerate(DATES[2:]):
        measure(indicators[3], staff_user, date, 100 - 7 * i)  # totals beside the breakdown
        measure(indicators[4], staff_user, date, 5 + 9.5 * i)
        measure(indicators[5], staff_user, date, 12.25 + i)
    return plan


@pytest.mark.parametrize(
    "as_of", [dt.date(2024, 2, 1), dt.date(2024, 6, 30), dt.date(2025, 3, 1), None]
)
def test_the_snapshot_is_the_reference_tree_exactly(plan, as_of) -> None:  # type: ignore[no-untyped-def]
    as_of = as_of or selectors.today()
    clear_local()
    fast = plan_snapshot(plan, as_of)
    reference = selectors.plan_tree(plan, as_of)
    _same(fast, reference)
    assert any(n.municipal for n in fast.nodes())
    codes = {n.code: n for n in fast.nodes() if n.kind == "indicator"}
    if as_of >= DATES[-1]:
        # The confidential breakdown gives no aggregate; the breakdown with totals reads them.
        assert codes["snap-I2.2-1"].current_value is None
        with_totals = codes["snap-I1.2-2"]
        assert with_totals.current_value == 100 - 7 * (len(DATES) - 3) and with_totals.municipal


def test_the_snapshot_follows_a_new_measurement_as_the_reference_does(plan, staff_user) -> None:  # type: ignore[no-untyped-def]
    today = selectors.today()
    plan_snapshot(plan, today)
    town = Municipality.objects.order_by("code")[3]
    ind = Indicator.objects.get(code="snap-I1.1-1")
    measure(ind, staff_user, today - dt.timedelta(days=1), "12.5", town)
    _same(plan_snapshot(plan, today), selectors.plan_tree(plan, today))
