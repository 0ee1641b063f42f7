"""What a task worker does when it starts: settle what its predecessor left behind.

A worker process may die in the middle of a task (SIGKILL, out of memory, power cut). Every
long write runs in one database transaction, so the database holds none of it; but the task's
row (django-tasks) and the job the user follows (a Board report, a coverage import) still say
"running". :func:`recover` marks them failed with a clear message, so the user sees it and may
run the job again from its page (``reporting.services.report_job_retry``,
``connectivity.import_jobs.import_job_retry``), and removes uploaded
files that no job refers to any more (a request killed between writing the file and creating
its job). A job's own file is kept while the job may still be run again.

Task workers have stable ids per slot and machine (``serving.worker_id``): a restarted worker
recovers exactly the tasks its own slot was running, never another live worker's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

INTERRUPTED = (
    "Interrupted: the worker stopped while this job was running; nothing of it was written. "
    "Run it again."
)
REPORT_TASK = "localret.reporting.tasks.build_report_job"
IMPORT_TASK = "localret.connectivity.tasks.run_premise_import"
PLANNER_TASK = "localret.connectivity.tasks.run_planner_job"
ORPHAN_AGE = 60 * 60  # seconds: an upload this old that no job refers to is an orphan


@dataclass
class Recovered:
    tasks: list[str] = field(default_factory=list)
    report_jobs: list[int] = field(default_factory=list)
    import_jobs: list[int] = field(default_factory=list)
    planner_jobs: list[int] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.tasks)} interrupted task(s) marked failed "
            f"(report jobs {self.report_jobs or '-'}, import jobs {self.import_jobs or '-'}, "
            f"planner jobs {self.planner_jobs or '-'}); "
            f"{len(self.orphans)} orphan upload(s) removed"
        )


class WorkerInterrupted(Exception):
    """Recorded on a task whose worker died while running it."""


def _job_id(args: list[Any]) -> int | None:
    first = str(args[0]) if args else ""
    return int(first) if first.isdigit() else None


def recover(worker: str | None, *, orphan_age: float = ORPHAN_AGE) -> Recovered:
    """Fail the tasks ``worker`` left running (every running task when ``worker`` is None: use
    that only when no worker runs) and their jobs; remove orphan uploads."""
    from django_tasks_db.models import DBTaskResult

    from localret.connectivity.models import ImportJob, PlannerJob
    from localret.reporting.models import ReportJob

    done = Recovered()
    running = DBTaskResult.objects.filter(status="RUNNING")
    for result in running:
        if worker is not None and (not result.worker_ids or result.worker_ids[-1] != worker):
            continue
        with transaction.atomic():
            result.set_failed(WorkerInterrupted(INTERRUPTED))
            job_id = _job_id(result.args_kwargs.get("args", []))
            if result.task_path == REPORT_TASK and job_id is not None:
                n = ReportJob.objects.filter(
                    pk=job_id, status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
                ).update(
                    status=ReportJob.Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
                )
                if n:
                    done.report_jobs.append(job_id)
            elif result.task_path == IMPORT_TASK and job_id is not None:
                n = ImportJob.objects.filter(
                    pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
                ).update(
                    status=ImportJob.Status.FAILED,
                    stage="interrupted",
                    errors=[{"field": None, "message": INTERRUPTED}],
                    finished_at=timezone.now(),
                )
                if n:
                    done.import_jobs.append(job_id)
            elif result.task_path == PLANNER_TASK and job_id is not None:
                n = PlannerJob.objects.filter(
                    pk=job_id, status__in=[PlannerJob.Status.QUEUED, PlannerJob.Status.RUNNING]
                ).update(
                    status=PlannerJob.Status.FAILED,
                    failure=PlannerJob.Failure.WORKER_DIED,
                    error=INTERRUPTED,
                    finished_at=timezone.now(),
                )
                if n:
                    done.planner_jobs.append(job_id)
        done.tasks.append(str(result.pk))
    done.orphans = remove_orphan_uploads(orphan_age)
    return done


def remove_orphan_uploads(min_age: float = ORPHAN_AGE) -> list[str]:
    """Files under ``MEDIA_ROOT/connectivity/imports`` no import job refers to, older than
    ``min_age`` seconds (younger ones may belong to a request creating its job right now)."""
    from localret.connectivity.models import ImportJob

    folder = Path(settings.MEDIA_ROOT) / "connectivity" / "imports"
    if not folder.is_dir():
        return []
    referenced = {Path(p).name for p in ImportJob.objects.values_list("path", flat=True)}
    now = time.time()
    removed = []
    for path in folder.iterdir():
        if path.is_file() and path.name not in referenced and now - path.stat().st_mtime >= min_age:
            path.unlink(missing_ok=True)
            removed.append(str(path))
    return removed
