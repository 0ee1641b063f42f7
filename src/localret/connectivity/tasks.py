"""Background jobs of connectivity (django-tasks: the database backend run by
`localret worker`, which `localret demo` and `localret serve` start; the ImmediateBackend in
tests): long premise-level coverage imports and planner runs."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models import F
from django.utils import timezone
from django_tasks import task

# Failures worth another try: the database was locked or the connection dropped. Anything else
# is a real error, reported at once.
TRANSIENT = (OperationalError, InterfaceError, TimeoutError, ConnectionError)
MAX_ATTEMPTS = 3
PROGRESS_EVERY_S = 0.5  # the solver calls back far more often; the job row is written this often


class JobCancelled(Exception):
    """The job was cancelled (or marked dead) while it ran: stop quietly."""


@task()
def run_premise_import(job_id: int) -> str:
    """Check, aggregate and (unless a dry run) write a premise-level coverage file."""
    from .import_jobs import import_job_run
    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    return import_job_run(job).status


def _number(value: float | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


@task()
def run_planner_job(job_id: int) -> None:
    """Solve the scenario of a PlannerJob and save it, recording the stage, the percentage, the
    solver's figures and a heartbeat as it goes; a transient failure is tried again (up to
    ``MAX_ATTEMPTS``), any other ends the job failed with its reason. A job cancelled or already
    taken is left alone."""
    from . import planner, services
    from .models import PlannerJob

    now = timezone.now()
    taken = PlannerJob.objects.filter(pk=job_id, status=PlannerJob.Status.QUEUED).update(
        status=PlannerJob.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0
    )
    if not taken:  # cancelled before it started, or another worker has it
        return
    last_at = [0.0]
    last_stage = [""]

    def record(stage: str, percent: int, figures: dict[str, Any] | None = None) -> None:
        fields: dict[str, Any] = {
            "stage": stage,
            "progress": max(0, min(100, int(percent))),
            "heartbeat_at": timezone.now(),
        }
        if figures is not None:
            fields["figures"] = figures
        updated = PlannerJob.objects.filter(pk=job_id, status=PlannerJob.Status.RUNNING).update(
            **fields
        )
        if not updated:
            raise JobCancelled

    def progress(p: planner.Progress) -> None:
        moment = time.monotonic()
        if p.stage == last_stage[0] and moment - last_at[0] < PROGRESS_EVERY_S:
            return
        last_at[0], last_stage[0] = moment, p.stage
        record(
            p.stage,
            p.percent,
            {
                "incumbent": _number(p.incumbent, 2),
                "bound": _number(p.bound, 2),
                "gap": _number(p.gap, 6),
                "greedy": _number(p.greedy, 2),
                "seconds": round(p.seconds, 1),
            },
        )

    delay = float(getattr(settings, "PLANNER_JOB_RETRY_DELAY", 2.0))
    for attempt in range(1, MAX_ATTEMPTS + 1):
        PlannerJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
        try:
            job = PlannerJob.objects.select_related("candidate_set", "created_by").get(pk=job_id)
            scenario = services.scenario_run(
                candidate_set=job.candidate_set,
                spec=services.planner_job_spec(job),
                name=job.name,
                by=job.created_by,
                progress=progress,
            )
            break
        except JobCancelled:
            return
        except TRANSIENT as exc:
            if attempt == MAX_ATTEMPTS:
                _fail(job_id, exc, PlannerJob.Failure.TRANSIENT)
                return
            with contextlib.suppress(JobCancelled, DatabaseError):
                record("retry", 0)
            time.sleep(delay * attempt)
        except Exception as exc:  # recorded on the job, shown on its page and in the API
            _fail(job_id, exc, PlannerJob.Failure.ERROR)
            return
    PlannerJob.objects.filter(pk=job_id, status=PlannerJob.Status.RUNNING).update(
        status=PlannerJob.Status.DONE,
        stage="done",
        progress=100,
        scenario=scenario,
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )


def _fail(job_id: int, exc: BaseException, failure: str) -> None:
    from .models import PlannerJob

    text = str(exc).strip() or exc.__class__.__name__
    # If the database itself is gone, the stale check marks the job failed later.
    with contextlib.suppress(DatabaseError):
        PlannerJob.objects.filter(pk=job_id, status=PlannerJob.Status.RUNNING).update(
            status=PlannerJob.Status.FAILED,
            failure=failure,
            error=text[:2000],
            finished_at=timezone.now(),
        )
