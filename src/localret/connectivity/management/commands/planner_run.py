"""`localret planner-run CANDIDATES --budget EUR [...]`: solve a rollout scenario in the
foreground and save it, showing the solver's stage and percentage as it goes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from localret.core.progress import ProgressLine


class Command(BaseCommand):
    help = "Solve and save a rollout scenario over a candidate set, showing its progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("candidates", help="name of the candidate set")
        parser.add_argument("--budget", type=float, required=True, help="budget in euros")
        parser.add_argument("--balance-level", choices=("comarca", "vegueria"))
        parser.add_argument("--min-share", type=float, default=0.0)
        parser.add_argument("--time-limit", type=float, default=10.0, help="seconds")
        parser.add_argument("--name", default="", help="scenario name")
        parser.add_argument("--no-save", action="store_true", help="solve only, do not save")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):  # stages in the platform's language
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        from localret.connectivity import planner, selectors, services
        from localret.connectivity.models import PlannerJob

        candidate_set = selectors.candidate_set_get(options["candidates"])
        if candidate_set is None:
            raise CommandError(f"unknown candidate set '{options['candidates']}'")
        spec = services.ScenarioInput(
            candidates=candidate_set.name,
            budget_eur=options["budget"],
            balance_level=options["balance_level"],
            min_share=options["min_share"],
            time_limit_s=options["time_limit"],
        )
        line = ProgressLine(self._write, tty=self.stdout.isatty())
        stages = dict(PlannerJob.Stage.choices)

        def progress(p: planner.Progress) -> None:
            line(p.percent, str(stages.get(p.stage, p.stage)))

        try:
            scenario = services.scenario_run(
                candidate_set=candidate_set,
                spec=spec,
                name=options["name"] or f"{candidate_set.name} (CLI)",
                by=None,
                save=not options["no_save"],
                progress=progress,
            )
            line(100, str(stages["done"]))
        finally:
            line.close()
        saved = f" (scenario {scenario.pk})" if scenario.pk else ""
        outcome = scenario.result.get("status", "")
        self.stdout.write(f"Planner run finished: {outcome}{saved}")

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="")
        self.stdout.flush()
