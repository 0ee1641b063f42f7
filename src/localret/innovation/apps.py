from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _pilots_run(as_of: dt.date):  # type: ignore[no-untyped-def]
    from localret.strategy.computed import ComputedValue

    from .selectors import computed_pilots_run

    value, by = computed_pilots_run(as_of)
    return ComputedValue(value=value, by_municipality=by)


def _pilots_scaled(as_of: dt.date):  # type: ignore[no-untyped-def]
    from localret.strategy.computed import ComputedValue

    from .selectors import computed_pilots_scaled

    value, by = computed_pilots_scaled(as_of)
    return ComputedValue(value=value, by_municipality=by)


def _municipalities_reached(as_of: dt.date):  # type: ignore[no-untyped-def]
    from localret.strategy.computed import ComputedValue

    from .selectors import computed_municipalities_reached

    value, by = computed_municipalities_reached(as_of)
    return ComputedValue(value=value, by_municipality=by)


class InnovationConfig(AppConfig):
    name = "localret.innovation"
    label = "innovation"
    verbose_name = _("Innovation")

    def ready(self) -> None:
        from localret.strategy.computed import register

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
