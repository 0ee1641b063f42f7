"""Operations on plans: list, read at a date, create, edit, delete, copy."""

from __future__ import annotations

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Query

from localret.core import cache as data_cache
from localret.core.api import ProblemSchema, paginate, request_user

from .. import permissions, selectors, services
from ..schemas import PlanCopyIn, PlanIn, PlanOut, PlanPage, PlanPatch, PlanSummary
from ..snapshot import READS, plan_snapshot
from .base import (
    READ_ERRORS,
    STAFF_ONLY,
    WRITE_ERRORS,
    AsOf,
    PlanListParams,
    _plan_or_404,
    _staff,
    router,
)
from .outputs import plan_out, plan_summary

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
    tree = plan_snapshot(plan, as_of)  # PlanNotFound (a NotFound): 404 from core.api
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
