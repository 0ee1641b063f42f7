"""The one gate between confidential per-municipality figures and the public (docs/privacy.md).

Measurements of an indicator computed from a confidential source (a computed indicator
registered with ``consent=...``, such as ``maturity.mean_overall_score``) carry one
municipality's assessment results. Every read of measurements that leaves the platform goes
through this module:

- :func:`visible_measurements` filters a ``Measurement`` queryset for a viewer: staff and Board
  see everything; anyone else sees the per-municipality rows of confidential indicators only
  for the municipalities that consented (``core.consent``, filled in by reporting). The
  indicator page and API (``selectors.indicator_detail``), the map, the municipality page and
  the open-data ``mesures.csv`` use it.
- :func:`aggregate_measurements` is what the aggregate reads (the plan tree, progress, the
  Board's series) use: for confidential indicators they take the indicator's own totals only,
  never an aggregate rebuilt from a few municipalities' rows; the same for every viewer, so a
  cached plan page never depends on consent.

A measurement is "of" a confidential source when its indicator's ``computed_key`` names one,
or when its ``source`` says a confidential snapshot wrote it (a key changed afterwards).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from localret.accounts.interface import roles
from localret.core import consent

from . import computed


def full_view(user: Any) -> bool:
    """Staff and Board read every municipality's figures."""
    return roles.can_read_internal(user)


def _of_sources(entries: list[computed.ComputedIndicator], prefix: str = "") -> Q | None:
    if not entries:
        return None
    return Q(**{f"{prefix}indicator__computed_key__in": [e.key for e in entries]}) | Q(
        **{f"{prefix}source__in": [e.source_note for e in entries]}
    )


def hidden_q(user: Any, prefix: str = "") -> Q | None:
    """The measurements ``user`` may not read (``prefix`` for a related lookup), or None."""
    if full_view(user):
        return None
    by_topic: dict[str, list[computed.ComputedIndicator]] = {}
    for entry in computed.confidential().values():
        if entry.consent is not None:
            by_topic.setdefault(entry.consent, []).append(entry)
    hidden: Q | None = None
    for topic, entries in by_topic.items():
        sources = _of_sources(entries, prefix)
        if sources is None:  # never: ``entries`` is not empty; fail closed all the same
            raise RuntimeError(f"no source for the confidential indicators of {topic!r}")
        q = (
            Q(**{f"{prefix}municipality__isnull": False})
            & sources
            & ~Q(**{f"{prefix}municipality__code__in": sorted(consent.consenting(topic))})  # type: ignore[arg-type]
        )
        hidden = q if hidden is None else hidden | q
    return hidden


def visible_measurements(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """``qs`` (measurements) without what ``user`` may not read."""
    hidden = hidden_q(user)
    return qs if hidden is None else qs.exclude(hidden)


def aggregate_measurements(qs: QuerySet[Any]) -> QuerySet[Any]:
    """``qs`` without the per-municipality rows of confidential indicators (see above)."""
    sources = _of_sources(list(computed.confidential().values()))
    if sources is None:
        return qs
    return qs.exclude(Q(municipality__isnull=False) & sources)


def is_confidential(indicator: Any) -> bool:
    entry = computed.get(indicator.computed_key) if indicator.computed_key else None
    return entry is not None and entry.confidential
