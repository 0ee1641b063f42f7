"""Demo data: deterministic from a seed, labelled as demo wherever shown.

Each app that has demo data registers a loader in its ``AppConfig.ready()``::

    from localret.core.demo import register_demo

    def _load_demo(*, seed: int, today: datetime.date) -> str:
        from .demo import load  # imported only when the demo is loaded

        return load(seed=seed, today=today)

    register_demo("strategy", _load_demo, order=20)

A loader creates its data (run in one transaction) and returns a one-line summary. Loaders run
in ``order`` (then name), once each (recorded in ``DemoLoad``): running the demo twice changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction

DEMO_PASSWORD = "localret-demo"  # noqa: S105 - the documented public demo password
DEMO_SEED = 2020


class DemoLoader(Protocol):
    def __call__(self, *, seed: int, today: dt.date) -> str: ...


@dataclass(frozen=True)
class DemoStep:
    """One registered loader: ``name`` is what ``DemoLoad`` records (usually the app label)."""

    name: str
    load: DemoLoader
    order: int


_STEPS: dict[str, DemoStep] = {}


def register_demo(name: str, loader: DemoLoader, order: int) -> None:
    """Register ``loader(*, seed, today) -> str`` under ``name``; registering a name again
    replaces its loader."""
    _STEPS[name] = DemoStep(name=name, load=loader, order=order)


def demo_steps() -> list[DemoStep]:
    """The registered loaders, in the order they run."""
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


def load_demo(
    *, seed: int = DEMO_SEED, today: dt.date | None = None, log: Callable[[str], None] = print
) -> None:
    from .models import DemoLoad

    today = today or dt.date.today()
    for step in demo_steps():
        if DemoLoad.objects.filter(app=step.name).exists():
            log(f"{step.name}: demo data already loaded")
            continue
        with transaction.atomic():
            summary = step.load(seed=seed, today=today)
            DemoLoad.objects.create(app=step.name, seed=seed)
        log(f"{step.name}: {summary}")
