"""Statistical disclosure control for published tables: pure Python and NumPy, no Django.

What statistical offices do before publishing a table of counts and statistics of small groups
(docs/privacy.md):

- *Primary suppression*: a cell describing fewer than ``min_group`` units (never below
  :data:`MIN_GROUP_FLOOR`, 5) is not published: neither its statistics nor its count.
- *Quartiles* (first and third) only for groups of :data:`QUARTILES_MIN` (10) or more; a median
  from ``min_group``.
- *Secondary suppression*: published totals of the same table (rows, columns, the overall
  total) must not give a suppressed cell back by differencing. Every table is a set of linear
  equations (``total = part + part + ...``); a suppressed entry is recoverable when it follows
  from the published entries through those equations. :func:`suppress` adds the fewest small
  entries it can until no suppressed entry is so determined: first no equation may keep exactly
  one suppressed entry, then an exact test (the entry is determined if and only if its unit
  vector lies in the row space of the equations restricted to the suppressed entries) catches
  combinations of equations.

Everything additive that a cell publishes (its count, the counts of each level) follows the
same pattern of suppression, since whether an entry is determined depends only on which
entries are suppressed, never on the values.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MIN_GROUP_FLOOR = 5
QUARTILES_MIN = 10

Key = Hashable


def effective_min_group(configured: Any) -> int:
    """The configured minimum group, never below :data:`MIN_GROUP_FLOOR`."""
    try:
        value = int(configured)
    except (TypeError, ValueError):
        value = MIN_GROUP_FLOOR
    return max(MIN_GROUP_FLOOR, value)


@dataclass(frozen=True)
class Equation:
    """``total`` is the sum of ``parts`` (keys of published or suppressed entries)."""

    total: Key
    parts: tuple[Key, ...]

    def entries(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def determined(suppressed: Iterable[Key], equations: Sequence[Equation]) -> set[Key]:
    """The suppressed entries that the equations give back from the published ones."""
    unknown = sorted(set(suppressed), key=repr)
    if not unknown:
        return set()
    column = {k: j for j, k in enumerate(unknown)}
    rows = []
    for eq in equations:
        row = np.zeros(len(unknown))
        for sign, keys in ((1.0, (eq.total,)), (-1.0, eq.parts)):
            for k in keys:
                if k in column:
                    row[column[k]] += sign
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    # An entry is determined iff its unit vector lies in the row space of A, i.e. its squared
    # projection on an orthonormal basis of that space is 1. The basis comes from the small
    # Gram matrix A A^T (equations x equations): with A A^T = U L U^T, the rows of
    # L^(-1/2) U^T A are orthonormal and span the row space.
    eigenvalues, u = np.linalg.eigh(a @ a.T)
    keep = eigenvalues > 1e-9 * max(1.0, float(eigenvalues.max(initial=0.0)))
    basis = (u[:, keep].T @ a) / np.sqrt(eigenvalues[keep])[:, None]
    norms = (basis**2).sum(axis=0)
    return {k for k, j in column.items() if norms[j] > 1 - 1e-6}


def suppress(
    counts: Mapping[Key, int],
    equations: Sequence[Equation],
    *,
    min_group: int,
    keep: Iterable[Key] = (),
    force: Iterable[Key] = (),
) -> frozenset[Key]:
    """The entries of ``counts`` not to publish.

    ``counts``: the number of units each entry describes. ``equations``: how entries add up
    (keys absent from ``counts`` are never published, like hidden parts). ``keep``: entries
    published elsewhere, never chosen as secondary suppressions (they are still suppressed
    when too small). ``force``: entries suppressed whatever their size (suppressed elsewhere).
    """
    k = effective_min_group(min_group)
    hidden = {e for eq in equations for e in eq.entries() if e not in counts}
    chosen = {key for key, n in counts.items() if n < k} | set(force)
    kept = set(keep) - chosen

    def partner(candidates: Iterable[Key]) -> Key | None:
        pool = [c for c in candidates if c in counts and c not in chosen and c not in kept]
        if not pool:
            return None
        # Smallest non-zero first (least information lost, and a zero partner would let
        # non-negativity pin the pair), then zeros.
        return min(pool, key=lambda c: (counts[c] == 0, counts[c], repr(c)))

    while True:
        changed = True
        while changed:
            changed = False
            for eq in equations:
                unknown = [e for e in eq.entries() if e in chosen or e in hidden]
                if len(unknown) == 1 and unknown[0] in chosen:
                    extra = partner(eq.entries())
                    if extra is not None:
                        chosen.add(extra)
                        changed = True
        exposed = determined(chosen | hidden, equations) & chosen
        if not exposed:
            return frozenset(chosen & set(counts))
        added = False
        for key in sorted(exposed, key=repr):
            near = [e for eq in equations if key in eq.entries() for e in eq.entries()]
            extra = partner(near) or partner(e for eq in equations for e in eq.entries())
            if extra is not None:
                chosen.add(extra)
                added = True
                break
        if not added:  # nothing left to suppress: everything not kept is already suppressed
            return frozenset(chosen & set(counts))


# --- Two-way tables with margins ---------------------------------------------------------------

TOTAL: tuple[str] = ("total",)


def row_key(r: Key) -> tuple[str, Key]:
    return ("row", r)


def col_key(c: Key) -> tuple[str, Key]:
    return ("col", c)


def cell_key(r: Key, c: Key) -> tuple[str, Key, Key]:
    return ("cell", r, c)


def table_equations(rows: Sequence[Key], cols: Sequence[Key]) -> list[Equation]:
    """Rows, columns and the overall total of a two-way table with its margins."""
    eqs = [Equation(row_key(r), tuple(cell_key(r, c) for c in cols)) for r in rows]
    eqs += [Equation(col_key(c), tuple(cell_key(r, c) for r in rows)) for c in cols]
    eqs.append(Equation(TOTAL, tuple(row_key(r) for r in rows)))
    eqs.append(Equation(TOTAL, tuple(col_key(c) for c in cols)))
    return eqs


def table_counts(
    cells: Mapping[tuple[Key, Key], int], rows: Sequence[Key], cols: Sequence[Key]
) -> dict[Key, int]:
    """Counts of every entry (cells, margins, total) from the cells' counts."""
    out: dict[Key, int] = {}
    for r in rows:
        for c in cols:
            out[cell_key(r, c)] = cells.get((r, c), 0)
    for r in rows:
        out[row_key(r)] = sum(cells.get((r, c), 0) for c in cols)
    for c in cols:
        out[col_key(c)] = sum(cells.get((r, c), 0) for r in rows)
    out[TOTAL] = sum(out[row_key(r)] for r in rows)
    return out


def protect_table(
    cells: Mapping[tuple[Key, Key], int],
    rows: Sequence[Key],
    cols: Sequence[Key],
    *,
    min_group: int,
    keep: Iterable[Key] = (),
    force: Iterable[Key] = (),
) -> frozenset[Key]:
    """The suppressed entries (``cell_key``, ``row_key``, ``col_key``, ``TOTAL``) of a two-way
    table whose cells count ``cells`` units (missing cells count 0)."""
    return suppress(
        table_counts(cells, rows, cols),
        table_equations(rows, cols),
        min_group=min_group,
        keep=keep,
        force=force,
    )
