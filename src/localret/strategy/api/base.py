"""The strategy router and what its operations share: parameters, lookups, permission checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field, field_validator

from localret.core.api import Pagination, Problem, ProblemSchema, allowed, require

from .. import permissions, selectors
from ..models import Plan

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


# --- Indicators and measurements ----------------------------------------------------------------


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def _municipality_or_422(code: str | None) -> Any:
    from localret.territory.interface import Municipality

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


def require_recorder(request: HttpRequest) -> Any:
    require(permissions.can_record_measurements(request.auth))  # type: ignore[attr-defined]
    return request.auth  # type: ignore[attr-defined]
