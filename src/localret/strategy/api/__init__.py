"""API of the strategic plan (contract in issue 4, documented in the README).

Reads are public for approved and closed plans; staff and Board members also read drafts.
Every write is for Localret staff only: municipal users, Board members and collaborators get
403, anonymous callers 401. No endpoint sets a plan's status: approval and closure happen only
through ``services.plan_approve`` / ``plan_close`` when the Board records an agreement.
"""

from __future__ import annotations

from .base import (
    MAX_IMPORT_BYTES,
    READ_ERRORS,
    STAFF_ONLY,
    WRITE_ERRORS,
    AsOf,
    PlanListParams,
    require_recorder,
    router,
)
from .indicators import create_indicator, delete_indicator, get_indicator, patch_indicator
from .measurements import (
    IMPORT_CHANGES_SHOWN,
    create_measurement,
    delete_measurement,
    import_measurements,
    patch_measurement,
)
from .outputs import indicator_out, plan_out, plan_summary
from .plans import copy_plan, create_plan, delete_plan, get_plan, list_plans, patch_plan
from .structure import (
    create_action_line,
    create_initiative,
    create_objective,
    delete_action_line,
    delete_initiative,
    delete_objective,
    patch_action_line,
    patch_initiative,
    patch_objective,
)

__all__ = [
    "AsOf",
    "IMPORT_CHANGES_SHOWN",
    "MAX_IMPORT_BYTES",
    "PlanListParams",
    "READ_ERRORS",
    "STAFF_ONLY",
    "WRITE_ERRORS",
    "copy_plan",
    "create_action_line",
    "create_indicator",
    "create_initiative",
    "create_measurement",
    "create_objective",
    "create_plan",
    "delete_action_line",
    "delete_indicator",
    "delete_initiative",
    "delete_measurement",
    "delete_objective",
    "delete_plan",
    "get_indicator",
    "get_plan",
    "import_measurements",
    "indicator_out",
    "list_plans",
    "patch_action_line",
    "patch_indicator",
    "patch_initiative",
    "patch_measurement",
    "patch_objective",
    "patch_plan",
    "plan_out",
    "plan_summary",
    "require_recorder",
    "router",
]
