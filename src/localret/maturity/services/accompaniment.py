"""Writes of the accompaniment: roadmaps, service adhesions, projects and their documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from localret.core.audit import audited_save
from localret.core.errors import Invalid
from localret.territory.interface import Municipality

from .. import engine, scoring
from ..models import (
    Adhesion,
    Assessment,
    MaturityIndicator,
    Milestone,
    Project,
    ProjectDocument,
    Roadmap,
    RoadmapItem,
    Service,
)
from .assessments import plan_indicators_refresh
from .base import InvalidTransition, check_evidence_file

# --- Roadmaps ------------------------------------------------------------------------------


@transaction.atomic
def roadmap_generate(*, assessment: Assessment, by: Any) -> Roadmap:
    """Prioritised actions from a validated assessment's gaps (impact = weight x gap, effort =
    the lowest effort among the catalogue services that close the indicator, 3 when none)."""
    if assessment.status != Assessment.Status.VALIDATED:
        raise InvalidTransition("a roadmap is drawn from a validated assessment")
    existing = Roadmap.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    arrays = engine.model_arrays(assessment.model)
    provisional = engine.provisional_scores(assessment)
    normalised = [provisional.normalised[i.code] for i in arrays.indicators]
    efforts_by_ind: dict[int, int] = {}
    for ind_id, effort in MaturityIndicator.services.through.objects.filter(
        maturityindicator_id__in=list(arrays.column)
    ).values_list("maturityindicator_id", "service__effort"):
        efforts_by_ind[ind_id] = min(efforts_by_ind.get(ind_id, 3), effort)
    efforts = [efforts_by_ind.get(i.pk, 3) for i in arrays.indicators]
    actions = scoring.roadmap_actions(
        arrays.spec,
        __import__("numpy").asarray(normalised),
        engine.band_index(assessment.municipality.population_band),
        efforts,
    )
    roadmap = Roadmap(municipality=assessment.municipality, assessment=assessment)
    audited_save(roadmap, by)
    RoadmapItem.objects.bulk_create(
        [
            RoadmapItem(
                roadmap=roadmap,
                indicator=arrays.indicators[a.indicator],
                impact=a.impact,
                effort=a.effort,
                priority=a.priority,
            )
            for a in actions
        ]
    )
    return roadmap


@transaction.atomic
def roadmap_item_update(
    *, item: RoadmapItem, status: str, target_date: dt.date | None, by: Any
) -> RoadmapItem:
    if status not in RoadmapItem.Status.values:
        raise Invalid(f"unknown status {status!r}", field="status")
    if status in (RoadmapItem.Status.AGREED, RoadmapItem.Status.DONE) and target_date is None:
        raise Invalid("an agreed item needs a target date", field="target_date")
    item.status = status
    item.target_date = target_date
    item.done_on = timezone.localdate() if status == RoadmapItem.Status.DONE else None
    audited_save(item, by)
    return item


# --- Services and adhesions ----------------------------------------------------------------


@transaction.atomic
def adhesion_create(
    *, service: Service, municipality: Municipality, since: dt.date, by: Any
) -> Adhesion:
    adhesion = Adhesion.objects.filter(service=service, municipality=municipality).first()
    if adhesion is None:
        adhesion = Adhesion(service=service, municipality=municipality, since=since)
    elif adhesion.until is None and adhesion.since == since:
        return adhesion
    adhesion.since = since
    adhesion.until = None
    audited_save(adhesion, by)
    plan_indicators_refresh(by=by)
    return adhesion


@transaction.atomic
def adhesion_end(*, adhesion: Adhesion, until: dt.date, by: Any) -> Adhesion:
    if until < adhesion.since:
        raise Invalid("the end date is before the adhesion date", field="until")
    adhesion.until = until
    audited_save(adhesion, by)
    return adhesion


# --- Accompaniment projects -----------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    name: str,
    items: list[RoadmapItem],
    technician: Any,
    start_date: dt.date,
    end_date: dt.date | None,
    milestones: list[tuple[str, dt.date]],
    by: Any,
    notes: str = "",
) -> Project:
    """A project from agreed roadmap items (of one or several municipalities)."""
    if not items:
        raise Invalid("a project needs at least one agreed roadmap item", field="items")
    not_agreed = [
        i for i in items if i.status not in (RoadmapItem.Status.AGREED, RoadmapItem.Status.DONE)
    ]
    if not_agreed:
        raise Invalid("only agreed roadmap items can start a project", field="items")
    if end_date is not None and end_date < start_date:
        raise Invalid("the end date is before the start date", field="end_date")
    project = Project(
        name=name, technician=technician, start_date=start_date, end_date=end_date, notes=notes
    )
    audited_save(project, by)
    project.items.set(items)
    project.municipalities.set({i.roadmap.municipality_id for i in items})
    for title, due in milestones:
        audited_save(Milestone(project=project, name=title, due_date=due), by)
    return project


@transaction.atomic
def project_create_for(
    *,
    name: str,
    municipalities: list[Municipality],
    technician: Any,
    start_date: dt.date,
    by: Any,
    notes: str = "",
) -> Project:
    """A planned project for municipalities that asked for one (a town hall's project proposal,
    before any roadmap item is agreed)."""
    if not municipalities:
        raise Invalid("a project needs at least one municipality", field="municipalities")
    if not (name or "").strip():
        raise Invalid("a project needs a name", field="name")
    project = Project(name=name.strip()[:200], technician=technician, start_date=start_date)
    project.notes = notes
    audited_save(project, by)
    project.municipalities.set(municipalities)
    return project


@transaction.atomic
def project_update(
    *, project: Project, status: str, notes: str, by: Any, on: dt.date | None = None
) -> Project:
    if status not in Project.Status.values:
        raise Invalid(f"unknown status {status!r}", field="status")
    project.status = status
    project.notes = notes
    project.completed_on = (
        (on or timezone.localdate()) if status == Project.Status.COMPLETED else None
    )
    audited_save(project, by)
    plan_indicators_refresh(by=by)
    return project


@transaction.atomic
def milestone_done(*, milestone: Milestone, on: dt.date, by: Any) -> Milestone:
    milestone.done_on = on
    audited_save(milestone, by)
    return milestone


@transaction.atomic
def document_add(*, project: Project, title: str, upload: UploadedFile, by: Any) -> ProjectDocument:
    problem = check_evidence_file(upload)
    if problem:
        raise Invalid(problem, field="file")
    doc = ProjectDocument(
        project=project, title=title or (upload.name or "document"), uploaded_by=by
    )
    doc.file.save(upload.name or "document", upload, save=False)
    audited_save(doc, by)
    return doc
