from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _pilots_run(as_of: dt.date):  # type: ignore[no-untyped-def]
    from localret.strategy.interface import ComputedValue

    from .selectors import computed_pilots_run

    value, by = computed_pilots_run(as_of)
    return ComputedValue(value=value, by_municipality=by)


def _pilots_scaled(as_of: dt.date):  # type: ignore[no-untyped-def]
    from localret.strategy.interface import ComputedValue

    from .selectors import computed_pilots_scaled

    value, by = computed_pilots_scaled(as_of)
    return ComputedValue(value=value, by_municipality=by)


def _municipalities_reached(as_of: dt.date):  # type: ignore[no-untyped-def]
    from localret.strategy.interface import ComputedValue

    from .selectors import computed_municipalities_reached

    value, by = computed_municipalities_reached(as_of)
    return ComputedValue(value=value, by_municipality=by)


def _load_demo(*, seed: int, today: dt.date) -> str:
    from .demo import load  # imported only when the demo is loaded

    return load(seed=seed, today=today)


def _municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    from .views import municipality_section  # imported when the page is drawn

    return municipality_section(request, municipality)


class InnovationConfig(AppConfig):
    name = "localret.innovation"
    label = "innovation"
    verbose_name = _("Innovation")

    def ready(self) -> None:
        from localret.core.demo import register_demo
        from localret.strategy.interface import register_computed as register
        from localret.territory.interface import register_section

        register_demo("innovation", _load_demo, order=60)
        register_section("innovation", _municipality_section, order=30)

        # pilots_run / pilots_scaled: the value counts distinct pilots; the per-municipality
        # breakdown counts the pilots each municipality took part in (a pilot with three
        # participants appears in three municipalities), so it does not add up to the value.
        register(
            key="innovation.pilots_run",
            label=_("Innovation pilots run"),  # type: ignore[arg-type]
            unit=_("pilots"),  # type: ignore[arg-type]
            compute=_pilots_run,
            aggregation="distinct",
        )
        register(
            key="innovation.pilots_scaled",
            label=_("Innovation pilots scaled"),  # type: ignore[arg-type]
            unit=_("pilots"),  # type: ignore[arg-type]
            compute=_pilots_scaled,
            aggregation="distinct",
        )
        register(
            key="innovation.municipalities_reached",
            label=_("Municipalities reached by scaled innovations"),  # type: ignore[arg-type]
            unit=_("municipalities"),  # type: ignore[arg-type]
            compute=_municipalities_reached,
            aggregation="sum",
        )
