"""The rows of each open dataset, read from the other apps' interfaces (public data only:
approved or closed plans, public agreements, aggregates), and the date each was last modified.
``opendata`` declares the datasets and writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from localret.governance import interface as governance
from localret.strategy import interface as strategy

from . import sources, territorial


def _today() -> dt.date:
    return timezone.localdate()


def _plan_rows() -> Iterator[list[Any]]:
    for plan in sources.public_plans():
        as_of = min(_today(), plan.period_end) if plan.status == "closed" else _today()
        tree = strategy.plan_outline(plan, as_of)
        yield [
            plan.slug,
            "plan",
            "",
            plan.name,
            tree["progress"],
            tree["expected_progress"],
            tree["status"],
            as_of,
        ]
        for o in tree["objectives"]:
            yield [
                plan.slug,
                "objective",
                o["code"],
                o["name"],
                o["progress"],
                o["expected_progress"],
                o["status"],
                as_of,
            ]
            for a in o["action_lines"]:
                yield [
                    plan.slug,
                    "action_line",
                    a["code"],
                    a["name"],
                    a["progress"],
                    a["expected_progress"],
                    a["status"],
                    as_of,
                ]


def _indicator_rows() -> Iterator[list[Any]]:
    for plan in sources.public_plans():
        as_of = min(_today(), plan.period_end) if plan.status == "closed" else _today()
        for i in strategy.indicator_rows(plan, as_of):
            fc = i["forecast"] or {}
            yield [
                plan.slug,
                i["code"],
                i["name"],
                i["unit"],
                i["action_line"],
                i["baseline_value"],
                i["baseline_date"],
                i["target_value"],
                i["target_date"],
                i["current"],
                i["progress"],
                i["status"],
                fc.get("value_at_target_date"),
            ]


def _measurement_rows() -> Iterator[list[Any]]:
    for row in sources.measurement_rows():
        yield list(row)


def _municipality_rows() -> Iterator[list[Any]]:
    from localret.territory.interface import Municipality

    qs = Municipality.objects.order_by("code").values_list(
        "code",
        "name",
        "comarca__name",
        "comarca__vegueria__name",
        "province__name",
        "population",
        "population_year",
        "population_band",
        "area_km2",
        "households",
        "households_estimated",
        "lat",
        "lon",
    )
    for row in qs.iterator(chunk_size=1000):
        yield list(row)


def _dict_rows(rows: list[dict[str, Any]], keys: list[str]) -> Iterator[list[Any]]:
    for r in rows:
        yield [r.get(k) for k in keys]


MATURITY_KEYS = ["level", "code", "name", "campaign", "count", "median", "q1", "q3"]
CONNECTIVITY_KEYS = [
    "level",
    "code",
    "name",
    "year",
    "households",
    "covered_1000",
    "gigabit_share",
    "white_households",
    "premises",
    "households_gigabit",
]


def _agreement_rows() -> Iterator[list[Any]]:
    for a in governance.public_agreements():
        yield [
            a.number,
            a.meeting.date,
            a.meeting.body.name,
            a.title,
            a.kind,
            a.result,
            a.votes_for,
            a.votes_against,
            a.abstentions,
            a.plan.slug if a.plan else "",
        ]


def _balance_rows() -> Iterator[list[Any]]:
    for level in territorial.LEVELS:
        result = territorial.compute(level=level, basis="population", as_of=_today())
        for i in result["items"]:
            yield [
                level,
                i["code"],
                i["name"],
                i["population"],
                i["effort_share"],
                i["reference_share"],
                i["ratio"],
            ]


def _measurements_modified() -> dt.date:
    last = max((r[2] for r in sources.measurement_rows()), default=None)  # noqa: C414
    return last or _today()


def _plans_modified() -> dt.date:
    plans = sources.public_plans()
    if not plans:
        return _today()
    latest = [p.history.latest("history_date").history_date.date() for p in plans]
    return max(latest)


def _agreements_modified() -> dt.date:
    first = governance.public_agreements().first()
    return first.meeting.date if first else _today()


def _register_modified() -> dt.date:
    from localret.territory.interface import Municipality

    year = (
        Municipality.objects.order_by("-population_year")
        .values_list("population_year", flat=True)
        .first()
    )
    return dt.date(year, 1, 1) if year else _today()
