"""``manage.py import_register``: load or update the municipal register (administrators)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from localret.core.tabular import ImportFailed
from localret.territory.importer import register_import


class Command(BaseCommand):
    help = (
        "Load or update the municipal register (provinces, vegueries, comarques, 947 "
        "municipalities). Without arguments it uses the built-in register and, when "
        "LOCALRET_DATA_DIR holds indicadors_municipis_emex.csv, its population and households. "
        "Nothing is written unless every file is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipalities", type=Path, help="CSV like municipis_catalunya.csv")
        parser.add_argument("--comarques", type=Path, help="CSV like comarques_catalunya.csv")
        parser.add_argument("--data-dir", type=Path, help="data directory (default: setting)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the files and report, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for key in ("municipalities", "comarques"):
            if options[key] is not None and not options[key].is_file():
                raise CommandError(f"{options[key]}: no such file")
        data_dir = options["data_dir"]
        if data_dir is not None and not data_dir.is_dir():
            raise CommandError(f"{data_dir}: no such directory")
        try:
            result = register_import(
                municipalities=options["municipalities"],
                comarques=options["comarques"],
                data_dir=data_dir or settings.LOCALRET_DATA_DIR,
                dry_run=options["dry_run"],
            )
        except ImportFailed as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{exc.total} error(s); nothing was written") from exc
        prefix = "Dry run, nothing written: would be " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged; "
            f"{result.comarques} comarques, {result.vegueries} vegueries; "
            f"households from data for {result.households_from_data} municipalities"
        )
