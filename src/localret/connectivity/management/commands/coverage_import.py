"""`localret coverage-import FILE --year YEAR [--source TEXT] [--dry-run]`: check, aggregate and
write a premise-level coverage file in the foreground, showing its stage and percentage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from localret.core.progress import ProgressLine


class Command(BaseCommand):
    help = "Import a premise-level coverage file (CSV), showing its progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="premise-level CSV file")
        parser.add_argument("--year", type=int, required=True, help="coverage year")
        parser.add_argument("--source", default="", help="where the data comes from")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):  # stages in the platform's language
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        from localret.connectivity import services
        from localret.connectivity.templatetags.connectivity_tags import job_stage
        from localret.core.tabular import ImportFailed

        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        shown = ProgressLine(self._write, tty=self.stdout.isatty())

        def line(percent: int, stage: str) -> None:
            shown(percent, job_stage(stage))  # the stage in words, not its code

        try:
            line(5, "checking")
            result = services.coverage_import_premises(
                path=path,
                filename=path.name,
                year=options["year"],
                source=options["source"] or path.name,
                dry_run=options["dry_run"],
                by=None,
                progress=line,
            )
            line(100, "finished")
        except ImportFailed as exc:
            problems = "; ".join(str(i.as_dict()) for i in exc.issues[:10])
            raise CommandError(f"the file was not imported: {problems}") from exc
        finally:
            shown.close()
        self.stdout.write(f"Coverage import finished: {result.as_dict()}")

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="")
        self.stdout.flush()
