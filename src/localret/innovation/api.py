"""Innovation API (/api/v1/innovation/...).

Reading: public pilots, their criteria, decided evaluations and replication rankings are public
(no login). Staff and Board also see non-public pilots and open evaluations. Writing: Localret
staff only (401 without credentials, 403 for Board, municipal users and collaborators), except
that a municipal user may propose an idea for their own municipality.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from localret.core.api import (
    AUTH,
    Pagination,
    Problem,
    ProblemSchema,
    allowed,
    paginate,
    request_user,
    require,
)
from localret.territory.interface import Municipality

from . import permissions, selectors, services
from .models import Evaluation, Idea, Offer, Pilot
from .schemas import (
    CriterionIn,
    CriterionOut,
    DecisionIn,
    EvaluationOut,
    EvaluationPatch,
    IdeaIn,
    IdeaOut,
    OfferIn,
    OfferOut,
    OfferPatch,
    PilotIn,
    PilotOut,
    PilotPage,
    PilotPatch,
    ReplicationOut,
    ResultsIn,
    StageIn,
)

router = Router(tags=["innovation"])

# Who may call a write, checked before the body is read (core.api.allowed): a refused user
# gets 403 whatever they send.
MANAGERS = allowed(lambda user, **_: permissions.can_manage(user))

WRITE_ERRORS = {
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


def _municipalities(codes: list[str], field: str = "municipalities") -> list[Municipality]:
    found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    errors = [
        {"field": f"{field}.{i}", "message": f"unknown municipality code {code!r}"}
        for i, code in enumerate(codes)
        if code not in found
    ]
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    return [found[c] for c in dict.fromkeys(codes)]


def _action_line(pk: int | None) -> Any:
    if pk is None:
        return None
    from localret.strategy.interface import ActionLine

    line = ActionLine.objects.filter(pk=pk).first()
    if line is None:
        raise Problem(
            422, "Invalid input", errors=[{"field": "action_line", "message": "unknown id"}]
        )
    return line


def _pilot_item(pilot: Pilot) -> dict:
    return {
        "id": pilot.pk,
        "name": pilot.name,
        "stage": pilot.stage,
        "municipalities": selectors.participant_codes(pilot),
        "start_date": pilot.start_date,
        "end_date": pilot.end_date,
        "is_demo": pilot.is_demo,
    }


def _evaluation_out(evaluation: Evaluation) -> dict:
    table = selectors.evaluation_table(evaluation)
    results = []
    for row in table["rows"]:
        for cell in row["cells"]:
            if cell["result"] is not None:
                results.append(
                    {
                        "criterion": row["criterion"].pk,
                        "municipality": cell["municipality"].code,
                        "value": cell["result"].value,
                        "met": cell["met"],
                        "note": cell["result"].note,
                    }
                )
    return {
        "id": evaluation.pk,
        "started_on": evaluation.started_on,
        "summary": evaluation.summary,
        "decision": evaluation.decision,
        "reasons": evaluation.reasons,
        "lessons": evaluation.lessons,
        "decided_on": evaluation.decided_on,
        "worked_in": sorted(table["worked_in"]),
        "results": results,
    }


def _pilot_out(user: Any, pilot: Pilot) -> dict:
    return {
        **_pilot_item(pilot),
        "challenge": pilot.challenge,
        "solution": pilot.solution,
        "budget": pilot.budget,
        "partners": pilot.partner_list,
        "action_line": pilot.action_line.code if pilot.action_line else None,
        "is_public": pilot.is_public,
        "criteria": [
            {
                "id": c.pk,
                "metric": c.metric,
                "unit": c.unit,
                "baseline": c.baseline,
                "target": c.target,
                "direction": c.direction,
            }
            for c in pilot.criteria.all()
        ],
        "evaluations": [
            _evaluation_out(e) for e in selectors.evaluations_for(user=user, pilot=pilot)
        ],
    }


def _visible_pilot(request: HttpRequest, pk: int) -> Pilot:
    pilot = selectors.pilot_get(user=request_user(request), pk=pk)
    if pilot is None:
        raise Http404(f"No pilot with id {pk}")
    return pilot


def _staff_pilot(request: HttpRequest, pk: int) -> Pilot:
    require(permissions.can_manage(request.auth))  # type: ignore[attr-defined]
    pilot = Pilot.objects.filter(pk=pk).first()
    if pilot is None:
        raise Http404(f"No pilot with id {pk}")
    return pilot


class PilotFilters(Pagination):
    stage: str = ""


@router.get(
    "/innovation/pilots",
    response={200: PilotPage, 422: ProblemSchema},
    auth=None,
    summary="List pilots, optionally of one stage (public; staff and Board also see "
    "non-public pilots)",
)
def list_pilots(request: HttpRequest, filters: Query[PilotFilters]) -> dict:
    if filters.stage and filters.stage not in Pilot.Stage.values:
        raise Problem(
            422,
            "Invalid input",
            errors=[
                {"field": "stage", "message": f"must be one of {', '.join(Pilot.Stage.values)}"}
            ],
        )
    qs = selectors.pilot_list(user=request_user(request), stage=filters.stage)
    count, page = paginate(qs, filters.limit, filters.offset)
    return {"count": count, "items": [_pilot_item(p) for p in page]}


@router.get(
    "/innovation/pilots/{pilot_id}",
    response={200: PilotOut, 404: ProblemSchema},
    auth=None,
    summary="One pilot with its criteria and evaluations (public pilots: everyone, decided "
    "evaluations only; staff and Board: all)",
)
def get_pilot(request: HttpRequest, pilot_id: int) -> dict:
    pilot = _visible_pilot(request, pilot_id)
    return _pilot_out(request_user(request), pilot)


@router.get(
    "/innovation/pilots/{pilot_id}/replication",
    response={200: ReplicationOut, 404: ProblemSchema, 422: ProblemSchema},
    auth=None,
    summary="Municipalities that resemble those where the pilot worked, each explained; never "
    "a participant or an adopter (public for public pilots)",
)
def get_replication(request: HttpRequest, pilot_id: int, limit: int = 20) -> dict:
    if limit < 1 or limit > 947:
        raise Problem(
            422, "Invalid input", errors=[{"field": "limit", "message": "must be 1 to 947"}]
        )
    pilot = _visible_pilot(request, pilot_id)
    result = selectors.replication(pilot=pilot, limit=limit)
    return {
        "pilot": pilot.pk,
        "basis": result.basis,
        "seeds": [s["code"] for s in result.seeds],
        "features": list(result.features_used),
        "notes": result.notes,
        "items": result.items,
    }


@router.post(
    "/innovation/pilots",
    response={201: PilotOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Create a pilot at the idea stage (staff)",
)
def create_pilot(request: HttpRequest, payload: PilotIn) -> tuple[int, dict]:
    require(permissions.can_manage(request.auth))  # type: ignore[attr-defined]
    municipalities = _municipalities(payload.municipalities)
    action_line = _action_line(payload.action_line)
    idea = None
    if payload.idea is not None:
        idea = Idea.objects.filter(pk=payload.idea).first()
        if idea is None:
            raise Problem(422, "Invalid input", errors=[{"field": "idea", "message": "unknown id"}])
    pilot = services.pilot_create(
        name=payload.name,
        challenge=payload.challenge,
        solution=payload.solution,
        municipalities=municipalities,
        start_date=payload.start_date,
        end_date=payload.end_date,
        budget=payload.budget,
        partners="\n".join(payload.partners),
        action_line=action_line,
        is_public=payload.is_public,
        idea=idea,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return 201, _pilot_out(request.auth, selectors.pilot_get(user=request.auth, pk=pilot.pk))  # type: ignore[arg-type, attr-defined]


@router.patch(
    "/innovation/pilots/{pilot_id}",
    response={200: PilotOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Change a pilot's description and participants (staff)",
)
def patch_pilot(request: HttpRequest, pilot_id: int, payload: PilotPatch) -> dict:
    pilot = _staff_pilot(request, pilot_id)
    data = payload.dict(exclude_unset=True)
    municipalities = (
        _municipalities(data.pop("municipalities"))
        if data.get("municipalities") is not None
        else None
    )
    data.pop("municipalities", None)
    if "action_line" in data:
        data["action_line"] = _action_line(data["action_line"])
    if "partners" in data:
        data["partners"] = "\n".join(data["partners"] or [])
    for key in ("name", "challenge", "solution", "is_public"):
        if key in data and data[key] is None:
            raise Problem(
                422, "Invalid input", errors=[{"field": key, "message": "may not be null"}]
            )
    services.pilot_update(
        pilot=pilot,
        by=request.auth,  # type: ignore[attr-defined]
        municipalities=municipalities,
        **data,
    )
    return _pilot_out(request.auth, selectors.pilot_get(user=request.auth, pk=pilot.pk))  # type: ignore[arg-type, attr-defined]


@router.post(
    "/innovation/pilots/{pilot_id}/stage",
    response={200: PilotOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Move a pilot to another stage: idea > pilot > evaluation, or stopped (staff)",
)
def move_pilot(request: HttpRequest, pilot_id: int, payload: StageIn) -> dict:
    pilot = _staff_pilot(request, pilot_id)
    services.pilot_move(pilot=pilot, stage=payload.stage, by=request.auth)  # type: ignore[attr-defined]
    return _pilot_out(request.auth, selectors.pilot_get(user=request.auth, pk=pilot.pk))  # type: ignore[arg-type, attr-defined]


@router.post(
    "/innovation/pilots/{pilot_id}/criteria",
    response={201: CriterionOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Add a success criterion (metric, baseline, target, direction) (staff)",
)
def add_criterion(request: HttpRequest, pilot_id: int, payload: CriterionIn) -> tuple[int, dict]:
    pilot = _staff_pilot(request, pilot_id)
    c = services.criterion_add(
        pilot=pilot,
        metric=payload.metric,
        unit=payload.unit,
        baseline=payload.baseline,
        target=payload.target,
        direction=payload.direction,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return 201, {
        "id": c.pk,
        "metric": c.metric,
        "unit": c.unit,
        "baseline": c.baseline,
        "target": c.target,
        "direction": c.direction,
    }


def _staff_evaluation(request: HttpRequest, evaluation_id: int) -> Evaluation:
    require(permissions.can_manage(request.auth))  # type: ignore[attr-defined]
    evaluation = Evaluation.objects.select_related("pilot").filter(pk=evaluation_id).first()
    if evaluation is None:
        raise Http404(f"No evaluation with id {evaluation_id}")
    return evaluation


@router.patch(
    "/innovation/evaluations/{evaluation_id}",
    response={200: EvaluationOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Change an open evaluation's summary and lessons (staff; 409 once decided)",
)
def patch_evaluation(request: HttpRequest, evaluation_id: int, payload: EvaluationPatch) -> dict:
    evaluation = _staff_evaluation(request, evaluation_id)
    evaluation = services.evaluation_update(
        evaluation=evaluation,
        summary=payload.summary,
        lessons=payload.lessons,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return _evaluation_out(evaluation)


@router.post(
    "/innovation/evaluations/{evaluation_id}/results",
    response={200: EvaluationOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Record results per criterion and participating municipality (staff; 409 once decided)",
)
def post_results(request: HttpRequest, evaluation_id: int, payload: ResultsIn) -> dict:
    evaluation = _staff_evaluation(request, evaluation_id)
    services.evaluation_record_results(
        evaluation=evaluation,
        results=[r.dict() for r in payload.results],
        by=request.auth,  # type: ignore[attr-defined]
    )
    evaluation.refresh_from_db()
    return _evaluation_out(evaluation)


@router.post(
    "/innovation/evaluations/{evaluation_id}/decision",
    response={200: EvaluationOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Decide scale, iterate or stop with reasons; the evaluation becomes immutable "
    "(staff; 409 if already decided)",
)
def post_decision(request: HttpRequest, evaluation_id: int, payload: DecisionIn) -> dict:
    evaluation = _staff_evaluation(request, evaluation_id)
    evaluation = services.evaluation_decide(
        evaluation=evaluation,
        decision=payload.decision,
        reasons=payload.reasons,
        lessons=payload.lessons,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return _evaluation_out(evaluation)


def _offer_out(offer: Offer) -> dict:
    return {
        "id": offer.pk,
        "pilot": offer.pilot_id,
        "municipality": offer.municipality.code,
        "status": offer.status,
        "score": offer.score,
        "reasons": offer.reasons,
        "offered_on": offer.offered_on,
        "responded_on": offer.responded_on,
        "adopted_on": offer.adopted_on,
    }


@router.get(
    "/innovation/pilots/{pilot_id}/offers",
    response={200: list[OfferOut], 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    auth=AUTH,
    summary="Offers of a pilot (staff and Board; a municipal user sees those made to their "
    "municipalities)",
)
def list_offers(request: HttpRequest, pilot_id: int) -> list[dict]:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_view_offers(user))
    pilot = selectors.pilot_get(user=user, pk=pilot_id)
    if pilot is None:
        raise Http404(f"No pilot with id {pilot_id}")
    return [_offer_out(o) for o in selectors.offers_for(user=user, pilot=pilot)]


@router.post(
    "/innovation/pilots/{pilot_id}/offers",
    response={201: OfferOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Offer a scaling pilot to a municipality, keeping the recommendation's score and "
    "reasons (staff)",
)
def create_offer(request: HttpRequest, pilot_id: int, payload: OfferIn) -> tuple[int, dict]:
    pilot = _staff_pilot(request, pilot_id)
    (municipality,) = _municipalities([payload.municipality], field="municipality")
    rec = next(
        (
            item
            for item in selectors.replication(pilot=pilot, limit=947).items
            if item["municipality"] == municipality.code
        ),
        None,
    )
    offer = services.offer_create(
        pilot=pilot,
        municipality=municipality,
        score=None if rec is None else round(_decimal(rec["score"]), 3),
        reasons="" if rec is None else "; ".join(rec["reasons"]),
        notes=payload.notes,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return 201, _offer_out(offer)


def _decimal(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(value))


@router.patch(
    "/innovation/offers/{offer_id}",
    response={200: OfferOut, **WRITE_ERRORS},
    auth=MANAGERS,
    summary="Track an offer: accepted, declined, adopted (staff)",
)
def patch_offer(request: HttpRequest, offer_id: int, payload: OfferPatch) -> dict:
    require(permissions.can_manage(request.auth))  # type: ignore[attr-defined]
    offer = Offer.objects.select_related("municipality").filter(pk=offer_id).first()
    if offer is None:
        raise Http404(f"No offer with id {offer_id}")
    offer = services.offer_set_status(
        offer=offer,
        status=payload.status,
        notes=payload.notes,
        by=request.auth,  # type: ignore[attr-defined]
    )
    return _offer_out(offer)


def _idea_out(idea: Idea) -> dict:
    return {
        "id": idea.pk,
        "title": idea.title,
        "description": idea.description,
        "source": idea.source,
        "municipality": idea.municipality.code if idea.municipality else None,
        "status": idea.status,
        "created_at": idea.created_at,
    }


@router.get(
    "/innovation/ideas",
    response={200: list[IdeaOut], 401: ProblemSchema, 403: ProblemSchema},
    auth=AUTH,
    summary="Ideas (staff and Board: all; municipal users: their municipalities')",
)
def list_ideas(request: HttpRequest) -> list[dict]:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_list_ideas(user))
    return [_idea_out(i) for i in selectors.idea_list(user=user)]


@router.post(
    "/innovation/ideas",
    response={201: IdeaOut, **WRITE_ERRORS},
    auth=allowed(lambda user, **_: permissions.may_propose_ideas(user)),
    summary="Propose an idea (staff; a municipal user for their own municipality)",
)
def create_idea(request: HttpRequest, payload: IdeaIn) -> tuple[int, dict]:
    user = request.auth  # type: ignore[attr-defined]
    require(permissions.can_propose_idea(user, payload.municipality))
    municipality = None
    if payload.municipality:
        (municipality,) = _municipalities([payload.municipality], field="municipality")
    idea = services.idea_create(
        title=payload.title,
        description=payload.description,
        municipality=municipality,
        proposer=user,
        by=user,
    )
    return 201, _idea_out(idea)
