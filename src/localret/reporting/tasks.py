"""Background jobs of reporting (django-tasks: the database backend in production, the
ImmediateBackend in tests)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import hooks


@task()
def build_report_job(job_id: int) -> None:
    """Build the Board report of a ReportJob, recording its progress as it goes."""
    from . import report, sources
    from .models import ReportJob

    job = ReportJob.objects.get(pk=job_id)
    job.status = ReportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=percent, step=step)

    try:
        plan = sources.plan_get(job.plan_slug)
        if plan is None:
            raise ValueError(f"unknown plan {job.plan_slug}")
        content = report.generate(plan, job.as_of, job.language, job.format, progress)
    except Exception as exc:  # recorded on the job, shown on its page
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="done",
        content=content,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    hooks.run_report_ready(job=job)
