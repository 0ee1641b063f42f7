"""Board report and open-data streaming (issue 7).

1. Board report PDF for the full demo plan (strategy's and governance's demo data): target under
   3 seconds (issue 19; it was 10).
2. Open-data CSV of all measurements, streamed, for growing numbers of measurements: the time of
   the whole download WITHOUT tracemalloc (target: 200,000 rows in under 2 s), then, in a
   separate run of the same download, the peak Python memory (tracemalloc); target: flat (the
   peak at the largest size within 2x of the smallest, far from linear growth).

Run: ``uv run python -m bench reporting``.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import tracemalloc
from decimal import Decimal
from typing import Any

from bench import print_table, setup_django

PDF_TARGET_S = 3.0
CSV_TARGET_S = 2.0
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
    peaks: list[int] = []
    times: list[float] = []
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
        # The time without tracemalloc (which slows every allocation several times), then the
        # memory in a separate run of the same download.
        start = time.perf_counter()
        n_bytes, lines = _consume(client.get("/dades-obertes/mesures.csv"))
        seconds = time.perf_counter() - start
        tracemalloc.start()
        _consume(client.get("/dades-obertes/mesures.csv"))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks.append(peak)
        times.append(seconds)
        rows.append(
            [f"{lines - 1:,}", f"{n_bytes / 1e6:.1f}", f"{seconds:.2f}", f"{peak / 1e6:.2f}"]
        )
    print_table(["rows", "MB", "seconds (no tracemalloc)", "peak MB (tracemalloc run)"], rows)
    flat = peaks[-1] <= 2 * peaks[0]
    fast = times[-1] < CSV_TARGET_S
    print(
        f"open-data CSV: {SIZES[-1]:,} rows in {times[-1]:.2f} s (target < {CSV_TARGET_S:.0f} s: "
        f"{'met' if fast else 'MISSED'}); memory flat: {flat}; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return {
        "csv_peak_mb": [round(p / 1e6, 2) for p in peaks],
        "csv_seconds": round(times[-1], 2),
        "csv_ok": flat and fast,
    }


def _consume(response: Any) -> tuple[int, int]:
    n_bytes = 0
    lines = 0
    for chunk in response.streaming_content:
        n_bytes += len(chunk)
        lines += chunk.count(b"\n")
    return n_bytes, lines


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
