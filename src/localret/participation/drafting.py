"""Pure rules of proposals on a plan snapshot (no Django import).

A proposal is ``kind`` (add | change | remove), ``element`` (the target key; for ``add`` the new
element's key, e.g. ``"action_line:1.9"``), ``parent`` (for ``add``: the key of the element it
belongs to) and ``fields`` (proposed values, e.g. ``{"name": ..., "description": ...}``).
:func:`validate` lists what is wrong, naming the field; :func:`changes_for` turns a valid
proposal into diff changes (see :mod:`.diffing`), removing an element with its descendants.
"""

from __future__ import annotations

import copy
from typing import Any

KINDS = ("add", "change", "remove")
# Fields a proposal may set, per element type.
EDITABLE = {
    "plan": ("name", "mission", "vision"),
    "objective": ("name", "description"),
    "action_line": ("name", "description"),
    "initiative": ("name", "description", "owner"),
    "indicator": ("name", "definition", "unit", "source"),
}
# Which parent types each addable element type accepts. Indicators are not added by proposal:
# they need targets and baselines that staff set in the plan (a comment can ask for one).
PARENTS = {
    "objective": ("plan",),
    "action_line": ("objective",),
    "initiative": ("action_line",),
}
MAX_TEXT = 4000
MAX_CODE = 20


def _(message: str) -> str:
    """Marks a message for translation (callers translate it with gettext); stays pure."""
    return message


def element_type(key: str) -> str:
    return key.partition(":")[0]


def validate(
    elements: dict[str, dict[str, Any]],
    *,
    kind: str,
    element: str,
    parent: str = "",
    fields: Any = None,
) -> list[dict[str, str]]:
    """Errors ``[{field, message}]`` of a proposal against the current elements (empty if ok)."""
    errors: list[dict[str, str]] = []
    if kind not in KINDS:
        return [{"field": "kind", "message": _("must be add, change or remove")}]
    fields = {} if fields is None else fields
    if not isinstance(fields, dict):
        return [{"field": "fields", "message": _("must be an object of field names and texts")}]
    etype, _sep, code = (element or "").partition(":")
    if kind == "add":
        if etype not in PARENTS:
            errors.append(
                {
                    "field": "element",
                    "message": _(
                        "a new element must be an objective, an action line or an initiative"
                    ),
                }
            )
        elif not code.strip() or len(code) > MAX_CODE or code != code.strip():
            errors.append({"field": "element", "message": _("give the new element's code")})
        elif element in elements:
            errors.append({"field": "element", "message": _("this element already exists")})
        if etype in PARENTS:
            if etype == "objective" and not parent:
                parent = "plan"
            if parent not in elements:
                errors.append({"field": "parent", "message": _("no such element")})
            elif element_type(parent) not in PARENTS[etype]:
                errors.append(
                    {
                        "field": "parent",
                        "message": _("this type of element cannot belong there"),
                    }
                )
        if not str(fields.get("name", "")).strip():
            errors.append({"field": "fields.name", "message": _("a new element needs a name")})
    else:
        if element not in elements:
            errors.append({"field": "element", "message": _("no such element")})
        elif kind == "remove" and etype == "plan":
            errors.append({"field": "element", "message": _("the plan itself cannot be removed")})
        if kind == "remove" and fields:
            errors.append({"field": "fields", "message": _("a removal proposes no fields")})
        if kind == "change" and not fields:
            errors.append({"field": "fields", "message": _("propose at least one field")})
    allowed = EDITABLE.get(etype, ())
    for name, value in fields.items():
        if name not in allowed:
            errors.append(
                {
                    "field": f"fields.{name}",
                    "message": _("this field cannot be proposed for this element"),
                }
            )
        elif not isinstance(value, str):
            errors.append({"field": f"fields.{name}", "message": _("must be text")})
        elif len(value) > MAX_TEXT:
            errors.append({"field": f"fields.{name}", "message": _("too long")})
        elif name == "name" and not value.strip():
            errors.append({"field": f"fields.{name}", "message": _("cannot be empty")})
    if kind == "change" and not errors:
        current = elements[element]
        if all(current.get(k) == v for k, v in fields.items()):
            errors.append({"field": "fields", "message": _("the proposal changes nothing")})
    return errors


def descendants(elements: dict[str, dict[str, Any]], key: str) -> list[str]:
    """Keys of every element below ``key`` (children, grandchildren, ...)."""
    found: list[str] = []
    frontier = [key]
    while frontier:
        current = frontier.pop()
        children = [k for k, e in elements.items() if e.get("parent") == current]
        found.extend(children)
        frontier.extend(children)
    return found


def changes_for(
    elements: dict[str, dict[str, Any]],
    *,
    kind: str,
    element: str,
    parent: str = "",
    fields: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The diff changes a (valid) proposal makes to ``elements``."""
    fields = fields or {}
    if kind == "add":
        etype, _sep, code = element.partition(":")
        after = {"type": etype, "parent": parent or "plan", "code": code, **fields}
        after.setdefault("description", "")
        return [{"kind": "added", "element": element, "before": None, "after": after}]
    if kind == "remove":
        keys = [element, *descendants(elements, element)]
        return [
            {"kind": "removed", "element": k, "before": copy.deepcopy(elements[k]), "after": None}
            for k in keys
        ]
    before = elements[element]
    return [
        {
            "kind": "changed",
            "element": element,
            "before": copy.deepcopy(before),
            "after": {**copy.deepcopy(before), **fields},
        }
    ]
