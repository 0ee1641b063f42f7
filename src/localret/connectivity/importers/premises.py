"""Premise-level coverage files (one row per premise and network: millions of rows), checked
and aggregated by DuckDB in SQL, never loaded into the ORM or into Python rows. No writes here
(see services.py).

Every error names the row (as a spreadsheet shows it: header = row 1) and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localret.core.tabular import ImportFailed, ImportIssue

from ..classification import GIGABIT_DOWN_MBPS, GIGABIT_UP_MBPS
from .register import AREA_CODE_RE, Register

PREMISE_REQUIRED = ("premise_id", "municipality", "technology", "down_mbps", "up_mbps", "operator")
PREMISE_OPTIONAL = ("lat", "lon", "area_id")
TECHNOLOGIES = ("FTTH", "HFC", "VDSL", "ADSL", "FWA", "4G", "5G", "SAT")
FIXED_TECHNOLOGIES = ("FTTH", "HFC", "VDSL", "ADSL", "FWA")
MAX_ERRORS = 200
PREMISE_MEMORY_LIMIT = "256MB"
PREMISE_THREADS = 2
NUMERIC_COLUMNS = ("down_mbps", "up_mbps", "lat", "lon")
LAT_RANGE = (40.4, 42.95)  # Catalonia
LON_RANGE = (0.1, 3.4)
SPEEDS = (30, 100, 1000)


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


def _load_register(con: Any, register: Register) -> None:
    """The register as a DuckDB table, in one statement (for the error query)."""
    keys = list(register.by_code)
    con.execute(
        "CREATE TEMP TABLE register AS SELECT unnest($1::VARCHAR[]) AS code, "
        "unnest($2::VARCHAR[]) AS code6",
        [keys, [register.by_code[k] for k in keys]],
    )


def _checks(headers: list[str], num: str) -> list[tuple[str, str, str]]:
    """(field, SQL condition that is true for a bad row, message), on the file read as text
    (``num``: the SQL that parses a column, with ``{c}`` for its name). The scan checks the
    same rules on its grouped rows; this is what names the rows."""
    checks = [
        ("premise_id", "coalesce(trim(premise_id), '') = ''", "a premise id is required"),
        ("municipality", "code6 IS NULL", "unknown municipality code"),
        (
            "technology",
            "upper(trim(coalesce(technology, ''))) NOT IN ("
            + ", ".join(_sql_str(t) for t in TECHNOLOGIES)
            + ")",
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
        ("operator", "coalesce(trim(operator), '') = ''", "an operator is required"),
    ]
    for column, (low, high), label in (
        ("lat", LAT_RANGE, "latitude"),
        ("lon", LON_RANGE, "longitude"),
    ):
        if column in headers:
            checks.append(
                (
                    column,
                    f"coalesce(trim({column}), '') <> '' AND NOT coalesce("
                    f"{num.format(c=column)} BETWEEN {low} AND {high}, false)",
                    f"{label} must be a number inside Catalonia ({low}-{high})",
                )
            )
    if "area_id" in headers:
        checks.append(
            (
                "area_id",
                "coalesce(trim(area_id), '') <> '' AND NOT regexp_full_match(trim(area_id), "
                "'[A-Za-z0-9._-]{1,40}')",
                "an area id is 1-40 letters, digits, '.', '_' or '-'",
            )
        )
    return checks


# The bits of a row's mask (a premise's or an operator's is the OR of its rows').
_FTTH, _4G, _5G = 1, 2, 4
_COVERED = {30: 8, 100: 16, 1000: 32}  # fixed network at least this many Mbps down
_GIGABIT = 64  # fixed network with the EU gigabit speeds down and up
_BAD = 128  # a row with no technology or speed, a negative speed, a coordinate out of range


def _scan_sql(path: Path, delimiter: str, headers: list[str]) -> str:
    """The statement that checks and aggregates a premise file in one streaming pass.

    Each row is reduced to a few values: area, premise, operator, code as written, and ONE
    small integer, the OR of bits for what the row says (FTTH, 4G, 5G, each fixed-network
    speed class, gigabit) and for a bad value (no technology or speed, a negative speed, a
    coordinate outside Catalonia). One ``GROUPING SETS`` aggregation ORs them per (area,
    premise), for the premise counts, and per (area, operator, code as written), for the
    networks, the codes and the checks; a last aggregation with ``FILTER`` gives one row per
    area. Only ~1,000 rows reach Python."""
    assert set(SPEEDS) == set(_COVERED)  # noqa: S101 - the bits above cover every class
    has_area = "area_id" in headers
    area = "left(ltrim(municipality), 5)"
    if has_area:
        area = f"coalesce(nullif(trim(area_id), ''), {area})"
    given = "(coalesce(trim(area_id), '') <> '')::INTEGER"
    # The technology as a small integer, fixed ones first; the exact spelling is matched
    # first (a CASE is far cheaper per row than IN lists, which DuckDB turns into joins), the
    # others (spaces, lower case) through upper(trim()).
    ordered = [*FIXED_TECHNOLOGIES, *(t for t in TECHNOLOGIES if t not in FIXED_TECHNOLOGIES)]
    codes = {t: i + 1 for i, t in enumerate(ordered)}
    whens = " ".join(f"WHEN {_sql_str(t)} THEN {c}" for t, c in codes.items())
    tcode = f"CASE technology {whens} ELSE CASE upper(trim(technology)) {whens} END END"
    typed = delimiter == ","
    number = "{c}" if typed else "TRY_CAST(replace({c}, ',', '.') AS DOUBLE)"
    coords = [c for c in ("lat", "lon") if c in headers]
    extra = "".join(
        f", {number.format(c=c)} AS {c}" + ("" if typed else f", nullif(trim({c}), '') AS {c}_text")
        for c in coords
    )
    n_fixed = len(FIXED_TECHNOLOGIES)
    good = ["t IS NOT NULL", "down >= 0", "up >= 0"]
    for c, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        if c in coords:
            # In a ';' file a coordinate that does not parse is NULL: its text tells it from
            # an empty cell.
            empty = f"{c} IS NULL" if typed else f"({c} IS NULL AND {c}_text IS NULL)"
            good.append(f"({empty} OR {c} BETWEEN {low} AND {high})")
    speeds = " + ".join(
        f"CASE WHEN down >= {s} THEN {bit} ELSE 0 END" for s, bit in sorted(_COVERED.items())
    )
    mask = f"""
        CASE t WHEN {codes["FTTH"]} THEN {_FTTH} WHEN {codes["4G"]} THEN {_4G}
               WHEN {codes["5G"]} THEN {_5G} ELSE 0 END
        + CASE WHEN t <= {n_fixed} THEN {speeds}
               + CASE WHEN down >= {GIGABIT_DOWN_MBPS} AND up >= {GIGABIT_UP_MBPS}
                      THEN {_GIGABIT} ELSE 0 END
               ELSE 0 END
        + CASE WHEN coalesce({" AND ".join(good)}, false) THEN 0 ELSE {_BAD} END"""
    row = f"""
        SELECT {area} AS area, municipality AS m, premise_id AS pid, operator AS op,
               {given + " AS given," if has_area else ""}
               ({mask})::UTINYINT AS mask
        FROM (
            SELECT municipality, premise_id, operator, {tcode} AS t,
                   {number.format(c="down_mbps")} AS down,
                   {number.format(c="up_mbps")} AS up{extra}
                   {", area_id" if has_area else ""}
            FROM {_read_typed(path, delimiter, headers)}
        )
    """
    classes = [bit for _s, bit in sorted(_COVERED.items())] + [_GIGABIT]
    nets = ", ".join(f"list(op) FILTER (WHERE gp = 1 AND mask & {bit} <> 0)" for bit in classes)
    covered = ", ".join(
        f"coalesce(sum(k) FILTER (WHERE gp = 0 AND mask & {bit} <> 0), 0)"
        for bit in [*classes, _FTTH, _4G, _5G]
    )
    bad = f"m IS NULL OR op IS NULL OR trim(op) = '' OR mask & {_BAD} <> 0"
    # ``h`` folds the premises of an area that have the same mask into one row (a premise
    # group has no operator or code: at most 256 rows per area), so that the last aggregation
    # reads thousands of rows, not millions.
    return f"""
        WITH g AS (
            SELECT area, pid, op, m, GROUPING(pid) AS gp, bit_or(mask) AS mask,
                   count(*) AS n{", max(given) AS given" if has_area else ""}
            FROM ({row})
            GROUP BY GROUPING SETS ((area, pid), (area, op, m))
        ),
        h AS (
            SELECT area, gp, mask, op, m, sum(n) AS n, count(*) AS k,
                   count(*) FILTER (WHERE gp = 0 AND coalesce(trim(pid), '') = '') AS nopid
                   {", max(given) AS given" if has_area else ""}
            FROM g GROUP BY area, gp, mask, op, m
        )
        SELECT area, {"coalesce(max(given) FILTER (WHERE gp = 1), 0)" if has_area else "0"},
               coalesce(sum(n) FILTER (WHERE gp = 1), 0),
               coalesce(sum(nopid), 0) + count(*) FILTER (WHERE gp = 1 AND ({bad})),
               list(m) FILTER (WHERE gp = 1),
               coalesce(sum(k) FILTER (WHERE gp = 0), 0), {covered}, {nets}
        FROM h GROUP BY area
    """


def premise_scan(
    path: Path,
    register: Register,
    *,
    progress: Callable[[int, str], None] | None = None,
    memory_limit: str = PREMISE_MEMORY_LIMIT,
    threads: int = PREMISE_THREADS,
) -> PremiseResult:
    """Check and aggregate a premise file with DuckDB in ONE streaming SQL statement
    (:func:`_scan_sql`), with a memory limit (spilling to a temporary directory beyond it)
    and a fixed number of threads.

    When a value does not parse or some row is bad, a second query reads the file as text
    and returns the bad rows with their line numbers and fields (up to 200 errors).
    Raises ImportFailed (nothing is written).

    Fixed technologies count for covered_* and networks_*; 4G/5G rows for mobile_4g/5g. A
    premise is counted once per area however many rows (networks) it has, an operator once
    per area (its name trimmed). The area is ``area_id`` when given, otherwise the whole
    municipality."""
    import duckdb

    from localret.connectivity import importers  # the package: tests replace its _connect

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
    con = importers._connect(memory_limit)
    con.execute(f"SET threads = {int(threads)}")
    failed: Exception | None = None
    grouped: list[Any] = []
    try:
        grouped = con.execute(_scan_sql(path, delimiter, headers)).fetchall()
    except duckdb.Error as exc:
        failed = exc  # a value that does not parse, or a malformed file: see below
    if progress:
        progress(50, "checked and aggregated")
    total = sum(int(r[2]) for r in grouped)
    bad = any(r[3] for r in grouped)
    muni_of: dict[str, str] = {}
    for r in grouped:
        codes6 = {register.by_code.get((m or "").strip()) for m in r[4] or [None]}
        if None in codes6 or r[0] is None or (r[1] and not AREA_CODE_RE.match(r[0])):
            bad = True
        else:
            muni_of[r[0]] = min(c for c in codes6 if c is not None)
    if failed is None and total == 0:
        raise ImportFailed([ImportIssue("the file has a header but no data rows", file=name)])
    if failed is not None or bad:
        _load_register(con, register)
        _raise_bad_rows(con, path, delimiter, headers, name, failed)
    areas = []
    for r in grouped:
        area, given, muni = r[0], r[1] == 1, muni_of[r[0]]
        areas.append(
            PremiseAggregate(
                area if given else muni,
                muni,
                "grid" if given else "municipality",
                *(int(v) for v in r[5:13]),
                *(len({o.strip() for o in ops or ()}) for ops in r[13:17]),
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
