"""Measurement import in bulk (issue 19).

56,820 per-municipality measurement rows (60 weekly values, a year and two months, for each of
the 947 municipalities) posted to ``POST /api/v1/measurements/import`` by a staff token, through
Django's test client: the whole request (reading the CSV, checking every row, the bulk write
with its history rows, the answer). First written, as the first request of the process (the
cold figure: nothing imported or cached yet), then the same file again (every row unchanged),
then as a dry run. Target: the cold written import under 2 s. CPU time is printed beside the
wall-clock time (on a shared machine the wall-clock figure mostly measures the load).

"Cold" is the first request of a process started as the production server starts it: the
WSGI application module (``localret.wsgi``) is imported first, as gunicorn does in each worker
before it accepts a request, and it builds at boot what would otherwise be built lazily by the
first request (the URL configuration, the API's routers and schemas, the translation
catalogues; ``localret.wsgi.warm_up``). That boot is timed and printed on its own.

``BENCH_PROFILE=DIR`` writes a cProfile of each request to ``DIR/imports-<n>.prof``
(``python -m pstats``; the figures are then the profiler's, not the import's).

Run: ``uv run python -m bench imports``.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import os
import resource
import time
from typing import Any

from bench import print_table, setup_django

WEEKS = 60
TARGET_S = 2.0


def _csv(indicator: Any, codes: list[str], today: dt.date) -> bytes:
    """Values inside the indicator's plausible range (whole numbers when its unit counts)."""
    from localret.strategy import plausibility

    allowed = plausibility.effective_range(
        indicator.unit, indicator.plausible_low, indicator.plausible_high
    )
    low = float(allowed.low) if allowed.low is not None else 0.0
    span = float(allowed.high) - low if allowed.high is not None else 1000.0
    first = today - dt.timedelta(weeks=WEEKS)
    lines = ["indicator,date,value,municipality"]
    for week in range(WEEKS):
        day = (first + dt.timedelta(weeks=week)).isoformat()
        for i, c in enumerate(codes):
            value = low + ((week * 7 + i) % 97) / 97 * span
            text = str(int(value)) if allowed.integer else f"{value:.2f}"
            lines.append(f"{indicator.code},{day},{text},{c}")
    return ("\n".join(lines) + "\n").encode()


def run() -> dict[str, Any]:
    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from localret.accounts import demo as accounts_demo
    from localret.accounts.models import User
    from localret.accounts.services import token_create
    from localret.strategy import demo
    from localret.strategy.models import Indicator, Measurement, Plan
    from localret.territory.models import Municipality

    today = dt.date.today()
    accounts_demo.load(seed=2020, today=today)
    demo.load(seed=2020, today=today)
    indicator = (
        Indicator.objects.filter(
            computed_key="", action_line__objective__plan__status=Plan.Status.APPROVED
        )
        .order_by("code")
        .first()
    )
    if indicator is None:
        print("no indicator of an approved plan: skipped")
        return {"ok": True}
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    assert staff is not None  # noqa: S101 - the demo accounts have staff
    client = Client(headers={"Authorization": f"Bearer {token_create(user=staff, name='bench')}"})
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    data = _csv(indicator, codes, today)
    n = WEEKS * len(codes)
    before = Measurement.objects.count()
    # The server's boot: what gunicorn does in a worker before its first request.
    cpu = _cpu()
    start = time.perf_counter()
    import localret.wsgi  # noqa: F401

    boot, boot_cpu = time.perf_counter() - start, _cpu() - cpu
    print(f"boot (import of localret.wsgi, warm-up included): {boot:.2f} s, CPU {boot_cpu:.2f} s")
    profile_dir = os.environ.get("BENCH_PROFILE")
    rows = []
    figures: dict[str, float] = {}
    for i, (label, dry) in enumerate(
        (("write (cold)", False), ("again (unchanged)", False), ("dry run", True))
    ):
        upload = SimpleUploadedFile("mesures.csv", data, content_type="text/csv")
        profile = cProfile.Profile() if profile_dir else None
        cpu = _cpu()
        start = time.perf_counter()
        if profile:
            profile.enable()
        response = client.post(
            f"/api/v1/measurements/import?dry_run={str(dry).lower()}", {"file": upload}
        )
        if profile:
            profile.disable()
            profile.dump_stats(os.path.join(profile_dir or ".", f"imports-{i}.prof"))
        seconds = time.perf_counter() - start
        cpu = _cpu() - cpu
        figures[label + " CPU"] = cpu
        body = response.json()
        figures[label] = seconds
        rows.append(
            [
                label,
                f"{n:,}",
                f"{seconds:.2f}",
                f"{cpu:.2f}",
                response.status_code,
                body.get("created"),
                body.get("updated"),
                body.get("unchanged"),
                f"{len(response.content) / 1024:.0f}",
            ]
        )
    written = Measurement.objects.count() - before
    print_table(
        [
            "import",
            "rows",
            "seconds",
            "CPU s",
            "status",
            "created",
            "updated",
            "unchanged",
            "answer KiB",
        ],
        rows,
    )
    ok = figures["write (cold)"] < TARGET_S and written == n
    print(
        f"written import of {n:,} rows, cold: {figures['write (cold)']:.2f} s, CPU "
        f"{figures['write (cold) CPU']:.2f} s (target < {TARGET_S:.0f} s: "
        f"{'met' if ok else 'MISSED'}), {written:,} measurements stored; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    _maturity_import(client)
    return {
        "rows": n,
        "seconds": round(figures["write (cold)"], 2),
        "cpu": round(figures["write (cold) CPU"], 2),
        "boot_s": round(boot, 2),
        "written": written,
        "ok": ok,
    }


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _maturity_import(client: Any) -> None:
    """For information (no target): the answers of every municipality to every indicator of
    the demo's maturity model (947 x 42 rows) posted to ``POST /api/v1/maturity/import`` into
    a new campaign, written and validated (the bulk write with its history rows, the reviews,
    the campaign's scores), with its SQL statements counted."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from localret.maturity.loader import load_default_model
    from localret.maturity.models import Answer, Campaign, MaturityIndicator, MaturityModel
    from localret.territory.models import Municipality

    load_default_model()
    model = MaturityModel.objects.get(version="2021")
    campaign = Campaign.objects.create(
        slug="bench-import", name="Bench", year=2026, model=model, opens_on=dt.date.today()
    )
    indicators = list(MaturityIndicator.objects.filter(dimension__model=model))
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    lines = ["municipality,indicator,value"]
    for i, code in enumerate(codes):
        for j, ind in enumerate(indicators):
            kind = ind.kind
            value = (i + j) % 2 if kind == "check" else (i + j) % 5 if kind == "self" else i + j
            lines.append(f"{code},{ind.code},{value}")
    data = ("\n".join(lines) + "\n").encode()
    n = len(lines) - 1
    upload = SimpleUploadedFile("respostes.csv", data, content_type="text/csv")
    cpu = _cpu()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/v1/maturity/import?dry_run=false&campaign={campaign.slug}&validate_all=true",
            {"file": upload},
        )
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    body = response.json()
    stored = Answer.objects.filter(assessment__campaign=campaign).count()
    print(
        f"maturity import of {n:,} answers ({len(codes)} municipalities x {len(indicators)} "
        f"indicators), written and validated: {seconds:.2f} s, CPU {cpu:.2f} s, "
        f"{len(queries)} SQL statements, status {response.status_code}, "
        f"{body.get('validated')} assessments validated, {stored:,} answers stored, answer "
        f"{len(response.content) / 1024:.0f} KiB (for information)"
    )
