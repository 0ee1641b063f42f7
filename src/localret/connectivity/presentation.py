"""The planner in words: why a scenario has no solution, how a planner run is going, in the
reader's language with figures formatted (``3.500 €``, ``1.022,23``). The API keeps the codes
and the numbers; pages read these."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localret.core import formatting
from localret.core.formatting import choice_label

from .models import PlannerJob

IMPORT_STAGES = {
    "checking": gettext_lazy("checking the file"),
    "checked and aggregated": gettext_lazy("checked and aggregated"),
    "aggregated": gettext_lazy("aggregated"),
    "finished": gettext_lazy("finished"),
    "done": gettext_lazy("finished"),
}


def import_stage_label(stage: str | None) -> str:
    """A coverage import job's stage (the importers record it in English) in the reader's
    language."""
    return str(IMPORT_STAGES.get(stage or "", stage or ""))


def _rule(rule: dict[str, Any]) -> str:
    if rule.get("rule") == "balance":
        return _("the territorial balance of %(region)s") % {"region": rule.get("region", "")}
    if rule.get("rule") == "year_budgets":
        return _("the yearly budgets")
    return _("the areas that must be included")


def explanation_sentence(explanation: dict[str, Any] | None) -> str:
    """Why a run ended without the best answer, as a sentence ("" when there is nothing to
    explain). ``explanation`` is ``planner.explain``'s answer saved with the scenario."""
    if not explanation:
        return ""
    kind = explanation.get("kind")
    money = formatting.money
    if kind == "both":
        return _("These areas are both required and excluded: %(areas)s.") % {
            "areas": ", ".join(explanation.get("areas", []))
        }
    if kind == "include_budget":
        return _(
            "The areas that must be included cost %(cost)s, more than the budget of %(budget)s."
        ) % {"cost": money(explanation["cost"]), "budget": money(explanation["budget"])}
    if kind == "balance":
        return _(
            "The territorial balance asks for at least %(floor)s in %(region)s, but its "
            "available areas cost %(available)s in all (the cheapest %(cheapest)s), within a "
            "budget of %(budget)s."
        ) % {
            "floor": money(explanation["floor"]),
            "region": explanation["region"],
            "available": money(explanation["available"]),
            "cheapest": money(explanation["cheapest"]),
            "budget": money(explanation["budget"]),
        }
    if kind == "year_budgets":
        return _("The areas that must be included do not fit in the yearly budgets.")
    if kind == "must_include":
        return _("The areas that must be included cannot be paid within the budget.")
    if kind == "conflict":
        return _(
            "The rules contradict each other; relaxing any one of these makes it possible: "
            "%(rules)s."
        ) % {"rules": "; ".join(_rule(r) for r in explanation.get("rules", []))}
    if kind == "no_better":
        return _("The solver found nothing better than the greedy start within the time limit.")
    if kind == "no_solution":
        return _("The solver found no selection that meets the rules within the time limit.")
    return _("The rules together cannot be met within the budget.")


def scenario_explanation(result: dict[str, Any]) -> str:
    """The sentence of a saved scenario; scenarios saved before explanations existed get the
    general one when they have a reason."""
    sentence = explanation_sentence(result.get("explanation"))
    if not sentence and result.get("reason"):
        return _("The rules together cannot be met within the budget.")
    return sentence


def stage_label(job: PlannerJob) -> str:
    if job.status == PlannerJob.Status.QUEUED:
        return str(PlannerJob.Stage.QUEUED.label)
    return choice_label(PlannerJob.Stage, job.stage) if job.stage else ""


def failure_message(job: PlannerJob) -> str:
    if job.status != PlannerJob.Status.FAILED:
        return ""
    return choice_label(PlannerJob.Failure, job.failure or PlannerJob.Failure.ERROR)


def job_status(job: PlannerJob) -> dict[str, Any]:
    """What the run page shows and polls (``planner_job_status``): labels and figures as
    people read them, never codes (``status`` and ``active`` steer the script)."""
    f = job.figures or {}
    gap = f.get("gap")
    return {
        "status": job.status,
        "active": job.active,
        "status_label": str(job.get_status_display()),
        "stage_label": stage_label(job),
        "progress": job.progress,
        "progress_text": formatting.percent(job.progress, ratio=False),
        "figures": {
            "greedy": formatting.number(f.get("greedy")),
            "incumbent": formatting.number(f.get("incumbent")),
            "bound": formatting.number(f.get("bound")),
            "gap": formatting.percent(gap, 2) if gap is not None else formatting.DASH,
            "seconds": formatting.number(f.get("seconds"), 1)
            if f.get("seconds") is not None
            else formatting.DASH,
        },
        "message": failure_message(job),
        "error": job.error if job.failure == PlannerJob.Failure.ERROR else "",
        "result_url": (
            reverse("connectivity:scenario", args=[job.scenario_id]) if job.scenario_id else ""
        ),
    }
