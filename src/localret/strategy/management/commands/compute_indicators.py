"""`localret compute-indicators`: store today's value of every computed indicator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from localret.core.params import date_argument
from localret.strategy import services


class Command(BaseCommand):
    help = (
        "Recompute the computed indicators of the strategic plan (from the registry in "
        "strategy/computed.py) and store their values as measurements, so that 'as of' views "
        "and forecasts keep working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", type=date_argument, default=None, help="date, YYYY-MM-DD (default: today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        written = services.computed_indicators_refresh(as_of=options["as_of"])
        for code, count in sorted(written.items()):
            self.stdout.write(f"{code}: {count} measurements")
        self.stdout.write(self.style.SUCCESS(f"{len(written)} computed indicators refreshed"))
