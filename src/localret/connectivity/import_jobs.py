"""Services of the coverage import jobs: a premise-level file is imported in the background
(``tasks.run_premise_import``), its job records stage and percentage for the page that
follows it, and a job interrupted by its worker's death can be run again by staff."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from localret.core.errors import Conflict

from .models import ImportJob
from .services import coverage_import_premises

# The stage ``localret.recovery`` records on a job whose worker died while it ran.
INTERRUPTED_STAGE = "interrupted"


def import_job_create(
    *, path: Path, filename: str, year: int, source: str, dry_run: bool, by: Any
) -> ImportJob:
    return ImportJob.objects.create(
        kind="premises",
        filename=filename,
        path=str(path),
        year=year,
        source=source,
        dry_run=dry_run,
        created_by=by,
    )


def import_job_progress(job: ImportJob, progress: int, stage: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(progress=progress, stage=stage)


def import_job_run(job: ImportJob) -> ImportJob:
    """Run a premise import job (called by the background task)."""
    from localret.core.tabular import ImportFailed

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, progress=5, stage="checking"
    )
    try:
        result = coverage_import_premises(
            path=Path(job.path),
            filename=job.filename,
            year=job.year,
            source=job.source,
            dry_run=job.dry_run,
            by=job.created_by,
            progress=lambda p, s: import_job_progress(job, p, s),
        )
    except ImportFailed as exc:
        job.status = ImportJob.Status.FAILED
        job.errors = [i.as_dict() for i in exc.issues]
    else:
        job.status = ImportJob.Status.DONE
        job.result = result.as_dict()
    job.progress = 100
    job.stage = "finished"
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "result", "progress", "stage", "finished_at"])
    with contextlib.suppress(OSError):
        Path(job.path).unlink(missing_ok=True)
    return job


def import_job_retry(*, job: ImportJob, by: Any) -> ImportJob:
    """Queue again an import job whose worker died while it ran (nothing of it was written;
    its uploaded file was kept for this). A file refused for its content is not retried: it
    would be refused again."""
    from .tasks import run_premise_import

    job.refresh_from_db(fields=["status", "stage"])
    if job.status != ImportJob.Status.FAILED or job.stage != INTERRUPTED_STAGE:
        raise Conflict(
            "Only an import interrupted by its worker can be run again; upload the file again.",
            [{"field": "status", "message": f"the job is {job.status} ({job.stage or '-'})"}],
        )
    if not Path(job.path).is_file():
        raise Conflict(
            "The file of this import is gone; upload it again.",
            [{"field": "file", "message": "no longer on the server"}],
        )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.QUEUED, progress=0, stage="", errors=[], finished_at=None
    )
    job.refresh_from_db()
    transaction.on_commit(lambda: run_premise_import.enqueue(job.pk))
    return job
