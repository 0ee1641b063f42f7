"""Backups that restore: a consistent snapshot of the database and of the uploaded files.

``backup(path)`` writes a directory:

- ``database.sqlite3`` (SQLite: the online backup API, a consistent copy while the site runs) or
  ``database.pgdump`` (PostgreSQL: ``pg_dump`` custom format, run on a snapshot exported by a
  read-only repeatable-read transaction that also counts the rows, so counts and dump agree);
- ``media/``: every file under ``MEDIA_ROOT`` (uploads, evidence, private documents);
- ``manifest.json``: engine, time, applied migrations, the row count of every table and the
  SHA-256 and size of every file (the database file included).

``restore(path)`` checks every checksum first, refuses a database that holds data (or a media
directory with files) unless ``force=True``, restores, then counts the rows of every table and
compares them with the manifest. SQLite into SQLite and PostgreSQL into PostgreSQL restore the
engine's own file (backup API, ``pg_restore``). A SQLite backup restores into PostgreSQL too (the
path a growing installation takes): the schema is made by ``migrate`` and every table is copied
row by row through the models' fields (so booleans, dates, decimals and JSON arrive as
PostgreSQL types), in one transaction, then the sequences are reset. The backup and the code
must then be at the same migrations. A PostgreSQL backup does not restore into SQLite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
MEDIA_DIR = "media"
SOURCE_ALIAS = "localret_backup_source"
# Tables that ``migrate`` alone fills (Django's bookkeeping, the maturity model the migration
# maturity.0002 loads, the service levels helpdesk.0002 loads): rows there do not make a
# database "not empty" (a test migrates an empty database and checks that it restores).
MIGRATION_DATA_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "maturity_dimension",
        "maturity_maturityindicator",
        "maturity_maturityindicator_services",
        "maturity_maturitymodel",
        "maturity_service",
        "helpdesk_servicelevel",
    }
)
# Data versions (core/versions.py) are cache keys, not data: a restore writes its own (every
# copied row bumps its domain, with a new nonce), so they are neither copied nor counted.
VOLATILE_TABLES = frozenset({"core_dataversion"})


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class RestoreResult:
    engine_from: str
    engine_to: str
    method: str
    tables: int
    rows: int
    files: int
    created_at: str
    mismatches: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Restored the {self.engine_from} backup taken at {self.created_at} into "
            f"{self.engine_to} ({self.method}): {self.tables} tables, {self.rows:,} rows and "
            f"{self.files} uploaded file(s), every count and checksum as in the manifest."
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_entry(path: Path) -> dict[str, Any]:
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def _db(alias: str = DEFAULT_DB_ALIAS) -> Any:
    return connections[alias]


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table of the database (views and SQLite's internal tables left out)."""
    connection = _db(alias)
    with connection.cursor() as cursor:
        names = sorted(set(connection.introspection.table_names(cursor)) - VOLATILE_TABLES)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = int(cursor.fetchone()[0])
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            n: int(con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0])  # noqa: S608
            for n in names
            if n not in VOLATILE_TABLES
        }
    finally:
        con.close()


def _pg_env(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    conf = _db(alias).settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if conf.get(key):
            env[var] = str(conf[key])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    env["PGDATABASE"] = str(conf["NAME"])
    return env


def _run(argv: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{argv[0]} is not installed: install PostgreSQL's client tools "
            "(apt-get install postgresql-client) of the server's major version."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(_db(alias))
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup(path: Path, *, log: Callable[[str], None] = lambda _m: None) -> dict[str, Any]:
    """Write a backup into the directory ``path`` (created; it must not hold files)."""
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{path} exists and is not an empty directory: choose a new path.")
    path.mkdir(parents=True, exist_ok=True)
    connection = _db()
    engine = connection.vendor
    if engine == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("The database is in memory: there is nothing on disk to back up.")
        target = path / SQLITE_FILE
        source = sqlite3.connect(name, timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # consistent even while other processes write
        finally:
            copy.close()
            source.close()
        counts = _sqlite_counts(target)
        database_file = SQLITE_FILE
    elif engine == "postgresql":
        target = path / PGDUMP_FILE
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts()
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                _pg_env(),
            )
        database_file = PGDUMP_FILE
    else:
        raise BackupError(f"Backups of {engine} databases are not supported.")
    log(f"database: {len(counts)} tables, {sum(counts.values()):,} rows")

    files: dict[str, Any] = {}
    root = _media_root()
    for source_file in _media_files(root):
        relative = source_file.relative_to(root).as_posix()
        copied = path / MEDIA_DIR / relative
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source_file, copied)
        files[relative] = _file_entry(copied)
    log(f"uploaded files: {len(files)}")

    manifest = {
        "format": FORMAT,
        "application": "localret",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database_file": database_file,
        "database": _file_entry(path / database_file),
        "migrations": applied_migrations(),
        "tables": counts,
        "files": files,
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the backup at ``path``, after checking every checksum in it."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{path} holds no {MANIFEST}: it is not a Localret backup.") from exc
    except json.JSONDecodeError as exc:
        raise BackupError(f"{path / MANIFEST} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("application") != "localret":
        raise BackupError(f"{path / MANIFEST} is not a Localret backup of format {FORMAT}.")
    problems = []
    entries = {manifest["database_file"]: manifest["database"]}
    entries.update({f"{MEDIA_DIR}/{k}": v for k, v in manifest["files"].items()})
    for relative, entry in entries.items():
        file = path / relative
        if not file.is_file():
            problems.append(f"{relative} is missing")
        elif file.stat().st_size != entry["size"] or _sha256(file) != entry["sha256"]:
            problems.append(f"{relative} does not match its checksum")
    if problems:
        raise BackupError("The backup is damaged: " + "; ".join(problems) + ".")
    return cast(dict[str, Any], manifest)


def data_tables(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Tables holding rows that ``migrate`` does not write (empty dict: an empty database)."""
    connection = _db(alias)
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        found = {}
        for name in sorted(set(names) - MIGRATION_DATA_TABLES - VOLATILE_TABLES):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")
            if cursor.fetchone() is not None:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
                found[name] = int(cursor.fetchone()[0])
    return found


@contextmanager
def _sqlite_source(file: Path) -> Iterator[str]:
    """A temporary database alias reading the SQLite file ``file``."""
    connections.settings[SOURCE_ALIAS] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(file),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "OPTIONS": {},
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    try:
        yield SOURCE_ALIAS
    finally:
        connections[SOURCE_ALIAS].close()
        del connections[SOURCE_ALIAS]
        del connections.settings[SOURCE_ALIAS]


def _copyable_models() -> list[Any]:
    models: list[Any] = []
    seen: set[str] = set()
    candidates: list[Any] = [*apps.get_models(include_auto_created=True)]
    for model in [*candidates, MigrationRecorder.Migration]:
        meta = model._meta
        if meta.proxy or meta.db_table in seen or meta.db_table in VOLATILE_TABLES:
            continue
        if not meta.managed and model is not MigrationRecorder.Migration:
            continue
        seen.add(meta.db_table)
        models.append(model)
    return models


def copy_tables(source: str, target: str = DEFAULT_DB_ALIAS, batch: int = 2000) -> int:
    """Replace every table's rows in ``target`` by ``source``'s (same migrations), field by
    field, in one transaction (foreign keys are checked at commit); sequences reset after."""
    target_connection = _db(target)
    models = _copyable_models()
    source_tables = set(_db(source).introspection.table_names())
    unknown = source_tables - {m._meta.db_table for m in models} - VOLATILE_TABLES
    if unknown:
        raise BackupError(f"The backup has tables the code does not know: {sorted(unknown)}.")
    qn = target_connection.ops.quote_name
    copied = 0
    with transaction.atomic(using=target), target_connection.cursor() as cursor:
        tables = [m._meta.db_table for m in models if m._meta.db_table in source_tables]
        if target_connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(qn(t) for t in tables)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {qn(table)}")
        for model in models:
            if model._meta.db_table not in source_tables:
                continue
            fields = list(model._meta.local_concrete_fields)
            sql = (
                f"INSERT INTO {qn(model._meta.db_table)} "
                f"({', '.join(qn(f.column) for f in fields)}) "
                f"VALUES ({', '.join(['%s'] * len(fields))})"
            )
            rows = (
                model._base_manager.using(source)
                .order_by()
                .values_list(*[f.attname for f in fields])
                .iterator(chunk_size=batch)
            )
            pending: list[list[Any]] = []
            for row in rows:
                pending.append(
                    [
                        f.get_db_prep_save(value, connection=target_connection)
                        for f, value in zip(fields, row, strict=True)
                    ]
                )
                if len(pending) >= batch:
                    cursor.executemany(sql, pending)
                    copied += len(pending)
                    pending = []
            if pending:
                cursor.executemany(sql, pending)
                copied += len(pending)
        for statement in target_connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return copied


def restore(
    path: Path, *, force: bool = False, log: Callable[[str], None] = lambda _m: None
) -> RestoreResult:
    """Restore the backup at ``path`` into the configured database and ``MEDIA_ROOT``."""
    path = Path(path)
    manifest = read_manifest(path)
    log(f"backup checked: {len(manifest['tables'])} tables, {len(manifest['files'])} files")
    connection = _db()
    engine_to = connection.vendor
    engine_from = manifest["engine"]
    if engine_from == "postgresql" and engine_to != "postgresql":
        raise BackupError("A PostgreSQL backup restores only into PostgreSQL.")

    if not force:
        held = data_tables()
        if held:
            sample = ", ".join(f"{t}: {n}" for t, n in list(held.items())[:3])
            raise BackupError(
                f"The database is not empty ({len(held)} tables hold data, e.g. {sample}). "
                "Restore into an empty database, or give --force to replace its content."
            )
        media = next(iter(_media_files(_media_root())), None)
        if media is not None:
            raise BackupError(
                f"The media directory {_media_root()} holds files (e.g. {media.name}). "
                "Restore with an empty one, or give --force to replace them."
            )

    database_file = path / manifest["database_file"]
    if engine_from == engine_to == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("The database is in memory: restore into a database on disk.")
        connections.close_all()
        source = sqlite3.connect(database_file)
        target = sqlite3.connect(name, timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        method = "SQLite backup API"
    elif engine_from == engine_to == "postgresql":
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database_file),
            ],
            _pg_env(),
        )
        method = "pg_restore"
    else:  # SQLite into PostgreSQL
        from django.core.management import call_command

        call_command("migrate", "--noinput", "-v", "0")
        with _sqlite_source(database_file) as source_alias:
            theirs, ours = set(applied_migrations(source_alias)), set(applied_migrations())
            if theirs != ours:
                raise BackupError(
                    "The backup and this version of the code are at different migrations "
                    f"(only in the backup: {sorted(theirs - ours)[:5]}; only here: "
                    f"{sorted(ours - theirs)[:5]}). Restore it into SQLite with the code of its "
                    "time, migrate, take a new backup and restore that."
                )
            copy_tables(source_alias)
        method = "table-by-table copy through the models"
    log(f"database restored ({method})")

    root = _media_root()
    if force and root.is_dir():
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for relative in manifest["files"]:
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path / MEDIA_DIR / relative, destination)

    counts = table_counts()
    mismatches = [
        f"{table}: {expected} in the backup, {counts.get(table)} restored"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    for relative, entry in manifest["files"].items():
        if _sha256(root / relative) != entry["sha256"]:
            mismatches.append(f"media/{relative}: checksum differs")
    if mismatches:
        raise BackupError("The restore does not match the manifest: " + "; ".join(mismatches))
    return RestoreResult(
        engine_from=engine_from,
        engine_to=engine_to,
        method=method,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        created_at=manifest["created_at"],
    )
