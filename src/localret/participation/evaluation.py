"""Pure summary of a closed plan's evaluation (no Django import).

Input: objectives as dicts ``{code, name, progress, status, indicators: [{code, name, unit,
baseline, target, final, progress, status}]}`` (what strategy's plan tree says at the end of the
plan). Output per objective: how many indicators reached their target, the mean progress, the
indicators furthest from target, and a one-line verdict.
"""

from __future__ import annotations

from typing import Any

REACHED = "achieved"
VERDICTS = (
    (1.0, "reached"),
    (0.75, "largely reached"),
    (0.5, "partly reached"),
    (0.0, "not reached"),
)


def verdict(progress: float | None) -> str:
    if progress is None:
        return "no data"
    for threshold, label in VERDICTS:
        if progress >= threshold - 1e-9:
            return label
    return "not reached"


def summarise_objective(objective: dict[str, Any], worst: int = 3) -> dict[str, Any]:
    indicators = objective.get("indicators", [])
    with_data = [i for i in indicators if i.get("progress") is not None]
    reached = [i for i in indicators if i.get("status") == REACHED]
    shortfalls = sorted(with_data, key=lambda i: (i["progress"], i["code"]))[:worst]
    mean = sum(i["progress"] for i in with_data) / len(with_data) if with_data else None
    return {
        **objective,
        "n_indicators": len(indicators),
        "n_reached": len(reached),
        "n_without_data": len(indicators) - len(with_data),
        "mean_indicator_progress": mean,
        "shortfalls": [i for i in shortfalls if i["progress"] < 1],
        "verdict": verdict(objective.get("progress")),
    }


def summarise(objectives: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [summarise_objective(o) for o in objectives]
    total = sum(r["n_indicators"] for r in rows)
    reached = sum(r["n_reached"] for r in rows)
    return {
        "objectives": rows,
        "n_indicators": total,
        "n_reached": reached,
        "share_reached": (reached / total) if total else None,
    }
