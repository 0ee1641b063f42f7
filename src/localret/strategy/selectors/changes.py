"""What changed in a plan since a date: status changes, edits and new values."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from .. import hooks
from .. import progress as pg
from ..models import ActionLine, Indicator, Initiative, Measurement, Plan, StrategicObjective
from .plans import PlanNotFound, end_of_day, today
from .tree import PlanTree, plan_tree

DEFAULT_CHANGES_DAYS = 90


# --- What changed -------------------------------------------------------------------------------


@dataclass
class StatusChange:
    kind: str
    code: str
    name: str
    before: str | None  # None: the node did not exist
    after: str | None  # None: the node was removed
    progress_before: float | None
    progress_after: float | None


@dataclass
class Edit:
    date: dt.datetime
    kind: str
    code: str
    name: str
    action: str  # + ~ -
    user: Any
    fields: list[str]


@dataclass
class IndicatorUpdate:
    code: str
    name: str
    count: int


@dataclass
class Changes:
    plan: Plan
    since: dt.date
    until: dt.date
    status_changes: list[StatusChange]
    edits: list[Edit]
    measurements: list[IndicatorUpdate]

    @property
    def empty(self) -> bool:
        return not (self.status_changes or self.edits or self.measurements)

    def __iter__(self) -> Iterator[StatusChange]:
        return iter(self.status_changes)


def default_since(until: dt.date | None = None) -> tuple[dt.date, bool]:
    """Where "what changed" starts by default: the last Board meeting before ``until`` (default
    today), as governance records it, and True; else ``DEFAULT_CHANGES_DAYS`` before, and
    False."""
    until = until or today()
    meeting = hooks.last_board_meeting(until)
    if meeting is not None:
        return meeting, True
    return until - dt.timedelta(days=DEFAULT_CHANGES_DAYS), False


def changes_since(
    plan: Plan, since: dt.date | None = None, as_of: dt.date | None = None
) -> Changes:
    """What changed in the plan between ``since`` (default: the last Board meeting before
    ``as_of``, else 90 days before) and ``as_of`` (default: today): nodes whose status changed,
    structural edits from the audit history, and new measurements per indicator. Iterating the
    result yields the status changes.
    """
    now = as_of or today()
    since = since or default_since(now)[0]
    # Each side as it was known that day: the Board saw these figures then.
    after = plan_tree(plan, now, known_then=True)
    try:
        before: PlanTree | None = plan_tree(plan, since, known_then=True)
    except PlanNotFound:
        before = None
    old = {n.key: n for n in before.nodes()} if before else {}
    new = {n.key: n for n in after.nodes()}
    status_changes = []
    for key, node in new.items():
        if node.kind == "plan":
            continue
        prev = old.get(key)
        if prev is None or prev.status != node.status:
            status_changes.append(
                StatusChange(
                    node.kind,
                    node.code,
                    node.name,
                    prev.status if prev else None,
                    node.status,
                    prev.progress if prev else None,
                    node.progress,
                )
            )
    for key, prev in old.items():
        if key not in new and prev.kind != "plan":
            status_changes.append(
                StatusChange(
                    prev.kind, prev.code, prev.name, prev.status, None, prev.progress, None
                )
            )
    ids: dict[str, set[int]] = defaultdict(set)
    for tree in (before, after):
        if tree is None:
            continue
        for node in tree.nodes():
            ids[node.kind].add(node.id)
    when = end_of_day(since)
    models_by_kind = {
        "plan": Plan,
        "objective": StrategicObjective,
        "action_line": ActionLine,
        "initiative": Initiative,
        "indicator": Indicator,
    }
    edits: list[Edit] = []
    for kind, model in models_by_kind.items():
        records = list(
            model.history.filter(  # type: ignore[attr-defined]
                history_date__gt=when, history_date__lte=end_of_day(now), id__in=ids[kind]
            )
            .select_related("history_user")
            .order_by("history_date")
        )
        previous: dict[int, Any] = {}
        for record in records:
            fields: list[str] = []
            if record.history_type == "~":
                prior = record.prev_record
                if prior is not None:
                    fields = [c.field for c in record.diff_against(prior).changes]
            previous[record.id] = record
            edits.append(
                Edit(
                    record.history_date,
                    kind,
                    getattr(record, "code", "") or "",
                    record.name,
                    record.history_type,
                    record.history_user,
                    fields,
                )
            )
    edits.sort(key=lambda e: e.date, reverse=True)
    counts = (
        Measurement.objects.filter(
            indicator_id__in=ids["indicator"], created_at__gt=when, created_at__lte=end_of_day(now)
        )
        .values("indicator__code", "indicator__name")
        .annotate(n=Count("id"))
        .order_by("indicator__code")
    )
    measurements = [
        IndicatorUpdate(c["indicator__code"], c["indicator__name"], c["n"]) for c in counts
    ]
    order = {s: i for i, s in enumerate(pg.STATUSES)}
    status_changes.sort(key=lambda s: (order.get(s.after or "", 9), s.kind, s.code))
    return Changes(plan, since, now, status_changes, edits, measurements)
