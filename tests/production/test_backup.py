"""Backups that restore: the demo data round-trips on SQLite and on PostgreSQL with every table
equal, and a SQLite backup restores into PostgreSQL."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from .conftest import (
    base_env,
    copy_var,
    localret,
    needs_pg,
    own_databases,
    pg_create,
    pg_drop,
    scenario,
)

DIGEST = (
    "SELECT COUNT(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{}\" t"
)

from localret.core.backup import VOLATILE_TABLES  # noqa: E402

pytestmark = own_databases


def sqlite_tables(file: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(file)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


def test_the_manifest_counts_every_table_and_checks_every_file(
    demo_backup: Path, demo_var: Path
) -> None:
    manifest = json.loads((demo_backup / "manifest.json").read_text())

    assert manifest["engine"] == "sqlite" and manifest["database_file"] == "database.sqlite3"
    live = sqlite_tables(demo_var / "localret.sqlite3")
    # Data versions are cache keys, not data: neither counted nor copied (core/backup.py).
    assert manifest["tables"] == {
        name: len(rows) for name, rows in live.items() if name not in VOLATILE_TABLES
    }
    assert manifest["tables"]["territory_municipality"] == 947
    assert manifest["files"]["private/evidence/acta.txt"]["size"] == len("Acta de prova\n")


def test_a_sqlite_backup_restores_every_table_into_an_empty_sqlite_database(
    demo_backup: Path, demo_var: Path, tmp_path: Path
) -> None:
    target = tmp_path / "restored"

    result = localret("restore", str(demo_backup), env=base_env(target))

    assert result.returncode == 0, result.stderr
    assert "Restored the sqlite backup" in result.stdout
    assert sqlite_tables(target / "localret.sqlite3") == sqlite_tables(
        demo_var / "localret.sqlite3"
    )
    assert (target / "media/private/evidence/acta.txt").read_text() == "Acta de prova\n"


def test_a_backup_restores_into_a_database_that_was_only_migrated(
    demo_backup: Path, demo_var: Path, tmp_path: Path
) -> None:
    """The state a deployment is in after its first ``localret migrate`` (docs/deploy.md):
    data migrations have filled a few tables, and the database is still "empty"."""
    target = tmp_path / "migrated"
    env = base_env(target)
    migrated = localret("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr

    result = localret("restore", str(demo_backup), env=env)

    assert result.returncode == 0, result.stderr
    assert sqlite_tables(target / "localret.sqlite3") == sqlite_tables(
        demo_var / "localret.sqlite3"
    )


def test_restore_refuses_a_database_that_holds_data_unless_forced(
    demo_backup: Path, demo_var: Path, tmp_path: Path
) -> None:
    var = copy_var(demo_var, tmp_path / "busy")
    env = base_env(var)
    ok = scenario("measurements", "10", env=env)
    assert ok.returncode == 0, ok.stderr

    refused = localret("restore", str(demo_backup), env=env)

    assert refused.returncode != 0
    assert "The database is not empty" in refused.stderr and "--force" in refused.stderr
    forced = localret("restore", str(demo_backup), "--force", env=env)
    assert forced.returncode == 0, forced.stderr
    assert sqlite_tables(var / "localret.sqlite3") == sqlite_tables(demo_var / "localret.sqlite3")


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    demo_backup: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(demo_backup, damaged)
    (damaged / "media/private/evidence/acta.txt").write_text("changed\n")
    target = tmp_path / "target"

    result = localret("restore", str(damaged), env=base_env(target))

    assert result.returncode != 0
    assert "The backup is damaged: media/private/evidence/acta.txt does not match" in result.stderr
    assert not (target / "media").exists()


def test_a_backup_is_taken_while_another_process_writes(demo_var: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from .conftest import PROJECT_DIR

    var = copy_var(demo_var, tmp_path / "live")
    env = base_env(var)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.production.scenarios", "measurements", "4000"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        result = localret("backup", str(tmp_path / "bk"), env=env)
    finally:
        writer.wait(300)

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "bk/manifest.json").read_text())
    counted = sqlite_tables(tmp_path / "bk/database.sqlite3")
    assert manifest["tables"] == {
        n: len(rows) for n, rows in counted.items() if n not in VOLATILE_TABLES
    }
    # All of the import or none of it: one transaction.
    before = len(sqlite_tables(demo_var / "localret.sqlite3")["strategy_measurement"])
    assert manifest["tables"]["strategy_measurement"] - before in (0, 4000)


@needs_pg
def test_a_sqlite_backup_restores_into_postgresql_with_every_table_equal(
    pg_demo: str, demo_backup: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    from .conftest import PROJECT_DIR

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.production.compare",
            str(demo_backup / "database.sqlite3"),
        ],
        cwd=PROJECT_DIR,
        env=base_env(tmp_path, DATABASE_URL=pg_demo),
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    compared = json.loads(result.stdout.strip().splitlines()[-1])
    assert compared["differences"] == []
    assert compared["tables"] >= 140 and compared["rows"] > 100_000


@needs_pg
def test_a_postgresql_backup_round_trips_every_table(pg_demo: str, tmp_path: Path) -> None:
    import psycopg

    backup_path = tmp_path / "pg-backup"
    taken = localret("backup", str(backup_path), env=base_env(tmp_path / "a", DATABASE_URL=pg_demo))
    assert taken.returncode == 0, taken.stderr
    assert (backup_path / "database.pgdump").read_bytes()[:5] == b"PGDMP"
    target = pg_create("roundtrip")
    try:
        restored = localret(
            "restore", str(backup_path), env=base_env(tmp_path / "b", DATABASE_URL=target)
        )
        assert restored.returncode == 0, restored.stderr
        assert "into postgresql (pg_restore)" in restored.stdout

        def digests(url: str) -> dict[str, tuple[int, str]]:
            with psycopg.connect(url) as con:
                names = [
                    r[0]
                    for r in con.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
                return {n: con.execute(DIGEST.format(n)).fetchone() for n in names}

        ours, theirs = digests(pg_demo), digests(target)
        assert ours == theirs
        manifest = json.loads((backup_path / "manifest.json").read_text())
        assert manifest["tables"] == {
            n: c for n, (c, _d) in ours.items() if n not in VOLATILE_TABLES
        }
    finally:
        pg_drop(target)


@needs_pg
def test_restore_into_postgresql_refuses_a_database_that_holds_data(
    pg_demo: str, demo_backup: Path, tmp_path: Path
) -> None:
    result = localret("restore", str(demo_backup), env=base_env(tmp_path, DATABASE_URL=pg_demo))

    assert result.returncode != 0
    assert "The database is not empty" in result.stderr


@pytest.mark.parametrize("existing", ["file", "nonempty"])
def test_backup_refuses_a_path_that_holds_something(
    demo_var: Path, tmp_path: Path, existing: str
) -> None:
    path = tmp_path / "target"
    if existing == "file":
        path.write_text("x")
    else:
        path.mkdir()
        (path / "old").write_text("x")

    result = localret("backup", str(path), env=base_env(demo_var))

    assert result.returncode != 0
    assert "is not an empty directory" in result.stderr
