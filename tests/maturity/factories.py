"""Small maturity data for tests: campaigns and validated assessments built with services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from localret.maturity import services
from localret.maturity.models import (
    Adhesion,
    Answer,
    Assessment,
    Campaign,
    Dimension,
    MaturityIndicator,
    MaturityModel,
    Milestone,
    Project,
    ProjectDocument,
    Review,
    Roadmap,
    RoadmapItem,
    Service,
)
from localret.territory.models import Municipality

from ..accounts.factories import UserFactory
from ..strategy.factories import ActionLineFactory
from ..territory.factories import registered


def default_model() -> MaturityModel:
    return MaturityModel.objects.get(version="2021")


def make_campaign(slug: str = "diagnosi-2023", year: int = 2023, is_open: bool = True) -> Campaign:
    return Campaign.objects.create(
        slug=slug,
        name=f"Diagnosi {year}",
        year=year,
        model=default_model(),
        opens_on=dt.date(year, 1, 15),
        is_open=is_open,
    )


def indicators() -> list[MaturityIndicator]:
    return list(
        MaturityIndicator.objects.filter(dimension__model=default_model()).order_by(
            "dimension__position", "position"
        )
    )


def answers_for(level: float) -> dict[str, Decimal]:
    """Answers of a municipality of the given 'strength' 0-1 (deterministic)."""
    out = {}
    for i, ind in enumerate(indicators()):
        if ind.kind == "check":
            out[ind.code] = Decimal(1 if (i * 37 % 100) / 100 < level else 0)
        elif ind.kind == "self":
            out[ind.code] = Decimal(round(4 * level))
        else:
            out[ind.code] = Decimal(int(1000 * level) + i)
    return out


def fill(assessment: Assessment, values: dict[str, Decimal], by=None) -> None:  # type: ignore[no-untyped-def]
    ids = {i.code: i.pk for i in indicators()}
    services.answers_save(
        assessment=assessment,
        answers={ids[c]: services.AnswerInput(value=v) for c, v in values.items()},
        by=by,
    )


def validated(code: str, campaign: Campaign, level: float, by=None) -> Assessment:  # type: ignore[no-untyped-def]
    municipality = Municipality.objects.get(code=code)
    assessment = services.assessment_start(municipality=municipality, campaign=campaign, by=by)
    fill(assessment, answers_for(level), by)
    services.assessment_submit(assessment=assessment, by=by)
    return services.assessment_validate(assessment=assessment, by=by)


def bulk_validated(
    campaign: Campaign, strengths: dict[str, float], on: dt.date | None = None
) -> list[Assessment]:
    """Validated assessments written in bulk (for fixtures), then the campaign re-scored once,
    as ``services.assessment_validate`` does for each validation."""
    from localret.maturity.engine import campaign_rescore
    from localret.maturity.models import Answer

    inds = {i.code: i for i in indicators()}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=strengths)}
    created = Assessment.objects.bulk_create(
        [
            Assessment(
                municipality=municipalities[code],
                campaign=campaign,
                model=campaign.model,
                status=Assessment.Status.VALIDATED,
                validated_on=on or dt.date.today(),
            )
            for code in strengths
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(assessment=a, indicator=inds[c], value=v)
            for a in created
            for c, v in answers_for(strengths[a.municipality.code]).items()
        ]
    )
    campaign_rescore(campaign)
    return list(
        Assessment.objects.filter(pk__in=[a.pk for a in created]).select_related("municipality")
    )


# Municipalities of the band 20001-50000 (Vic, Olot and others) and small ones in Osona.
BAND_20_50 = ["082981", "171143", "080155", "081213", "082054"]


# factory_boy factories: rows written directly (the services audit them and keep the workflow's
# invariants, e.g. scores are computed at validation); each passes ``full_clean()``. Campaigns,
# assessments and roadmaps use the default model (version 2021, loaded by a migration) and Vic.


def _first_indicator(model: MaturityModel, kind: str = "self") -> MaturityIndicator:
    return (
        MaturityIndicator.objects.filter(dimension__model=model, kind=kind)
        .order_by("dimension__position", "position")
        .first()
    )  # type: ignore[return-value]


class MaturityModelFactory(factory.django.DjangoModelFactory):
    """A new, empty model version (dimensions and indicators come from their factories)."""

    class Meta:
        model = MaturityModel

    version = factory.Sequence(lambda n: f"prova-{n}")
    name = factory.Sequence(lambda n: f"Model de maduresa digital de prova {n}")
    description = "Versió de prova del model de maduresa digital municipal."


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    model = factory.SubFactory(MaturityModelFactory)
    code = factory.Sequence(lambda n: f"D{n + 1}")
    name = "Administració electrònica"
    weight = Decimal(1)
    position = factory.Sequence(lambda n: n)


class MaturityIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityIndicator

    dimension = factory.SubFactory(DimensionFactory)
    code = factory.Sequence(lambda n: f"M{n + 1}")
    name = "L'ajuntament té seu electrònica amb catàleg de tràmits"
    kind = MaturityIndicator.Kind.CHECK
    weight = Decimal(1)
    bands = factory.LazyFunction(list)
    position = factory.Sequence(lambda n: n)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"diagnosi-prova-{n}")
    name = factory.Sequence(lambda n: f"Diagnosi de prova {n}")
    year = 2025
    model = factory.LazyFunction(default_model)
    opens_on = dt.date(2025, 2, 3)
    closes_on = dt.date(2025, 6, 30)
    is_open = True


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment of Vic (``validated=True``: validated with level 3, unscored by the
    engine; use ``validated()`` above for real scores)."""

    class Meta:
        model = Assessment

    municipality = factory.LazyFunction(registered)
    campaign = factory.SubFactory(CampaignFactory)
    model = factory.SelfAttribute("campaign.model")
    status = Assessment.Status.DRAFT

    class Params:
        validated = factory.Trait(
            status=Assessment.Status.VALIDATED,
            validated_on=dt.date(2025, 7, 15),
            overall=55.0,
            level=3,
            band=factory.SelfAttribute("municipality.population_band"),
        )


class AnswerFactory(factory.django.DjangoModelFactory):
    """A self-assessment answer (0-4) to the first such indicator of the assessment's model."""

    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    indicator = factory.LazyAttribute(lambda a: _first_indicator(a.assessment.model))
    value = Decimal(3)
    evidence_url = "https://www.vic.cat/seu-electronica"
    comment = "Ho gestiona el consell comarcal."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assessment = factory.SubFactory(AssessmentFactory, status=Assessment.Status.SUBMITTED)
    action = Review.Action.SUBMITTED
    comment = "Enviada per a validació."
    by = factory.SubFactory(UserFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"SRV-PROVA-{n}")
    name = factory.Sequence(lambda n: f"Plataforma de tràmits de prova {n}")
    category = Service.Category.PLATFORMS
    description = "Tramitació electrònica per als ajuntaments adherits."
    effort = 2
    action_line = factory.SubFactory(ActionLineFactory)


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adhesion

    service = factory.SubFactory(ServiceFactory)
    municipality = factory.LazyFunction(registered)
    since = dt.date(2024, 3, 1)


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap

    assessment = factory.SubFactory(AssessmentFactory, validated=True)
    municipality = factory.SelfAttribute("assessment.municipality")


class RoadmapItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    roadmap = factory.SubFactory(RoadmapFactory)
    indicator = factory.LazyAttribute(lambda i: _first_indicator(i.roadmap.assessment.model))
    impact = 0.35
    effort = 2
    priority = factory.Sequence(lambda n: n + 1)
    status = RoadmapItem.Status.PROPOSED
    target_date = dt.date(2026, 6, 30)


class ProjectFactory(factory.django.DjangoModelFactory):
    """An accompaniment project for Vic (``municipalities=[...]`` for others)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Acompanyament a la seu electrònica {n}")
    technician = factory.SubFactory(UserFactory)
    status = Project.Status.ACTIVE
    start_date = dt.date(2025, 9, 1)
    end_date = dt.date(2026, 3, 31)
    notes = "Sessions quinzenals amb la secretaria."

    @factory.post_generation
    def municipalities(self, create: bool, chosen: Any, **kwargs: Any) -> None:
        if create:
            self.municipalities.set(chosen if chosen is not None else [registered()])


class ProjectMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    name = "Catàleg de tràmits publicat"
    due_date = dt.date(2025, 12, 15)


class ProjectDocumentFactory(factory.django.DjangoModelFactory):
    """A document with a small PDF file: tests that use it set ``settings.MEDIA_ROOT``."""

    class Meta:
        model = ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    title = "Acta de la reunió d'inici"
    file = factory.django.FileField(filename="acta-inici.pdf", data=b"%PDF-1.4\n%%EOF\n")
    uploaded_by = factory.SubFactory(UserFactory)
