"""Small innovation data for tests (no demo load)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from localret.innovation import services
from localret.innovation.models import Pilot
from localret.territory.models import Municipality

VIC = "082981"
OLOT = "171143"
MANLLEU = "081120"
TORELLO = "082858"


def municipalities(*codes: str) -> list[Municipality]:
    found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    return [found[c] for c in codes]


def make_pilot(
    *,
    by: Any = None,
    name: str = "Sensors de soroll",
    codes: tuple[str, ...] = (VIC, OLOT),
    criteria: int = 1,
    stage: str = Pilot.Stage.IDEA,
    is_public: bool = True,
) -> Pilot:
    """A pilot with participants and criteria, moved to ``stage`` through the services."""
    pilot = services.pilot_create(
        name=name,
        challenge="Noise complaints in the old town",
        solution="Sentilo IoT noise sensors",
        municipalities=municipalities(*codes),
        start_date=dt.date(2021, 3, 1),
        budget=Decimal("12000.00"),
        partners="Partner A\nPartner B",
        is_public=is_public,
        by=by,
    )
    for i in range(criteria):
        services.criterion_add(
            pilot=pilot,
            metric=f"Metric {i}",
            baseline=Decimal("10"),
            target=Decimal("20"),
            by=by,
        )
    order = [Pilot.Stage.PILOT, Pilot.Stage.EVALUATION]
    if stage in (Pilot.Stage.PILOT, Pilot.Stage.EVALUATION):
        for s in order[: order.index(stage) + 1]:
            pilot = services.pilot_move(pilot=pilot, stage=s, by=by, today=dt.date(2022, 1, 1))
    elif stage in (Pilot.Stage.SCALING, Pilot.Stage.STOPPED):
        for s in order:
            pilot = services.pilot_move(pilot=pilot, stage=s, by=by, today=dt.date(2022, 1, 1))
        evaluation = pilot.evaluations.get(decision="")
        services.evaluation_record_results(
            evaluation=evaluation,
            results=[
                {"criterion": c.pk, "municipality": code, "value": Decimal("25")}
                for c in pilot.criteria.all()
                for code in codes
            ],
            by=by,
        )
        services.evaluation_decide(
            evaluation=evaluation,
            decision="scale" if stage == Pilot.Stage.SCALING else "stop",
            reasons="Targets met",
            by=by,
            today=dt.date(2022, 6, 1),
        )
        pilot.refresh_from_db()
    return pilot
