"""Board report and open-data streaming (issue 7).

1. Board report PDF for the full demo plan (strategy's and governance's demo data): target under
   10 seconds.
2. Open-data CSV of all measurements, streamed: peak Python memory (tracemalloc) while consuming
   the response for growing numbers of measurements; target: flat (the peak at the largest size
   within 2x of the smallest, far from linear growth).

Run: ``uv run python -m bench reporting``.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from decimal import Decimal
from typing import Any

from bench import print_table, setup_django

PDF_TARGET_S = 10.0
SIZES = (20_000, 80_000, 200_000)


def _load_demo(today: dt.date) -> None:
    from importlib import import_module

    from django.db import transaction

    for app in ("accounts", "strategy", "governance"):
        try:
            module = import_module(f"localret.{app}.demo")
        except ModuleNotFoundError:
            continue
        with transaction.atomic():
            module.load(seed=2020, today=today)


def _bench_pdf(today: dt.date) -> dict[str, Any]:
    from localret.reporting import report
    from localret.strategy.models import Plan

    rows = []
    worst = 0.0
    for plan in Plan.objects.order_by("period_start"):
        as_of = min(today, plan.period_end)
        start = time.perf_counter()
        content = report.generate(plan, as_of, "ca", "pdf")
        seconds = time.perf_counter() - start
        worst = max(worst, seconds)
        rows.append([plan.slug, as_of.isoformat(), f"{seconds:.2f}", f"{len(content) / 1024:.0f}"])
    print_table(["plan", "as of", "PDF seconds", "KiB"], rows)
    return {"pdf_seconds_max": round(worst, 2), "pdf_ok": worst < PDF_TARGET_S}


def _bench_csv() -> dict[str, Any]:
    from django.test import Client

    from localret.strategy.models import ActionLine, Indicator, Measurement

    line = ActionLine.objects.filter(objective__plan__status__in=["approved", "closed"]).first()
    if line is None:
        print("no public plan: CSV benchmark skipped")
        return {"csv_ok": None}
    client = Client()
    rows = []
    peaks = []
    per_indicator = 10_000
    made = 0
    for size in SIZES:
        while made < size:
            k = made // per_indicator
            indicator, _ = Indicator.objects.get_or_create(
                code=f"BENCH-{k}", defaults={"name": f"bench {k}", "action_line": line}
            )
            start_day = dt.date(1990, 1, 1) + dt.timedelta(days=made % per_indicator)
            n = min(5_000, size - made, per_indicator - made % per_indicator)
            Measurement.objects.bulk_create(
                Measurement(
                    indicator=indicator,
                    date=start_day + dt.timedelta(days=i),
                    value=Decimal(i % 1000),
                    source="bench",
                )
                for i in range(n)
            )
            made += n
        tracemalloc.start()
        start = time.perf_counter()
        response = client.get("/dades-obertes/mesures.csv")
        n_bytes = 0
        lines = 0
        for chunk in response.streaming_content:
            n_bytes += len(chunk)
            lines += chunk.count(b"\n")
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks.append(peak)
        rows.append(
            [f"{lines - 1:,}", f"{n_bytes / 1e6:.1f}", f"{seconds:.2f}", f"{peak / 1e6:.2f}"]
        )
    print_table(["rows", "MB", "seconds", "peak MB (tracemalloc)"], rows)
    flat = peaks[-1] <= 2 * peaks[0]
    return {"csv_peak_mb": [round(p / 1e6, 2) for p in peaks], "csv_ok": flat}


def run() -> dict[str, Any]:
    setup_django()
    today = dt.date.today()
    _load_demo(today)
    result = {**_bench_pdf(today), **_bench_csv()}
    result["ok"] = bool(result["pdf_ok"]) and result["csv_ok"] is not False
    print(result)
    return result


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    run()
