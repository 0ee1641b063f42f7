"""Writes of the strategic plan: every function is keyword-only, atomic and audited.

Each write sets ``_history_user`` so django-simple-history records who changed what. Invalid
input raises :class:`StrategyError` with ``errors=[{field, message}]`` and writes nothing.

The plan's status only changes through :func:`plan_approve` (draft -> approved) and
:func:`plan_close` (approved -> closed), both with the reference of the Board agreement. The
governance app calls them when the Board records an agreement.
"""

from __future__ import annotations

from .base import StrategyError, _bulk, recorded_at
from .imports import (
    IMPORT_COLUMNS,
    MAX_ERRORS_SHOWN,
    REQUIRED_COLUMNS,
    ImportResult,
    ImportRow,
    import_error_list,
    measurements_import,
)
from .indicators import (
    INDICATOR_FIELDS,
    indicator_create,
    indicator_delete,
    indicator_update,
    milestone_create,
    milestone_delete,
)
from .measurements import (
    computed_indicators_refresh,
    computed_snapshot,
    measurement_create,
    measurement_delete,
    measurement_update,
    measurement_value,
)
from .plans import (
    PLAN_FIELDS,
    PLAN_VALUE_FIELDS,
    default_indicator_code,
    plan_approve,
    plan_close,
    plan_copy,
    plan_create,
    plan_delete,
    plan_update,
    plan_value_create,
    plan_value_delete,
    plan_value_update,
)
from .structure import (
    ACTION_LINE_FIELDS,
    INITIATIVE_FIELDS,
    OBJECTIVE_FIELDS,
    action_line_create,
    action_line_delete,
    action_line_update,
    initiative_create,
    initiative_delete,
    initiative_update,
    objective_create,
    objective_delete,
    objective_update,
)

__all__ = [
    "ACTION_LINE_FIELDS",
    "IMPORT_COLUMNS",
    "INDICATOR_FIELDS",
    "INITIATIVE_FIELDS",
    "ImportResult",
    "ImportRow",
    "MAX_ERRORS_SHOWN",
    "OBJECTIVE_FIELDS",
    "PLAN_FIELDS",
    "PLAN_VALUE_FIELDS",
    "REQUIRED_COLUMNS",
    "StrategyError",
    "_bulk",
    "action_line_create",
    "action_line_delete",
    "action_line_update",
    "computed_indicators_refresh",
    "computed_snapshot",
    "default_indicator_code",
    "import_error_list",
    "indicator_create",
    "indicator_delete",
    "indicator_update",
    "initiative_create",
    "initiative_delete",
    "initiative_update",
    "measurement_create",
    "measurement_delete",
    "measurement_update",
    "measurement_value",
    "measurements_import",
    "milestone_create",
    "milestone_delete",
    "objective_create",
    "objective_delete",
    "objective_update",
    "plan_approve",
    "plan_close",
    "plan_copy",
    "plan_create",
    "plan_delete",
    "plan_update",
    "plan_value_create",
    "plan_value_delete",
    "plan_value_update",
    "recorded_at",
]
