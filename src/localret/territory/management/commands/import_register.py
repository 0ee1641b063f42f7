from pathlib import Path

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

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        for key in ("municipalities", "comarques"):
            if options[key] is not None and not options[key].is_file():
                raise CommandError(f"{options[key]}: no such file")
        try:
            result = register_import(
                municipalities=options["municipalities"],
                comarques=options["comarques"],
                data_dir=options["data_dir"] or settings.LOCALRET_DATA_DIR,
            )
        except ImportFailed as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{len(exc.issues)} error(s); nothing was written") from exc
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged; "
            f"{result.comarques} comarques, {result.vegueries} vegueries; "
            f"households from data for {result.households_from_data} municipalities"
        )
