"""Run the benchmarks: ``uv run python -m bench [topic ...] [--strict]``.

Without names every ``bench/bench_*.py`` runs in alphabetical order. A name is the part after
``bench_`` (``municipalities`` runs ``bench/bench_municipalities.py``). Each module's ``run()``
prints its figures and returns a dict; when it has ``ok: False`` a target was missed, and with
``--strict`` the exit status is then 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(available())}")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(available()))
        return 0
    names = [n.removeprefix("bench_").removesuffix(".py") for n in args.names] or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(available())}")
    src = BENCH_DIR.parent / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    summary: list[tuple[str, str, float]] = []
    for name in names:
        print(f"\n=== bench {name} ===")
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            result = module.run()
            status = "ok" if result.get("ok", True) else "TARGET MISSED"
        except Exception:
            traceback.print_exc()
            status = "ERROR"
        summary.append((name, status, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, status, seconds in summary:
        print(f"{name:<30} {status:<14} {seconds:6.1f} s")
    if any(status == "ERROR" for _, status, _ in summary):
        return 2
    if args.strict and any(status != "ok" for _, status, _ in summary):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
