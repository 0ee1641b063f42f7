"""Computed indicators this app gives the strategic plan (registered in ``apps.py``).

Each ``compute(as_of)`` reads through ``selectors`` and returns the figure as it stood at
``as_of`` with a per-municipality breakdown (6-digit INE code -> value).

Assessment results are confidential until a municipality consents: the three indicators read
from assessments register with ``consent="maturity"`` (strategy then publishes a
municipality's breakdown only with its consent), and their total is suppressed (None) when
fewer municipalities than the disclosure minimum were assessed (``core/disclosure.py``).
Projects and adhesions to services are public by nature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from localret.strategy.interface import ComputedValue
from localret.strategy.interface import register_computed as register

from . import default_model, selectors


def validated_assessments(as_of: dt.date) -> ComputedValue:
    """Municipalities with a validated assessment (any campaign) at ``as_of``."""
    latest = selectors.latest_validated_by_municipality(as_of=as_of)
    if 0 < len(latest) < selectors.min_group():  # none at all is no one's result
        return ComputedValue(None, dict.fromkeys(latest, 1.0))
    return ComputedValue(float(len(latest)), dict.fromkeys(latest, 1.0))


def mean_overall_score(as_of: dt.date) -> ComputedValue:
    """Mean overall score (0-100) of each municipality's latest validated assessment."""
    latest = selectors.latest_validated_by_municipality(as_of=as_of)
    by = {code: round(float(r["overall"]), 2) for code, r in latest.items()}
    if len(latest) < selectors.min_group():
        return ComputedValue(None, by)
    return ComputedValue(round(sum(by.values()) / len(by), 2), by)


def share_level3_plus(as_of: dt.date) -> ComputedValue:
    """Percentage of assessed municipalities at level 3 or above (breakdown: 100 or 0)."""
    latest = selectors.latest_validated_by_municipality(as_of=as_of)
    by = {code: 100.0 if r["level"] >= 3 else 0.0 for code, r in latest.items()}
    if len(latest) < selectors.min_group():
        return ComputedValue(None, by)
    return ComputedValue(round(sum(by.values()) / len(by), 2), by)


def projects_completed(as_of: dt.date) -> ComputedValue:
    """Accompaniment projects completed by ``as_of`` (a group project counts once in the value
    and once for each of its municipalities in the breakdown)."""
    by: dict[str, float] = {}
    ids: set[int] = set()
    for code, projects in selectors.projects_by_municipality(as_of=as_of).items():
        done = [p for p in projects if p["completed_on"] is not None and p["completed_on"] <= as_of]
        if done:
            by[code] = float(len(done))
            ids.update(p["id"] for p in done)
    return ComputedValue(float(len(ids)), by)


def adhesions(service: str | None = None) -> Callable[[dt.date], ComputedValue]:
    def compute(as_of: dt.date) -> ComputedValue:
        rows = selectors.adhesions_by_municipality(as_of=as_of, service=service)
        by = {code: float(len(items)) for code, items in rows.items()}
        return ComputedValue(float(sum(by.values())), by)

    compute.__name__ = f"adhesions_{service or 'total'}"
    return compute


_ADHESION_COMPUTES: dict[str | None, Callable[[dt.date], ComputedValue]] = {}


def register_all() -> None:
    register(
        key="maturity.validated_assessments",
        label=str(_("Municipalities with a validated maturity assessment")),
        unit=str(_("municipalities")),
        compute=validated_assessments,
        consent="maturity",
        aggregation="sum",
    )
    register(
        key="maturity.mean_overall_score",
        label=str(_("Mean digital maturity score")),
        unit=str(_("points (0-100)")),
        compute=mean_overall_score,
        consent="maturity",
        aggregation="mean",
    )
    register(
        key="maturity.share_level3_plus",
        label=str(_("Share of assessed municipalities at maturity level 3 or above")),
        unit="%",
        compute=share_level3_plus,
        consent="maturity",
        aggregation="mean",
    )
    register(
        key="maturity.projects_completed",
        label=str(_("Accompaniment projects completed")),
        unit=str(_("projects")),
        compute=projects_completed,
        aggregation="sum",
    )
    for service in [None, *[s["code"] for s in default_model.SERVICES]]:
        compute = _ADHESION_COMPUTES.setdefault(service, adhesions(service))
        register(
            key=f"maturity.adhesions.{service}" if service else "maturity.adhesions",
            label=str(_("Adhesions to Localret services"))
            if service is None
            else _("Adhesions to the service %(code)s") % {"code": service},
            unit=str(_("adhesions")),
            compute=compute,
            aggregation="sum",
        )
