"""Small plans and consultations for participation tests (built directly, a few rows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps
from django.utils import timezone

from localret.accounts.roles import Role
from localret.participation import services
from localret.participation.models import (
    Comment,
    Consultation,
    Invitation,
    Lesson,
    PlanVersion,
    Proposal,
    Support,
)
from localret.strategy.models import ActionLine, Plan, StrategicObjective

from ..accounts.factories import UserFactory
from ..strategy.factories import PlanFactory


def make_plan(slug: str = "pla-prova", status: str = "draft") -> Plan:
    plan = Plan.objects.create(
        slug=slug,
        name=f"Pla {slug}",
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2023, 12, 31),
        mandate_end=dt.date(2023, 6, 30),
        status=status,
        mission="Acompanyar els ajuntaments",
        vision="Departament extern",
    )
    oe1 = StrategicObjective.objects.create(plan=plan, code="OE1", name="Accompany", position=1)
    oe2 = StrategicObjective.objects.create(plan=plan, code="OE2", name="Innovate", position=2)
    ActionLine.objects.create(objective=oe1, code="1.1", name="Digital office", position=1)
    line = ActionLine.objects.create(
        objective=oe1, code="1.2", name="Open data for every town", position=2
    )
    ActionLine.objects.create(objective=oe2, code="2.1", name="Pilots", position=1)
    indicator = _model("Indicator")
    if indicator is not None:
        indicator.objects.create(
            code=f"{slug}-I1",
            name="Open data portals",
            action_line=line,
            baseline_value=Decimal("10"),
            baseline_date=dt.date(2020, 1, 1),
            target_value=Decimal("100"),
            target_date=dt.date(2023, 6, 30),
        )
    return plan


def _model(name: str) -> Any:
    try:
        return apps.get_model("strategy", name)
    except LookupError:
        return None


def make_consultation(
    plan: Plan, staff: Any, invited: tuple[Any, ...] = (), status: str = "open"
) -> Consultation:
    consultation = services.consultation_create(
        plan=plan,
        by=staff,
        title=f"Consulta {plan.slug}",
        opens_on=dt.date(2020, 3, 1),
        closes_on=dt.date(2020, 5, 31),
        status=status,
    )
    for user in invited:
        services.invitation_create(consultation=consultation, user=user, by=staff)
    return consultation


# factory_boy factories: rows written directly (the services audit them and keep versions
# consistent); each passes ``full_clean()``. Contributions come from collaborators.


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """A draft version (an approved one cannot be changed afterwards)."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    created_at = factory.LazyFunction(lambda: _moment(dt.date(2023, 11, 15)))
    created_by = factory.SubFactory(UserFactory)
    note = "Versió sotmesa a consulta"
    snapshot = factory.LazyAttribute(
        lambda v: {"plan": {"slug": v.plan.slug, "name": v.plan.name}, "objectives": []}
    )


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Consulta sobre el pla de prova {n}")
    description = "Opineu sobre els objectius i les línies d'actuació del pla."
    opens_on = dt.date(2023, 10, 2)
    closes_on = dt.date(2023, 11, 30)
    status = Consultation.Status.OPEN
    created_by = factory.SubFactory(UserFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    consultation = factory.SubFactory(ConsultationFactory)
    user = factory.SubFactory(UserFactory, role=Role.COLLABORATOR)
    invited_by = factory.SelfAttribute("consultation.created_by")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    element = "objective:OE1"
    author = factory.SubFactory(UserFactory, role=Role.COLLABORATOR)
    text = "Caldria parlar també dels municipis de menys de 500 habitants."
    created_at = factory.LazyFunction(lambda: _moment(dt.date(2023, 10, 16)))


class ProposalFactory(factory.django.DjangoModelFactory):
    """A pending proposal to change an action line's name."""

    class Meta:
        model = Proposal

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(UserFactory, role=Role.COLLABORATOR)
    kind = Proposal.Kind.CHANGE
    element = "action_line:1.1"
    fields = factory.LazyFunction(lambda: {"name": "Oficina digital compartida"})
    rationale = "Els ajuntaments petits comparteixen el personal tècnic."
    created_at = factory.LazyFunction(lambda: _moment(dt.date(2023, 10, 20)))


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory, role=Role.COLLABORATOR)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    plan = factory.SubFactory(PlanFactory, status=Plan.Status.CLOSED)
    objective_code = "OE1"
    text = "Els indicadors s'han de mesurar des del primer trimestre."
    author = factory.SubFactory(UserFactory)
