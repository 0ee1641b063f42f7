"""Writes of the maturity app. Keyword-only, atomic, audited (``_history_user``).

Validated assessments are immutable: every write on an assessment or its answers checks
``assessment.is_editable`` and raises :class:`AssessmentLocked` otherwise; a change after
validation means a new revision (:func:`assessment_revise`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.core.audit import audited_save
from localret.core.errors import Conflict
from localret.core.tabular import ImportFailed, IssueCollector, parse_decimal, read_table
from localret.territory.models import Municipality

from . import engine, hooks, scoring
from .models import (
    Adhesion,
    Answer,
    Assessment,
    Campaign,
    MaturityIndicator,
    Milestone,
    Project,
    ProjectDocument,
    Review,
    Roadmap,
    RoadmapItem,
    Service,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".odt",
    ".ods",
    ".docx",
    ".xlsx",
    ".csv",
    ".txt",
)


class AssessmentLocked(Conflict):
    """The assessment cannot change in its current status (409)."""


class InvalidTransition(Conflict):
    """The status move is not allowed from the assessment's status (409)."""


def _save(obj: Any, by: Any, reason: str = "") -> None:
    audited_save(obj, by, reason)


def _ensure_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise AssessmentLocked(
            f"assessment {assessment.pk} is {assessment.status}; a validated or submitted "
            "assessment cannot change (start a new revision instead)"
        )


@transaction.atomic
def assessment_start(*, municipality: Municipality, campaign: Campaign, by: Any) -> Assessment:
    """The municipality's open assessment in the campaign, or a new one (revision + 1, with the
    answers of the last validated revision copied as a starting point)."""
    existing = (
        Assessment.objects.filter(municipality=municipality, campaign=campaign)
        .order_by("-revision")
        .first()
    )
    if existing is not None and existing.status != Assessment.Status.VALIDATED:
        return existing
    revision = (existing.revision + 1) if existing else 1
    assessment = Assessment(
        municipality=municipality, campaign=campaign, model=campaign.model, revision=revision
    )
    _save(assessment, by)
    if existing is not None:
        Answer.objects.bulk_create(
            [
                Answer(
                    assessment=assessment,
                    indicator_id=a.indicator_id,
                    value=a.value,
                    evidence_url=a.evidence_url,
                    evidence_file=a.evidence_file.name if a.evidence_file else "",
                    comment=a.comment,
                )
                for a in existing.answers.all()
            ]
        )
    return assessment


def assessment_revise(*, assessment: Assessment, by: Any) -> Assessment:
    """A change to a validated assessment: a new draft revision with its answers copied."""
    if assessment.status != Assessment.Status.VALIDATED:
        raise InvalidTransition("only a validated assessment is revised; edit this one instead")
    return assessment_start(
        municipality=assessment.municipality, campaign=assessment.campaign, by=by
    )


def check_evidence_file(upload: UploadedFile) -> str | None:
    name = (upload.name or "").lower()
    if upload.size and upload.size > MAX_EVIDENCE_BYTES:
        return "the file is larger than 10 MB"
    if not name.endswith(EVIDENCE_EXTENSIONS):
        return "accepted types: " + ", ".join(EVIDENCE_EXTENSIONS)
    return None


@dataclass
class AnswerInput:
    value: Decimal | None = None
    evidence_url: str = ""
    comment: str = ""
    evidence_file: UploadedFile | None = None
    clear_file: bool = False


@transaction.atomic
def answers_save(*, assessment: Assessment, answers: dict[int, AnswerInput], by: Any) -> int:
    """Save answers (indicator id -> input) of an editable assessment. Returns changed count.
    Callers validate values first (``engine.validate_value``)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_editable(assessment)
    indicators = {
        i.pk: i
        for i in MaturityIndicator.objects.filter(dimension__model=assessment.model, pk__in=answers)
    }
    existing = {a.indicator_id: a for a in assessment.answers.all()}
    changed = 0
    for indicator_id, data in answers.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValueError(f"indicator {indicator_id} is not part of this model")
        problem = engine.validate_value(indicator, data.value)
        if problem:
            raise ValueError(f"{indicator.code}: {problem}")
        answer = existing.get(indicator_id) or Answer(assessment=assessment, indicator=indicator)
        new = {"value": data.value, "evidence_url": data.evidence_url, "comment": data.comment}
        dirty = answer.pk is None or any(getattr(answer, k) != v for k, v in new.items())
        for k, v in new.items():
            setattr(answer, k, v)
        if data.clear_file and answer.evidence_file:
            answer.evidence_file = ""
            dirty = True
        if data.evidence_file is not None:
            answer.evidence_file.save(
                data.evidence_file.name or "evidence", data.evidence_file, save=False
            )
            dirty = True
        if dirty and (
            answer.pk is not None
            or data.value is not None
            or data.evidence_url
            or answer.evidence_file
            or data.comment
        ):
            _save(answer, by)
            changed += 1
    if changed:
        _save(assessment, by)
    return changed


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: Any) -> Assessment:
    _ensure_editable(assessment)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    _save(assessment, by, "submitted")
    Review.objects.create(assessment=assessment, action=Review.Action.SUBMITTED, by=by)
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, comment: str, by: Any) -> Assessment:
    if assessment.status != Assessment.Status.SUBMITTED:
        raise InvalidTransition("only a submitted assessment can be returned")
    if not comment.strip():
        raise ValueError("a comment saying what to change is required")
    assessment.status = Assessment.Status.RETURNED
    assessment.review_comment = comment.strip()
    _save(assessment, by, "returned")
    Review.objects.create(
        assessment=assessment, action=Review.Action.RETURNED, comment=comment.strip(), by=by
    )
    hooks.run_assessment_returned(assessment=assessment, comment=comment.strip(), by=by)
    return assessment


@transaction.atomic
def assessment_validate(
    *, assessment: Assessment, by: Any, comment: str = "", on: dt.date | None = None
) -> Assessment:
    """Validate a submitted assessment; earlier validated revisions of the same campaign are
    superseded; the campaign's scores are recomputed (ratios are percentiles in the band)."""
    if assessment.status != Assessment.Status.SUBMITTED:
        raise InvalidTransition("only a submitted assessment can be validated")
    Assessment.objects.filter(
        municipality=assessment.municipality_id,
        campaign=assessment.campaign_id,
        status=Assessment.Status.VALIDATED,
    ).exclude(pk=assessment.pk).update(superseded=True)
    assessment.status = Assessment.Status.VALIDATED
    assessment.validated_at = timezone.now()
    assessment.validated_on = on or timezone.localdate()
    assessment.validated_by = by
    assessment.review_comment = comment.strip()
    _save(assessment, by, "validated")
    Review.objects.create(
        assessment=assessment, action=Review.Action.VALIDATED, comment=comment.strip(), by=by
    )
    engine.campaign_rescore(assessment.campaign)
    plan_indicators_refresh(by=by)
    assessment.refresh_from_db()
    return assessment


def plan_indicators_refresh(*, by: Any) -> int:
    """Snapshot today's value of the plan's indicators computed from this app (keys
    ``maturity.*``) in plans that are not closed, so that the plan's OE1 indicators move as soon
    as an assessment is validated, a project completed or an adhesion recorded."""
    from django.db.models import Q

    from localret.strategy import services as strategy_services
    from localret.strategy.models import Indicator

    closed = Q(action_line__objective__plan__status="closed") | Q(
        initiative__action_line__objective__plan__status="closed"
    )
    written = 0
    for indicator in Indicator.objects.filter(computed_key__startswith="maturity.").exclude(closed):
        written += strategy_services.computed_snapshot(
            indicator=indicator, as_of=timezone.localdate(), by=by
        )
    return written


# --- Bulk import -------------------------------------------------------------------------

IMPORT_COLUMNS = ("municipality", "indicator", "value")
OPTIONAL_COLUMNS = ("evidence_url", "comment")


@dataclass
class ImportResult:
    rows: int = 0
    assessments_created: int = 0
    answers_created: int = 0
    answers_updated: int = 0
    municipalities: int = 0
    dry_run: bool = True
    validated: int = 0
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "municipalities": self.municipalities,
            "assessments_created": self.assessments_created,
            "answers_created": self.answers_created,
            "answers_updated": self.answers_updated,
            "validated": self.validated,
            "dry_run": self.dry_run,
        }


def answers_import(
    *,
    campaign: Campaign,
    data: bytes,
    filename: str,
    dry_run: bool,
    by: Any,
    validate: bool = False,
) -> ImportResult:
    """Import a campaign's answers from CSV/XLSX: one row per municipality and indicator, with
    columns ``municipality`` (6-digit INE code), ``indicator`` (code), ``value`` and optional
    ``evidence_url``, ``comment``. Answers go into each municipality's open assessment of the
    campaign (created when missing). A municipality whose assessment is submitted or validated
    is an error (validated assessments are immutable). With ``validate``, imported assessments
    are submitted and validated at once (staff loading an external diagnosis).

    Every error names row and field; nothing is written unless the whole file is valid; a dry
    run writes nothing and says what would change. Raises ImportFailed."""
    table = read_table(data, filename, required=IMPORT_COLUMNS)
    issues = IssueCollector(filename)
    unknown = [h for h in table.headers if h and h not in IMPORT_COLUMNS + OPTIONAL_COLUMNS]
    for header in unknown:
        issues.add(_("unknown column %(column)s") % {"column": header}, row=1, field=header)
    indicators = {
        i.code: i for i in MaturityIndicator.objects.filter(dimension__model=campaign.model)
    }
    codes = {r.get("municipality", "").strip() for _row, r in table.rows}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    latest: dict[str, Assessment] = {}
    for a in (
        Assessment.objects.filter(campaign=campaign, municipality__code__in=codes)
        .select_related("municipality")
        .order_by("revision")
    ):
        latest[a.municipality.code] = a
    seen: dict[tuple[str, str], int] = {}
    parsed: list[tuple[Municipality, MaturityIndicator, Decimal, str, str]] = []
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    url_ok = URLValidator(schemes=["http", "https"])
    for row, values in table.rows:
        code = values.get("municipality", "").strip()
        ind_code = values.get("indicator", "").strip().upper()
        municipality = municipalities.get(code)
        indicator = indicators.get(ind_code)
        if not code:
            issues.add(_("a municipality code is required"), row, "municipality")
        elif municipality is None:
            issues.add(
                _("unknown municipality code “%(code)s”") % {"code": code}, row, "municipality"
            )
        elif code in latest and not latest[code].is_editable:
            issues.add(
                _("the assessment of %(name)s in this campaign is %(status)s and cannot change")
                % {"name": municipality.name, "status": latest[code].get_status_display().lower()},
                row,
                "municipality",
            )
        if not ind_code:
            issues.add(_("an indicator code is required"), row, "indicator")
        elif indicator is None:
            issues.add(
                _("unknown indicator “%(code)s” in model %(version)s")
                % {"code": ind_code, "version": campaign.model.version},
                row,
                "indicator",
            )
        value: Decimal | None = None
        try:
            value = parse_decimal(values.get("value", ""))
        except ValueError as exc:
            issues.add(str(exc), row, "value")
        if value is not None and indicator is not None:
            problem = engine.validate_value(indicator, value)
            if problem:
                issues.add(
                    _("%(problem)s (%(kind)s)")
                    % {"problem": problem, "kind": indicator.get_kind_display()},
                    row,
                    "value",
                )
        url = values.get("evidence_url", "").strip()
        if url:
            try:
                url_ok(url)
            except ValidationError:
                issues.add(
                    _("“%(url)s” is not a valid http(s) URL") % {"url": url}, row, "evidence_url"
                )
        if municipality and indicator:
            key = (code, ind_code)
            if key in seen:
                issues.add(
                    _("%(code)s / %(indicator)s already appears in row %(row)s")
                    % {"code": code, "indicator": ind_code, "row": seen[key]},
                    row,
                    "indicator",
                )
            seen[key] = row
        if municipality and indicator and value is not None:
            parsed.append((municipality, indicator, value, url, values.get("comment", "").strip()))
    issues.raise_if_any()

    result = ImportResult(rows=len(parsed), dry_run=dry_run)
    by_mun: dict[str, list[tuple[Municipality, MaturityIndicator, Decimal, str, str]]] = {}
    for item in parsed:
        by_mun.setdefault(item[0].code, []).append(item)
    result.municipalities = len(by_mun)
    existing_answers: dict[tuple[int, int], Answer] = {}
    open_ids = [a.pk for c, a in latest.items() if c in by_mun and a.is_editable]
    for answer in Answer.objects.filter(assessment_id__in=open_ids):
        existing_answers[(answer.assessment_id, answer.indicator_id)] = answer
    for code, items in by_mun.items():
        current = latest.get(code)
        if current is None:
            result.assessments_created += 1
            result.answers_created += len(items)
            continue
        for _m, indicator, _v, _u, _c in items:
            if (current.pk, indicator.pk) in existing_answers:
                result.answers_updated += 1
            else:
                result.answers_created += 1
    if dry_run:
        return result
    with transaction.atomic():
        for code, items in by_mun.items():
            municipality = items[0][0]
            assessment = latest.get(code) or assessment_start(
                municipality=municipality, campaign=campaign, by=by
            )
            inputs = {
                ind.pk: AnswerInput(value=value, evidence_url=url, comment=comment)
                for _m, ind, value, url, comment in items
            }
            answers_save(assessment=assessment, answers=inputs, by=by)
            if validate:
                assessment_submit(assessment=assessment, by=by)
                assessment.status = Assessment.Status.VALIDATED
                assessment.validated_at = timezone.now()
                assessment.validated_on = timezone.localdate()
                assessment.validated_by = by
                _save(assessment, by, "validated by import")
                result.validated += 1
        if validate:
            engine.campaign_rescore(campaign)
    return result


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
    _save(roadmap, by)
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
        raise ValueError(f"unknown status {status!r}")
    if status in (RoadmapItem.Status.AGREED, RoadmapItem.Status.DONE) and target_date is None:
        raise ValueError("an agreed item needs a target date")
    item.status = status
    item.target_date = target_date
    item.done_on = timezone.localdate() if status == RoadmapItem.Status.DONE else None
    _save(item, by)
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
    _save(adhesion, by)
    plan_indicators_refresh(by=by)
    return adhesion


@transaction.atomic
def adhesion_end(*, adhesion: Adhesion, until: dt.date, by: Any) -> Adhesion:
    if until < adhesion.since:
        raise ValueError("the end date is before the adhesion date")
    adhesion.until = until
    _save(adhesion, by)
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
        raise ValueError("a project needs at least one agreed roadmap item")
    not_agreed = [
        i for i in items if i.status not in (RoadmapItem.Status.AGREED, RoadmapItem.Status.DONE)
    ]
    if not_agreed:
        raise ValueError("only agreed roadmap items can start a project")
    if end_date is not None and end_date < start_date:
        raise ValueError("the end date is before the start date")
    project = Project(
        name=name, technician=technician, start_date=start_date, end_date=end_date, notes=notes
    )
    _save(project, by)
    project.items.set(items)
    project.municipalities.set({i.roadmap.municipality_id for i in items})
    for title, due in milestones:
        _save(Milestone(project=project, name=title, due_date=due), by)
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
        raise ValueError("a project needs at least one municipality")
    if not (name or "").strip():
        raise ValueError("a project needs a name")
    project = Project(name=name.strip()[:200], technician=technician, start_date=start_date)
    project.notes = notes
    _save(project, by)
    project.municipalities.set(municipalities)
    return project


@transaction.atomic
def project_update(
    *, project: Project, status: str, notes: str, by: Any, on: dt.date | None = None
) -> Project:
    if status not in Project.Status.values:
        raise ValueError(f"unknown status {status!r}")
    project.status = status
    project.notes = notes
    project.completed_on = (
        (on or timezone.localdate()) if status == Project.Status.COMPLETED else None
    )
    _save(project, by)
    plan_indicators_refresh(by=by)
    return project


@transaction.atomic
def milestone_done(*, milestone: Milestone, on: dt.date, by: Any) -> Milestone:
    milestone.done_on = on
    _save(milestone, by)
    return milestone


@transaction.atomic
def document_add(*, project: Project, title: str, upload: UploadedFile, by: Any) -> ProjectDocument:
    problem = check_evidence_file(upload)
    if problem:
        raise ValueError(problem)
    doc = ProjectDocument(
        project=project, title=title or (upload.name or "document"), uploaded_by=by
    )
    doc.file.save(upload.name or "document", upload, save=False)
    _save(doc, by)
    return doc


__all__ = ["ImportFailed"]
