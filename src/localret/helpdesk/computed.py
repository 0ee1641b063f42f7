"""Computed indicators the helpdesk gives the strategic plan (registered in ``apps.py``).

Each ``compute(as_of)`` reads through ``selectors`` and returns the figure as it stood at
``as_of`` (requests opened by then; answers and resolutions dated by then), with a
per-municipality breakdown (6-digit INE code -> value).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from localret.strategy.interface import ComputedValue
from localret.strategy.interface import register_computed as register
from localret.territory.interface import BANDS

from . import selectors


def within_target(as_of: dt.date) -> ComputedValue:
    """Requests resolved within their resolution target (% of the resolved ones)."""
    value, by = selectors.within_target_share(as_of)
    return ComputedValue(value, by)


def first_answer_median(as_of: dt.date) -> ComputedValue:
    """Median time to the first answer, in working days of the Catalan calendar."""
    value, by = selectors.first_answer_median(as_of)
    return ComputedValue(value, by)


def requests_per_1000(band: str | None = None) -> Callable[[dt.date], ComputedValue]:
    def compute(as_of: dt.date) -> ComputedValue:
        value, by = selectors.requests_per_1000(as_of, band=band)
        return ComputedValue(value, by)

    compute.__name__ = f"requests_per_1000_{band or 'all'}"
    return compute


def satisfaction(as_of: dt.date) -> ComputedValue:
    """Mean answer (1-5) of the satisfaction survey of resolved requests."""
    value, by = selectors.satisfaction_mean(as_of)
    return ComputedValue(value, by)


_PER_1000: dict[str | None, Callable[[dt.date], ComputedValue]] = {}


def register_all() -> None:
    register(
        key="helpdesk.within_target",
        label=str(_("Requests resolved within target")),
        unit="%",
        compute=within_target,
        aggregation="mean",
    )
    register(
        key="helpdesk.first_answer_median",
        label=str(_("Median time to the first answer to a request")),
        unit=str(_("working days")),
        compute=first_answer_median,
        aggregation="mean",
    )
    for band in [None, *[b.code for b in BANDS]]:
        compute = _PER_1000.setdefault(band, requests_per_1000(band))
        register(
            key=f"helpdesk.requests_per_1000.{band}" if band else "helpdesk.requests_per_1000",
            label=str(_("Requests to Localret per 1,000 inhabitants"))
            if band is None
            else _("Requests to Localret per 1,000 inhabitants (%(band)s inhabitants)")
            % {"band": band},
            unit=str(_("requests per 1,000 inhabitants")),
            compute=compute,
            aggregation="mean",
        )
    register(
        key="helpdesk.satisfaction",
        label=str(_("Satisfaction with resolved requests")),
        unit=str(_("points (1-5)")),
        compute=satisfaction,
        aggregation="mean",
    )
