"""Reads of plans: which plans a user sees, the plan at a date, its status thresholds."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from localret.accounts.interface import roles
from localret.core import cache
from localret.core.asof import history_as_of
from localret.core.errors import NotFound

from .. import progress as pg
from ..models import Plan

PUBLIC_STATUSES = (Plan.Status.APPROVED, Plan.Status.CLOSED)


# --- Plans --------------------------------------------------------------------------------------


def can_see_drafts(user: Any) -> bool:
    return roles.can_read_internal(user)


def plan_list(user: Any) -> QuerySet[Plan]:
    """Plans the user may read, newest period first (public: approved and closed only)."""
    qs = Plan.objects.all().order_by("-period_start", "slug")
    if not can_see_drafts(user):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs


def plan_list_at(user: Any, as_of: dt.date | None = None) -> Any:
    """The plans as they stood at ``as_of`` (default today: :func:`plan_list`): those that
    existed then, with the status they had, that the user may read (the public: approved and
    closed then). A queryset, newest period first."""
    if as_of is None or is_live(as_of):
        return plan_list(user)
    plans = history_as_of(Plan, end_of_day(as_of))
    if not can_see_drafts(user):
        plans = plans.filter(status__in=PUBLIC_STATUSES)
    return plans.order_by("-period_start", "slug")


def plan_get(slug: str, user: Any) -> Plan | None:
    """The plan with this slug if the user may read it (the rule of :func:`plan_list`), else
    None.

    The lookup is kept in this process per version of the plan data (core/cache.py: a write to
    a plan makes the next call read it again) and the caller receives its own copy, which it
    may change and save: every page and endpoint of a plan starts here, and the query and its
    compilation were a third of a cached plan page's time."""
    found: Plan | None = cache.cached(
        "strategy:plan-by-slug",
        reads=("strategy",),
        parts=(slug,),
        build=lambda: Plan.objects.filter(slug=slug).first(),
        local=True,
    )
    if found is None or (found.status not in PUBLIC_STATUSES and not can_see_drafts(user)):
        return None
    return copy.copy(found)


# --- As of a date -------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def end_of_day(date: dt.date) -> dt.datetime:
    """The last instant of ``date`` in the current time zone (history records up to it)."""
    start = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start) - dt.timedelta(microseconds=1)


def is_live(as_of: dt.date | None) -> bool:
    return as_of is None or as_of >= today()


class PlanNotFound(NotFound):
    """The plan did not exist at the requested date (``core.errors.NotFound``, 404)."""


def thresholds_of(plan: Any) -> pg.Thresholds:
    try:
        return pg.Thresholds(float(plan.on_track_ratio), float(plan.at_risk_ratio))
    except (TypeError, ValueError):
        return pg.DEFAULT_THRESHOLDS
