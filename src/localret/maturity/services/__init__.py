"""Writes of the maturity app. Keyword-only, atomic, audited (``_history_user``).

Validated assessments are immutable: every write on an assessment or its answers checks
``assessment.is_editable`` and raises :class:`AssessmentLocked` otherwise; a change after
validation means a new revision (:func:`assessment_revise`).
"""

from __future__ import annotations

from .accompaniment import (
    adhesion_create,
    adhesion_end,
    document_add,
    milestone_done,
    project_create,
    project_create_for,
    project_update,
    roadmap_generate,
    roadmap_item_update,
)
from .assessments import (
    AnswerInput,
    answers_save,
    assessment_return,
    assessment_revise,
    assessment_start,
    assessment_submit,
    assessment_validate,
    plan_indicators_refresh,
)
from .base import (
    EVIDENCE_EXTENSIONS,
    MAX_EVIDENCE_BYTES,
    AssessmentLocked,
    InvalidTransition,
    check_evidence_file,
)
from .imports import IMPORT_COLUMNS, OPTIONAL_COLUMNS, ImportChange, ImportResult, answers_import
from .imports import KEPT_PER_KIND as IMPORT_KEPT_PER_KIND

__all__ = [
    "AnswerInput",
    "AssessmentLocked",
    "EVIDENCE_EXTENSIONS",
    "IMPORT_COLUMNS",
    "IMPORT_KEPT_PER_KIND",
    "ImportChange",
    "ImportResult",
    "InvalidTransition",
    "MAX_EVIDENCE_BYTES",
    "OPTIONAL_COLUMNS",
    "adhesion_create",
    "adhesion_end",
    "answers_import",
    "answers_save",
    "assessment_return",
    "assessment_revise",
    "assessment_start",
    "assessment_submit",
    "assessment_validate",
    "check_evidence_file",
    "document_add",
    "milestone_done",
    "plan_indicators_refresh",
    "project_create",
    "project_create_for",
    "project_update",
    "roadmap_generate",
    "roadmap_item_update",
]
