"""Reading and checking coverage and candidate files. No writes here (see services.py).

- **Area-level** CSV/XLSX (the shape of the ministry's yearly coverage report), read with
  core/tabular.py: one row per area and year.
- **Premise-level** CSV (one row per premise and network: millions of rows), checked and
  aggregated in a streaming way by DuckDB, never loaded into the ORM or into Python rows.
- **Candidate** CSV for the rollout planner.

Every error names the row (as a spreadsheet shows it: header = row 1) and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from localret.core.tabular import (
    ImportFailed,
    ImportIssue,
    IssueCollector,
    parse_decimal,
    parse_int,
    read_table,
)

from .classification import GIGABIT_DOWN_MBPS, GIGABIT_UP_MBPS, NGA_CLASSES

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
AREA_CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,40}$")
YEAR_RANGE = (2000, 2100)

PREMISE_REQUIRED = ("premise_id", "municipality", "technology", "down_mbps", "up_mbps", "operator")
PREMISE_OPTIONAL = ("lat", "lon", "area_id")
TECHNOLOGIES = ("FTTH", "HFC", "VDSL", "ADSL", "FWA", "4G", "5G", "SAT")
FIXED_TECHNOLOGIES = ("FTTH", "HFC", "VDSL", "ADSL", "FWA")
MAX_ERRORS = 200

CANDIDATE_REQUIRED = ("area_id", "municipality", "households", "cost_eur", "classification")


@dataclass
class Register:
    """The municipal register as the importers need it: code6 -> code6, code5 -> code6."""

    by_code: dict[str, str]

    @classmethod
    def from_codes(cls, pairs: list[tuple[str, str]]) -> Register:
        mapping: dict[str, str] = {}
        for code6, code5 in pairs:
            mapping[code6] = code6
            mapping[code5] = code6
        return cls(mapping)

    def resolve(self, text: str) -> str | None:
        return self.by_code.get(text.strip())


# --- area-level files ------------------------------------------------------------------------


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


# --- premise-level files (DuckDB) ------------------------------------------------------------


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sniff(path: Path) -> tuple[str, list[str]]:
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not head.strip():
        raise ImportFailed([ImportIssue("the file is empty", file=path.name)])
    if head.startswith(b"PK\x03\x04"):
        raise ImportFailed(
            [ImportIssue("premise files must be CSV (UTF-8), not XLSX", file=path.name)]
        )
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFailed(
            [ImportIssue("the file is not UTF-8 text; save it as CSV UTF-8", row=1, file=path.name)]
        ) from None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    headers = [h.strip().strip('"') for h in text.split(delimiter)]
    return delimiter, headers


@dataclass
class PremiseAggregate:
    area_id: str
    municipality: str
    kind: str
    premises: int
    covered_30: int
    covered_100: int
    covered_1000: int
    covered_gigabit: int
    ftth: int
    mobile_4g: int
    mobile_5g: int
    networks_30: int
    networks_100: int
    networks_1000: int
    networks_gigabit: int


@dataclass
class PremiseResult:
    rows: int
    premises: int
    areas: list[PremiseAggregate]


def _connect(memory_limit: str = "1GB") -> Any:
    import tempfile

    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = {_sql_str(tempfile.gettempdir() + '/localret-duckdb')}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    return con


def _read(path: Path, delimiter: str, headers: list[str]) -> str:
    """read_csv with explicit columns, all read as text: every value is then checked with
    TRY_CAST, so that a bad value is an error with its row, never a crash."""
    columns = "{" + ", ".join(f"{_sql_str(h)}: 'VARCHAR'" for h in headers) + "}"
    return (
        f"read_csv({_sql_str(str(path))}, header=true, delim={_sql_str(delimiter)}, "
        f"quote='\"', escape='\"', auto_detect=false, columns={columns}, null_padding=false)"
    )


def _load_register(con: Any, register: Register) -> None:
    """The register as a DuckDB table, in one statement."""
    keys = list(register.by_code)
    con.execute(
        "CREATE TEMP TABLE register AS SELECT unnest($1::VARCHAR[]) AS code, "
        "unnest($2::VARCHAR[]) AS code6",
        [keys, [register.by_code[k] for k in keys]],
    )


def _checks(
    headers: list[str], num: str, typed: bool = False, parsed: bool = False
) -> list[tuple[str, str, str]]:
    """(field, SQL condition that is true for a bad row, message). ``typed``: for the scan,
    where values are already parsed (``num`` is then a column name pattern like
    ``{c}_num``), the technology is ``tech`` and the operator ``op``."""
    tech = "coalesce(tech, '')" if typed else "upper(trim(coalesce(technology, '')))"
    tech_bad = (
        "tcode IS NULL"
        if parsed
        else f"{tech} NOT IN (" + ", ".join(_sql_str(t) for t in TECHNOLOGIES) + ")"
    )
    operator = "op" if typed else "trim(operator)"
    # ``parsed``: lat and lon are DOUBLE already (NULL when empty).
    present = "{c}_present" if parsed else "coalesce({c}, '') <> ''"
    checks = [
        ("premise_id", "coalesce(trim(premise_id), '') = ''", "a premise id is required"),
        ("municipality", "code6 IS NULL", "unknown municipality code"),
        (
            "technology",
            tech_bad,
            "technology must be one of " + ", ".join(TECHNOLOGIES),
        ),
        (
            "down_mbps",
            f"coalesce({num.format(c='down_mbps')} < 0, true)",
            "a non-negative number of Mbps is required",
        ),
        (
            "up_mbps",
            f"coalesce({num.format(c='up_mbps')} < 0, true)",
            "a non-negative number of Mbps is required",
        ),
        ("operator", f"coalesce({operator}, '') = ''", "an operator is required"),
    ]
    if "lat" in headers:
        checks.append(
            (
                "lat",
                f"{present.format(c='lat')} AND NOT coalesce({num.format(c='lat')} "
                "BETWEEN 40.4 AND 42.95, false)",
                "latitude must be a number inside Catalonia (40.4-42.95)",
            )
        )
    if "lon" in headers:
        checks.append(
            (
                "lon",
                f"{present.format(c='lon')} AND NOT coalesce({num.format(c='lon')} "
                "BETWEEN 0.1 AND 3.4, false)",
                "longitude must be a number inside Catalonia (0.1-3.4)",
            )
        )
    if "area_id" in headers:
        checks.append(
            (
                "area_id",
                "coalesce(area_id, '') <> '' AND NOT regexp_full_match(area_id, "
                "'[A-Za-z0-9._-]{1,40}')",
                "an area id is 1-40 letters, digits, '.', '_' or '-'",
            )
        )
    return checks


PREMISE_MEMORY_LIMIT = "256MB"
PREMISE_THREADS = 2
NUMERIC_COLUMNS = ("down_mbps", "up_mbps", "lat", "lon")


def _read_typed(path: Path, delimiter: str, headers: list[str]) -> str:
    """read_csv with explicit column types: speeds and coordinates parsed as DOUBLE while the
    file is read (a value that does not parse makes the scan fail, and the file is then
    checked row by row by the error query). Columns the import does not use stay VARCHAR and
    are never converted (DuckDB only materialises the projected columns)."""
    # A ';' file may write decimals with a comma or a dot: its numbers are read as text and
    # parsed by the statement (TRY_CAST), as the error query does.
    numeric = "DOUBLE" if delimiter == "," else "VARCHAR"
    types = {h: (numeric if h in NUMERIC_COLUMNS else "VARCHAR") for h in headers}
    columns = "{" + ", ".join(f"{_sql_str(h)}: {_sql_str(t)}" for h, t in types.items()) + "}"
    return (
        f"read_csv({_sql_str(str(path))}, header=true, delim={_sql_str(delimiter)}, "
        f"quote='\"', escape='\"', auto_detect=false, columns={columns}, "
        "null_padding=false)"
    )


def premise_scan(
    path: Path,
    register: Register,
    *,
    progress: Callable[[int, str], None] | None = None,
    memory_limit: str = PREMISE_MEMORY_LIMIT,
    threads: int = PREMISE_THREADS,
) -> PremiseResult:
    """Check and aggregate a premise file with DuckDB in ONE streaming SQL statement.

    The file is read with explicit column types (speeds and coordinates as DOUBLE) and only
    the columns the import needs; every row is checked in SQL while it is aggregated per
    area with ``GROUPING SETS`` (per (area, premise) for the premise counts, per (area,
    operator) for the network counts, per (area, municipality code) to map the codes to the
    register, and () for the row and error counts), and the per-area totals are computed by
    the same statement: only ~1,000 rows reach Python. DuckDB runs with a memory limit
    (spilling to a temporary directory beyond it) and a fixed number of threads.

    When a value does not parse or some row is bad, a second query reads the file as text
    and returns the bad rows with their line numbers and fields (up to 200 errors).
    Raises ImportFailed (nothing is written).

    Fixed technologies count for covered_* and networks_*; 4G/5G rows for mobile_4g/5g. A
    premise is counted once per area however many rows (networks) it has. The area is
    ``area_id`` when given, otherwise the whole municipality."""
    import duckdb

    name = path.name
    delimiter, headers = _sniff(path)
    issues = [
        ImportIssue(f"missing column '{c}'", row=1, field=c, file=name)
        for c in PREMISE_REQUIRED
        if c not in headers
    ]
    dupes = sorted({h for h in headers if headers.count(h) > 1})
    issues += [ImportIssue(f"column '{h}' appears twice", row=1, file=name) for h in dupes]
    if issues:
        raise ImportFailed(issues)
    con = _connect(memory_limit)
    con.execute(f"SET threads = {int(threads)}")
    _load_register(con, register)
    has_area = "area_id" in headers
    # The scan does not join the register (millions of lookups): it groups on the code as
    # written (``mkey``) and maps the few distinct codes to the register afterwards.
    area_expr = (
        "coalesce(nullif(trim(area_id), ''), left(mkey, 5))" if has_area else "left(mkey, 5)"
    )
    area_given = "coalesce(trim(area_id), '') <> ''" if has_area else "false"
    # The technology as a small integer, fixed ones first (a CASE is far cheaper per row
    # than IN lists, which DuckDB turns into joins).
    ordered = [*FIXED_TECHNOLOGIES, *(t for t in TECHNOLOGIES if t not in FIXED_TECHNOLOGIES)]
    codes = {t: i + 1 for i, t in enumerate(ordered)}
    n_fixed = len(FIXED_TECHNOLOGIES)
    tech_cases = " ".join(f"WHEN {_sql_str(t)} THEN {c}" for t, c in codes.items())
    bad_any = " OR ".join(
        f"({cond})"
        for field, cond, _ in _checks(headers, "{c}", typed=True, parsed=True)
        if field != "municipality"
    )
    if delimiter == ",":
        number = "{c}"
        present = "{c} IS NOT NULL"
    else:
        number = "TRY_CAST(replace({c}, ',', '.') AS DOUBLE)"
        present = "coalesce(trim({c}), '') <> ''"
    extra = "".join(
        f", {number.format(c=c)} AS {c}, {present.format(c=c)} AS {c}_present"
        for c in ("lat", "lon")
        if c in headers
    )
    extra += ", area_id" if has_area else ""
    src = f"""
        SELECT {area_expr} AS area, mkey, premise_id AS pid, op,
               CASE WHEN tcode <= {n_fixed} THEN down_mbps END AS fdown,
               CASE WHEN tcode <= {n_fixed} AND up_mbps >= {GIGABIT_UP_MBPS}
                    THEN down_mbps END AS gdown,
               CASE tcode WHEN {codes["FTTH"]} THEN 1 WHEN {codes["4G"]} THEN 2
                    WHEN {codes["5G"]} THEN 4 ELSE 0 END AS kind_bits,
               ({area_given})::INTEGER AS area_given,
               ({bad_any})::INTEGER AS bad
        FROM (
            SELECT premise_id, trim(municipality) AS mkey, trim(operator) AS op,
                   CASE upper(trim(technology)) {tech_cases} END AS tcode,
                   {number.format(c="down_mbps")} AS down_mbps,
                   {number.format(c="up_mbps")} AS up_mbps{extra}
            FROM {_read_typed(path, delimiter, headers)}
        )
    """
    g = GIGABIT_DOWN_MBPS
    # One scan, four groupings, then the per-area figures from the grouped rows (streamed:
    # nothing is materialised but the hash tables).
    sql = f"""
        WITH g AS (
            SELECT area, pid, op, mkey, GROUPING(pid) AS gp,
                   max(fdown) AS fdown, max(gdown) AS gdown, bit_or(kind_bits) AS bits,
                   max(area_given) AS area_given, count(*) AS n, sum(bad) AS bad
            FROM ({src})
            GROUP BY GROUPING SETS ((area, pid), (area, op, mkey))
        ), per_op AS (
            SELECT area, gp, op,
                   count(*) AS premises, count_if(fdown >= 30) AS c30,
                   count_if(fdown >= 100) AS c100, count_if(fdown >= 1000) AS c1000,
                   count_if(gdown >= {g}) AS cgig, count_if(bits & 1 = 1) AS ftth,
                   count_if(bits & 2 = 2) AS m4g, count_if(bits & 4 = 4) AS m5g,
                   max(fdown) AS fdown, max(gdown) AS gdown, sum(n) AS n, sum(bad) AS bad,
                   list(mkey) AS mkeys, max(area_given) AS given
            FROM g GROUP BY area, gp, op
        )
        SELECT area, sum(n) FILTER (WHERE gp = 1), sum(bad) FILTER (WHERE gp = 1),
          flatten(list(mkeys) FILTER (WHERE gp = 1)), max(given),
          coalesce(max(premises) FILTER (WHERE gp = 0), 0),
          coalesce(max(c30) FILTER (WHERE gp = 0), 0),
          coalesce(max(c100) FILTER (WHERE gp = 0), 0),
          coalesce(max(c1000) FILTER (WHERE gp = 0), 0),
          coalesce(max(cgig) FILTER (WHERE gp = 0), 0),
          coalesce(max(ftth) FILTER (WHERE gp = 0), 0),
          coalesce(max(m4g) FILTER (WHERE gp = 0), 0),
          coalesce(max(m5g) FILTER (WHERE gp = 0), 0),
          count_if(gp = 1 AND fdown >= 30), count_if(gp = 1 AND fdown >= 100),
          count_if(gp = 1 AND fdown >= 1000), count_if(gp = 1 AND gdown >= {g})
        FROM per_op GROUP BY area
    """
    failed: Exception | None = None
    grouped: list[Any] = []
    try:
        grouped = con.execute(sql).fetchall()
    except duckdb.Error as exc:
        failed = exc  # a value that does not parse, or a malformed file: see below
    if progress:
        progress(50, "checked and aggregated")
    total = sum(int(r[1] or 0) for r in grouped)
    bad = sum(int(r[2] or 0) for r in grouped)
    unknown: set[str | None] = set()
    muni_of: dict[str, str] = {}
    for r in grouped:
        for mkey in r[3] or []:
            code6 = register.by_code.get(mkey)
            if code6 is None:
                unknown.add(mkey)
            else:
                muni_of.setdefault(r[0], code6)
    if failed is None and total == 0:
        raise ImportFailed([ImportIssue("the file has a header but no data rows", file=name)])
    if failed is not None or bad or unknown:
        _raise_bad_rows(con, path, delimiter, headers, name, failed)
    areas = []
    for r in grouped:
        given = r[4] == 1
        muni = muni_of[r[0]]
        areas.append(
            PremiseAggregate(
                r[0] if given else muni,
                muni,
                "grid" if given else "municipality",
                *(int(v) for v in r[5:]),
            )
        )
    areas.sort(key=lambda a: a.area_id)
    if progress:
        progress(80, "aggregated")
    return PremiseResult(rows=total, premises=sum(a.premises for a in areas), areas=areas)


def _raise_bad_rows(
    con: Any,
    path: Path,
    delimiter: str,
    headers: list[str],
    name: str,
    failed: Exception | None,
) -> None:
    """Read the file as text, number its rows and return the bad ones with their fields."""
    import duckdb

    num = (
        "TRY_CAST(replace({c}, ',', '.') AS DOUBLE)"
        if delimiter == ";"
        else "TRY_CAST({c} AS DOUBLE)"
    )
    checks = _checks(headers, num)
    con.execute("SET preserve_insertion_order = true")
    unions = " UNION ALL ".join(
        f"SELECT rn, {_sql_str(field)} AS field, {_sql_str(message)} || ': ' || "
        f"coalesce(CAST({field} AS VARCHAR), '(empty)') AS message FROM numbered "
        f"WHERE {cond}"
        for field, cond, message in checks
    )
    error_sql = (
        "WITH numbered AS (SELECT s.*, r.code6 FROM "
        f"(SELECT row_number() OVER () + 1 AS rn, * FROM {_read(path, delimiter, headers)}) "
        "AS s LEFT JOIN register r ON r.code = trim(s.municipality)) "
        f"SELECT * FROM ({unions}) ORDER BY rn, field LIMIT {MAX_ERRORS}"
    )
    try:
        found = con.execute(error_sql).fetchall()
    except duckdb.Error as exc:
        raise ImportFailed(
            [ImportIssue(_duck_message(exc), row=_duck_row(exc), file=name)]
        ) from exc
    if not found:
        text = _duck_message(failed) if failed is not None else "the file could not be read"
        raise ImportFailed(
            [ImportIssue(text, row=_duck_row(failed) if failed else None, file=name)]
        )
    raise ImportFailed(
        [ImportIssue(message, row=int(rn), field=field, file=name) for rn, field, message in found]
    )


def _duck_message(exc: Exception) -> str:
    text = str(exc).split("\n")[0]
    if "unicode" in text.lower() or "utf" in text.lower():
        return "the file is not UTF-8 text; save it as CSV UTF-8"
    return f"malformed CSV: {text[:300]}"


def _duck_row(exc: Exception) -> int | None:
    match = re.search(r"[Ll]ine:? (\d+)", str(exc))
    return int(match.group(1)) if match else None


def premise_areas_consistent(
    result: PremiseResult, known_areas: dict[str, str], filename: str
) -> None:
    """An area id of the file that already exists must stay in its municipality."""
    issues = [
        ImportIssue(
            f"area {a.area_id} belongs to municipality {known_areas[a.area_id]}, "
            f"not {a.municipality}",
            field="area_id",
            file=filename,
        )
        for a in result.areas
        if a.area_id in known_areas and known_areas[a.area_id] != a.municipality
    ]
    if issues:
        raise ImportFailed(issues)


# --- candidate files -------------------------------------------------------------------------


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
