"""Writes of reporting: Board report jobs (ask, cancel, run again, detect a dead worker).

A job is built by the django-tasks worker (`localret db-worker`, started beside the web server
by `localret demo` and `localret serve`). The worker writes a heartbeat at every step; a job
still "running" whose heartbeat is older than :data:`STALE_AFTER` lost its worker (killed,
machine restarted) and is marked failed with a message saying so, so that it can be run again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from localret.core.audit import audited_save
from localret.core.errors import DomainError

from .models import PublicationConsent, ReportJob

STALE_AFTER = dt.timedelta(minutes=5)
WORKER_DIED = "The worker building this report stopped without finishing it; run it again."
CANCELLED = "Cancelled."

ACTIVE = (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING)


class JobError(DomainError):
    """A report job cannot do what was asked (for example cancel a finished job)."""


def _enqueue(job: ReportJob) -> None:
    from .tasks import build_report_job

    # The database backend writes the task in the same transaction as the job: both or none.
    build_report_job.enqueue(job.pk)


@transaction.atomic
def report_job_create(
    *, plan_slug: str, as_of: dt.date, format: str, language: str, by: Any
) -> ReportJob:
    """Ask for a Board report built in the background; the worker picks it up."""
    job = ReportJob.objects.create(
        plan_slug=plan_slug, as_of=as_of, format=format, language=language, created_by=by
    )
    _enqueue(job)
    return job


@transaction.atomic
def report_job_cancel(*, job: ReportJob, by: Any) -> ReportJob:
    """Cancel a queued or running job: it ends failed with "Cancelled."; a running build stops
    at its next step."""
    if job.status not in ACTIVE:
        raise JobError(
            "Only a queued or running job can be cancelled.",
            [{"field": "status", "message": f"the job is {job.status}"}],
        )
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.FAILED,
        cancelled=True,
        error=CANCELLED,
        finished_at=timezone.now(),
    )
    job.refresh_from_db(fields=["status", "cancelled", "error", "finished_at"])
    return job


@transaction.atomic
def report_job_retry(*, job: ReportJob, by: Any) -> ReportJob:
    """Run a failed job (cancelled, failed, or whose worker died) again, from the start."""
    report_jobs_mark_stale()
    job.refresh_from_db(fields=["status"])
    if job.status != ReportJob.Status.FAILED:
        raise JobError(
            "Only a failed or cancelled job can be run again.",
            [{"field": "status", "message": f"the job is {job.status}"}],
        )
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.QUEUED,
        progress=0,
        step="",
        error="",
        cancelled=False,
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
        content=None,
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


def report_jobs_mark_stale(now: dt.datetime | None = None) -> int:
    """Mark failed the running jobs whose worker stopped giving signs of life. Returns how many.

    Called when jobs are read (page, API), so a dead worker's job never stays "running"."""
    limit = (now or timezone.now()) - STALE_AFTER
    return ReportJob.objects.filter(status=ReportJob.Status.RUNNING, heartbeat_at__lt=limit).update(
        status=ReportJob.Status.FAILED, error=WORKER_DIED, finished_at=timezone.now()
    )


@transaction.atomic
def publication_consent_set(
    *, municipality: Any, publish_maturity: bool, by: Any, today: dt.date | None = None
) -> PublicationConsent:
    """A municipality agrees (or stops agreeing) that its maturity level appears on its public
    transparency page; the day it agreed is kept while it agrees."""
    consent, _created = PublicationConsent.objects.get_or_create(municipality=municipality)
    consent.publish_maturity = publish_maturity
    consent.agreed_on = (today or timezone.localdate()) if publish_maturity else None
    audited_save(consent, by)
    return consent
