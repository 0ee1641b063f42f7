"""Reads of the strategic plan, used by the strategy pages and API and by governance,
reporting and transparency. Every function here only reads.

- :func:`plan_list` / :func:`plan_get`: the plans a user may see (public: approved and closed;
  staff and Board: drafts too).
- :func:`plan_tree`: the whole plan as a tree of :class:`Node` (plan > objectives > action lines
  > initiatives and indicators) with progress, expected progress, status and explanation of
  every node, **as of any date**: the structure comes from the audit history and the
  measurements are those dated up to that date (``known_then``: and recorded by then, as the
  Board's "what changed" compares). A fixed number of SQL
  queries whatever the plan's size (8 at most).
- :func:`indicator_detail`: one indicator with its measurements, progress, status, forecast and
  per-municipality breakdown, as of a date.
- :func:`plan_outline` / :func:`indicator_rows`: the same read model as plain data (the tree
  flattened; every indicator's row with forecast and series), for the Board report, open data
  and the transparency portal (``readmodel``).
- :func:`changes_since`: what changed in a plan since a date (the Board's "since the last Board
  meeting" view; governance passes the date of the last meeting).
"""

from __future__ import annotations

from .changes import (
    DEFAULT_CHANGES_DAYS,
    Changes,
    Edit,
    IndicatorUpdate,
    StatusChange,
    changes_since,
    default_since,
)
from .indicators import (
    IndicatorDetail,
    MeasurementRow,
    MunicipalValue,
    indicator_detail,
    indicator_get,
    indicator_plan,
)
from .measurements import (
    latest_values,
    measurement_jump_from,
    measurement_points,
    measurement_warnings,
)
from .plans import (
    PUBLIC_STATUSES,
    PlanNotFound,
    can_see_drafts,
    end_of_day,
    is_live,
    plan_get,
    plan_list,
    plan_list_at,
    thresholds_of,
    today,
)
from .readmodel import indicator_rows, plan_outline
from .tree import (
    Node,
    PlanTree,
    Structure,
    build_tree,
    evaluate,
    indicator_state,
    is_evaluated,
    plan_structure,
    plan_tree,
)

__all__ = [
    "Changes",
    "DEFAULT_CHANGES_DAYS",
    "Edit",
    "IndicatorDetail",
    "IndicatorUpdate",
    "MeasurementRow",
    "MunicipalValue",
    "Node",
    "PUBLIC_STATUSES",
    "PlanNotFound",
    "PlanTree",
    "StatusChange",
    "Structure",
    "build_tree",
    "can_see_drafts",
    "changes_since",
    "default_since",
    "end_of_day",
    "evaluate",
    "indicator_detail",
    "indicator_get",
    "indicator_plan",
    "indicator_rows",
    "indicator_state",
    "is_evaluated",
    "is_live",
    "latest_values",
    "measurement_jump_from",
    "measurement_points",
    "measurement_warnings",
    "plan_get",
    "plan_list",
    "plan_list_at",
    "plan_outline",
    "plan_structure",
    "plan_tree",
    "thresholds_of",
    "today",
]
