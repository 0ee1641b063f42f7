"""Background jobs: long premise-level coverage imports (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_premise_import(job_id: int) -> str:
    """Check, aggregate and (unless a dry run) write a premise-level coverage file."""
    from .models import ImportJob
    from .services import import_job_run

    job = ImportJob.objects.get(pk=job_id)
    return import_job_run(job).status
