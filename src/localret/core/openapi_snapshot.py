"""The committed snapshot of the API's OpenAPI schema (``docs/openapi.json``).

    uv run python -m localret.core.openapi_snapshot            # exit 1 and a summary if it differs
    uv run python -m localret.core.openapi_snapshot --write    # regenerate docs/openapi.json

The schema of ``localret.api.api`` is rendered with sorted keys and an indent of 2, so that the
file changes only when the API does. ``tests/core/test_openapi_snapshot.py`` fails when the
schema and the committed file differ: regenerate and commit the file with the endpoint change.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[3]
SNAPSHOT = PROJECT_DIR / "docs" / "openapi.json"
WRITE_COMMAND = "uv run python -m localret.core.openapi_snapshot --write"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _setup_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localret.settings.test")
        django.setup()


def schema() -> dict[str, Any]:
    """The OpenAPI schema of the platform's API as a plain JSON-compatible dict."""
    _setup_django()
    from localret.api import api

    # A JSON round trip turns pydantic/enum values into plain JSON types.
    schema: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    return schema


def render(value: dict[str, Any] | None = None) -> str:
    """The schema as the snapshot file holds it: sorted keys, indent 2, final newline."""
    return json.dumps(schema() if value is None else value, sort_keys=True, indent=2) + "\n"


def _operations(document: dict[str, Any]) -> dict[str, Any]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def diff_summary(old_text: str, new_text: str, context_lines: int = 40) -> list[str]:
    """What differs between two snapshots: operations and components added, removed or
    changed, then the first lines of the unified diff."""
    try:
        old = json.loads(old_text) if old_text.strip() else {}
    except json.JSONDecodeError:
        old = {}
    new = json.loads(new_text)
    lines: list[str] = []
    for label, before, after in (
        ("operation", _operations(old), _operations(new)),
        (
            "component",
            old.get("components", {}).get("schemas", {}),
            new.get("components", {}).get("schemas", {}),
        ),
    ):
        for key in sorted(set(after) - set(before)):
            lines.append(f"+ {label} added: {key}")
        for key in sorted(set(before) - set(after)):
            lines.append(f"- {label} removed: {key}")
        for key in sorted(set(before) & set(after)):
            if before[key] != after[key]:
                lines.append(f"~ {label} changed: {key}")
    for key in sorted(set(old) | set(new)):
        if key not in ("paths", "components") and old.get(key) != new.get(key):
            lines.append(f"~ top-level '{key}' changed")
    diff = list(
        difflib.unified_diff(
            old_text.splitlines(),
            new_text.splitlines(),
            "docs/openapi.json (committed)",
            "schema (current code)",
            lineterm="",
        )
    )
    if diff:
        lines.append("")
        lines.extend(diff[:context_lines])
        if len(diff) > context_lines:
            lines.append(f"... ({len(diff) - context_lines} more diff lines)")
    return lines


def main(argv: list[str] | None = None, snapshot: Path = SNAPSHOT) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m localret.core.openapi_snapshot",
        description="Check (default) or regenerate (--write) docs/openapi.json.",
    )
    parser.add_argument("--write", action="store_true", help="write the current schema")
    args = parser.parse_args(argv)
    current = render()
    committed = snapshot.read_text(encoding="utf-8") if snapshot.is_file() else ""
    if args.write:
        if current == committed:
            print(f"{snapshot}: already up to date")
            return 0
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(current, encoding="utf-8")
        print(f"{snapshot}: written ({len(_operations(json.loads(current)))} operations)")
        return 0
    if current == committed:
        print(f"{snapshot}: up to date")
        return 0
    print(f"{snapshot} differs from the API schema of the code:")
    for line in diff_summary(committed, current):
        print(line)
    print(f"\nIf the change is intended, run: {WRITE_COMMAND}  and commit docs/openapi.json")
    return 1


if __name__ == "__main__":
    sys.exit(main())
