"""API of the strategic plan (contract in issue 4, documented in the README).

Reads are public for approved and closed plans; staff and Board members also read drafts.
Every write is for Localret staff only: municipal users, Board members and collaborators get
403, anonymous callers 401. No endpoint sets a plan's status: approval and closure happen only
through ``services.plan_approve`` / ``plan_close`` when the Board records an agreement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field, field_validator

from localret.core import cache as data_cache
from localret.core.api import (
    Pagination,
    Problem,
    ProblemSchema,
    allowed,
    paginate,
    request_user,
    require,
)
from localret.core.tabular import ImportFailed

from . import permissions, selectors, services
from .models import ActionLine, Indicator, Initiative, Measurement, Plan, StrategicObjective
from .schemas import (
    IndicatorIn,
    IndicatorPatch,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    MeasurementImportOut,
    MeasurementIn,
    MeasurementPatch,
    MeasurementWrittenOut,
    NodeIn,
    NodeOut,
    NodePatch,
    PlanCopyIn,
    PlanIn,
    PlanIndicatorOut,
    PlanOut,
    PlanPage,
    PlanPatch,
    PlanSummary,
    explanation_out,
)
from .snapshot import READS, plan_snapshot

router = Router(tags=["strategic plan"])

MAX_IMPORT_BYTES = 5 * 1024 * 1024
READ_ERRORS = {404: ProblemSchema, 422: ProblemSchema}
WRITE_ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema}


class AsOf(Schema):
    as_of: dt.date | None = Field(
        None, description="YYYY-MM-DD: the plan as it stood then (empty or absent: today)"
    )

    @field_validator("as_of", mode="before")
    @classmethod
    def _empty_is_today(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class PlanListParams(Pagination, AsOf):
    pass


def _plan_or_404(slug: str, user: Any) -> Plan:
    plan = selectors.plan_get(slug, user)
    if plan is None:
        raise Http404(f"No plan '{slug}'")
    return plan


# Every write of the plan is for Localret staff, checked before the request body is read:
# Board members, municipal users and collaborators get 403 whatever they send; no token, 401.
STAFF_ONLY = allowed(lambda user, **_: permissions.can_edit_plan(user))


def _staff(request: HttpRequest) -> Any:
    require(permissions.can_edit_plan(request.auth), "Only Localret staff may change the plan.")  # type: ignore[attr-defined]
    return request.auth  # type: ignore[attr-defined]


def plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "name": plan.name,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "mandate_end": plan.mandate_end,
        "is_demo": plan.is_demo,
    }


def _indicator_node(n: selectors.Node) -> dict[str, Any]:
    return {
        "code": n.code,
        "name": n.name,
        "unit": n.obj.unit,
        "weight": n.weight,
        "current_value": n.current_value,
        "last_date": n.last_date,
        "progress": n.progress,
        "expected_progress": n.expected_progress,
        "status": n.status,
    }


def _node(n: selectors.Node) -> dict[str, Any]:
    return {
        "code": n.code,
        "name": n.name,
        "weight": n.weight,
        "progress": n.progress,
        "expected_progress": n.expected_progress,
        "status": n.status,
        "explanation": explanation_out(n),
    }


def plan_out(tree: selectors.PlanTree) -> dict[str, Any]:
    """The JSON of ``GET /plans/{slug}`` (also used by reporting's exports)."""
    plan = tree.plan
    return {
        **plan_summary(plan),
        "approval_ref": plan.approval_ref,
        "closure_ref": plan.closure_ref,
        "as_of": tree.as_of,
        "mission": plan.mission,
        "vision": plan.vision,
        "values": [{"name": v.name, "description": v.description} for v in tree.values],
        "on_track_ratio": tree.thresholds.on_track,
        "at_risk_ratio": tree.thresholds.at_risk,
        "progress": tree.progress,
        "expected_progress": tree.expected_progress,
        "progress_status": tree.status,
        "explanation": explanation_out(tree.root),
        "objectives": [
            {
                **_node(o),
                "action_lines": [
                    {
                        **_node(a),
                        "initiatives": [
                            {
                                **_node(i),
                                "status_of_initiative": i.obj.status,
                                "indicators": [_indicator_node(x) for x in i.indicators],
                            }
                            for i in a.initiatives
                        ],
                        "indicators": [_indicator_node(x) for x in a.indicators],
                    }
                    for a in o.action_lines
                ],
            }
            for o in tree.objectives
        ],
    }


# --- Plans --------------------------------------------------------------------------------------


@router.get(
    "/plans",
    response={200: PlanPage, 422: ProblemSchema},
    auth=None,
    summary="List plans as of a date (public: approved and closed then; staff and Board: "
    "drafts too)",
)
def list_plans(request: HttpRequest, params: Query[PlanListParams]) -> dict:
    plans = selectors.plan_list_at(request_user(request), params.as_of)
    count, page = paginate(plans, params.limit, params.offset)
    return {"count": count, "items": [plan_summary(p) for p in page]}


@router.get(
    "/plans/{slug}",
    response={200: PlanOut, **READ_ERRORS},
    auth=None,
    summary="A plan with objectives and action lines, progress and status, as of a date "
    "(public: approved and closed; staff and Board: drafts too)",
)
def get_plan(request: HttpRequest, slug: str, params: Query[AsOf]) -> HttpResponse:
    user = request_user(request)
    as_of = params.as_of or selectors.today()
    live = selectors.is_live(as_of)
    # The body is the same for every viewer allowed to read the plan. It is cached with the
    # plan's status, so a hit skips the plan lookup but not the check of who may read it.
    key = data_cache.key("strategy:plan-api", READS, (slug, as_of, live))
    hit = cache.get(key)
    if hit is not None and (hit[0] in selectors.PUBLIC_STATUSES or selectors.can_see_drafts(user)):
        return HttpResponse(hit[1], content_type="application/json")
    plan = _plan_or_404(slug, user)
    try:
        tree = plan_snapshot(plan, as_of)
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    # Serialised directly (the schema above documents it; tests check the contract): response
    # validation of a few thousand nested fields would double the cost of the request.
    response = JsonResponse(plan_out(tree), encoder=DjangoJSONEncoder)
    # Cached with the status the plan had on that date: a draft then is for staff and Board.
    cache.set(key, (tree.plan.status, response.content), data_cache.TIMEOUT)
    if not permissions.can_read_plan(user, tree.plan):  # the plan as it stood then
        raise Http404("The plan was not public on that date.")
    return response


@router.post(
    "/plans",
    response={201: PlanSummary, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Create a draft plan (staff)",
)
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, dict]:
    by = _staff(request)
    data = payload.dict()
    data["values"] = [(v["name"], v["description"]) for v in data["values"]]
    plan = services.plan_create(by=by, **data)
    return 201, plan_summary(plan)


@router.patch(
    "/plans/{slug}",
    response={200: PlanSummary, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Change a plan, never its status (staff)",
)
def patch_plan(request: HttpRequest, slug: str, payload: PlanPatch) -> dict:
    by = _staff(request)
    plan = _plan_or_404(slug, by)
    data = payload.dict(exclude_unset=True)
    values = data.pop("values", None)
    if values is not None:
        values = [(v["name"], v["description"]) for v in values]
    services.plan_update(plan=plan, by=by, values=values, **data)
    return plan_summary(plan)


@router.delete(
    "/plans/{slug}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete a draft plan (staff)",
)
def delete_plan(request: HttpRequest, slug: str) -> tuple[int, None]:
    by = _staff(request)
    plan = _plan_or_404(slug, by)
    services.plan_delete(plan=plan, by=by)
    return 204, None


@router.post(
    "/plans/{slug}/copy",
    response={201: PlanSummary, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Copy a plan's structure into a new draft plan for the next mandate (staff)",
)
def copy_plan(request: HttpRequest, slug: str, payload: PlanCopyIn) -> tuple[int, dict]:
    by = _staff(request)
    plan = _plan_or_404(slug, by)
    new = services.plan_copy(plan=plan, by=by, **payload.dict())
    return 201, plan_summary(new)


# --- Objectives, action lines, initiatives ------------------------------------------------------


def _node_out(obj: Any) -> dict[str, Any]:
    return {
        "code": obj.code,
        "name": obj.name,
        "description": obj.description,
        "weight": float(obj.weight),
        "position": obj.position,
    }


def _objective(plan: Plan, code: str) -> StrategicObjective:
    obj = plan.objectives.filter(code=code).first()
    if obj is None:
        raise Http404(f"No objective '{code}' in this plan")
    return obj


def _action_line(plan: Plan, code: str) -> ActionLine:
    obj = (
        ActionLine.objects.select_related("objective__plan")
        .filter(objective__plan=plan, code=code)
        .first()
    )
    if obj is None:
        raise Http404(f"No action line '{code}' in this plan")
    return obj


def _initiative(plan: Plan, code: str) -> Initiative:
    obj = (
        Initiative.objects.select_related("action_line__objective__plan")
        .filter(action_line__objective__plan=plan, code=code)
        .first()
    )
    if obj is None:
        raise Http404(f"No initiative '{code}' in this plan")
    return obj


@router.post(
    "/plans/{slug}/objectives",
    response={201: NodeOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Add a strategic objective (staff)",
)
def create_objective(request: HttpRequest, slug: str, payload: NodeIn) -> tuple[int, dict]:
    by = _staff(request)
    plan = _plan_or_404(slug, by)
    obj = services.objective_create(plan=plan, by=by, **payload.dict())
    return 201, _node_out(obj)


@router.patch(
    "/plans/{slug}/objectives/{code}",
    response={200: NodeOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Change a strategic objective (staff)",
)
def patch_objective(request: HttpRequest, slug: str, code: str, payload: NodePatch) -> dict:
    by = _staff(request)
    obj = _objective(_plan_or_404(slug, by), code)
    services.objective_update(objective=obj, by=by, **payload.dict(exclude_unset=True))
    return _node_out(obj)


@router.delete(
    "/plans/{slug}/objectives/{code}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete a strategic objective and everything under it (staff)",
)
def delete_objective(request: HttpRequest, slug: str, code: str) -> tuple[int, None]:
    by = _staff(request)
    obj = _objective(_plan_or_404(slug, by), code)
    services.objective_delete(objective=obj, by=by)
    return 204, None


@router.post(
    "/plans/{slug}/objectives/{code}/action-lines",
    response={201: NodeOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Add an action line to an objective (staff)",
)
def create_action_line(
    request: HttpRequest, slug: str, code: str, payload: NodeIn
) -> tuple[int, dict]:
    by = _staff(request)
    objective = _objective(_plan_or_404(slug, by), code)
    obj = services.action_line_create(objective=objective, by=by, **payload.dict())
    return 201, _node_out(obj)


@router.patch(
    "/plans/{slug}/action-lines/{code}",
    response={200: NodeOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Change an action line (staff)",
)
def patch_action_line(request: HttpRequest, slug: str, code: str, payload: NodePatch) -> dict:
    by = _staff(request)
    obj = _action_line(_plan_or_404(slug, by), code)
    services.action_line_update(action_line=obj, by=by, **payload.dict(exclude_unset=True))
    return _node_out(obj)


@router.delete(
    "/plans/{slug}/action-lines/{code}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete an action line and everything under it (staff)",
)
def delete_action_line(request: HttpRequest, slug: str, code: str) -> tuple[int, None]:
    by = _staff(request)
    obj = _action_line(_plan_or_404(slug, by), code)
    services.action_line_delete(action_line=obj, by=by)
    return 204, None


def _initiative_out(obj: Initiative) -> dict[str, Any]:
    return {
        **_node_out(obj),
        "action_line": obj.action_line.code,
        "owner": obj.owner,
        "responsible": obj.responsible.username if obj.responsible else None,
        "start_date": obj.start_date,
        "end_date": obj.end_date,
        "budget_planned": obj.budget_planned,
        "budget_executed": obj.budget_executed,
        "status": obj.status,
        "municipalities": sorted(m.code for m in obj.municipalities.all()),
    }


def _initiative_fields(data: dict[str, Any]) -> dict[str, Any]:
    from localret.accounts import roles
    from localret.accounts.models import User
    from localret.territory.models import Municipality

    errors = []
    if data.get("responsible"):
        user = User.objects.filter(username=data["responsible"]).first()
        if user is None or not roles.is_staff_member(user):
            errors.append({"field": "responsible", "message": "not a Localret staff member"})
        data["responsible"] = user
    if data.get("municipalities") is not None:
        codes = data["municipalities"]
        found = list(Municipality.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {m.code for m in found})
        if missing:
            errors.append(
                {"field": "municipalities", "message": f"unknown codes: {', '.join(missing)}"}
            )
        data["municipalities"] = found
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    return data


@router.post(
    "/plans/{slug}/action-lines/{code}/initiatives",
    response={201: InitiativeOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Add an initiative to an action line (staff)",
)
def create_initiative(
    request: HttpRequest, slug: str, code: str, payload: InitiativeIn
) -> tuple[int, dict]:
    by = _staff(request)
    line = _action_line(_plan_or_404(slug, by), code)
    data = _initiative_fields(payload.dict())
    obj = services.initiative_create(action_line=line, by=by, **data)
    return 201, _initiative_out(obj)


@router.patch(
    "/plans/{slug}/initiatives/{code}",
    response={200: InitiativeOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Change an initiative (staff)",
)
def patch_initiative(request: HttpRequest, slug: str, code: str, payload: InitiativePatch) -> dict:
    by = _staff(request)
    obj = _initiative(_plan_or_404(slug, by), code)
    data = _initiative_fields(payload.dict(exclude_unset=True))
    services.initiative_update(initiative=obj, by=by, **data)
    return _initiative_out(obj)


@router.delete(
    "/plans/{slug}/initiatives/{code}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete an initiative and its indicators (staff)",
)
def delete_initiative(request: HttpRequest, slug: str, code: str) -> tuple[int, None]:
    by = _staff(request)
    obj = _initiative(_plan_or_404(slug, by), code)
    services.initiative_delete(initiative=obj, by=by)
    return 204, None


# --- Indicators and measurements ----------------------------------------------------------------


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def indicator_out(detail: selectors.IndicatorDetail) -> dict[str, Any]:
    ind = detail.indicator
    f = detail.forecast
    return {
        "code": ind.code,
        "name": ind.name,
        "definition": ind.definition,
        "unit": ind.unit,
        "direction": ind.direction,
        "range_low": None if ind.range_low is None else float(ind.range_low),
        "range_high": None if ind.range_high is None else float(ind.range_high),
        "plausible_low": _float_or_none(getattr(ind, "plausible_low", None)),
        "plausible_high": _float_or_none(getattr(ind, "plausible_high", None)),
        "cumulative": ind.cumulative,
        "plan": detail.plan.slug,
        "action_line": detail.action_line.code if detail.action_line else None,
        "initiative": detail.initiative.code if detail.initiative else None,
        "baseline_value": detail.baseline_value,
        "baseline_date": detail.baseline_date,
        "target_value": detail.target_value,
        "target_date": detail.target_date,
        "frequency": ind.frequency,
        "source": ind.source,
        "owner": ind.owner,
        "aggregation": ind.aggregation,
        "computed_key": ind.computed_key,
        "milestones": [{"date": d, "value": v} for d, v in detail.milestones],
        "as_of": detail.as_of,
        "defined_later": detail.defined_later,
        "measurements": [
            {
                "id": m.id,
                "date": m.date,
                "value": m.value,
                "municipality": m.municipality or None,
                "source": m.source,
            }
            for m in detail.measurements
        ],
        "current_value": detail.current_value,
        "progress": detail.progress,
        "expected_progress": detail.expected_progress,
        "status": detail.status,
        "forecast": None
        if not f.ok
        else {
            "value_at_target_date": f.value_at_target_date,
            "low": f.low,
            "high": f.high,
            "probability_of_target": f.probability_of_target,
            "level": f.level,
        },
        "forecast_reason": f.reason,
        "by_municipality": [
            {"municipality": m.code, "name": m.name, "value": m.value, "date": m.date}
            for m in detail.by_municipality
        ],
    }


def _indicator_for_write(code: str) -> Indicator:
    ind = (
        Indicator.objects.select_related(
            "action_line__objective__plan", "initiative__action_line__objective__plan"
        )
        .filter(code=code)
        .first()
    )
    if ind is None:
        raise Http404(f"No indicator '{code}'")
    return ind


@router.post(
    "/indicators",
    response={201: PlanIndicatorOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Create an indicator on an action line or an initiative (staff)",
)
def create_indicator(request: HttpRequest, payload: IndicatorIn) -> tuple[int, dict]:
    by = _staff(request)
    data = payload.dict()
    plan = selectors.plan_get(data.pop("plan"), by)
    if plan is None:
        raise Problem(422, "Invalid input", errors=[{"field": "plan", "message": "unknown plan"}])
    line_code, initiative_code = data.pop("action_line"), data.pop("initiative")
    if bool(line_code) == bool(initiative_code):
        raise Problem(
            422,
            "Invalid input",
            errors=[
                {
                    "field": "action_line",
                    "message": "give an action line or an initiative, not both"
                    if line_code
                    else "required: the code of an action line (or give an initiative)",
                }
            ],
        )
    line = initiative = None
    if line_code:
        line = plan_action_line = ActionLine.objects.filter(
            objective__plan=plan, code=line_code
        ).first()
        if plan_action_line is None:
            raise Problem(
                422, "Invalid input", errors=[{"field": "action_line", "message": "unknown code"}]
            )
    else:
        initiative = Initiative.objects.filter(
            action_line__objective__plan=plan, code=initiative_code
        ).first()
        if initiative is None:
            raise Problem(
                422, "Invalid input", errors=[{"field": "initiative", "message": "unknown code"}]
            )
    if Indicator.objects.filter(code=data["code"]).exists():
        raise Problem(
            422, "Invalid input", errors=[{"field": "code", "message": "code already in use"}]
        )
    milestones = [(m["date"], m["value"]) for m in data.pop("milestones")]
    ind = services.indicator_create(
        by=by, action_line=line, initiative=initiative, milestones=milestones, **data
    )
    return 201, indicator_out(selectors.indicator_detail(ind, viewer=by))


@router.get(
    "/indicators/{code}",
    response={200: PlanIndicatorOut, **READ_ERRORS},
    auth=None,
    summary="An indicator with measurements, progress, status and forecast, as of a date "
    "(public for approved and closed plans; staff and Board: drafts too)",
)
def get_indicator(request: HttpRequest, code: str, params: Query[AsOf]) -> dict:
    ind = selectors.indicator_get(code, request_user(request))
    if ind is None:
        raise Http404(f"No indicator '{code}'")
    try:
        detail = selectors.indicator_detail(ind, params.as_of, viewer=request_user(request))
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    if not permissions.can_read_plan(request_user(request), detail.plan):
        raise Http404("The plan was not public on that date.")
    return indicator_out(detail)


@router.patch(
    "/indicators/{code}",
    response={200: PlanIndicatorOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Change an indicator (staff)",
)
def patch_indicator(request: HttpRequest, code: str, payload: IndicatorPatch) -> dict:
    by = _staff(request)
    ind = _indicator_for_write(code)
    data = payload.dict(exclude_unset=True)
    milestones = data.pop("milestones", None)
    if milestones is not None:
        milestones = [(m["date"], m["value"]) for m in milestones]
    services.indicator_update(indicator=ind, by=by, milestones=milestones, **data)
    return indicator_out(selectors.indicator_detail(ind, viewer=by))


@router.delete(
    "/indicators/{code}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete an indicator and its measurements (staff)",
)
def delete_indicator(request: HttpRequest, code: str) -> tuple[int, None]:
    by = _staff(request)
    ind = _indicator_for_write(code)
    services.indicator_delete(indicator=ind, by=by)
    return 204, None


def _municipality_or_422(code: str | None) -> Any:
    from localret.territory.models import Municipality

    if not code:
        return None
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Problem(
            422,
            "Invalid input",
            errors=[{"field": "municipality", "message": f"unknown municipality code '{code}'"}],
        )
    return municipality


def _measurement_out(m: Measurement, warnings: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": m.pk,
        "date": m.date,
        "value": float(m.value),
        "municipality": m.municipality.code if m.municipality is not None else None,
        "source": m.source,
        "warnings": warnings or [],
    }


@router.post(
    "/indicators/{code}/measurements",
    response={201: MeasurementWrittenOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Record a measurement of an indicator (staff). Any finite number, kept to 8 decimal "
    "places; an implausible value is refused (422), an unusual one recorded with `warnings`",
)
def create_measurement(request: HttpRequest, code: str, payload: MeasurementIn) -> tuple[int, dict]:
    by = require_recorder(request)
    ind = _indicator_for_write(code)
    municipality = _municipality_or_422(payload.municipality)
    warnings = selectors.measurement_warnings(
        indicator=ind, date=payload.date, value=payload.value, municipality=municipality
    )
    m = services.measurement_create(
        indicator=ind,
        by=by,
        date=payload.date,
        value=payload.value,
        municipality=municipality,
        source=payload.source,
    )
    return 201, _measurement_out(m, warnings)


def _measurement_or_404(ind: Indicator, measurement_id: int) -> Measurement:
    m = (
        Measurement.objects.select_related("municipality")
        .filter(indicator=ind, pk=measurement_id)
        .first()
    )
    if m is None:
        raise Http404(f"No measurement {measurement_id} of indicator '{ind.code}'")
    return m


@router.patch(
    "/indicators/{code}/measurements/{measurement_id}",
    response={200: MeasurementWrittenOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Correct a measurement: value, date, municipality or source, with an optional "
    "reason kept in its history (staff)",
)
def patch_measurement(
    request: HttpRequest, code: str, measurement_id: int, payload: MeasurementPatch
) -> dict:
    by = require_recorder(request)
    ind = _indicator_for_write(code)
    m = _measurement_or_404(ind, measurement_id)
    sent = payload.model_dump(exclude_unset=True)
    reason = sent.pop("reason", "") or ""
    fields: dict[str, Any] = {}
    for name in ("date", "value", "source"):
        if name in sent:
            if sent[name] is None:
                raise Problem(
                    422, "Invalid input", errors=[{"field": name, "message": "cannot be null"}]
                )
            fields[name] = sent[name]
    if "municipality" in sent:
        fields["municipality"] = _municipality_or_422(sent["municipality"])
    warnings = []
    if "value" in fields:
        warnings = selectors.measurement_warnings(
            indicator=ind,
            date=fields.get("date", m.date),
            value=fields["value"],
            municipality=fields.get("municipality", m.municipality),
            exclude_id=m.pk,
        )
    m = services.measurement_update(measurement=m, by=by, reason=reason, **fields)
    return _measurement_out(m, warnings)


@router.delete(
    "/indicators/{code}/measurements/{measurement_id}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete a wrong measurement; its history keeps it, with the optional reason (staff)",
)
def delete_measurement(
    request: HttpRequest, code: str, measurement_id: int, reason: str = ""
) -> tuple[int, None]:
    by = require_recorder(request)
    ind = _indicator_for_write(code)
    m = _measurement_or_404(ind, measurement_id)
    services.measurement_delete(measurement=m, by=by, reason=reason.strip()[:100])
    return 204, None


def require_recorder(request: HttpRequest) -> Any:
    require(permissions.can_record_measurements(request.auth))  # type: ignore[attr-defined]
    return request.auth  # type: ignore[attr-defined]


@router.post(
    "/measurements/import",
    response={200: MeasurementImportOut, 413: ProblemSchema, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Import measurements from CSV or XLSX (multipart 'file', at most 5 MB, else 413); "
    "dry_run=true previews (staff)",
)
def import_measurements(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = True
) -> dict:
    by = request.auth  # type: ignore[attr-defined]
    require(permissions.can_import_measurements(by))
    if file.size and file.size > MAX_IMPORT_BYTES:  # normally refused before (core/uploads.py)
        raise Problem(
            413,
            "Content too large",
            errors=[{"field": "file", "message": f"at most {MAX_IMPORT_BYTES} bytes"}],
        )
    data = file.read()
    try:
        result = services.measurements_import(
            data=data, filename=file.name or "file", by=by, dry_run=dry_run
        )
    except ImportFailed as exc:
        raise Problem(
            422,
            "The file is not valid; nothing was imported",
            detail=str(exc),
            errors=services.import_error_list(exc),
        ) from exc
    return {
        "dry_run": result.dry_run,
        "rows": len(result.rows),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "changes": [
            {
                "row": r.row,
                "indicator": r.indicator,
                "date": r.date,
                "municipality": r.municipality,
                "value": float(r.value),
                "previous": None if r.previous is None else float(r.previous),
                "action": r.action,
            }
            for r in result.rows
        ],
    }
