"""Long writes run in a process of their own, so that a test can kill it (SIGKILL) in the middle.

    python -m tests.production.scenarios SCENARIO [ARGS...]

Settings: ``localret.settings.dev`` with the database under ``LOCALRET_VAR_DIR`` (the test
copies a demo database there). With ``--pause``, the scenario stops inside its write (after
some rows are written in its transaction), prints ``PAUSED`` and waits to be killed.
Everything else is printed as one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localret.settings.dev")
os.environ.setdefault("LOCALRET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models.query import QuerySet  # noqa: E402

PLAN = "pla-estrategic-2024-2027"
INDICATOR = "I1.1.001-2024"


def pause() -> None:
    print("PAUSED", flush=True)
    time.sleep(300)
    sys.exit(3)  # never reached when the test kills us


def staff() -> Any:
    from localret.accounts.models import User

    return User.objects.get(username="tecnic")


def municipality_codes() -> list[str]:
    from localret.territory.models import Municipality

    return list(Municipality.objects.order_by("code").values_list("code", flat=True))


def measurements(rows: int, paused: bool) -> dict[str, Any]:
    from localret.core import audit
    from localret.strategy import services
    from localret.strategy.services import imports

    codes = municipality_codes()
    lines = ["indicator;date;value;municipality"]
    start = dt.date(2024, 1, 1)
    for i in range(rows):
        day = start + dt.timedelta(days=i // len(codes))
        lines.append(f"{INDICATOR};{day.isoformat()};{i % 50 + 1};{codes[i % len(codes)]}")
    data = ("\n".join(lines) + "\n").encode()
    if paused:
        # The import's bulk insert (or the ORM's bulk path where the database cannot return the
        # new keys), inside its transaction: killed there, nothing may remain.
        def then_pause(original: Any) -> Any:
            def write_then_pause(*args: Any, **kwargs: Any) -> Any:
                result = original(*args, **kwargs)
                pause()
                return result

            return write_then_pause

        audit.bulk_insert_audited = then_pause(audit.bulk_insert_audited)
        imports.bulk_create_with_history = then_pause(imports.bulk_create_with_history)
    result = services.measurements_import(
        data=data, filename="mesures.csv", by=staff(), dry_run=False
    )
    return {"created": result.created if hasattr(result, "created") else None}


def maturity(paused: bool) -> dict[str, Any]:
    from localret.core import audit
    from localret.maturity import services
    from localret.maturity.models import Answer, Campaign, MaturityIndicator

    campaign_source = Campaign.objects.get(slug="diagnosi-2023")
    campaign, _ = Campaign.objects.get_or_create(
        slug="falla-2026",
        defaults={
            "name": "Falla 2026",
            "year": 2026,
            "model": campaign_source.model,
            "opens_on": dt.date(2026, 1, 1),
        },
    )
    indicators = list(
        MaturityIndicator.objects.filter(dimension__model=campaign.model, kind="check")
        .order_by("code")
        .values_list("code", flat=True)
    )
    lines = ["municipality,indicator,value"]
    for code in municipality_codes()[:60]:
        lines += [f"{code},{ind},1" for ind in indicators]
    if paused:  # killed once the answers (and their history) are inserted, before the commit
        original = audit.bulk_insert_audited

        def insert_then_pause(model: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(model, *args, **kwargs)
            if model is Answer:
                pause()
            return result

        audit.bulk_insert_audited = insert_then_pause
    services.answers_import(
        campaign=campaign,
        data=("\n".join(lines) + "\n").encode(),
        filename="respostes.csv",
        dry_run=False,
        by=staff(),
    )
    return {"campaign": campaign.pk, "rows": len(lines) - 1}


def coverage_enqueue() -> dict[str, Any]:
    from localret.connectivity import import_jobs
    from localret.connectivity.tasks import run_premise_import

    folder = Path(settings.MEDIA_ROOT) / "connectivity" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.csv"
    lines = ["premise_id,municipality,lat,lon,technology,down_mbps,up_mbps,operator"]
    for n, code in enumerate(municipality_codes()):
        lines.append(f"P{n}a,{code},,,FTTH,1000,1000,Digi")
        lines.append(f"P{n}b,{code},,,VDSL,50,5,Movistar")
    path.write_text("\n".join(lines) + "\n")
    job = import_jobs.import_job_create(
        path=path, filename="premises.csv", year=2026, source="falla", dry_run=False, by=staff()
    )
    run_premise_import.enqueue(job.pk)
    return {"job": job.pk, "path": str(path)}


def report_enqueue() -> dict[str, Any]:
    from localret.reporting.models import ReportJob
    from localret.reporting.tasks import build_report_job

    job = ReportJob.objects.create(
        plan_slug=PLAN, as_of=dt.date(2025, 6, 30), format="pdf", created_by=staff()
    )
    build_report_job.enqueue(job.pk)
    return {"job": job.pk}


def worker(pause_in: str | None) -> dict[str, Any]:
    """Run the queued tasks as the task worker of slot 1 does, then stop."""
    from localret import serving

    if pause_in == "coverage":
        from localret.connectivity.models import AreaCoverage

        original = QuerySet.bulk_create

        def bulk_then_pause(self: QuerySet, *args: Any, **kwargs: Any) -> Any:
            result = original(self, *args, **kwargs)
            if self.model is AreaCoverage:
                pause()
            return result

        QuerySet.bulk_create = bulk_then_pause  # type: ignore[method-assign]
    elif pause_in == "report":
        from localret.reporting import report

        original_generate = report.generate

        def generate(plan: Any, as_of: Any, language: str, fmt: str, progress: Any) -> Any:
            def progress_then_pause(percent: int, step: str) -> None:
                progress(percent, step)
                if percent >= 30:
                    pause()

            return original_generate(plan, as_of, language, fmt, progress_then_pause)

        report.generate = generate
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name=*",
        f"--worker-id={serving.worker_id(1)}",
        verbosity=0,
    )
    return {"worker": serving.worker_id(1)}


def recover() -> dict[str, Any]:
    from localret import recovery, serving

    done = recovery.recover(serving.worker_id(1), orphan_age=0)
    return {
        "tasks": done.tasks,
        "report_jobs": done.report_jobs,
        "import_jobs": done.import_jobs,
        "orphans": done.orphans,
    }


def rerun(kind: str, job_id: int) -> dict[str, Any]:
    """Run an interrupted job again as staff do (the job page's button: the services' retry)."""
    from localret.connectivity import import_jobs
    from localret.connectivity.models import ImportJob
    from localret.reporting import services as reporting_services
    from localret.reporting.models import ReportJob

    with transaction.atomic():
        if kind == "report":
            reporting_services.report_job_retry(job=ReportJob.objects.get(pk=job_id), by=staff())
        else:
            import_jobs.import_job_retry(job=ImportJob.objects.get(pk=job_id), by=staff())
    return {"rerun": job_id}


def writer(count: int, start_at: float, name: str) -> dict[str, Any]:
    """``count`` measurements, one transaction each, all writers starting at ``start_at``."""
    from localret.strategy.models import Indicator
    from localret.strategy.services import measurement_create

    indicator = Indicator.objects.get(code=INDICATOR)
    by = staff()
    codes = municipality_codes()
    offset = int(name) * count
    errors = []
    time.sleep(max(0.0, start_at - time.time()))
    for i in range(count):
        try:
            measurement_create(
                indicator=indicator,
                by=by,
                date=dt.date(2025, 1, 1),
                value=Decimal(i + 1),
                municipality=_muni(codes[offset + i]),
            )
        except Exception as exc:  # reported to the test, which fails on any
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"errors": errors}


def _muni(code: str) -> Any:
    from localret.territory.models import Municipality

    return Municipality.objects.get(code=code)


def main(argv: list[str]) -> None:
    name, args = argv[0], argv[1:]
    paused = "--pause" in args
    args = [a for a in args if a != "--pause"]
    if name == "measurements":
        out = measurements(int(args[0]), paused)
    elif name == "maturity":
        out = maturity(paused)
    elif name == "coverage-enqueue":
        out = coverage_enqueue()
    elif name == "report-enqueue":
        out = report_enqueue()
    elif name == "worker":
        out = worker(args[0] if args else None)
    elif name == "recover":
        out = recover()
    elif name == "rerun":
        out = rerun(args[0], int(args[1]))
    elif name == "writer":
        out = writer(int(args[0]), float(args[1]), args[2])
    else:
        raise SystemExit(f"unknown scenario {name}")
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
