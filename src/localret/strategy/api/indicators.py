"""Operations on indicators."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query

from localret.core.api import Problem, request_user

from .. import permissions, selectors, services
from ..models import ActionLine, Indicator, Initiative
from ..schemas import IndicatorIn, IndicatorPatch, PlanIndicatorOut
from .base import READ_ERRORS, STAFF_ONLY, WRITE_ERRORS, AsOf, _staff, router
from .outputs import indicator_out


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
    detail = selectors.indicator_detail(ind, params.as_of, viewer=request_user(request))
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
