"""Compare every table of two databases through the models' fields (engine-independent values).

    python -m tests.production.compare SQLITE_FILE   # against DATABASE_URL's database

Prints one JSON line: {"tables": N, "rows": N, "differences": [...]}.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localret.settings.dev")

import django  # noqa: E402

django.setup()

from localret.core.backup import _copyable_models, _sqlite_source  # noqa: E402


def main(sqlite_file: str) -> None:
    differences, tables, rows = [], 0, 0
    with _sqlite_source(Path(sqlite_file)) as source:
        for model in _copyable_models():
            fields = [f.attname for f in model._meta.local_concrete_fields]
            pk = model._meta.pk.attname

            def read(alias: str, model=model, fields=fields, pk=pk) -> list[tuple]:  # type: ignore[no-untyped-def]
                return list(model._base_manager.using(alias).order_by(pk).values_list(*fields))

            theirs, ours = read(source), read("default")
            tables += 1
            rows += len(theirs)
            if theirs != ours:
                first = next(
                    (f"{a!r} != {b!r}" for a, b in zip(theirs, ours, strict=False) if a != b),
                    f"{len(theirs)} rows against {len(ours)}",
                )
                differences.append(f"{model._meta.db_table}: {first[:300]}")
    print(json.dumps({"tables": tables, "rows": rows, "differences": differences}))


if __name__ == "__main__":
    main(sys.argv[1])
