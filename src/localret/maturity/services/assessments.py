"""Writes of an assessment: start, revise, answer, submit, return, validate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from localret.core import hooks
from localret.core.audit import audited_save
from localret.core.errors import Invalid
from localret.territory.interface import Municipality

from .. import engine
from ..models import Answer, Assessment, Campaign, MaturityIndicator, Review
from .base import InvalidTransition, _ensure_editable


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
    audited_save(assessment, by)
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
            raise Invalid(f"indicator {indicator_id} is not part of this model", field="answers")
        problem = engine.validate_value(indicator, data.value)
        if problem:
            raise Invalid(f"{indicator.code}: {problem}", field=indicator.code)
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
            audited_save(answer, by)
            changed += 1
    if changed:
        audited_save(assessment, by)
    return changed


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: Any) -> Assessment:
    _ensure_editable(assessment)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    audited_save(assessment, by, "submitted")
    Review.objects.create(assessment=assessment, action=Review.Action.SUBMITTED, by=by)
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, comment: str, by: Any) -> Assessment:
    if assessment.status != Assessment.Status.SUBMITTED:
        raise InvalidTransition("only a submitted assessment can be returned")
    if not comment.strip():
        raise Invalid("a comment saying what to change is required", field="comment")
    assessment.status = Assessment.Status.RETURNED
    assessment.review_comment = comment.strip()
    audited_save(assessment, by, "returned")
    Review.objects.create(
        assessment=assessment, action=Review.Action.RETURNED, comment=comment.strip(), by=by
    )
    hooks.assessment_returned.run(assessment=assessment, comment=comment.strip(), by=by)
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
    audited_save(assessment, by, "validated")
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

    from localret.strategy.interface import Indicator, computed_snapshot

    closed = Q(action_line__objective__plan__status="closed") | Q(
        initiative__action_line__objective__plan__status="closed"
    )
    written = 0
    for indicator in Indicator.objects.filter(computed_key__startswith="maturity.").exclude(closed):
        written += computed_snapshot(indicator=indicator, as_of=timezone.localdate(), by=by)
    return written
