"""`localret board-report --plan SLUG [--format pdf|xlsx] [--as-of DATE] [-o FILE]`: build the
Board report in the foreground, showing its stage and percentage as it goes."""

from __future__ import annotations

from argparse import ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from localret.core.params import date_argument
from localret.core.progress import ProgressLine


class Command(BaseCommand):
    help = "Build the Board report of a plan (PDF or spreadsheet), showing its progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, help="plan slug")
        parser.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
        parser.add_argument(
            "--as-of",
            type=date_argument,
            help="date the report shows (YYYY-MM-DD; default today, a closed plan's end at most)",
        )
        parser.add_argument("--language", default="ca", choices=("ca", "es"))
        parser.add_argument("-o", "--output", help="file to write (default: SLUG-DATE.FORMAT)")

    def handle(self, *args: Any, **options: Any) -> None:
        from localret.reporting import report, sources
        from localret.reporting.models import ReportJob

        plan = sources.plan_get(options["plan"])
        if plan is None:
            raise CommandError(f"unknown plan '{options['plan']}'")
        as_of = options["as_of"]
        if isinstance(as_of, str):  # call_command(as_of=...) passes the text as it is
            try:
                as_of = date_argument(as_of)
            except ArgumentTypeError as exc:
                raise CommandError(f"--as-of: {exc}") from exc
        as_of = sources.report_as_of(plan, as_of)  # today; a closed plan: at most its end
        fmt = options["format"]
        output = Path(options["output"] or f"{plan.slug}-{as_of.isoformat()}.{fmt}")
        line = ProgressLine(self._write, tty=self.stdout.isatty())

        def progress(percent: int, step: str) -> None:
            line(percent, ReportJob(step=step).step_label)  # the step in words, not its code

        try:
            with translation.override(options["language"]):  # stages in the report's language
                content = report.generate(plan, as_of, options["language"], fmt, progress)
        finally:
            line.close()
        output.write_bytes(content)
        self.stdout.write(f"Board report written to {output} ({len(content):,} bytes)")

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="")
        self.stdout.flush()
