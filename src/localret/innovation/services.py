"""Writes on the innovation portfolio. Keyword-only, atomic, audited (``_history_user``).

Rules enforced here (and tested):
- Stages move idea -> pilot -> evaluation; from evaluation only a decision moves a pilot on
  (scale -> scaling, iterate -> pilot, stop -> stopped); any stage but scaling may be stopped.
- A pilot starts running only with at least one participant and one success criterion.
- An evaluation is immutable once decided: results, summary, lessons and the decision itself
  can no longer change (:class:`EvaluationLocked`).
- Offers are only for scaling pilots and never to a participant or to an existing offer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from localret.core.audit import audited_save, stamp
from localret.core.errors import Conflict, Invalid
from localret.territory.interface import Municipality

from .models import (
    CriterionResult,
    Direction,
    Evaluation,
    Idea,
    Offer,
    Participation,
    Pilot,
    SuccessCriterion,
)

Stage = Pilot.Stage


class InnovationError(Invalid):
    """Invalid input or a forbidden change (``core.errors.Invalid``, 422); ``errors`` is a
    list of {field, message}, or one message for ``field``."""

    def __init__(
        self,
        errors: list[dict[str, Any]] | str,
        more: list[dict[str, Any]] | None = None,
        *,
        field: str | None = None,
    ) -> None:
        # InnovationError(errors), InnovationError(message, field=...), or, as
        # core.audit.audited_save builds it, InnovationError(message, errors).
        if isinstance(errors, str):
            errors = more or [{"field": field, "message": errors}]
        super().__init__("; ".join(str(e["message"]) for e in errors), errors, field=field)


class EvaluationLocked(InnovationError, Conflict):
    """The evaluation has been decided and can no longer change (409)."""

    status = 409
    title = "Conflict"


MANUAL_MOVES: dict[str, set[str]] = {
    Stage.IDEA: {Stage.PILOT, Stage.STOPPED},
    Stage.PILOT: {Stage.EVALUATION, Stage.STOPPED},
    Stage.EVALUATION: {Stage.STOPPED},
    Stage.SCALING: set(),
    Stage.STOPPED: set(),
}
DECISION_STAGE = {
    Evaluation.Decision.SCALE: Stage.SCALING,
    Evaluation.Decision.ITERATE: Stage.PILOT,
    Evaluation.Decision.STOP: Stage.STOPPED,
}
OFFER_MOVES: dict[str, set[str]] = {
    Offer.Status.OFFERED: {Offer.Status.ACCEPTED, Offer.Status.DECLINED},
    Offer.Status.ACCEPTED: {Offer.Status.ADOPTED, Offer.Status.DECLINED},
    Offer.Status.DECLINED: {Offer.Status.OFFERED},
    Offer.Status.ADOPTED: set(),
}


def _check_pilot_fields(
    *,
    name: str,
    challenge: str,
    solution: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    budget: Decimal | None,
) -> None:
    errors = []
    if not (name or "").strip():
        errors.append({"field": "name", "message": _("The name is required.")})
    if not (challenge or "").strip():
        errors.append({"field": "challenge", "message": _("The challenge is required.")})
    if not (solution or "").strip():
        errors.append({"field": "solution", "message": _("The solution is required.")})
    if budget is not None and budget < 0:
        errors.append({"field": "budget", "message": _("The budget cannot be negative.")})
    if start_date and end_date and end_date < start_date:
        errors.append({"field": "end_date", "message": _("The end date is before the start date.")})
    if errors:
        raise InnovationError(errors)


def _set_participants(pilot: Pilot, municipalities: Iterable[Municipality], by: Any) -> None:
    wanted = {m.pk: m for m in municipalities}
    current = {p.municipality_id: p for p in pilot.participations.all()}
    for pk, participation in current.items():
        if pk not in wanted:
            stamp(participation, by)
            participation.delete()
    for pk, municipality in wanted.items():
        if pk not in current:
            participation = Participation(pilot=pilot, municipality=municipality)
            audited_save(participation, by)


@transaction.atomic
def idea_create(
    *,
    title: str,
    description: str = "",
    municipality: Municipality | None = None,
    proposer: Any = None,
    by: Any,
    is_demo: bool = False,
) -> Idea:
    """An idea. Its source is the municipality when one is named, otherwise staff."""
    if not (title or "").strip():
        raise InnovationError(_("The title is required."), field="title")
    idea = Idea(
        title=title.strip(),
        description=description or "",
        source=Idea.Source.MUNICIPALITY if municipality else Idea.Source.STAFF,
        municipality=municipality,
        proposer=proposer,
        is_demo=is_demo,
    )
    audited_save(idea, by, clean=True, unique=False, error=InnovationError)
    return idea


@transaction.atomic
def idea_set_status(*, idea: Idea, status: str, by: Any) -> Idea:
    if status not in Idea.Status.values:
        raise InnovationError(_("Unknown status."), field="status")
    if idea.status == status:
        return idea
    idea.status = status
    audited_save(idea, by, clean=True, unique=False, error=InnovationError)
    return idea


@transaction.atomic
def pilot_create(
    *,
    name: str,
    challenge: str,
    solution: str,
    municipalities: Iterable[Municipality] = (),
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    budget: Decimal | None = None,
    partners: str = "",
    action_line: Any = None,
    is_public: bool = True,
    idea: Idea | None = None,
    by: Any,
    is_demo: bool = False,
) -> Pilot:
    """A new pilot at the ``idea`` stage. When it comes from an idea, the idea is accepted."""
    _check_pilot_fields(
        name=name,
        challenge=challenge,
        solution=solution,
        start_date=start_date,
        end_date=end_date,
        budget=budget,
    )
    pilot = Pilot(
        name=name.strip(),
        challenge=challenge,
        solution=solution,
        start_date=start_date,
        end_date=end_date,
        budget=budget,
        partners=partners or "",
        action_line=action_line,
        is_public=is_public,
        idea=idea,
        stage=Stage.IDEA,
        is_demo=is_demo,
    )
    audited_save(pilot, by, clean=True, unique=False, error=InnovationError)
    _set_participants(pilot, municipalities, by)
    if idea is not None and idea.status != Idea.Status.ACCEPTED:
        idea_set_status(idea=idea, status=Idea.Status.ACCEPTED, by=by)
    return pilot


PILOT_FIELDS = (
    "name",
    "challenge",
    "solution",
    "start_date",
    "end_date",
    "budget",
    "partners",
    "action_line",
    "is_public",
)


@transaction.atomic
def pilot_update(
    *,
    pilot: Pilot,
    by: Any,
    municipalities: Iterable[Municipality] | None = None,
    **changes: Any,
) -> Pilot:
    """Change the pilot's description fields and (when given) its participants. The stage
    changes only through :func:`pilot_move` and :func:`evaluation_decide`."""
    unknown = set(changes) - set(PILOT_FIELDS)
    if unknown:
        raise InnovationError(
            [{"field": f, "message": _("This field cannot be changed here.")} for f in unknown]
        )
    merged = {f: changes.get(f, getattr(pilot, f)) for f in PILOT_FIELDS}
    _check_pilot_fields(
        name=merged["name"],
        challenge=merged["challenge"],
        solution=merged["solution"],
        start_date=merged["start_date"],
        end_date=merged["end_date"],
        budget=merged["budget"],
    )
    if municipalities is not None:
        municipalities = list(municipalities)
        if pilot.stage != Stage.IDEA and not municipalities:
            raise InnovationError(
                _("A pilot that has started needs at least one participating municipality."),
                field="municipalities",
            )
        adopters = set(
            pilot.offers.filter(status=Offer.Status.ADOPTED).values_list(
                "municipality_id", flat=True
            )
        )
        clash = [m.code for m in municipalities if m.pk in adopters]
        if clash:
            raise InnovationError(
                _("Already adopted the pilot through an offer: %(codes)s")
                % {"codes": ", ".join(clash)},
                field="municipalities",
            )
    changed = False
    for field_name, value in changes.items():
        if field_name == "name":
            value = value.strip()
        if getattr(pilot, field_name) != value:
            setattr(pilot, field_name, value)
            changed = True
    if changed:
        audited_save(pilot, by, clean=True, unique=False, error=InnovationError)
    if municipalities is not None:
        _set_participants(pilot, municipalities, by)
    return pilot


@transaction.atomic
def pilot_move(*, pilot: Pilot, stage: str, by: Any, today: dt.date | None = None) -> Pilot:
    """Move a pilot by hand to the next stage (or stop it). See ``MANUAL_MOVES``."""
    today = today or dt.date.today()
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if stage not in Stage.values:
        raise InnovationError(_("Unknown stage."), field="stage")
    if stage == pilot.stage:
        return pilot
    if stage not in MANUAL_MOVES[pilot.stage]:
        if pilot.stage == Stage.EVALUATION and stage in (Stage.SCALING, Stage.PILOT):
            message = _("Record the evaluation's decision to scale or iterate this pilot.")
        else:
            message = _("A pilot cannot move from %(from)s to %(to)s.") % {
                "from": Stage(pilot.stage).label,
                "to": Stage(stage).label,
            }
        raise InnovationError(message, field="stage")
    if stage == Stage.PILOT:
        errors = []
        if not pilot.participations.exists():
            errors.append(
                {
                    "field": "municipalities",
                    "message": _("Add at least one participating municipality first."),
                }
            )
        if not pilot.criteria.exists():
            errors.append(
                {"field": "criteria", "message": _("Add at least one success criterion first.")}
            )
        if errors:
            raise InnovationError(errors)
        if pilot.start_date is None:
            pilot.start_date = today
    pilot.stage = stage
    audited_save(pilot, by, clean=True, unique=False, error=InnovationError)
    if stage == Stage.EVALUATION and not pilot.evaluations.filter(decision="").exists():
        evaluation_open(pilot=pilot, started_on=today, by=by)
    return pilot


@transaction.atomic
def criterion_add(
    *,
    pilot: Pilot,
    metric: str,
    baseline: Decimal,
    target: Decimal,
    direction: str = Direction.INCREASE,
    unit: str = "",
    by: Any,
) -> SuccessCriterion:
    """Add a hypothesis as a measurable success criterion. Not once the pilot is scaling or
    stopped."""
    errors = []
    if pilot.stage in (Stage.SCALING, Stage.STOPPED):
        errors.append(
            {"field": "pilot", "message": _("The pilot is closed; its criteria are final.")}
        )
    if not (metric or "").strip():
        errors.append({"field": "metric", "message": _("The metric is required.")})
    if direction not in Direction.values:
        errors.append({"field": "direction", "message": _("Use increase or decrease.")})
    elif baseline == target:
        errors.append(
            {"field": "target", "message": _("The target must differ from the baseline.")}
        )
    elif direction == Direction.INCREASE and target < baseline:
        errors.append(
            {"field": "target", "message": _("An increase needs a target above the baseline.")}
        )
    elif direction == Direction.DECREASE and target > baseline:
        errors.append(
            {"field": "target", "message": _("A decrease needs a target below the baseline.")}
        )
    if errors:
        raise InnovationError(errors)
    criterion = SuccessCriterion(
        pilot=pilot,
        metric=metric.strip(),
        unit=unit or "",
        baseline=baseline,
        target=target,
        direction=direction,
        position=pilot.criteria.count(),
    )
    audited_save(criterion, by, clean=True, unique=False, error=InnovationError)
    return criterion


@transaction.atomic
def evaluation_open(
    *, pilot: Pilot, started_on: dt.date, by: Any, summary: str = "", is_demo: bool = False
) -> Evaluation:
    """Open an evaluation round (one open round at a time)."""
    if pilot.evaluations.filter(decision="").exists():
        raise InnovationError(_("This pilot already has an open evaluation."), field="pilot")
    evaluation = Evaluation(pilot=pilot, started_on=started_on, summary=summary, is_demo=is_demo)
    audited_save(evaluation, by, clean=True, unique=False, error=InnovationError)
    return evaluation


def _lock(evaluation: Evaluation) -> Evaluation:
    fresh = Evaluation.objects.select_for_update().select_related("pilot").get(pk=evaluation.pk)
    if fresh.is_decided:
        raise EvaluationLocked(
            _("This evaluation was decided on %(date)s and can no longer change.")
            % {"date": fresh.decided_on},
            field="evaluation",
        )
    return fresh


@transaction.atomic
def evaluation_update(
    *, evaluation: Evaluation, by: Any, summary: str | None = None, lessons: str | None = None
) -> Evaluation:
    evaluation = _lock(evaluation)
    if summary is not None:
        evaluation.summary = summary
    if lessons is not None:
        evaluation.lessons = lessons
    audited_save(evaluation, by, clean=True, unique=False, error=InnovationError)
    return evaluation


@transaction.atomic
def evaluation_record_results(
    *, evaluation: Evaluation, results: list[dict[str, Any]], by: Any
) -> list[CriterionResult]:
    """Record (or replace) results. Each item: ``criterion`` (id), ``municipality`` (code),
    ``value`` (Decimal), optional ``note``. All are checked before anything is written."""
    evaluation = _lock(evaluation)
    pilot = evaluation.pilot
    criteria = {c.pk: c for c in pilot.criteria.all()}
    participants = {
        p.municipality.code: p.municipality
        for p in pilot.participations.select_related("municipality")
    }
    errors = []
    clean: list[tuple[SuccessCriterion, Municipality, Decimal, str]] = []
    seen: set[tuple[int, str]] = set()
    for row, item in enumerate(results, start=1):
        criterion = criteria.get(item.get("criterion"))  # type: ignore[arg-type]
        municipality = participants.get(str(item.get("municipality") or ""))
        value = item.get("value")
        if criterion is None:
            errors.append(
                {
                    "row": row,
                    "field": "criterion",
                    "message": _("Not a success criterion of this pilot."),
                }
            )
        if municipality is None:
            errors.append(
                {
                    "row": row,
                    "field": "municipality",
                    "message": _("Not a participating municipality of this pilot."),
                }
            )
        if not isinstance(value, Decimal) or not value.is_finite():
            errors.append({"row": row, "field": "value", "message": _("A number is required.")})
        if criterion and municipality:
            key = (criterion.pk, municipality.code)
            if key in seen:
                errors.append(
                    {
                        "row": row,
                        "field": "municipality",
                        "message": _("Repeated criterion and municipality."),
                    }
                )
            seen.add(key)
        if criterion and municipality and isinstance(value, Decimal) and value.is_finite():
            clean.append((criterion, municipality, value, str(item.get("note") or "")[:300]))
    if not results:
        errors.append({"field": "results", "message": _("Give at least one result.")})
    if errors:
        raise InnovationError(errors)
    saved = []
    for criterion, municipality, value, note in clean:
        result = CriterionResult.objects.filter(
            evaluation=evaluation, criterion=criterion, municipality=municipality
        ).first() or CriterionResult(
            evaluation=evaluation, criterion=criterion, municipality=municipality, value=value
        )
        result.value = value
        result.note = note
        audited_save(result, by)
        saved.append(result)
    return saved


@transaction.atomic
def evaluation_decide(
    *,
    evaluation: Evaluation,
    decision: str,
    reasons: str,
    lessons: str | None = None,
    by: Any,
    today: dt.date | None = None,
) -> Evaluation:
    """Decide: scale, iterate or stop, with reasons. The evaluation is then immutable and the
    pilot moves to scaling, back to pilot, or to stopped."""
    today = today or dt.date.today()
    evaluation = _lock(evaluation)
    errors = []
    if decision not in Evaluation.Decision.values:
        errors.append({"field": "decision", "message": _("Choose scale, iterate or stop.")})
    if not (reasons or "").strip():
        errors.append({"field": "reasons", "message": _("Give the reasons for the decision.")})
    pilot = Pilot.objects.select_for_update().get(pk=evaluation.pilot_id)
    if pilot.stage != Stage.EVALUATION:
        errors.append({"field": "pilot", "message": _("The pilot is not at the evaluation stage.")})
    if errors:
        raise InnovationError(errors)
    evaluation.decision = decision
    evaluation.reasons = reasons.strip()
    if lessons is not None:
        evaluation.lessons = lessons
    evaluation.decided_on = today
    evaluation.decided_by = by if getattr(by, "pk", None) else None
    audited_save(evaluation, by, clean=True, unique=False, error=InnovationError)
    pilot.stage = DECISION_STAGE[Evaluation.Decision(decision)]
    audited_save(pilot, by, clean=True, unique=False, error=InnovationError)
    return evaluation


@transaction.atomic
def offer_create(
    *,
    pilot: Pilot,
    municipality: Municipality,
    by: Any,
    score: Decimal | None = None,
    reasons: str = "",
    notes: str = "",
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Offer:
    """Offer a scaling pilot to a municipality (usually a replication recommendation)."""
    errors = []
    if pilot.stage != Stage.SCALING:
        errors.append({"field": "pilot", "message": _("Only a scaling pilot can be offered.")})
    if pilot.participations.filter(municipality=municipality).exists():
        errors.append(
            {"field": "municipality", "message": _("This municipality took part in the pilot.")}
        )
    if pilot.offers.filter(municipality=municipality).exists():
        errors.append(
            {
                "field": "municipality",
                "message": _("This municipality already has an offer of this pilot."),
            }
        )
    if errors:
        raise InnovationError(errors)
    offer = Offer(
        pilot=pilot,
        municipality=municipality,
        score=score,
        reasons=reasons,
        notes=notes,
        offered_on=today or dt.date.today(),
        is_demo=is_demo,
    )
    audited_save(offer, by, clean=True, unique=False, error=InnovationError)
    return offer


@transaction.atomic
def offer_set_status(
    *, offer: Offer, status: str, by: Any, today: dt.date | None = None, notes: str | None = None
) -> Offer:
    """Track the answer: offered -> accepted | declined; accepted -> adopted | declined;
    declined -> offered again. Adopted is final."""
    today = today or dt.date.today()
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if status not in Offer.Status.values:
        raise InnovationError(_("Unknown status."), field="status")
    if status != offer.status and status not in OFFER_MOVES[offer.status]:
        raise InnovationError(
            _("An offer cannot go from %(from)s to %(to)s.")
            % {"from": Offer.Status(offer.status).label, "to": Offer.Status(status).label},
            field="status",
        )
    if status != offer.status:
        offer.status = status
        if status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED):
            offer.responded_on = today
        if status == Offer.Status.ADOPTED:
            offer.adopted_on = today
            offer.responded_on = offer.responded_on or today
    if notes is not None:
        offer.notes = notes
    audited_save(offer, by, clean=True, unique=False, error=InnovationError)
    return offer
