"""``localret restore PATH``: restore a backup into an empty database and check it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localret.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the backup in PATH (written by `localret backup`) into the configured database "
        "and media directory, which must be empty unless --force is given; every checksum is "
        "checked before and every table's row count after. A SQLite backup also restores into "
        "PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="directory written by `localret backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the content of a database (and media directory) that is not empty",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(
                Path(options["path"]),
                force=options["force"],
                log=lambda m: self.stdout.write(f"  {m}"),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(result.summary()))
