"""Demo data of the maturity app: deterministic from the seed, every row marked ``is_demo``.

Two campaigns (Diagnosi 2021, closed; Diagnosi 2023, still open) with validated assessments for
about 600 municipalities whose scores grow with the population band; roadmaps and accompaniment
projects for about 80; adhesions to the services catalogue. First diagnoses of the 2023
campaign (still open) keep being validated up to a month before ``today``. Vic has a validated
2021 assessment with its roadmap and project, and a draft in 2023 (for the journey); Olot is
validated in both campaigns, with a roadmap and project from 2023. Both have roadmap items done
and items still ahead, so their project has a next step.
Everything is written with bulk_create (a few seconds).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import numpy as np

from localret.core import catalan
from localret.territory.interface import BAND_CODES, Municipality

from . import engine, scoring
from .loader import load_default_model
from .models import (
    Adhesion,
    Answer,
    Assessment,
    Campaign,
    MaturityIndicator,
    MaturityModel,
    Milestone,
    Project,
    Review,
    Roadmap,
    RoadmapItem,
    Service,
)

VIC, OLOT = "082981", "171143"
# Typical strength (0-1) of each population band: larger town halls have more means.
BAND_STRENGTH = dict(zip(BAND_CODES, (0.22, 0.3, 0.4, 0.52, 0.62, 0.72), strict=True))
# Yearly activity per 1,000 inhabitants of a fully digital town hall, per ratio indicator.
RATIO_SCALE = {
    "ACT01": 450,
    "ACT02": 120,
    "ACT03": 300,
    "ACT04": 200,
    "ACT05": 150,
    "ACT06": 600,
    "ACT07": 90,
}


def _answers(rng: random.Random, strength: float, population: int, indicators: list) -> list:
    out = []
    for ind in indicators:
        p = min(0.97, max(0.02, strength + rng.gauss(0, 0.18)))
        if ind.kind == "check":
            value = Decimal(1 if rng.random() < p else 0)
        elif ind.kind == "self":
            value = Decimal(min(4, max(0, round(4 * p + rng.gauss(0, 0.6)))))
        else:
            rate = RATIO_SCALE.get(ind.code, 100) * p * rng.lognormvariate(0, 0.35)
            value = Decimal(int(rate * max(population, 1) / 1000))
        out.append((ind, value))
    return out


def load(*, seed: int, today: dt.date, size: int = 600) -> str:
    rng = random.Random(seed * 7 + 5)
    load_default_model()
    model = MaturityModel.objects.get(version="2021")
    indicators = list(
        MaturityIndicator.objects.filter(dimension__model=model).order_by(
            "dimension__position", "position"
        )
    )
    _link_action_lines()
    c2021 = Campaign.objects.create(
        slug="diagnosi-2021",
        name="Diagnosi 2021",
        year=2021,
        model=model,
        opens_on=dt.date(2021, 2, 1),
        closes_on=dt.date(2021, 7, 31),
        is_open=False,
        is_demo=True,
    )
    c2023 = Campaign.objects.create(
        slug="diagnosi-2023",
        name="Diagnosi 2023",
        year=2023,
        model=model,
        opens_on=dt.date(2023, 2, 1),
        is_open=True,
        is_demo=True,
    )
    municipalities = list(Municipality.objects.order_by("code"))
    by_code = {m.code: m for m in municipalities}
    # Larger municipalities take part more often.
    weights = [0.45 + 0.1 * BAND_CODES.index(m.population_band or "1-500") for m in municipalities]
    chosen: set[str] = set()
    pool = list(zip(municipalities, weights, strict=True))
    rng.shuffle(pool)
    for m, w in pool:
        if len(chosen) >= size:
            break
        if rng.random() < w:
            chosen.add(m.code)
    chosen |= {VIC, OLOT}
    strength = {
        code: min(
            0.95,
            max(0.05, BAND_STRENGTH.get(by_code[code].population_band, 0.3) + rng.gauss(0, 0.12)),
        )
        for code in sorted(chosen)
    }
    part2021 = [c for c in sorted(chosen) if c in (VIC, OLOT) or rng.random() < 0.85]
    part2023 = [c for c in sorted(chosen) if c in (VIC, OLOT) or rng.random() < 0.9]

    # First diagnoses in the 2023 campaign are validated until a month before ``today`` (at the
    # latest in September 2026).
    first_time = set(part2023) - set(part2021)
    last_late = min(today - dt.timedelta(days=30), dt.date(2026, 9, 30))
    late_days = (last_late - c2023.opens_on).days - 60

    def assessments_for(campaign: Campaign, codes: list[str], growth: float) -> list[Assessment]:
        rows = []
        for code in codes:
            draft = campaign is c2023 and code == VIC
            validated_on = campaign.opens_on + dt.timedelta(days=rng.randrange(60, 300))
            if campaign is c2023 and code in first_time and late_days > 0:
                # A first diagnosis in the open campaign: these keep coming in over the
                # following years (the plan's "municipalities with a validated assessment").
                validated_on = campaign.opens_on + dt.timedelta(
                    days=60 + rng.randrange(0, late_days)
                )
            rows.append(
                Assessment(
                    municipality=by_code[code],
                    campaign=campaign,
                    model=model,
                    status=Assessment.Status.DRAFT if draft else Assessment.Status.VALIDATED,
                    submitted_at=None if draft else _aware(validated_on - dt.timedelta(days=20)),
                    validated_at=None if draft else _aware(validated_on),
                    validated_on=None if draft else validated_on,
                    is_demo=True,
                )
            )
        created = Assessment.objects.bulk_create(rows, batch_size=500)
        answers = []
        for a in created:
            code = a.municipality.code
            s = strength[code] + growth
            values = _answers(rng, s, a.municipality.population or 100, indicators)
            if campaign is c2023 and code == VIC:
                values = values[:12]  # a draft half filled in
            for ind, value in values:
                answers.append(Answer(assessment=a, indicator=ind, value=value))
        Answer.objects.bulk_create(answers, batch_size=2000)
        Review.objects.bulk_create(
            [
                Review(assessment=a, action=Review.Action.VALIDATED, comment="demo")
                for a in created
                if a.status == Assessment.Status.VALIDATED
            ]
        )
        return created

    a2021 = assessments_for(c2021, part2021, 0.0)
    a2023 = assessments_for(c2023, part2023, 0.07)
    engine.campaign_rescore(c2021)
    engine.campaign_rescore(c2023)

    # Roadmaps and projects: Olot and 78 others from their 2023 assessment, Vic from its 2021
    # one (its 2023 diagnosis is still a draft).
    roadmaps, projects = _roadmaps_and_projects(rng, c2023, today, first=[OLOT], others=78)
    more = _roadmaps_and_projects(rng, c2021, today, first=[VIC], others=0)
    roadmaps, projects = roadmaps + more[0], projects + more[1]
    # A small demo (tests) keeps adhesions to the assessed municipalities.
    members = municipalities if size >= 600 else [by_code[c] for c in sorted(chosen)]
    adhesions = _adhesions(rng, members, strength)
    return (
        f"maturity: 2 campaigns, {len(a2021) + len(a2023)} assessments, {roadmaps} roadmaps, "
        f"{projects} projects, {adhesions} adhesions"
    )


def _aware(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _link_action_lines() -> None:
    """Point the services at the Objective 1 action lines of the demo plan, when present."""
    try:
        from localret.strategy.interface import ActionLine
    except ImportError:  # pragma: no cover
        return
    lines = list(
        ActionLine.objects.filter(objective__code="OE1")
        .order_by("-objective__plan__period_start", "position")
        .select_related("objective")
    )
    if not lines:
        return
    newest_plan = lines[0].objective.plan_id
    lines = [line for line in lines if line.objective.plan_id == newest_plan]
    services = list(Service.objects.order_by("code"))
    for i, service in enumerate(services):
        service.action_line = lines[i % len(lines)]
    Service.objects.bulk_update(services, ["action_line"])


def _roadmaps_and_projects(
    rng: random.Random, campaign: Campaign, today: dt.date, *, first: list[str], others: int
) -> tuple[int, int]:
    """Roadmaps (with their agreed items) and accompaniment projects for the municipalities
    ``first`` and ``others`` more chosen at random, from their validated assessment in
    ``campaign``. The story municipalities (``first``) have items done and items still ahead of
    ``today``, so that their project always has a next step."""
    validated = list(
        Assessment.objects.filter(campaign=campaign, status=Assessment.Status.VALIDATED)
        .select_related("municipality")
        .order_by("municipality__code")
    )
    pick = [a for code in first for a in validated if a.municipality.code == code]
    rest = [a for a in validated if a.municipality.code not in first]
    rng.shuffle(rest)
    pick += rest[:others]
    arrays = engine.model_arrays(campaign.model)
    populations = {a.pk: a.municipality.population for a in validated}
    bands = np.array([engine.band_index(a.municipality.population_band) for a in validated])
    result = scoring.score(arrays.spec, engine.answer_matrix(arrays, validated, populations), bands)
    row_of = {a.pk: r for r, a in enumerate(validated)}
    efforts: dict[int, int] = {}
    for ind_id, effort in MaturityIndicator.services.through.objects.values_list(
        "maturityindicator_id", "service__effort"
    ):
        efforts[ind_id] = min(efforts.get(ind_id, 3), effort)
    effort_list = [efforts.get(i.pk, 3) for i in arrays.indicators]
    roadmaps = Roadmap.objects.bulk_create(
        [Roadmap(municipality=a.municipality, assessment=a, is_demo=True) for a in pick]
    )
    items: list[RoadmapItem] = []
    for roadmap, a in zip(roadmaps, pick, strict=True):
        actions = scoring.roadmap_actions(
            arrays.spec,
            result.normalised[row_of[a.pk]],
            engine.band_index(a.municipality.population_band),
            effort_list,
        )[:10]
        # Agreed with the town hall some three months after the assessment was validated.
        agreed_on = (a.validated_on or campaign.opens_on) + dt.timedelta(days=90)
        story = a.municipality.code in first
        agreed_count = sum(1 for action in actions if action.priority <= 4)
        if story:
            agreed_count = max(agreed_count, min(3, len(actions)))
            # Spread from the agreement to a year after today: done up to today, then ahead.
            span = (max(today, agreed_on) + dt.timedelta(days=365) - agreed_on).days
        for rank, action in enumerate(actions):
            agreed = rank < agreed_count if story else action.priority <= 4
            if story:
                target = agreed_on + dt.timedelta(days=span * (rank + 1) // agreed_count)
                done = agreed and target <= today
            else:
                target = agreed_on + dt.timedelta(days=rng.randrange(60, 900))
                done = agreed and target < today and rng.random() < 0.6
            items.append(
                RoadmapItem(
                    roadmap=roadmap,
                    indicator=arrays.indicators[action.indicator],
                    impact=action.impact,
                    effort=action.effort,
                    priority=action.priority,
                    status=RoadmapItem.Status.DONE
                    if done
                    else (RoadmapItem.Status.AGREED if agreed else RoadmapItem.Status.PROPOSED),
                    target_date=target if agreed else None,
                    done_on=target if done else None,
                )
            )
    items = RoadmapItem.objects.bulk_create(items, batch_size=1000)
    agreed_by_roadmap: dict[int, list[RoadmapItem]] = {}
    for item in items:
        if item.status != RoadmapItem.Status.PROPOSED:
            agreed_by_roadmap.setdefault(item.roadmap_id, []).append(item)
    projects = []
    links = []
    milestones = []
    for roadmap, a in zip(roadmaps, pick, strict=True):
        taken = agreed_by_roadmap.get(roadmap.pk, [])
        if not taken:
            continue
        validated_on = a.validated_on or campaign.opens_on
        start = validated_on + dt.timedelta(days=rng.randrange(60, 200))
        if a.municipality.code in first:
            start = min(start, min(i.target_date for i in taken if i.target_date))
        end = max(i.target_date for i in taken if i.target_date)
        all_done = all(i.status == RoadmapItem.Status.DONE for i in taken)
        status = (
            Project.Status.COMPLETED
            if all_done
            else (Project.Status.ACTIVE if start <= today else Project.Status.PLANNED)
        )
        project = Project(
            name=f"Acompanyament digital {catalan.de(a.municipality.name)}",
            start_date=start,
            end_date=end,
            status=status,
            completed_on=end if status == Project.Status.COMPLETED else None,
            notes="Projecte de demostració.",
            is_demo=True,
        )
        projects.append(project)
        links.append((project, a.municipality, taken))
    Project.objects.bulk_create(projects)
    municipality_links = []
    item_links = []
    for project, municipality, taken in links:
        municipality_links.append(
            Project.municipalities.through(project_id=project.pk, municipality_id=municipality.pk)
        )
        for item in taken:
            item_links.append(Project.items.through(project_id=project.pk, roadmapitem_id=item.pk))
            milestones.append(
                Milestone(
                    project=project,
                    name=item.indicator.name[:200],
                    due_date=item.target_date or project.start_date,
                    done_on=item.done_on,
                )
            )
    Project.municipalities.through.objects.bulk_create(municipality_links)
    Project.items.through.objects.bulk_create(item_links)
    Milestone.objects.bulk_create(milestones, batch_size=1000)
    return len(roadmaps), len(projects)


def _adhesions(rng: random.Random, municipalities: list, strength: dict[str, float]) -> int:
    services = list(Service.objects.order_by("code"))
    base = {"EADM": 0.75, "CIBER": 0.35, "TELCO": 0.3, "FORM": 0.5, "ASSES": 0.4, "CONNECT": 0.2}
    rows = []
    for m in municipalities:
        s = strength.get(m.code, BAND_STRENGTH.get(m.population_band, 0.3) - 0.1)
        for service in services:
            p = min(0.95, base.get(service.code, 0.25) * (0.6 + s))
            if m.code in (VIC, OLOT) and service.code in ("EADM", "CIBER", "FORM"):
                p = 1.0
            if rng.random() < p:
                since = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(0, 3400))
                rows.append(Adhesion(service=service, municipality=m, since=since, is_demo=True))
    Adhesion.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
