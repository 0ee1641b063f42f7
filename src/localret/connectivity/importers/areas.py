"""Area-level coverage files (the shape of the ministry's yearly coverage report), read with
core/tabular.py: one row per area and year. No writes here (see services.py)."""

from __future__ import annotations

from dataclasses import dataclass

from localret.core.tabular import IssueCollector, parse_int, read_table

from .register import AREA_CODE_RE, Register

AREA_REQUIRED = (
    "area_id",
    "municipality",
    "year",
    "premises",
    "covered_30",
    "covered_100",
    "covered_1000",
)
AREA_OPTIONAL_INTS = (
    "households",
    "covered_gigabit",
    "ftth",
    "mobile_4g",
    "mobile_5g",
    "networks_30",
    "networks_100",
    "networks_1000",
    "networks_gigabit",
)
AREA_KINDS = ("municipality", "nucleus", "scattered", "industrial", "grid")
SETTLEMENTS = ("nucleus", "scattered", "industrial")
YEAR_RANGE = (2000, 2100)


@dataclass(frozen=True)
class AreaRow:
    row: int
    area_id: str
    municipality: str  # 6-digit code
    year: int
    kind: str
    name: str
    settlement: str
    households: int | None
    values: dict[str, int]


def read_area_file(
    data: bytes, filename: str, register: Register, known_areas: dict[str, str]
) -> list[AreaRow]:
    """Parse and check an area-level file. ``known_areas``: area code -> municipality code of the
    areas already stored (an area cannot move to another municipality)."""
    table = read_table(data, filename, required=AREA_REQUIRED)
    issues = IssueCollector(filename)
    rows: list[AreaRow] = []
    seen: dict[tuple[str, int], int] = {}
    for number, cells in table.rows:
        ok = True
        area_id = cells.get("area_id", "")
        if not AREA_CODE_RE.match(area_id):
            issues.add(
                "an area id of 1-40 letters, digits, '.', '_' or '-' is required",
                number,
                "area_id",
            )
            ok = False
        municipality = register.resolve(cells.get("municipality", ""))
        if municipality is None:
            issues.add(
                f"unknown municipality code '{cells.get('municipality', '')}'",
                number,
                "municipality",
            )
            ok = False
        try:
            year = parse_int(cells["year"])
            if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                raise ValueError(f"{year} is not a plausible year")
        except ValueError as exc:
            issues.add(str(exc), number, "year")
            ok, year = False, 0
        values: dict[str, int] = {}
        for column in (*AREA_REQUIRED[3:], *AREA_OPTIONAL_INTS):
            text = cells.get(column, "")
            if column not in AREA_REQUIRED and not text:
                continue
            try:
                value = parse_int(text)
                if value < 0:
                    raise ValueError("cannot be negative")
                values[column] = value
            except ValueError as exc:
                issues.add(str(exc), number, column)
                ok = False
        kind = (cells.get("kind") or "municipality").strip().lower()
        if kind not in AREA_KINDS:
            issues.add(f"kind must be one of {', '.join(AREA_KINDS)}", number, "kind")
            ok = False
        settlement = (cells.get("settlement") or _default_settlement(kind)).strip().lower()
        if settlement not in SETTLEMENTS:
            issues.add(f"settlement must be one of {', '.join(SETTLEMENTS)}", number, "settlement")
            ok = False
        if not ok:
            continue
        premises = values["premises"]
        chain = [("covered_30", premises), ("covered_100", None), ("covered_1000", None)]
        previous = premises
        for column, _ in chain:
            if values[column] > previous:
                issues.add(
                    f"{values[column]} is more than the premises covered at the lower speed "
                    f"(or than the premises, {premises})",
                    number,
                    column,
                )
                ok = False
            previous = values[column]
        values.setdefault("covered_gigabit", values["covered_1000"])
        for column in ("ftth", "mobile_4g", "mobile_5g"):
            values.setdefault(column, 0)
        for column in ("covered_gigabit", "ftth", "mobile_4g", "mobile_5g"):
            if values.get(column, 0) > premises:
                issues.add(f"more than the {premises} premises of the area", number, column)
                ok = False
        if values["covered_gigabit"] > values["covered_1000"]:
            issues.add("more than covered_1000", number, "covered_gigabit")
            ok = False
        # Missing network counts: at least one network where premises are covered, and never
        # fewer networks at a lower speed than at a higher one.
        floor = 0
        for speed in ("1000", "100", "30"):
            if f"networks_{speed}" not in values:
                values[f"networks_{speed}"] = max(floor, 1 if values[f"covered_{speed}"] else 0)
            floor = values[f"networks_{speed}"]
        for speed in ("30", "100", "1000"):
            nets = values[f"networks_{speed}"]
            if nets == 0 and values[f"covered_{speed}"] > 0:
                issues.add(
                    f"covered_{speed} is above 0 but no network is counted",
                    number,
                    f"networks_{speed}",
                )
                ok = False
        values.setdefault(
            "networks_gigabit", values["networks_1000"] if values["covered_gigabit"] else 0
        )
        if values["networks_100"] > values["networks_30"]:
            issues.add("more networks at 100 Mbps than at 30 Mbps", number, "networks_100")
            ok = False
        if values["networks_1000"] > values["networks_100"]:
            issues.add("more networks at 1 Gbps than at 100 Mbps", number, "networks_1000")
            ok = False
        key = (area_id, year)
        if key in seen:
            issues.add(f"area {area_id} and year {year} already in row {seen[key]}", number)
            ok = False
        seen[key] = number
        stored = known_areas.get(area_id)
        if stored is not None and municipality is not None and stored != municipality:
            issues.add(
                f"area {area_id} belongs to municipality {stored}, not {municipality}",
                number,
                "municipality",
            )
            ok = False
        if ok and municipality is not None:
            rows.append(
                AreaRow(
                    row=number,
                    area_id=area_id,
                    municipality=municipality,
                    year=year,
                    kind=kind,
                    name=cells.get("name", "").strip()[:150],
                    settlement=settlement,
                    households=values.pop("households", None),
                    values=values,
                )
            )
    issues.raise_if_any()
    return rows


def _default_settlement(kind: str) -> str:
    return {"scattered": "scattered", "industrial": "industrial"}.get(kind, "nucleus")
