"""Apps use each other only through ``<app>/interface.py`` (issue 16, ADR 0008).

import-linter (``uv run lint-imports``) keeps the layers; this test keeps the doors: an import
from one app into another names the other app's ``interface`` module and nothing else of it.
"""

from __future__ import annotations

import grimp

APPS = {
    "accounts",
    "territory",
    "strategy",
    "diagnosis",
    "participation",
    "maturity",
    "innovation",
    "connectivity",
    "governance",
    "helpdesk",
    "reporting",
}


def _cross_app_imports() -> list[tuple[str, str]]:
    graph = grimp.build_graph("localret", cache_dir=None)
    found = []
    for module in sorted(graph.modules):
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in APPS:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) >= 2 and other[1] in APPS and other[1] != parts[1]:
                found.append((module, imported))
    return found


def test_apps_import_each_other_only_through_their_interface() -> None:
    imports = _cross_app_imports()
    assert ("localret.reporting.sources", "localret.strategy.interface") in imports
    outside = [
        (module, imported)
        for module, imported in imports
        if imported != f"localret.{imported.split('.')[1]}.interface"
    ]
    assert outside == []


def test_every_app_has_an_interface() -> None:
    graph = grimp.build_graph("localret", cache_dir=None)
    assert {app for app in APPS if f"localret.{app}.interface" in graph.modules} == APPS
