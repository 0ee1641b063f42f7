"""Writes of measurements, and the refresh of computed indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .. import computed
from ..models import Indicator, Measurement
from .base import (
    StrategyError,
    _apply,
    _closed_plan,
    _delete,
    _now,
    _plan_of,
    _require_editable,
    _save,
)

# --- Measurements -------------------------------------------------------------------------------


def _check_typed(indicator: Indicator) -> None:
    if indicator.computed_key:
        raise StrategyError(
            "This indicator is computed from platform data; its values are not typed.",
            [{"field": "indicator", "message": f"computed from '{indicator.computed_key}'"}],
        )


@transaction.atomic
def measurement_create(
    *,
    indicator: Indicator,
    by: Any,
    date: dt.date,
    value: Decimal,
    municipality: Any = None,
    source: str = "",
) -> Measurement:
    """Record a measurement; one per indicator, date and municipality (else update it).

    A closed plan's results are final: its indicators take no new or changed measurement."""
    _check_typed(indicator)
    _require_editable(_plan_of(indicator))
    if date > timezone.localdate():
        raise StrategyError("The date is in the future.", [{"field": "date", "message": "future"}])
    value = measurement_value(indicator=indicator, value=value)
    existing = Measurement.objects.filter(
        indicator=indicator, date=date, municipality=municipality
    ).first()
    if existing is not None:
        existing.value = value
        existing.source = source or existing.source
        existing.entered_by = by
        _save(existing, by, reason="value replaced")
        return existing
    measurement = Measurement(
        indicator=indicator,
        date=date,
        value=value,
        municipality=municipality,
        source=source,
        entered_by=by,
        created_at=_now(),
    )
    _save(measurement, by)
    return measurement


@transaction.atomic
def measurement_update(
    *, measurement: Measurement, by: Any, reason: str = "", **fields: Any
) -> Measurement:
    """Correct a measurement (value, date, municipality, source), with an optional reason kept
    in its history. Moving it onto another measurement's date and municipality is refused."""
    _check_typed(measurement.indicator)
    _require_editable(_plan_of(measurement.indicator))
    if "value" in fields:
        fields["value"] = measurement_value(indicator=measurement.indicator, value=fields["value"])
    if "date" in fields and fields["date"] > timezone.localdate():
        raise StrategyError("The date is in the future.", [{"field": "date", "message": "future"}])
    _apply(measurement, fields, ("date", "value", "municipality", "source"))
    clash = Measurement.objects.filter(
        indicator=measurement.indicator,
        date=measurement.date,
        municipality=measurement.municipality,
    ).exclude(pk=measurement.pk)
    if clash.exists():
        raise StrategyError(
            "There is already a measurement for that date and municipality.",
            [{"field": "date", "message": "another measurement has this date and municipality"}],
        )
    measurement.entered_by = by
    _save(measurement, by, reason=(reason or "corrected")[:100])
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: Any, reason: str = "") -> None:
    """Delete a wrong measurement; the history keeps it, with who, when and the reason."""
    _require_editable(_plan_of(measurement.indicator))
    measurement._change_reason = (reason or "deleted")[:100]  # type: ignore[attr-defined]
    _delete(measurement, by)


def measurement_value(*, indicator: Indicator, value: Any) -> Decimal:
    """The value to store: any finite number kept to 8 decimal places, inside the indicator's
    plausible range (from its unit unless staff set one). Raises StrategyError naming
    ``value``."""
    from .. import plausibility

    try:
        number = plausibility.normalize(value)
    except plausibility.InvalidValue as exc:
        raise StrategyError(f"The value {exc}.", [{"field": "value", "message": str(exc)}]) from exc
    allowed = plausibility.effective_range(
        indicator.unit, indicator.plausible_low, indicator.plausible_high
    )
    problem = plausibility.check(number, allowed)
    if problem is not None:
        raise StrategyError(
            f"The value is not plausible for this indicator: it {problem}.",
            [{"field": "value", "message": f"{problem} (unit: {indicator.unit or '-'})"}],
        )
    return number


# --- Computed indicators ------------------------------------------------------------------------


@transaction.atomic
def computed_snapshot(*, indicator: Indicator, as_of: dt.date, by: Any = None) -> int:
    """Store the registry's value of a computed indicator at ``as_of`` as measurements.

    Writes the total (no municipality) and the per-municipality breakdown; replaces earlier
    snapshots of the same date. Returns the number of measurements written.
    """
    from localret.territory.interface import Municipality

    entry = computed.get(indicator.computed_key) if indicator.computed_key else None
    if entry is None:
        raise StrategyError(
            "The indicator is not computed.", [{"field": "computed_key", "message": "unknown"}]
        )
    _require_editable(_plan_of(indicator))
    result = entry.compute(as_of)
    Measurement.objects.filter(indicator=indicator, date=as_of).delete()
    when = _now()
    if as_of < when.date():  # a backfill: recorded as known at the end of that day
        when = timezone.make_aware(dt.datetime.combine(as_of, dt.time(23, 0)))
    rows: list[Measurement] = []
    note = entry.source_note
    if result.value is not None:
        rows.append(
            Measurement(
                indicator=indicator,
                date=as_of,
                value=Decimal(str(round(result.value, 4))),
                source=note,
                entered_by=by,
            )
        )
    if result.by_municipality:
        munis = Municipality.objects.in_bulk(list(result.by_municipality), field_name="code")
        for code, value in sorted(result.by_municipality.items()):
            if code in munis and value is not None:
                rows.append(
                    Measurement(
                        indicator=indicator,
                        date=as_of,
                        value=Decimal(str(round(value, 4))),
                        municipality=munis[code],
                        source=note,
                        entered_by=by,
                    )
                )
    for row in rows:
        row.created_at = when
        row._history_date = when  # type: ignore[attr-defined]
    if rows:
        bulk_create_with_history(rows, Measurement, default_user=by)
    return len(rows)


def computed_indicators_refresh(*, as_of: dt.date | None = None, by: Any = None) -> dict[str, int]:
    """Recompute every computed indicator of approved and draft plans at ``as_of`` (today);
    closed plans keep their final results."""
    as_of = as_of or timezone.localdate()
    written = {}
    for indicator in Indicator.objects.exclude(computed_key=""):
        if computed.get(indicator.computed_key) is None or _closed_plan(indicator):
            continue
        written[indicator.code] = computed_snapshot(indicator=indicator, as_of=as_of, by=by)
    return written
