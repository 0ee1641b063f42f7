"""Pure diff/apply of plan snapshots, with properties (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localret.participation import diffing

KEYS = st.sampled_from(
    ["objective:OE1", "objective:OE2", "action_line:1.1", "action_line:1.2", "action_line:1.10"]
    + [f"indicator:I{n}" for n in range(6)]
)
VALUES = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=20), st.booleans())
ELEMENT = st.dictionaries(st.sampled_from(["name", "description", "code", "weight"]), VALUES)
SNAPSHOT = st.builds(
    lambda els: {"schema": diffing.SCHEMA, "elements": els},
    st.dictionaries(KEYS, ELEMENT, max_size=8),
)


# Generation of nested dictionaries is slow on a loaded CI machine: no deadline, no health check.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def snap(**elements):
    return {"schema": diffing.SCHEMA, "elements": elements}


@RELAXED
@given(SNAPSHOT)
def test_diff_of_a_version_with_itself_is_empty(a):
    assert diffing.diff(a, a) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SNAPSHOT, SNAPSHOT)
def test_applying_the_changes_reproduces_the_later_version(a, b):
    result = diffing.apply(a, diffing.diff(a, b))
    assert result["elements"] == b["elements"]
    assert diffing.diff(result, b) == []


@RELAXED
@given(SNAPSHOT, SNAPSHOT)
def test_apply_does_not_modify_its_input(a, b):
    before = repr(a)
    diffing.apply(a, diffing.diff(a, b))
    assert repr(a) == before


def test_kinds_and_order():
    a = snap(**{"action_line:1.2": {"name": "Old"}, "action_line:1.3": {"name": "Gone"}})
    b = snap(
        **{
            "action_line:1.10": {"name": "New"},
            "action_line:1.2": {"name": "Renamed"},
        }
    )
    changes = diffing.diff(a, b)
    assert [(c["kind"], c["element"]) for c in changes] == [
        ("changed", "action_line:1.2"),
        ("removed", "action_line:1.3"),
        ("added", "action_line:1.10"),
    ]
    assert changes[0]["before"] == {"name": "Old"} and changes[0]["after"] == {"name": "Renamed"}
    assert changes[1]["after"] is None and changes[2]["before"] is None
    assert diffing.summary(changes) == {"added": 1, "removed": 1, "changed": 1}


def test_objectives_sort_before_action_lines():
    keys = ["indicator:A", "action_line:2.1", "objective:OE2", "objective:OE10", "objective:OE1"]
    assert sorted(keys, key=diffing.element_sort_key) == [
        "objective:OE1",
        "objective:OE2",
        "objective:OE10",
        "action_line:2.1",
        "indicator:A",
    ]


def test_word_marks_mark_only_the_changed_words():
    marks = diffing.word_marks("Extend fibre to every town", "Extend 5G and fibre to every town")
    inserted = "".join(t for op, t in marks if op == "insert")
    assert inserted.strip() == "5G and"
    assert not any(op == "delete" for op, _ in marks)
    assert "".join(t for op, t in marks if op != "delete") == "Extend 5G and fibre to every town"
    assert "".join(t for op, t in marks if op != "insert") == "Extend fibre to every town"


def test_field_changes_lists_only_changed_fields_with_marks():
    change = {
        "kind": "changed",
        "element": "action_line:1.2",
        "before": {"name": "Open data", "weight": "1", "code": "1.2"},
        "after": {"name": "Open data portal", "weight": "2", "code": "1.2"},
    }
    rows = {r["field"]: r for r in diffing.field_changes(change)}
    assert set(rows) == {"name", "weight"}
    assert [t.strip() for op, t in rows["name"]["marks"] if op == "insert"] == ["portal"]
    assert rows["weight"]["marks"] == [("delete", "1"), ("insert", "2")]


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "added", "element": "objective:OE1", "before": None, "after": {}},
        {"kind": "removed", "element": "objective:OE9", "before": {}, "after": None},
        {"kind": "changed", "element": "objective:OE9", "before": {}, "after": {}},
        {"kind": "moved", "element": "objective:OE1", "before": {}, "after": {}},
        {"kind": "added", "element": "", "before": None, "after": {}},
    ],
)
def test_apply_refuses_changes_that_do_not_fit(change):
    with pytest.raises(diffing.DiffError):
        diffing.apply(snap(**{"objective:OE1": {"name": "x"}}), [change])


def test_module_is_pure():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(diffing))
    imported = {
        (n.module or "") if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in getattr(n, "names", [])
    }
    # The one platform import allowed is the error hierarchy, itself free of Django.
    assert not any(
        name.startswith(("django", "localret")) for name in imported - {"localret.core.errors"}
    )
    from localret.core import errors

    assert not any(
        isinstance(n, ast.Import | ast.ImportFrom) and "django" in ast.dump(n)
        for n in ast.walk(ast.parse(inspect.getsource(errors)))
    )
