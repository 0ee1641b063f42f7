"""Registry of computed indicators: figures the platform already knows, so none is typed twice.

Other apps register their computed indicators in their ``AppConfig.ready()``::

    from localret.strategy.computed import register

    register(
        key="maturity.validated_assessments",
        label=_("Municipalities with a validated maturity assessment"),
        unit=_("municipalities"),
        compute=validated_assessments,   # (as_of: date) -> ComputedValue
    )

An indicator of the plan whose ``computed_key`` names a registered key takes its measurements
from ``compute(as_of)`` instead of typed measurements. ``compute`` must only read data (through
the owning app's selectors) and must return the value as it stood at ``as_of``.

An indicator whose source is confidential until a municipality consents (maturity results)
registers with ``consent="maturity"`` (a :data:`localret.core.consent.Topic`): its
per-municipality breakdown then reaches the public only for the municipalities that consented
(``strategy/publication.py``), and its total only as an aggregate that passes disclosure
control (the ``compute`` function's duty). Sources public by nature (coverage, projects,
pilots, adhesions) register without it. See docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from localret.core.consent import Topic


@dataclass(frozen=True)
class ComputedValue:
    value: float | None
    # Per-municipality breakdown: 6-digit INE code -> value (empty when not broken down).
    by_municipality: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ComputedIndicator:
    key: str
    label: str
    unit: str
    compute: Callable[[dt.date], ComputedValue]
    aggregation: str = "sum"  # how by_municipality adds up to value: sum | mean | share
    # The consent that publishes the per-municipality breakdown; None: public by nature.
    consent: Topic | None = None

    @property
    def confidential(self) -> bool:
        return self.consent is not None

    @property
    def source_note(self) -> str:
        """The ``source`` of the measurements a snapshot writes."""
        return f"computed: {self.key}"


_REGISTRY: dict[str, ComputedIndicator] = {}


def register(
    *,
    key: str,
    label: str,
    unit: str,
    compute: Callable[[dt.date], ComputedValue],
    aggregation: str = "sum",
    consent: Topic | None = None,
) -> None:
    if key in _REGISTRY and _REGISTRY[key].compute is not compute:
        raise ValueError(f"computed indicator {key!r} is already registered")
    _REGISTRY[key] = ComputedIndicator(
        key=key,
        label=str(label),
        unit=str(unit),
        compute=compute,
        aggregation=aggregation,
        consent=consent,
    )


def registered() -> dict[str, ComputedIndicator]:
    return dict(_REGISTRY)


def get(key: str) -> ComputedIndicator | None:
    return _REGISTRY.get(key)


def confidential() -> dict[str, ComputedIndicator]:
    """The registered indicators whose per-municipality breakdown needs consent."""
    return {k: v for k, v in _REGISTRY.items() if v.confidential}
