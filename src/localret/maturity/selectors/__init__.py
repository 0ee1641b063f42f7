"""Reads of the maturity app, also used by other apps (governance, reporting, territorial
balance). Every function makes its joins up front (a fixed number of queries).

Functions for other apps (stable interface):

- :func:`adhesions_by_municipality` -> ``{code: [{"service", "service_name", "category",
  "since", "until"}]}``: adhesions in force at ``as_of`` (public information).
- :func:`projects_by_municipality` -> ``{code: [{"id", "name", "status", "start_date",
  "end_date", "completed_on"}]}`` (internal: staff, Board, the municipality's users).
- :func:`latest_validated_by_municipality` -> ``{code: {"campaign", "campaign_name",
  "overall", "level", "band", "dimensions", "validated_on"}}``: the latest validated assessment of
  each municipality (in ``campaign`` if given; as it stood at ``as_of`` if given). Individual
  results are internal: show them named only to staff and Board, or to the municipality itself.
- :func:`aggregates_by_band` / :func:`aggregates_by_comarca` -> public aggregates (count,
  median, quartiles, overall and per dimension) under disclosure control
  (:func:`public_tables`, ``core/disclosure.py``): groups smaller than :func:`min_group` and
  the cells that would give them back by differencing are suppressed (``suppressed: True``,
  ``count: None`` and no figures); quartiles only from 10 municipalities.
- :func:`municipality_overview` -> ``{"results", "roadmap", "projects", "services"}``: one
  municipality's result against its band, its roadmap's next steps and its projects with their
  next milestone, as plain data (internal: "El meu municipi").
"""

from __future__ import annotations

from .accompaniment import (
    adhesion_counts,
    adhesions_by_municipality,
    project_documents_of,
    project_get,
    projects_board,
    projects_by_municipality,
    projects_of,
    service_catalogue,
    services_of,
)
from .aggregates import (
    LEVELS,
    MIN_GROUP,
    PublicTables,
    aggregate,
    aggregates_by_band,
    aggregates_by_comarca,
    benchmark,
    campaign_rows,
    map_medians,
    min_group,
    public_tables,
)
from .assessments import (
    assessment_get,
    assessment_sections,
    assessments_of,
    campaign_progress,
    evolution,
    latest_assessment,
    latest_validated_by_municipality,
    municipality_results,
    review_queue,
    roadmap_for,
    roadmap_progress,
)
from .campaigns import (
    campaign_get,
    campaigns,
    current_model,
    dimensions_of,
    latest_campaign,
    model_structure,
    open_campaign,
)
from .overview import municipality_overview

__all__ = [
    "LEVELS",
    "MIN_GROUP",
    "PublicTables",
    "adhesion_counts",
    "adhesions_by_municipality",
    "aggregate",
    "aggregates_by_band",
    "aggregates_by_comarca",
    "assessment_get",
    "assessment_sections",
    "assessments_of",
    "benchmark",
    "campaign_get",
    "campaign_progress",
    "campaign_rows",
    "campaigns",
    "current_model",
    "dimensions_of",
    "evolution",
    "latest_assessment",
    "latest_campaign",
    "latest_validated_by_municipality",
    "map_medians",
    "min_group",
    "model_structure",
    "municipality_overview",
    "municipality_results",
    "open_campaign",
    "project_get",
    "projects_board",
    "project_documents_of",
    "projects_by_municipality",
    "projects_of",
    "public_tables",
    "review_queue",
    "roadmap_for",
    "roadmap_progress",
    "service_catalogue",
    "services_of",
]
