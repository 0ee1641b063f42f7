"""What other apps may use of digital maturity (nothing else of ``maturity`` is imported
across apps).

Public aggregates and per-municipality figures (reporting, innovation), the catalogue and
projects a help-desk request may create (helpdesk), and the hook of an assessment returned.
"""

from localret.maturity.hooks import on_assessment_returned
from localret.maturity.models import Project, RoadmapItem, Service
from localret.maturity.selectors import (
    adhesions_by_municipality,
    aggregates_by_band,
    aggregates_by_comarca,
    campaigns,
    latest_validated_by_municipality,
    min_group,
    projects_by_municipality,
    review_queue,
)
from localret.maturity.services import adhesion_create, project_create_for

__all__ = [
    "Project",
    "RoadmapItem",
    "Service",
    "adhesion_create",
    "adhesions_by_municipality",
    "aggregates_by_band",
    "aggregates_by_comarca",
    "campaigns",
    "latest_validated_by_municipality",
    "min_group",
    "on_assessment_returned",
    "project_create_for",
    "projects_by_municipality",
    "review_queue",
]
