"""What other apps may use of the strategic plan (nothing else of ``strategy`` is imported
across apps; import-linter's contracts in pyproject.toml keep the layers).

Models and labels of the plan, the plan's read model (``plan_snapshot``, ``plan_tree`` uncached and
with the ``known_then`` reading of the Board's changes; the same as plain data,
``plan_outline`` and ``indicator_rows``, which the Board report, open data and the portal read;
the pieces of ``indicator_detail`` and the forecast), its writes (the only
way to approve or close a plan, the structure's services participation applies), the gate of
confidential measurements, the registry of computed indicators and the provider of the last
Board meeting (the plan's events, approved and closed, are declared in ``core.hooks``).
"""

from localret.strategy.computed import ComputedValue
from localret.strategy.computed import register as register_computed
from localret.strategy.forecast import forecast
from localret.strategy.hooks import provide_last_board_meeting
from localret.strategy.labels import ProgressStatus
from localret.strategy.models import (
    INDICATOR_FIELDS,
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Plan,
    StrategicObjective,
)
from localret.strategy.publication import visible_measurements
from localret.strategy.selectors import (
    PlanNotFound,
    indicator_rows,
    indicator_state,
    measurement_points,
    plan_outline,
    plan_structure,
    plan_tree,
    thresholds_of,
)
from localret.strategy.services import (
    StrategyError,
    action_line_create,
    action_line_delete,
    action_line_update,
    computed_snapshot,
    indicator_delete,
    indicator_update,
    initiative_create,
    initiative_delete,
    initiative_update,
    objective_create,
    objective_delete,
    objective_update,
    plan_approve,
    plan_close,
    plan_update,
)
from localret.strategy.snapshot import plan_snapshot
from localret.strategy.templatetags.strategy_tags import KIND_LABELS

__all__ = [
    "INDICATOR_FIELDS",
    "KIND_LABELS",
    "ActionLine",
    "ComputedValue",
    "Indicator",
    "Initiative",
    "Measurement",
    "Plan",
    "PlanNotFound",
    "ProgressStatus",
    "StrategicObjective",
    "StrategyError",
    "action_line_create",
    "action_line_delete",
    "action_line_update",
    "computed_snapshot",
    "forecast",
    "indicator_delete",
    "indicator_rows",
    "indicator_state",
    "indicator_update",
    "initiative_create",
    "initiative_delete",
    "initiative_update",
    "measurement_points",
    "objective_create",
    "objective_delete",
    "objective_update",
    "plan_approve",
    "plan_close",
    "plan_outline",
    "plan_structure",
    "plan_snapshot",
    "plan_tree",
    "plan_update",
    "provide_last_board_meeting",
    "register_computed",
    "thresholds_of",
    "visible_measurements",
]
