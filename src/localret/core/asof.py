"""The platform's data as it stood at a past moment, read from the audit history
(django-simple-history; see ``core.audit``). The plan's as-of pages and API read their
structure here (``strategy.selectors.tree.plan_structure``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef, Q

_M = TypeVar("_M", bound=models.Model)


def history_as_of(model: type[models.Model], when: Any) -> Any:
    """The objects of ``model`` as they stood at ``when`` (an aware datetime), from its history.

    Like ``model.history.as_of(when)``, but each object appears once even when several of its
    historical records carry the same date (writes recorded at one instant, e.g. a copy and an
    update inside one ``recorded_at``): the one written last (highest ``history_id``) wins.
    Objects whose latest record by then is a deletion are left out. A queryset of instances.
    """
    queryset = _latest(model.history, model, when).as_instances()  # type: ignore[attr-defined]
    queryset._as_of = when  # as simple_history's own as_of: related lookups use the same date
    return queryset


def objects_as_of(model: type[_M], when: Any, *args: Any, **filters: Any) -> list[_M]:
    """``list(history_as_of(model, when).filter(*args, **filters))``, built from the history
    rows' values with ``Model.from_db`` rather than through a historical record per object
    (under half the time: a past plan's structure is a few hundred objects). The objects carry
    the audited fields (others are deferred) and no ``_history`` record."""
    history = _history_model(model)
    kept = {f.attname for f in history._meta.concrete_fields}
    names = [f.attname for f in model._meta.concrete_fields if f.attname in kept]
    rows = values_as_of(model, when, names, *args, **filters)
    return [model.from_db(rows.db, names, row) for row in rows]


def values_as_of(
    model: type[models.Model], when: Any, names: Sequence[str], *args: Any, **filters: Any
) -> Any:
    """The ``values_list(*names)`` of the objects of ``history_as_of(model, when)`` that match
    the filters (a queryset of tuples), read from the history rows alone."""
    latest = _latest(_history_model(model)._default_manager, model, when)
    return latest.exclude(history_type="-").filter(*args, **filters).values_list(*names)


@functools.cache
def _history_model(model: type[models.Model]) -> type[models.Model]:
    # ``model.history`` builds a manager class on every access (simple_history's descriptor).
    return model.history.model  # type: ignore[attr-defined,no-any-return]


def _latest(manager: Any, model: type[models.Model], when: Any) -> Any:
    """The latest history record of each object at ``when`` (ties at one instant: the highest
    ``history_id``), deletions included."""
    pk = model._meta.pk.attname
    records = manager.filter(history_date__lte=when)
    later = manager.filter(history_date__lte=when, **{pk: OuterRef(pk)}).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return records.filter(~Exists(later))
