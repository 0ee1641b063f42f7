"""Classification of areas: pure functions, no Django. Thresholds live HERE and only here;
docs/connectivity.md explains them.

Two schemes:

- **EU 2023** (Guidelines on State aid for broadband networks, 2023/C 36/01): the target is a
  network that reliably delivers at least 1 Gbps download and 150 Mbps upload. An area is
  ``white`` when no such network is present, ``grey`` with exactly one, ``black`` with two or
  more (counting ``networks_gigabit``).
- **NGA** (still used by Spanish programmes such as UNICO): ``white`` with no network of at
  least 30 Mbps download, ``grey`` with exactly one, ``black`` with two or more (counting
  ``networks_30``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# --- the thresholds (documented in docs/connectivity.md) -------------------------------------
NGA_DOWN_MBPS = 30  # NGA: a network of at least 30 Mbps download
SPEED_TIERS_MBPS = (30, 100, 1000)  # covered_30 / covered_100 / covered_1000
GIGABIT_DOWN_MBPS = 1000  # EU 2023 target: 1 Gbps download ...
GIGABIT_UP_MBPS = 150  # ... and 150 Mbps upload
GREY_MAX_NETWORKS = 1  # exactly one network: grey; more: black

WHITE, GREY, BLACK = "white", "grey", "black"
NGA_CLASSES = (WHITE, GREY, BLACK)
SCHEMES = ("eu2023", "nga")


def class_for_networks(networks: int) -> str:
    """white (0), grey (exactly one), black (two or more)."""
    if networks < 0:
        raise ValueError("the number of networks cannot be negative")
    if networks == 0:
        return WHITE
    if networks <= GREY_MAX_NETWORKS:
        return GREY
    return BLACK


def nga_class(networks_30: int) -> str:
    """NGA scheme: networks of at least NGA_DOWN_MBPS download."""
    return class_for_networks(networks_30)


def eu2023_class(networks_gigabit: int) -> str:
    """EU 2023 scheme: networks delivering GIGABIT_DOWN_MBPS down and GIGABIT_UP_MBPS up."""
    return class_for_networks(networks_gigabit)


def meets_gigabit(down_mbps: float, up_mbps: float) -> bool:
    return down_mbps >= GIGABIT_DOWN_MBPS and up_mbps >= GIGABIT_UP_MBPS


@dataclass(frozen=True)
class AreaClasses:
    area: str
    eu2023: str
    nga: str


def classify(rows: Iterable[Mapping[str, int | str]]) -> dict[str, AreaClasses]:
    """Classify areas under both schemes. Each row: ``area``, ``networks_30``,
    ``networks_gigabit``."""
    result = {}
    for row in rows:
        code = str(row["area"])
        result[code] = AreaClasses(
            area=code,
            eu2023=eu2023_class(int(row["networks_gigabit"])),
            nga=nga_class(int(row["networks_30"])),
        )
    return result


@dataclass(frozen=True)
class ClassChange:
    area: str
    scheme: str
    before: str | None  # None: the area was not in the earlier year
    after: str | None  # None: the area is not in the later year


def changes(
    before: Mapping[str, AreaClasses], after: Mapping[str, AreaClasses]
) -> list[ClassChange]:
    """What changed between two years, per area and scheme (sorted by area, then scheme)."""
    out = []
    for code in sorted(set(before) | set(after)):
        b, a = before.get(code), after.get(code)
        for scheme in SCHEMES:
            old = getattr(b, scheme) if b else None
            new = getattr(a, scheme) if a else None
            if old != new:
                out.append(ClassChange(area=code, scheme=scheme, before=old, after=new))
    return out


def transition_counts(
    change_list: Iterable[ClassChange], scheme: str
) -> dict[tuple[str | None, str | None], int]:
    """(before, after) -> number of areas, for one scheme."""
    counts: dict[tuple[str | None, str | None], int] = {}
    for c in change_list:
        if c.scheme == scheme:
            counts[(c.before, c.after)] = counts.get((c.before, c.after), 0) + 1
    return counts


def class_counts(classes: Iterable[AreaClasses], scheme: str) -> dict[str, int]:
    counts = dict.fromkeys(NGA_CLASSES, 0)
    for c in classes:
        counts[getattr(c, scheme)] += 1
    return counts
