"""Load benchmark: the production server (``localret run``: gunicorn + task worker, production
settings) on loopback, driven by locust (headless) with a realistic mix.

    uv run python -m bench.load                       # 5 minutes of the mix (the default)
    BENCH_LOAD_SECONDS=60 uv run python -m bench.load # shorter

Phases against the same server: ``/health`` alone (the trivial view: the baseline), the
anonymous pages alone (for their throughput as a share of the baseline), then the mix
(anonymous transparency and open-data pages 60 %, staff pages 25 %, API reads 10 %, writes 5 %)
for ``BENCH_LOAD_SECONDS``. Prints requests/s, p50/p95/p99 per group, errors, and the memory of
the server's processes at the start and the end of the mix. Targets: zero errors, memory growth
at most 10 %, anonymous pages at least 40 % of ``/health``'s throughput.

Environment: ``BENCH_LOAD_USERS`` (16 concurrent users), ``BENCH_LOAD_PHASE_SECONDS`` (60: each
of the two short phases), ``BENCH_LOAD_VAR_DIR`` (a prepared var directory to reuse; by default
a temporary one gets the demo data), ``BENCH_LOAD_DATABASE_URL`` / ``BENCH_LOAD_REDIS_URL``
(PostgreSQL and Redis instead of SQLite and the per-process cache), ``BENCH_LOAD_PORT`` (8000),
``WEB_CONCURRENCY`` (web workers; default 2 x CPUs + 1).
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
GROUPS = ("anonymous", "staff", "api-read", "write")


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "localret.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "LOCALRET_VAR_DIR": str(var_dir),
            # Plain HTTP on loopback: no TLS proxy in front of the benchmark.
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "1000",
        }
    )
    if os.environ.get("BENCH_LOAD_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_LOAD_DATABASE_URL"]
    if os.environ.get("BENCH_LOAD_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_LOAD_REDIS_URL"]
    return env


def _prepare(var_dir: Path, env: dict[str, str]) -> None:
    if (var_dir / ".bench-ready").exists():
        return
    print(f"preparing the demo installation in {var_dir} ...", flush=True)
    demo_env = dict(env, DJANGO_SETTINGS_MODULE="localret.settings.dev")
    subprocess.run(
        [sys.executable, "-m", "localret.cli", "demo", "--no-serve"],
        cwd=PROJECT_DIR,
        env=demo_env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (var_dir / ".bench-ready").write_text("ok")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total = 0
    for p in _descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _wait_ready(url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the server did not become ready at {url}")


def _locust(host: str, mix: str, seconds: int, users: int, prefix: Path) -> dict[str, dict]:
    env = dict(os.environ, BENCH_LOAD_MIX=mix)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(BENCH_DIR / "locustfile.py"),
            "--headless",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={seconds}s",
            f"--host={host}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.log", "w"),  # noqa: SIM115 - closed with the process
    )
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = row
    return rows


def _figures(row: dict) -> dict[str, float]:
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def run() -> dict:
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS") or 300)
    phase = int(os.environ.get("BENCH_LOAD_PHASE_SECONDS") or 60)
    users = int(os.environ.get("BENCH_LOAD_USERS") or 16)
    port = int(os.environ.get("BENCH_LOAD_PORT") or 8000)
    given = os.environ.get("BENCH_LOAD_VAR_DIR")
    var_dir = Path(given) if given else Path(tempfile.mkdtemp(prefix="localret-load-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = _env(var_dir)
    _prepare(var_dir, env)
    out = Path(tempfile.mkdtemp(prefix="localret-load-csv-"))
    server = subprocess.Popen(
        [sys.executable, "-m", "localret.cli", "run", f"--port={port}"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=(out / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(f"{host}/health/ready")
        print(f"server ready ({host}); {users} users", flush=True)
        health = _figures(_locust(host, "health", phase, users, out / "health")["health"])
        anonymous = _figures(_locust(host, "anonymous", phase, users, out / "anon")["anonymous"])
        memory_start = memory_mb(server.pid)
        mix = _locust(host, "mix", seconds, users, out / "mix")
        memory_end = memory_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(120)
        except subprocess.TimeoutExpired:
            server.kill()
    groups = {g: _figures(mix[g]) for g in GROUPS if g in mix}
    total = _figures(mix["Aggregated"])
    errors = sum(g["errors"] for g in groups.values())
    growth = (memory_end - memory_start) / memory_start * 100 if memory_start else 0.0
    ratio = anonymous["rps"] / health["rps"] * 100 if health["rps"] else 0.0
    print()
    print(
        f"{'group':<22}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}"
    )
    rows = [
        ("/health alone", health),
        ("anonymous alone", anonymous),
        *((f"mix: {g}", f) for g, f in groups.items()),
        ("mix: total", total),
    ]
    for label, f in rows:
        print(
            f"{label:<22}{f['requests']:>9}{f['rps']:>9.1f}{f['p50']:>9.0f}{f['p95']:>9.0f}"
            f"{f['p99']:>9.0f}{f['errors']:>8}"
        )
    print()
    print(
        f"mix: {seconds} s, {users} users; server memory {memory_start:.0f} MB at the start, "
        f"{memory_end:.0f} MB at the end ({growth:+.1f} %)"
    )
    print(f"anonymous pages: {ratio:.0f} % of /health's throughput")
    ok = errors == 0 and growth <= 10 and ratio >= 40
    checks = [
        ("zero errors in the mix", errors == 0, f"{errors}"),
        ("memory growth <= 10 %", growth <= 10, f"{growth:+.1f} %"),
        ("anonymous >= 40 % of /health", ratio >= 40, f"{ratio:.0f} %"),
    ]
    for label, passed, value in checks:
        print(f"  {'ok  ' if passed else 'MISS'} {label}: {value}")
    if not given:
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"(locust CSV files and the server log in {out})")
    return {
        "ok": ok,
        "health": health,
        "anonymous": anonymous,
        "mix": groups,
        "total": total,
        "memory_mb": [memory_start, memory_end],
        "ratio": ratio,
    }


if __name__ == "__main__":
    result = run()
    sys.exit(0 if result["ok"] else 1)
