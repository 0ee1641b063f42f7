"""Connectivity pages. Coverage pages are public; imports and planning are for staff; saved
scenarios and candidate sets are read by staff and the Board.

``coverage`` holds the coverage pages and the coverage import, ``planning`` the planner, its
background runs and the scenarios. The names below are the ones ``urls.py`` and ``apps.py`` use.
"""

from __future__ import annotations

from .coverage import (
    changes,
    coverage_import,
    deployments,
    gaps,
    job,
    job_retry,
    map_data,
    municipality_page,
    municipality_section,
)
from .planning import (
    candidate_override,
    candidate_set,
    planner_home,
    planner_job,
    planner_job_cancel,
    planner_job_retry,
    planner_job_status,
    scenario,
    scenario_compare,
    scenario_export,
)

__all__ = [
    "candidate_override",
    "candidate_set",
    "changes",
    "coverage_import",
    "deployments",
    "gaps",
    "job",
    "job_retry",
    "map_data",
    "municipality_page",
    "municipality_section",
    "planner_home",
    "planner_job",
    "planner_job_cancel",
    "planner_job_retry",
    "planner_job_status",
    "scenario",
    "scenario_compare",
    "scenario_export",
]
