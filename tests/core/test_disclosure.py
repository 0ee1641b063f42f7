"""Statistical disclosure control (core/disclosure.py): random tables, then an attacker who
knows every published entry and how the table adds up tries to recover a suppressed one."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from localret.core import disclosure as d


def recoverable(published: dict, suppressed: set, equations: list[d.Equation]) -> set:
    """Exact Gaussian elimination over the rationals (independent of the module's NumPy test):
    the suppressed entries whose value follows from the published ones."""
    unknown = sorted(suppressed, key=repr)
    col = {k: j for j, k in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for eq in equations:
        row = [Fraction(0)] * (len(unknown) + 1)
        for sign, keys in ((1, (eq.total,)), (-1, eq.parts)):
            for k in keys:
                if k in col:
                    row[col[k]] += sign
                else:
                    row[-1] -= sign * published[k]
        rows.append(row)
    # Reduced row echelon form.
    pivots = []
    r = 0
    for c in range(len(unknown)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    found = set()
    for i, c in enumerate(pivots):
        if all(rows[i][j] == 0 for j in range(len(unknown)) if j != c):
            found.add(unknown[c])
    return found


tables = st.integers(1, 6).flatmap(
    lambda n_rows: st.integers(1, 6).flatmap(
        lambda n_cols: st.lists(
            st.integers(0, 14), min_size=n_rows * n_cols, max_size=n_rows * n_cols
        ).map(lambda v: (n_rows, n_cols, v))
    )
)


@given(tables, st.integers(5, 8))
def test_no_suppressed_cell_of_a_random_table_is_recoverable_by_differencing(table, k):
    n_rows, n_cols, values = table
    rows, cols = list(range(n_rows)), list(range(n_cols))
    cells = {(r, c): values[r * n_cols + c] for r in rows for c in cols}
    suppressed = d.protect_table(cells, rows, cols, min_group=k)
    counts = d.table_counts(cells, rows, cols)
    equations = d.table_equations(rows, cols)
    # Every small entry is suppressed (value and count), whatever its kind.
    assert {key for key, n in counts.items() if n < k} <= suppressed
    # No row, column or total equation leaves exactly one suppressed entry...
    for eq in equations:
        assert sum(e in suppressed for e in eq.entries()) != 1
    # ... and no combination of them gives one back.
    published = {key: n for key, n in counts.items() if key not in suppressed}
    assert recoverable(published, set(suppressed), equations) == set()


@given(st.lists(st.integers(0, 20), min_size=1, max_size=12), st.integers(5, 7))
def test_a_list_of_groups_with_its_total_hides_every_small_group(values, k):
    groups = list(range(len(values)))
    cells = {(g, "n"): v for g, v in zip(groups, values, strict=True)}
    suppressed = d.protect_table(cells, groups, ["n"], min_group=k)
    counts = d.table_counts(cells, groups, ["n"])
    published = {key: n for key, n in counts.items() if key not in suppressed}
    assert recoverable(published, set(suppressed), d.table_equations(groups, ["n"])) == set()
    for g, v in enumerate(values):
        if v < k:
            assert d.row_key(g) in suppressed


def test_the_minimum_group_is_never_below_five():
    assert d.effective_min_group(3) == 5
    assert d.effective_min_group("x") == 5
    assert d.effective_min_group(7) == 7


def test_one_small_cell_takes_a_partner_in_its_row_and_column():
    cells = {("a", "x"): 2, ("a", "y"): 9, ("b", "x"): 8, ("b", "y"): 12}
    suppressed = d.protect_table(cells, ["a", "b"], ["x", "y"], min_group=5)
    assert suppressed == {
        d.cell_key("a", "x"),
        d.cell_key("a", "y"),
        d.cell_key("b", "x"),
        d.cell_key("b", "y"),
    }


def test_kept_entries_are_never_chosen_as_partners():
    cells = {("a", "x"): 2, ("a", "y"): 9, ("a", "z"): 6}
    suppressed = d.protect_table(
        cells, ["a"], ["x", "y", "z"], min_group=5, keep=[d.row_key("a"), d.TOTAL]
    )
    assert d.cell_key("a", "x") in suppressed and d.cell_key("a", "z") in suppressed
    assert d.row_key("a") not in suppressed
