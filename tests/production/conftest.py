"""Fixtures of the production tests: real processes (the `localret` command, gunicorn, task
workers) on a real demo database on disk (SQLite) or PostgreSQL, and Redis.

The demo database is built once per session (``localret demo --no-serve``) and copied for each
test that changes it. PostgreSQL tests use databases named after ``LOCALRET_TEST_PG_PREFIX``
(default: the name in ``DATABASE_URL`` when it is PostgreSQL, else ``localret_test``) on the
server of ``LOCALRET_TEST_PG_URL`` (default ``postgres://postgres@127.0.0.1:5432``); Redis is
``LOCALRET_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``). Each skips when its server
does not answer."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "production-tests-secret-key-of-fifty-or-more-chars"


def base_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "LOCALRET_DEMO"}
        and not k.startswith("PYTEST")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "localret.settings.dev",
            "LOCALRET_VAR_DIR": str(var_dir),
            "LOCALRET_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PYTHONPATH": str(PROJECT_DIR),
        }
    )
    env.update(extra)
    return env


def localret(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "localret.cli", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def scenario(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.production.scenarios", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def kill_when_paused(*args: str, env: dict[str, str], timeout: float = 120) -> None:
    """Run a scenario with ``--pause`` and SIGKILL it once it is inside its write."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.production.scenarios", *args, "--pause"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    try:
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.strip() == "PAUSED":
                process.send_signal(signal.SIGKILL)
                process.wait(30)
                return
            if not line and process.poll() is not None:
                break
        errors = process.stderr.read() if process.stderr else ""
        raise AssertionError(f"scenario {args} never reached its write: {errors[-3000:]}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


@pytest.fixture(scope="session")
def demo_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var directory with the demo installation (SQLite), static files collected."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    # LOCALRET_TEST_DEMO_CACHE: a directory keeping the demo database between runs (built there
    # when empty); delete it after a migration or a change of the demo data.
    cache = Path(os.environ.get("LOCALRET_TEST_DEMO_CACHE") or var_dir)
    if not (cache / "localret.sqlite3").is_file():
        result = localret("demo", "--no-serve", env=base_env(cache), timeout=900)
        assert result.returncode == 0, result.stderr[-3000:]
    if cache != var_dir:
        shutil.copy2(cache / "localret.sqlite3", var_dir / "localret.sqlite3")
    return var_dir


def copy_var(demo_var: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(demo_var / "localret.sqlite3", target / "localret.sqlite3")
    for name in ("static", "media"):
        if (demo_var / name).is_dir():
            shutil.copytree(demo_var / name, target / name)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- PostgreSQL and Redis ------------------------------------------------------------------


def pg_server() -> str:
    return os.environ.get("LOCALRET_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432")


def pg_prefix() -> str:
    if os.environ.get("LOCALRET_TEST_PG_PREFIX"):
        return os.environ["LOCALRET_TEST_PG_PREFIX"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlsplit(url).path.strip("/") or "localret_test"
    return "localret_test"


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(pg_server() + "/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def pg_create(suffix: str) -> str:
    """A new empty database (dropped first if left over); its URL."""
    import psycopg

    name = f"{pg_prefix()}_{suffix}"
    with psycopg.connect(pg_server() + "/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server()}/{name}"


def pg_drop(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.strip("/")
    with psycopg.connect(pg_server() + "/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_url() -> str:
    return os.environ.get("LOCALRET_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(redis_url(), socket_connect_timeout=2).ping()
        return True
    except Exception:
        return False


needs_pg = pytest.mark.skipif(not pg_available(), reason="no PostgreSQL server answers")
needs_redis = pytest.mark.skipif(not redis_available(), reason="no Redis server answers")


@pytest.fixture(scope="session")
def demo_backup(demo_var: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of the demo installation, with one uploaded file."""
    media = demo_var / "media" / "private" / "evidence"
    media.mkdir(parents=True, exist_ok=True)
    (media / "acta.txt").write_text("Acta de prova\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("backups") / "demo"
    result = localret("backup", str(path), env=base_env(demo_var))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def pg_demo(demo_backup: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo installation restored from its SQLite backup into a new PostgreSQL database."""
    if not pg_available():
        pytest.skip("no PostgreSQL server answers")
    url = pg_create("demo")
    var_dir = tmp_path_factory.mktemp("pg-demo-var")
    result = localret("restore", str(demo_backup), env=base_env(var_dir, DATABASE_URL=url))
    assert result.returncode == 0, result.stdout + result.stderr
    yield url
    pg_drop(url)


# The tests that run real processes manage their own databases (SQLite files, PostgreSQL
# databases of their own): they run once, in the SQLite run of the suite, not again when the
# suite runs with DATABASE_URL on PostgreSQL.
own_databases = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="runs its own databases in the SQLite run of the suite",
)
