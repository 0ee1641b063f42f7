"""The premise import's DuckDB statement gives the same figures as a plain-Python reference on
small random files (both separators, area ids, several networks per premise, spaces and lower
case), and a bad file names its rows and fields."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from localret.connectivity import importers
from localret.connectivity.classification import GIGABIT_DOWN_MBPS, GIGABIT_UP_MBPS
from localret.core.tabular import ImportFailed

REGISTER = importers.Register.from_codes(
    [("082981", "08298"), ("171143", "17114"), ("250019", "25001")]
)
TECHS = ["FTTH", "HFC", "VDSL", "ADSL", "FWA", "4G", "5G", "SAT"]


def _reference(rows: list[dict[str, str]]) -> dict[str, tuple]:
    """The figures per area, computed row by row in Python."""
    premises: dict[tuple[str, str], dict[str, float | int]] = {}
    ops: dict[tuple[str, str], dict[str, float]] = {}
    muni: dict[str, str] = {}
    given: dict[str, bool] = {}
    for r in rows:
        code6 = REGISTER.resolve(r["municipality"])
        assert code6 is not None
        area_id = r.get("area_id", "").strip()
        area = area_id or code6[:5]
        muni.setdefault(area, code6)
        given[area] = bool(area_id)
        tech = r["technology"].strip().upper()
        down = float(r["down_mbps"].replace(",", "."))
        up = float(r["up_mbps"].replace(",", "."))
        fixed = tech in importers.FIXED_TECHNOLOGIES
        p = premises.setdefault((area, r["premise_id"]), {"f": -1, "g": -1, "bits": 0})
        o = ops.setdefault((area, r["operator"].strip()), {"f": -1, "g": -1})
        if fixed:
            p["f"] = max(p["f"], down)
            o["f"] = max(o["f"], down)
            if up >= GIGABIT_UP_MBPS:
                p["g"] = max(p["g"], down)
                o["g"] = max(o["g"], down)
        p["bits"] = int(p["bits"]) | {"FTTH": 1, "4G": 2, "5G": 4}.get(tech, 0)
    out = {}
    for area, code6 in muni.items():
        ps = [v for (a, _), v in premises.items() if a == area]
        os_ = [v for (a, _), v in ops.items() if a == area]
        out[area if given[area] else code6] = (
            code6,
            "grid" if given[area] else "municipality",
            len(ps),
            *(sum(1 for p in ps if p["f"] >= s) for s in (30, 100, 1000)),
            sum(1 for p in ps if p["g"] >= GIGABIT_DOWN_MBPS),
            *(sum(1 for p in ps if int(p["bits"]) & b) for b in (1, 2, 4)),
            *(sum(1 for o in os_ if o["f"] >= s) for s in (30, 100, 1000)),
            sum(1 for o in os_ if o["g"] >= GIGABIT_DOWN_MBPS),
        )
    return out


def _random_rows(rng: random.Random, n: int, with_area: bool) -> list[dict[str, str]]:
    rows = []
    for _i in range(n):
        code = rng.choice(["082981", "08298", " 171143", "17114", "250019"])
        tech = rng.choice(TECHS)
        rows.append(
            {
                "premise_id": f"P{rng.randint(0, n // 2)}",
                "municipality": code,
                "lat": rng.choice(["", "41.5"]),
                "lon": rng.choice(["", "2.1"]),
                "technology": rng.choice([tech, tech.lower(), f" {tech} "]),
                "down_mbps": str(rng.choice([10, 30, 50, 100, 300, 1000, 2.5])),
                "up_mbps": str(rng.choice([1, 10, 100, 150, 1000])),
                "operator": rng.choice(["Movistar", "Orange", " Digi", "Adamo"]),
                **({"area_id": rng.choice(["", "", "GRID-1", "GRID-2"])} if with_area else {}),
            }
        )
        if with_area and rows[-1]["area_id"]:
            # An area stays in one municipality.
            rows[-1]["municipality"] = {"GRID-1": "082981", "GRID-2": "171143"}[rows[-1]["area_id"]]
        rows[-1]["premise_id"] += "-" + rows[-1]["municipality"].strip()[:5]
    return rows


def _write(path: Path, rows: list[dict[str, str]], sep: str) -> Path:
    headers = list(rows[0])
    lines = [sep.join(headers)]
    for r in rows:
        values = [
            r[h].replace(".", ",") if sep == ";" and h.endswith("mbps") else r[h] for h in headers
        ]
        lines.append(sep.join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("with_area", [False, True])
def test_scan_gives_the_reference_figures(tmp_path, seed, sep, with_area):
    rows = _random_rows(random.Random(seed), 400, with_area)
    result = importers.premise_scan(_write(tmp_path / "p.csv", rows, sep), REGISTER)
    got = {
        a.area_id: (
            a.municipality,
            a.kind,
            *(v for k, v in vars(a).items() if k not in ("area_id", "municipality", "kind")),
        )
        for a in result.areas
    }
    assert got == _reference(rows)
    assert result.rows == len(rows)
    assert [a.area_id for a in result.areas] == sorted(got)


def test_bad_rows_are_listed_with_row_and_field(tmp_path):
    rows = _random_rows(random.Random(9), 50, False)
    rows[3]["down_mbps"] = "fast"
    rows[10]["technology"] = "LTE"
    rows[20]["municipality"] = "999999"
    rows[30]["lat"] = "48.9"
    with pytest.raises(ImportFailed) as caught:
        importers.premise_scan(_write(tmp_path / "p.csv", rows, ","), REGISTER)
    found = {(i.row, i.field) for i in caught.value.issues}
    assert found == {(5, "down_mbps"), (12, "technology"), (22, "municipality"), (32, "lat")}


def test_memory_limit_and_threads_are_set(tmp_path, monkeypatch):
    seen = []
    real = importers._connect

    def spy(memory_limit: str = "1GB"):
        con = real(memory_limit)
        seen.append(con)
        return con

    monkeypatch.setattr(importers, "_connect", spy)
    rows = _random_rows(random.Random(4), 20, False)
    importers.premise_scan(_write(tmp_path / "p.csv", rows, ","), REGISTER)
    con = seen[0]
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "").upper().startswith(("244", "256")), limit
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 2


@pytest.mark.parametrize("sep", [",", ";"])
def test_every_kind_of_bad_value_is_found_by_the_grouped_checks(tmp_path, sep):
    """The scan checks counts and ranges per group instead of each row: every rule still
    sends the file to the error query, which names the row and the field."""
    rows = _random_rows(random.Random(11), 60, True)
    rows[2]["operator"] = " "
    rows[7]["up_mbps"] = "-5"
    rows[12]["premise_id"] = ""
    rows[17]["lon"] = "east"
    rows[22]["area_id"] = "GRID 3"
    rows[27]["lat"] = "39.9"
    rows[32]["technology"] = ""
    with pytest.raises(ImportFailed) as caught:
        importers.premise_scan(_write(tmp_path / "p.csv", rows, sep), REGISTER)
    found = {(i.row, i.field) for i in caught.value.issues}
    assert found == {
        (4, "operator"),
        (9, "up_mbps"),
        (14, "premise_id"),
        (19, "lon"),
        (24, "area_id"),
        (29, "lat"),
        (34, "technology"),
    }


@pytest.mark.parametrize("field", ["operator", "premise_id", "lat"])
def test_one_bad_value_is_enough(tmp_path, field):
    rows = _random_rows(random.Random(12), 40, False)
    rows[25][field] = {"operator": "", "premise_id": "  ", "lat": "43.5"}[field]
    with pytest.raises(ImportFailed) as caught:
        importers.premise_scan(_write(tmp_path / "p.csv", rows, ","), REGISTER)
    assert [(i.row, i.field) for i in caught.value.issues] == [(27, field)]
