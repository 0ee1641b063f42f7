"""Operations on strategic objectives, action lines and initiatives."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from localret.core.api import Problem

from .. import services
from ..schemas import InitiativeIn, InitiativeOut, InitiativePatch, NodeIn, NodeOut, NodePatch
from .base import STAFF_ONLY, WRITE_ERRORS, _plan_or_404, _staff, router
from .outputs import _action_line, _initiative, _initiative_out, _node_out, _objective


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


def _initiative_fields(data: dict[str, Any]) -> dict[str, Any]:
    from localret.accounts.interface import User, roles
    from localret.territory.interface import Municipality

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
