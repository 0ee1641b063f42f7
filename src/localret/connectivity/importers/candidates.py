"""Candidate files for the rollout planner. No writes here (see services.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from localret.core.tabular import IssueCollector, parse_decimal, parse_int, read_table

from ..classification import NGA_CLASSES
from .register import AREA_CODE_RE, Register

CANDIDATE_REQUIRED = ("area_id", "municipality", "households", "cost_eur", "classification")


@dataclass(frozen=True)
class CandidateRow:
    row: int
    area_id: str
    municipality: str
    households: int
    cost_eur: Decimal
    classification: str
    rural: bool


def read_candidate_file(data: bytes, filename: str, register: Register) -> list[CandidateRow]:
    table = read_table(data, filename, required=CANDIDATE_REQUIRED)
    issues = IssueCollector(filename)
    rows = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        ok = True
        area_id = cells["area_id"]
        if not AREA_CODE_RE.match(area_id):
            issues.add("an area id of 1-40 letters, digits, '.', '_' or '-'", number, "area_id")
            ok = False
        elif area_id in seen:
            issues.add(f"area {area_id} already in row {seen[area_id]}", number, "area_id")
            ok = False
        seen.setdefault(area_id, number)
        municipality = register.resolve(cells["municipality"])
        if municipality is None:
            issues.add(
                f"unknown municipality code '{cells['municipality']}'", number, "municipality"
            )
            ok = False
        households = 0
        try:
            households = parse_int(cells["households"])
            if households < 0:
                raise ValueError("cannot be negative")
        except ValueError as exc:
            issues.add(str(exc), number, "households")
            ok = False
        cost = Decimal(0)
        try:
            cost = parse_decimal(cells["cost_eur"])
            if cost < 0:
                raise ValueError("cannot be negative")
            if cost >= Decimal("1e12"):
                raise ValueError("is too large")
        except ValueError as exc:
            issues.add(str(exc), number, "cost_eur")
            ok = False
        classification = cells["classification"].strip().lower()
        if classification not in NGA_CLASSES:
            issues.add(
                f"classification must be one of {', '.join(NGA_CLASSES)}",
                number,
                "classification",
            )
            ok = False
        rural_text = cells.get("rural", "").strip().lower()
        if rural_text not in ("", "0", "1", "true", "false", "yes", "no", "si", "sí"):
            issues.add("rural must be true or false", number, "rural")
            ok = False
        if ok and municipality is not None:
            rows.append(
                CandidateRow(
                    row=number,
                    area_id=area_id,
                    municipality=municipality,
                    households=households,
                    cost_eur=cost.quantize(Decimal("0.01")),
                    classification=classification,
                    rural=rural_text in ("1", "true", "yes", "si", "sí"),
                )
            )
    issues.raise_if_any()
    return rows
