"""Pure diff and apply of plan version snapshots (no Django import).

A snapshot is ``{"schema": 1, "elements": {key: element}}``. Each element is a flat dict of
JSON values (``type``, ``parent`` key, ``code``, ``name``, ``description``, ...) under a stable
key such as ``"objective:OE1"``, ``"action_line:1.2"``, ``"initiative:17"`` or
``"indicator:OE1-01"``.

- :func:`diff` returns the changes from ``a`` to ``b``: ``{"kind": "added"|"removed"|"changed",
  "element": key, "before": element|None, "after": element|None}``, ordered by element key.
- :func:`apply` applies such changes to ``a`` and returns ``b``: ``apply(a, diff(a, b)) == b``.
- :func:`field_changes` and :func:`word_marks` describe a changed element field by field, text
  fields marked word by word (difflib), for the diff page.
"""

from __future__ import annotations

import copy
import difflib
import re
from typing import Any

from localret.core.errors import Invalid

SCHEMA = 1
KINDS = ("added", "removed", "changed")
TYPE_ORDER = {"plan": 0, "value": 1, "objective": 2, "action_line": 3, "initiative": 4}

Snapshot = dict[str, Any]
Change = dict[str, Any]


class DiffError(Invalid):
    """A change that cannot be applied to the snapshot it is applied to (422)."""


def empty_snapshot() -> Snapshot:
    return {"schema": SCHEMA, "elements": {}}


def _elements(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    elements = snapshot.get("elements", {})
    if not isinstance(elements, dict):
        raise DiffError("snapshot 'elements' must be an object")
    return elements


def element_sort_key(key: str) -> tuple[int, list[Any]]:
    """Order keys by element type, then naturally by code ("1.10" after "1.9")."""
    kind, _, rest = key.partition(":")
    parts: list[Any] = [
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", rest) if p
    ]
    return TYPE_ORDER.get(kind, 5), [kind, *parts]


def diff(a: Snapshot, b: Snapshot) -> list[Change]:
    """Changes that turn snapshot ``a`` into snapshot ``b`` (empty when they are equal)."""
    ea, eb = _elements(a), _elements(b)
    changes: list[Change] = []
    for key in sorted(set(ea) | set(eb), key=element_sort_key):
        before, after = ea.get(key), eb.get(key)
        if before is None and after is not None:
            changes.append({"kind": "added", "element": key, "before": None, "after": after})
        elif after is None and before is not None:
            changes.append({"kind": "removed", "element": key, "before": before, "after": None})
        elif before != after:
            changes.append({"kind": "changed", "element": key, "before": before, "after": after})
    return changes


def apply(a: Snapshot, changes: list[Change]) -> Snapshot:
    """Apply ``changes`` to ``a`` (not modified) and return the resulting snapshot.

    Raises :class:`DiffError` when a change does not fit: adding an element that exists,
    removing or changing one that does not.
    """
    elements = copy.deepcopy(_elements(a))
    for change in changes:
        kind, key = change.get("kind"), change.get("element")
        if not isinstance(key, str) or not key:
            raise DiffError("change without an element key")
        if kind == "added":
            if key in elements:
                raise DiffError(f"{key} already exists")
            elements[key] = copy.deepcopy(change["after"])
        elif kind == "removed":
            if key not in elements:
                raise DiffError(f"{key} does not exist")
            del elements[key]
        elif kind == "changed":
            if key not in elements:
                raise DiffError(f"{key} does not exist")
            elements[key] = copy.deepcopy(change["after"])
        else:
            raise DiffError(f"unknown change kind {kind!r}")
    ordered = {k: elements[k] for k in sorted(elements, key=element_sort_key)}
    return {"schema": SCHEMA, "elements": ordered}


def word_marks(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level marks: ``[(op, text)]`` with op ``equal``, ``delete`` or ``insert``."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    marks: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            marks.append(("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            marks.append(("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            marks.append(("insert", "".join(new[j1:j2])))
    return [m for m in marks if m[1]]


def field_changes(change: Change) -> list[dict[str, Any]]:
    """Field by field view of a change: ``{field, before, after, marks}`` (marks for text)."""
    before = change.get("before") or {}
    after = change.get("after") or {}
    rows = []
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        marks = None
        if isinstance(old, str) and isinstance(new, str):
            marks = word_marks(old, new)
        elif isinstance(new, str) and old is None:
            marks = [("insert", new)]
        elif isinstance(old, str) and new is None:
            marks = [("delete", old)]
        rows.append({"field": field, "before": old, "after": new, "marks": marks})
    return rows


def summary(changes: list[Change]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for change in changes:
        counts[change["kind"]] += 1
    return counts
