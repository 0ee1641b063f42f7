"""Pages of the strategic plan. Every page takes ``?as_of=YYYY-MM-DD``.

- Plan list, plan overview, objective, action line, initiative and indicator pages: public for
  approved and closed plans; staff and Board members also see drafts.
- Editing (HTMX forms inline, one form per object): Localret staff only.
- Measurement import (with a dry-run preview): Localret staff only.
- "What changed since the last Board meeting": staff and Board members.
"""

from __future__ import annotations

from .base import parse_as_of
from .editing import (
    action_line_form,
    indicator_form,
    initiative_form,
    node_delete,
    objective_form,
    plan_add,
    plan_copy,
    plan_edit,
    value_delete,
    value_form,
)
from .measurements import (
    measurement_add,
    measurement_delete,
    measurement_edit,
    measurement_import,
    milestone_add,
    milestone_delete,
)
from .pages import (
    action_line_detail,
    changes,
    indicator_detail,
    indicator_map_data,
    initiative_detail,
    municipality_section,
    objective_detail,
    plan_detail,
    plan_index,
)

__all__ = [
    "action_line_detail",
    "action_line_form",
    "changes",
    "indicator_detail",
    "indicator_form",
    "indicator_map_data",
    "initiative_detail",
    "initiative_form",
    "measurement_add",
    "measurement_delete",
    "measurement_edit",
    "measurement_import",
    "milestone_add",
    "milestone_delete",
    "municipality_section",
    "node_delete",
    "objective_detail",
    "objective_form",
    "parse_as_of",
    "plan_add",
    "plan_copy",
    "plan_detail",
    "plan_edit",
    "plan_index",
    "value_delete",
    "value_form",
]
