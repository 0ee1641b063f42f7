"""Pages of the maturity app. Each view's docstring says who may use it."""

from __future__ import annotations

from .assessments import (
    assessment_export,
    assessment_page,
    assessment_review,
    assessment_revise,
    assessment_start,
    evidence,
    import_page,
)
from .base import LEVEL_COLOURS
from .projects import project_board, project_document, project_page, roadmap_page
from .public import band_benchmark, index, map_data, model_page, services_page
from .results import municipality_page, municipality_section

__all__ = [
    "LEVEL_COLOURS",
    "assessment_export",
    "assessment_page",
    "assessment_review",
    "assessment_revise",
    "assessment_start",
    "band_benchmark",
    "evidence",
    "import_page",
    "index",
    "map_data",
    "model_page",
    "municipality_page",
    "municipality_section",
    "project_board",
    "project_document",
    "project_page",
    "roadmap_page",
    "services_page",
]
