"""Background jobs of reporting (django-tasks: the database backend with `localret db-worker`,
which `localret demo` and `localret serve` start; the ImmediateBackend in tests)."""

from __future__ import annotations

import contextlib
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from localret.core import hooks

# Failures worth another try: the database was locked or the connection dropped, a file could
# not be written for a moment. Anything else is a real error, reported at once.
TRANSIENT = (OperationalError, InterfaceError, TimeoutError, ConnectionError)
MAX_ATTEMPTS = 3


class JobCancelled(Exception):
    """The job was cancelled (or taken over) while it ran: stop quietly."""


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return f"The report could not be built: {text}"[:2000]


@task()
def build_report_job(job_id: int) -> None:
    """Build the Board report of a ReportJob, recording its progress and a heartbeat as it
    goes; a transient failure is tried again (up to ``MAX_ATTEMPTS``), any other ends the job
    failed with a message. A job cancelled or already taken is left alone."""
    from . import report, sources
    from .models import ReportJob

    now = timezone.now()
    taken = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
        status=ReportJob.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0
    )
    if not taken:  # cancelled before it started, or another worker has it
        return

    def progress(percent: int, step: str) -> None:
        updated = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            progress=max(0, min(100, int(percent))), step=step[:120], heartbeat_at=timezone.now()
        )
        if not updated:
            raise JobCancelled

    delay = float(getattr(settings, "REPORT_JOB_RETRY_DELAY", 2.0))
    content = b""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        ReportJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
        try:
            job = ReportJob.objects.defer("content").get(pk=job_id)
            plan = sources.plan_get(job.plan_slug)
            if plan is None:
                raise LookupError(f"unknown plan '{job.plan_slug}'")
            content = report.document(plan, job.as_of, job.language, job.format, progress)
            break
        except JobCancelled:
            return
        except TRANSIENT as exc:
            if attempt == MAX_ATTEMPTS:
                _fail(job_id, exc)
                return
            progress(0, f"retry {attempt + 1}")
            time.sleep(delay * attempt)
        except Exception as exc:  # recorded on the job, shown on its page and in the API
            _fail(job_id, exc)
            return
    finished = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="done",
        content=content,
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )
    if finished:  # not when it was cancelled meanwhile
        hooks.report_ready.run(job=ReportJob.objects.get(pk=job_id))


def _fail(job_id: int, exc: BaseException) -> None:
    from .models import ReportJob

    # If the database itself is gone, the stale check marks the job failed later.
    with contextlib.suppress(DatabaseError):
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            status=ReportJob.Status.FAILED, error=_message(exc), finished_at=timezone.now()
        )
