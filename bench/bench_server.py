"""The plan through a running server, right after a change (issue 16's contract).

A real server (gunicorn, 2 workers, each with its own per-process cache, on ``BENCH_PORT``,
default 8108) serves the demo plan from the bench database. Each round posts a measurement
(``POST /api/v1/indicators/{code}/measurements``, staff token) and then times
``GET /api/v1/plans/{slug}``: the first read after a change, answered by whichever worker the
kernel picks, so it also proves that a write in one process is seen by the next request in the
other (the round checks the new value is in the answer). ``/health`` of the same server is the
yardstick. Target: the plan's p95 within 25x of ``/health``'s p95.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import Timing, print_table, repeat_factor, setup_django

SLUG = "pla-estrategic-2024-2027"
TARGET = 25.0


def _request(url: str, data: dict | None = None, token: str = "") -> tuple[int, bytes]:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method="POST" if body else "GET")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.read()


def _wait(base: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _request(f"{base}/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


@contextmanager
def running_server() -> Iterator[str]:
    """gunicorn (2 workers) serving the bench database on ``BENCH_PORT``; yields its base URL.
    Close the bench process's own database connection first."""
    port = int(os.environ.get("BENCH_PORT", "8108"))
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "gunicorn", "localret.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning",
        ],
        env=env,
    )  # fmt: skip
    try:
        _wait(base)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def run() -> dict[str, Any]:
    setup_django()
    from django.db import connection

    from localret.accounts import demo as accounts_demo
    from localret.strategy import demo
    from localret.strategy.models import Indicator

    today = dt.date.today()
    accounts_demo.load(seed=2020, today=today)
    demo.load(seed=2020, today=today)
    n = max(10, int(60 * repeat_factor()))
    # An indicator of the live plan with its own totals, none dated in the last n days.
    indicator = (
        Indicator.objects.filter(action_line__objective__plan__slug=SLUG, computed_key="")
        .exclude(measurements__municipality__isnull=False)
        .exclude(measurements__date__gte=today - dt.timedelta(days=n + 1))
        .order_by("code")
        .first()
    )
    assert indicator is not None
    values = _plausible_values(indicator, n)
    connection.close()  # the server's workers open their own

    with running_server() as base:
        _, body = _request(
            f"{base}/api/v1/auth/token", {"username": "tecnic", "password": "localret-demo"}
        )
        token = json.loads(body)["token"]
        for _ in range(20):
            _request(f"{base}/health")
            _request(f"{base}/api/v1/plans/{SLUG}")
        health: list[float] = []
        for _ in range(n * 3):
            start = time.perf_counter()
            _request(f"{base}/health")
            health.append((time.perf_counter() - start) * 1000)
        after_write: list[float] = []
        writes: list[float] = []
        seen = 0
        for i in range(n):
            day = today - dt.timedelta(days=n - i)  # each a new latest date
            value = values[i]  # a new latest value each round: the answer must show it
            start = time.perf_counter()
            status, _ = _request(
                f"{base}/api/v1/indicators/{indicator.code}/measurements",
                {"date": day.isoformat(), "value": value},
                token,
            )
            writes.append((time.perf_counter() - start) * 1000)
            assert status == 201
            start = time.perf_counter()
            _, body = _request(f"{base}/api/v1/plans/{SLUG}")
            after_write.append((time.perf_counter() - start) * 1000)
            seen += _shows(json.loads(body), indicator.code, value)
    trivial = Timing("/health (same server)", health, 0)
    write = Timing("POST measurement", writes, 0)
    read = Timing(f"GET /api/v1/plans/{SLUG} right after the POST", after_write, 0)
    ratio = read.p95 / trivial.p95
    print_table(
        ["request", "n", "p50 ms", "p95 ms", "vs /health (p95)"],
        [
            [t.label, len(t.samples_ms), f"{t.p50:.2f}", f"{t.p95:.2f}",
             f"{t.p95 / trivial.p95:.1f}x"]
            for t in (trivial, write, read)
        ],
    )  # fmt: skip
    checks = {
        f"plan API right after a write: p95 within {TARGET:.0f}x of /health ({ratio:.1f}x)": (
            ratio <= TARGET
        ),
        f"every read after a write shows the new value ({seen}/{n}, 2 worker processes)": (
            seen == n
        ),
    }
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {label}")
    return {
        "ok": all(checks.values()),
        "checks": checks,
        "timings": [t.as_dict() for t in (trivial, write, read)],
    }


def _plausible_values(indicator: Any, n: int) -> list[float]:
    """``n`` different values the service accepts for ``indicator`` (inside the plausible range
    of its unit, whole numbers when the unit counts things)."""
    from decimal import Decimal

    from localret.strategy import plausibility

    allowed = plausibility.effective_range(
        indicator.unit, indicator.plausible_low, indicator.plausible_high
    )
    low = float(allowed.low) if allowed.low is not None else 0.0
    high = float(allowed.high) if allowed.high is not None else low + 10.0 * (n + 2)
    step = (high - low) / (n + 2)
    values = [low + step * (i + 1) for i in range(n)]
    values = [float(round(v)) if allowed.integer else round(v, 2) for v in values]
    assert len(set(values)) == n, (indicator.code, allowed)
    for value in values:
        assert plausibility.check(Decimal(repr(value)), allowed) is None, (indicator.code, value)
    return values


def _shows(node: Any, code: str, value: float) -> bool:
    """Whether the plan's answer has the indicator ``code`` with ``value`` as current value."""
    if isinstance(node, dict):
        if node.get("code") == code and "current_value" in node:
            return node["current_value"] == value
        return any(_shows(v, code, value) for v in node.values())
    if isinstance(node, list):
        return any(_shows(v, code, value) for v in node)
    return False


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    run()
