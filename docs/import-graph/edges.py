"""Print the import edges between the top-level modules of ``localret`` (its apps and entry
points), with the number of module-to-module imports behind each: ``uv run python
docs/import-graph/edges.py [-v]`` (``-v`` lists those imports). Imports inside functions count
(grimp reads them all); lookups by name (``import_module``, ``getattr``) are invisible to it."""

from __future__ import annotations

import sys
from collections import defaultdict

import grimp


def edges() -> dict[tuple[str, str], set[tuple[str, str]]]:
    graph = grimp.build_graph("localret", cache_dir=None)
    found: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) >= 2 and other[1] != parts[1]:
                found[(parts[1], other[1])].add((module, imported))
    return found


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    for (source, target), imports in sorted(edges().items()):
        print(f"{source} -> {target}  ({len(imports)})")
        if verbose:
            for module, imported in sorted(imports):
                print(f"    {module} -> {imported}")
