"""``localret backup PATH``: a consistent snapshot of the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localret.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a backup of the database (SQLite: online backup API; PostgreSQL: pg_dump custom "
        "format) and of the uploaded files into the new directory PATH, with a manifest of "
        "row counts per table and file checksums. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="directory to create (must not exist or be empty)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            manifest = backup(path, log=lambda m: self.stdout.write(f"  {m}"))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {manifest['engine']} database, "
                f"{len(manifest['tables'])} tables, {rows:,} rows, "
                f"{len(manifest['files'])} uploaded file(s) (manifest.json)."
            )
        )
