"""What maturity's writes share: errors, the editable check, evidence files."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from localret.core.errors import Conflict

from ..models import Assessment

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


EVIDENCE_EXTENSIONS = (
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".odt",
    ".ods",
    ".docx",
    ".xlsx",
    ".csv",
    ".txt",
)


class AssessmentLocked(Conflict):
    """The assessment cannot change in its current status (409)."""


class InvalidTransition(Conflict):
    """The status move is not allowed from the assessment's status (409)."""


def _ensure_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise AssessmentLocked(
            f"assessment {assessment.pk} is {assessment.status}; a validated or submitted "
            "assessment cannot change (start a new revision instead)"
        )


def check_evidence_file(upload: UploadedFile) -> str | None:
    name = (upload.name or "").lower()
    if upload.size and upload.size > MAX_EVIDENCE_BYTES:
        return "the file is larger than 10 MB"
    if not name.endswith(EVIDENCE_EXTENSIONS):
        return "accepted types: " + ", ".join(EVIDENCE_EXTENSIONS)
    return None
