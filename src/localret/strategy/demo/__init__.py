"""Demo data of the strategic plan: deterministic from the seed, labelled as demo.

The 2020-2023 Strategic Plan approved by the Board in July 2020 (mission, vision, values and the
four strategic objectives are those the plan states; the wording of the 17 action lines,
initiatives and indicators is illustrative, and all figures are generated), closed with its
final results; and its successor 2024-2027, created by copying the structure, approved and
measured up to ``today``. About 150 indicators per plan, spread over every action line, each
with its own name (``indicators.py``); the 2024-2027 plan adds two computed indicators whose
baseline is the platform's figure at the plan's start (set once every app's demo data is in).
"""

from __future__ import annotations

from .content import (
    COUNT_UNITS,
    DRAFTING_2020,
    ILLUSTRATIVE,
    INITIATIVE_KINDS,
    MISSION,
    MUNICIPALITIES,
    MUNICIPALITY_UNITS,
    OBJECTIVES,
    SCENARIOS,
    SLUG_2020,
    SLUG_2024,
    VALUES,
    VISION,
    fit,
    is_percent,
)
from .indicators import LINE_INDICATORS, Kind
from .loader import load, snapshot_computed

__all__ = [
    "COUNT_UNITS",
    "DRAFTING_2020",
    "ILLUSTRATIVE",
    "INITIATIVE_KINDS",
    "Kind",
    "LINE_INDICATORS",
    "MISSION",
    "MUNICIPALITIES",
    "MUNICIPALITY_UNITS",
    "OBJECTIVES",
    "SCENARIOS",
    "SLUG_2020",
    "SLUG_2024",
    "VALUES",
    "VISION",
    "fit",
    "is_percent",
    "load",
    "snapshot_computed",
]
