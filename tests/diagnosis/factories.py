"""Small diagnosis data for tests."""

from __future__ import annotations

from typing import Any

import factory

from localret.diagnosis import services
from localret.diagnosis.models import Finding, Source, Stakeholder

from ..strategy.factories import PlanFactory


def make_finding(plan: Any, by: Any, **overrides: Any) -> Finding:
    data: dict[str, Any] = {
        "category": "weakness",
        "title": "Small town halls lack IT staff",
        "source": "survey",
        "action_line_codes": ["1.1"],
    }
    data.update(overrides)
    return services.finding_save(plan=plan, by=by, **data)


def make_stakeholder(plan: Any, by: Any, **overrides: Any) -> Stakeholder:
    data: dict[str, Any] = {
        "name": "Diputació de Barcelona",
        "scope": "external",
        "sector": "public",
        "interest": 4,
        "influence": 5,
        "source": "interview",
        "action_line_codes": ["1.2"],
    }
    data.update(overrides)
    return services.stakeholder_save(plan=plan, by=by, **data)


# factory_boy factories: rows written directly (the services above audit them and link action
# lines by code); each passes ``full_clean()``. Pass ``action_lines=[...]`` to link lines.


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    category = Finding.Category.WEAKNESS
    title = factory.Sequence(lambda n: f"Els ajuntaments petits no tenen personal TIC ({n})")
    description = "Dos de cada tres municipis de menys de 1.000 habitants no en tenen."
    source = Source.SURVEY

    @factory.post_generation
    def action_lines(self, create: bool, lines: Any, **kwargs: Any) -> None:
        if create and lines:
            self.action_lines.set(lines)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Consell Comarcal de prova {n}")
    scope = Stakeholder.Scope.EXTERNAL
    sector = Stakeholder.Sector.PUBLIC
    interest = 4
    influence = 3
    source = Source.INTERVIEW
    notes = "Comparteix el servei d'assistència tècnica amb els municipis."

    @factory.post_generation
    def action_lines(self, create: bool, lines: Any, **kwargs: Any) -> None:
        if create and lines:
            self.action_lines.set(lines)
