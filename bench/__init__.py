"""Performance benchmarks of the Localret platform (not part of the test suite).

Each ``bench/bench_<topic>.py`` module has ``run() -> dict`` that builds realistic data, measures
and prints its figures; ``uv run python -m bench [topic ...]`` runs them (see bench/README.md).
The helpers here give every benchmark the same Django set-up (a temporary SQLite database with
the test settings, migrated, with the municipal register loaded) and the same statistics.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_READY = False


def setup_django() -> None:
    """Configure Django once per process: test settings and a fresh temporary database.

    ``BENCH_DATABASE_URL`` picks another database (for example PostgreSQL); by default a
    temporary SQLite file is created and removed at exit. The register of 947 municipalities
    is imported (with the data directory's EMEX file when ``LOCALRET_DATA_DIR`` or
    ``../shared/data`` has it)."""
    global _READY
    if _READY:
        return
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        directory = tempfile.mkdtemp(prefix="localret-bench-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        url = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "localret.settings.test"

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from localret.territory.importer import register_import
    from localret.territory.models import Municipality

    if Municipality.objects.count() < 947:
        register_import(data_dir=settings.LOCALRET_DATA_DIR)
    # Like a production worker (which does not run migrations): the objects built by the
    # set-up are moved out of the garbage collector's way.
    gc.collect()
    gc.freeze()
    _READY = True


@dataclass(frozen=True)
class Timing:
    label: str
    samples_ms: list[float]
    queries: int

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "n": len(self.samples_ms),
            "p50_ms": round(self.p50, 3),
            "p95_ms": round(self.p95, 3),
            "queries": self.queries,
        }


def count_queries(call: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def measure(label: str, call: Callable[[], Any], repeat: int, warmup: int = 5) -> Timing:
    """Time ``call`` ``repeat`` times (after ``warmup`` calls) and count its SQL queries."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(label, samples, count_queries(call))


def repeat_factor() -> float:
    """``BENCH_REPEAT`` scales the number of iterations (default 1.0; 0.2 for a quick look)."""
    try:
        return max(0.01, float(os.environ.get("BENCH_REPEAT", "1")))
    except ValueError:
        return 1.0


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    texts = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in texts)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in texts:
        print(
            "  ".join(
                cell.rjust(w) if i else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
