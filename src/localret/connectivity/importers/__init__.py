"""Reading and checking coverage and candidate files. No writes here (see services.py).

- **Area-level** CSV/XLSX (the shape of the ministry's yearly coverage report): ``areas``.
- **Premise-level** CSV (one row per premise and network: millions of rows), checked and
  aggregated by DuckDB in SQL, never loaded into the ORM or into Python rows: ``premises``.
- **Candidate** CSV for the rollout planner: ``candidates``.

Every error names the row (as a spreadsheet shows it: header = row 1) and the field.
"""

from .areas import (
    AREA_KINDS,
    AREA_OPTIONAL_INTS,
    AREA_REQUIRED,
    SETTLEMENTS,
    YEAR_RANGE,
    AreaRow,
    read_area_file,
)
from .candidates import CANDIDATE_REQUIRED, CandidateRow, read_candidate_file
from .premises import (
    FIXED_TECHNOLOGIES,
    MAX_ERRORS,
    PREMISE_MEMORY_LIMIT,
    PREMISE_OPTIONAL,
    PREMISE_REQUIRED,
    PREMISE_THREADS,
    TECHNOLOGIES,
    PremiseAggregate,
    PremiseResult,
    _connect,
    premise_areas_consistent,
    premise_scan,
)
from .register import AREA_CODE_RE, Register

__all__ = [
    "AREA_CODE_RE",
    "AREA_KINDS",
    "AREA_OPTIONAL_INTS",
    "AREA_REQUIRED",
    "CANDIDATE_REQUIRED",
    "FIXED_TECHNOLOGIES",
    "MAX_ERRORS",
    "PREMISE_MEMORY_LIMIT",
    "PREMISE_OPTIONAL",
    "PREMISE_REQUIRED",
    "PREMISE_THREADS",
    "SETTLEMENTS",
    "TECHNOLOGIES",
    "YEAR_RANGE",
    "AreaRow",
    "CandidateRow",
    "PremiseAggregate",
    "PremiseResult",
    "Register",
    "_connect",
    "premise_areas_consistent",
    "premise_scan",
    "read_area_file",
    "read_candidate_file",
]
