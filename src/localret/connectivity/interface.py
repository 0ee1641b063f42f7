"""What other apps may use of connectivity: public coverage and deployment figures per
municipality (reporting's portal, Board report, open data and territorial balance), and the
planner runs in progress (the staff home)."""

from localret.connectivity.selectors import (
    RunningJob,
    deployment_investment_by_municipality_year,
    import_jobs_running,
    municipality_summary,
    open_data_aggregates,
    planner_jobs_running,
    uncovered_households_by_municipality,
)


def planner_jobs_in_progress(limit: int = 15) -> list[RunningJob]:
    """The planner runs queued or running; a run whose worker died is marked failed first, so
    it is not listed as running."""
    from localret.connectivity.services import planner_jobs_mark_stale

    planner_jobs_mark_stale()
    return planner_jobs_running(limit)


def coverage_imports_in_progress(limit: int = 15) -> list[RunningJob]:
    """The coverage imports queued or running (the staff home's list of background work)."""
    return import_jobs_running(limit)


__all__ = [
    "RunningJob",
    "coverage_imports_in_progress",
    "deployment_investment_by_municipality_year",
    "municipality_summary",
    "open_data_aggregates",
    "planner_jobs_in_progress",
    "uncovered_households_by_municipality",
]
