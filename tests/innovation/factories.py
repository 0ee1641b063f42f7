"""Small innovation data for tests (no demo load)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from localret.innovation import services
from localret.innovation.models import (
    CriterionResult,
    Direction,
    Evaluation,
    Idea,
    Offer,
    Participation,
    Pilot,
    SuccessCriterion,
)
from localret.territory.models import Municipality

from ..accounts.factories import UserFactory
from ..territory.factories import registered

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


# factory_boy factories: rows written directly (``make_pilot`` above goes through the services,
# which also keep an evaluation immutable once decided); each passes ``full_clean()``.


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Enllumenat intel·ligent als polígons ({n})")
    description = "Reduir el consum elèctric de l'enllumenat públic amb sensors de presència."
    source = Idea.Source.MUNICIPALITY
    municipality = factory.LazyFunction(registered)
    proposer = factory.SubFactory(UserFactory)


class PilotFactory(factory.django.DjangoModelFactory):
    """A public pilot running since March 2025 (participants: ``ParticipationFactory``)."""

    class Meta:
        model = Pilot

    name = factory.Sequence(lambda n: f"Sensors de soroll al nucli antic {n}")
    challenge = "Queixes veïnals pel soroll nocturn al nucli antic."
    solution = "Sensors IoT de soroll connectats a Sentilo."
    start_date = dt.date(2025, 3, 1)
    end_date = dt.date(2026, 2, 28)
    budget = Decimal("18500.00")
    partners = "Universitat de Vic\nConsell Comarcal d'Osona"
    stage = Pilot.Stage.PILOT
    is_public = True


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    pilot = factory.SubFactory(PilotFactory)
    municipality = factory.LazyFunction(registered)


class SuccessCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessCriterion

    pilot = factory.SubFactory(PilotFactory)
    metric = "Queixes per soroll al mes"
    unit = "queixes"
    baseline = Decimal(40)
    target = Decimal(20)
    direction = Direction.DECREASE
    position = factory.Sequence(lambda n: n)


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An evaluation round not yet decided."""

    class Meta:
        model = Evaluation

    pilot = factory.SubFactory(PilotFactory, stage=Pilot.Stage.EVALUATION)
    started_on = dt.date(2026, 3, 2)
    summary = "Les queixes han baixat a la meitat en sis mesos."


class CriterionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionResult

    evaluation = factory.SubFactory(EvaluationFactory)
    criterion = factory.SubFactory(
        SuccessCriterionFactory, pilot=factory.SelfAttribute("..evaluation.pilot")
    )
    municipality = factory.LazyFunction(registered)
    value = Decimal(18)
    note = "Mitjana dels darrers tres mesos"


class OfferFactory(factory.django.DjangoModelFactory):
    """A scaled pilot offered to Olot."""

    class Meta:
        model = Offer

    pilot = factory.SubFactory(PilotFactory, stage=Pilot.Stage.SCALING)
    municipality = factory.LazyFunction(lambda: registered(OLOT))
    status = Offer.Status.OFFERED
    score = Decimal("0.812")
    reasons = "Població i nucli antic semblants."
    offered_on = dt.date(2026, 4, 1)
