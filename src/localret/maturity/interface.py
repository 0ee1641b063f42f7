"""What other apps may use of digital maturity (nothing else of ``maturity`` is imported
across apps).

Public aggregates and per-municipality figures (reporting, innovation), one municipality's
overview (result against its band, roadmap's next steps, projects' next milestones: reporting's
"El meu municipi"), the catalogue and projects a help-desk request may create (helpdesk). Its
event (an assessment returned) is declared in ``core.hooks``.
"""

from localret.maturity.models import Project, RoadmapItem, Service
from localret.maturity.selectors import (
    adhesions_by_municipality,
    aggregates_by_band,
    aggregates_by_comarca,
    campaigns,
    latest_validated_by_municipality,
    min_group,
    municipality_overview,
    project_documents_of,
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
    "municipality_overview",
    "project_documents_of",
    "project_create_for",
    "projects_by_municipality",
    "review_queue",
]
