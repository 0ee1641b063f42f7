"""Nothing half-written under faults: a process killed (SIGKILL) in the middle of each long write
leaves all or nothing; a job it was running is marked failed when its worker slot restarts and
runs again to the end; no orphan file is left. Eight writer processes on SQLite never meet
"database is locked"."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from .conftest import base_env, copy_var, kill_when_paused, own_databases, scenario

pytestmark = own_databases


@pytest.fixture
def var(demo_var: Path, tmp_path: Path) -> Path:
    return copy_var(demo_var, tmp_path / "var")


def query(var: Path, sql: str, *params: object) -> list[tuple]:
    con = sqlite3.connect(var / "localret.sqlite3")
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def one(var: Path, sql: str, *params: object) -> object:
    return query(var, sql, *params)[0][0]


def ok(result) -> dict:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_killed_measurement_import_writes_nothing_and_a_new_run_writes_all(var: Path) -> None:
    env = base_env(var)
    before = one(var, "SELECT COUNT(*) FROM strategy_measurement")
    history = one(var, "SELECT COUNT(*) FROM strategy_historicalmeasurement")

    kill_when_paused("measurements", "3000", env=env)

    assert one(var, "SELECT COUNT(*) FROM strategy_measurement") == before
    assert one(var, "SELECT COUNT(*) FROM strategy_historicalmeasurement") == history
    assert ok(scenario("measurements", "3000", env=env)) == {"created": 3000}
    assert one(var, "SELECT COUNT(*) FROM strategy_measurement") == before + 3000


def test_a_killed_maturity_import_writes_nothing_and_a_new_run_writes_all(var: Path) -> None:
    env = base_env(var)
    answers = one(var, "SELECT COUNT(*) FROM maturity_answer")

    kill_when_paused("maturity", env=env)

    # The answers of the first municipalities were written when it died: none is kept.
    assert one(var, "SELECT COUNT(*) FROM maturity_answer") == answers
    assert (
        one(
            var,
            "SELECT COUNT(*) FROM maturity_assessment a JOIN maturity_campaign c "
            "ON a.campaign_id = c.id WHERE c.slug = 'falla-2026'",
        )
        == 0
    )
    rows = ok(scenario("maturity", env=env))["rows"]
    assert one(var, "SELECT COUNT(*) FROM maturity_answer") == answers + rows


def test_a_killed_coverage_import_job_is_failed_at_restart_and_runs_again(var: Path) -> None:
    env = base_env(var)
    coverage = one(var, "SELECT COUNT(*) FROM connectivity_areacoverage")
    areas = one(var, "SELECT COUNT(*) FROM connectivity_area")
    job = ok(scenario("coverage-enqueue", env=env))
    imports = Path(job["path"]).parent
    stray = imports / "left-by-a-killed-upload.csv"
    stray.write_text("premise_id\n")

    kill_when_paused("worker", "coverage", env=env)

    assert one(var, "SELECT COUNT(*) FROM connectivity_areacoverage") == coverage
    assert one(var, "SELECT COUNT(*) FROM connectivity_area") == areas
    assert one(var, "SELECT COUNT(*) FROM connectivity_coveragevintage WHERE source = 'falla'") == 0
    assert (
        one(var, "SELECT status FROM connectivity_importjob WHERE id = ?", job["job"]) == "running"
    )

    recovered = ok(scenario("recover", env=env))  # what `localret worker` does first

    assert recovered["import_jobs"] == [job["job"]] and len(recovered["tasks"]) == 1
    assert recovered["orphans"] == [str(stray)]
    status, errors = query(
        var, "SELECT status, errors FROM connectivity_importjob WHERE id = ?", job["job"]
    )[0]
    assert status == "failed" and "Interrupted" in errors
    assert one(var, "SELECT status FROM django_tasks_database_dbtaskresult") == "FAILED"
    assert sorted(imports.iterdir()) == [Path(job["path"])]  # kept for the new run only

    ok(scenario("rerun", "import", str(job["job"]), env=env))
    ok(scenario("worker", env=env))

    assert one(var, "SELECT status FROM connectivity_importjob WHERE id = ?", job["job"]) == "done"
    assert one(var, "SELECT COUNT(*) FROM connectivity_areacoverage") == coverage + 947
    assert list(imports.iterdir()) == []


def test_a_killed_board_report_job_is_failed_at_restart_and_runs_again(var: Path) -> None:
    env = base_env(var)
    media_before = sorted(p for p in (var / "media").rglob("*") if p.is_file())
    job = ok(scenario("report-enqueue", env=env))["job"]

    kill_when_paused("worker", "report", env=env)

    status, progress = query(
        var, "SELECT status, progress FROM reporting_reportjob WHERE id = ?", job
    )[0]
    assert status == "running" and 0 < progress < 100

    assert ok(scenario("recover", env=env))["report_jobs"] == [job]
    status, content, error = query(
        var, "SELECT status, content, error FROM reporting_reportjob WHERE id = ?", job
    )[0]
    assert status == "failed" and content is None and error.startswith("Interrupted")

    ok(scenario("rerun", "report", str(job), env=env))
    ok(scenario("worker", env=env))

    status, content = query(
        var, "SELECT status, content FROM reporting_reportjob WHERE id = ?", job
    )[0]
    assert status == "done" and bytes(content).startswith(b"%PDF")
    assert sorted(p for p in (var / "media").rglob("*") if p.is_file()) == media_before


def test_eight_writer_processes_on_sqlite_never_meet_a_locked_database(var: Path) -> None:
    import subprocess
    import sys

    from .conftest import PROJECT_DIR

    env = base_env(var)
    before = one(var, "SELECT COUNT(*) FROM strategy_measurement")
    start_at = f"{time.time() + 8:.3f}"  # every writer loaded before the first write
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.production.scenarios", "writer", "25", start_at, str(n)],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    outputs = [w.communicate(timeout=300) for w in writers]

    for (stdout, stderr), w in zip(outputs, writers, strict=True):
        assert w.returncode == 0, stderr[-2000:]
        assert "database is locked" not in stdout + stderr
        assert json.loads(stdout.strip().splitlines()[-1]) == {"errors": []}
    assert one(var, "SELECT COUNT(*) FROM strategy_measurement") == before + 200
