"""Participation API: plan versions and their diff, consultations, contributions.

Contract: ``GET /api/v1/plans/{slug}/versions`` answers ``items[]`` with ``number``, ``status``,
``created_at``; ``GET /api/v1/plans/{slug}/versions/{a}/diff/{b}`` answers ``changes[]`` with
``kind`` (added | removed | changed), ``element``, ``before`` and ``after``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from localret.accounts.interface import User
from localret.core.api import AUTH, Problem, ProblemSchema, allowed, request_user, require

from . import diffing, permissions, selectors, services
from .models import Consultation, PlanVersion, Proposal

router = Router(tags=["participation"])

# Who may call a write, checked before the body is read (core.api.allowed): a refused user
# gets 403 whatever they send.
MANAGERS = allowed(lambda user, **_: permissions.can_manage(user))
CONTRIBUTORS = allowed(lambda user, **_: permissions.may_contribute(user))

ERRORS: dict[int, Any] = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema}


class VersionOut(Schema):
    number: int
    status: str
    created_at: dt.datetime
    created_by: str | None
    note: str
    approved_at: dt.datetime | None
    agreement_ref: str
    is_demo: bool


class VersionPage(Schema):
    count: int
    items: list[VersionOut]


class VersionDetail(VersionOut):
    snapshot: dict[str, Any]
    baselines: dict[str, Any]


class FieldChangeOut(Schema):
    field: str
    before: Any = None
    after: Any = None
    marks: list[tuple[str, str]] | None = None


class ChangeOut(Schema):
    kind: str
    element: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    fields: list[FieldChangeOut]


class DiffOut(Schema):
    plan: str
    a: int
    b: int
    summary: dict[str, int]
    changes: list[ChangeOut]


class ConsultationIn(Schema):
    plan: str
    title: str
    description: str = ""
    opens_on: dt.date
    closes_on: dt.date
    status: str = "open"


class ConsultationOut(Schema):
    id: int
    plan: str
    title: str
    description: str
    opens_on: dt.date
    closes_on: dt.date
    status: str
    is_demo: bool


class ConsultationPage(Schema):
    count: int
    items: list[ConsultationOut]


class CommentIn(Schema):
    element: str
    text: str


class CommentOut(Schema):
    id: int
    element: str
    author: str | None
    text: str
    created_at: dt.datetime


class ProposalIn(Schema):
    kind: str
    element: str
    parent: str = ""
    fields: dict[str, Any] = {}
    rationale: str = ""


class ProposalOut(Schema):
    id: int
    kind: str
    element: str
    parent: str
    fields: dict[str, Any]
    rationale: str
    author: str | None
    created_at: dt.datetime
    status: str
    answer: str
    supports: int
    resulting_version: int | None


class ConsultationDetail(ConsultationOut):
    proposals: list[ProposalOut]
    comments: list[CommentOut]


class InvitationIn(Schema):
    username: str


class ProposalDecisionIn(Schema):
    decision: str
    answer: str


def _plan_or_404(slug: str) -> Any:
    plan = selectors.plan_get(slug)
    if plan is None:
        raise Http404(f"No plan {slug}")
    return plan


def _version_out(v: PlanVersion, show_authors: bool = False) -> dict[str, Any]:
    return {
        "number": v.number,
        "status": v.status,
        "created_at": v.created_at,
        "created_by": str(v.created_by) if v.created_by and show_authors else None,
        "note": v.note,
        "approved_at": v.approved_at,
        "agreement_ref": v.agreement_ref,
        "is_demo": v.is_demo,
    }


@router.get(
    "/plans/{slug}/versions",
    response={200: VersionPage, **ERRORS},
    auth=None,
    summary="Versions of a plan (staff, Board, invited collaborators; public if approved)",
)
def list_versions(request: HttpRequest, slug: str) -> dict:
    """Staff and Board: every plan. Collaborators: plans of consultations they are invited to.
    Public (and everyone else): approved and closed plans only."""
    plan = _plan_or_404(slug)
    user = request_user(request)
    require(permissions.can_view_versions(user, plan))
    versions = list(selectors.version_list(plan))
    names = permissions.can_see_authors(user, plan)
    return {"count": len(versions), "items": [_version_out(v, names) for v in versions]}


def _version_or_404(plan: Any, number: int) -> PlanVersion:
    version = selectors.version_get(plan, number)
    if version is None:
        raise Http404(f"No version {number} of plan {plan.slug}")
    return version


@router.get(
    "/plans/{slug}/versions/{number}",
    response={200: VersionDetail, **ERRORS},
    auth=None,
    summary="One version with its snapshot (same readers as the version list)",
)
def get_version(request: HttpRequest, slug: str, number: int) -> dict:
    plan = _plan_or_404(slug)
    user = request_user(request)
    require(permissions.can_view_versions(user, plan))
    version = _version_or_404(plan, number)
    names = permissions.can_see_authors(user, plan)
    return {
        **_version_out(version, names),
        "snapshot": version.snapshot,
        "baselines": version.baselines,
    }


@router.get(
    "/plans/{slug}/versions/{a}/diff/{b}",
    response={200: DiffOut, **ERRORS},
    auth=None,
    summary="Changes from version a to version b (same readers as the version list)",
)
def diff_versions(request: HttpRequest, slug: str, a: int, b: int) -> dict:
    plan = _plan_or_404(slug)
    require(permissions.can_view_versions(request_user(request), plan))
    va, vb = _version_or_404(plan, a), _version_or_404(plan, b)
    changes = selectors.version_diff(va, vb)
    return {
        "plan": plan.slug,
        "a": a,
        "b": b,
        "summary": diffing.summary(changes),
        "changes": [{**c, "fields": diffing.field_changes(c)} for c in changes],
    }


def _consultation_out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "plan": c.plan.slug,
        "title": c.title,
        "description": c.description,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "status": c.status,
        "is_demo": c.is_demo,
    }


def _proposal_out(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "element": p.element,
        "parent": p.parent,
        "fields": p.fields,
        "rationale": p.rationale,
        "author": str(p.author) if p.author else None,
        "created_at": p.created_at,
        "status": p.status,
        "answer": p.answer,
        "supports": getattr(p, "n_supports", None) or p.supports.count(),
        "resulting_version": p.resulting_version.number if p.resulting_version else None,
    }


def _consultation_or_404(pk: int) -> Consultation:
    consultation = selectors.consultation_get(pk)
    if consultation is None:
        raise Http404(f"No consultation {pk}")
    return consultation


@router.get(
    "/consultations",
    response={200: ConsultationPage, **ERRORS},
    auth=AUTH,
    summary="Consultations (staff and Board: all; collaborators: those they are invited to)",
)
def list_consultations(request: HttpRequest) -> dict:
    require(permissions.can_list_consultations(request.user))
    items = [_consultation_out(c) for c in selectors.consultation_list(request.user)]
    return {"count": len(items), "items": items}


@router.post(
    "/consultations",
    response={201: ConsultationOut, 422: ProblemSchema, **ERRORS},
    auth=MANAGERS,
    summary="Publish a draft plan for consultation (staff)",
)
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> tuple[int, dict]:
    require(permissions.can_manage(request.user))
    plan = selectors.plan_get(payload.plan)
    if plan is None:
        raise Problem(422, "Invalid input", errors=[{"field": "plan", "message": "no such plan"}])
    consultation = services.consultation_create(
        plan=plan,
        by=request.user,
        title=payload.title,
        description=payload.description,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        status=payload.status,
    )
    return 201, _consultation_out(consultation)


@router.get(
    "/consultations/{pk}",
    response={200: ConsultationDetail, **ERRORS},
    auth=AUTH,
    summary="A consultation with its proposals and comments (staff, Board, invited)",
)
def get_consultation(request: HttpRequest, pk: int) -> dict:
    consultation = _consultation_or_404(pk)
    require(permissions.can_view_consultation(request.user, consultation))
    return {
        **_consultation_out(consultation),
        "proposals": [_proposal_out(p) for p in selectors.proposals_of(consultation)],
        "comments": [
            {
                "id": c.pk,
                "element": c.element,
                "author": str(c.author) if c.author else None,
                "text": c.text,
                "created_at": c.created_at,
            }
            for c in selectors.comments_of(consultation)
        ],
    }


@router.post(
    "/consultations/{pk}/invitations",
    response={201: dict, 422: ProblemSchema, **ERRORS},
    auth=MANAGERS,
    summary="Invite a collaborator to a consultation (staff)",
)
def invite(request: HttpRequest, pk: int, payload: InvitationIn) -> tuple[int, dict]:
    consultation = _consultation_or_404(pk)
    require(permissions.can_manage(request.user))
    user = User.objects.filter(username=payload.username).first()
    services.invitation_create(consultation=consultation, user=user, by=request.user)
    return 201, {"consultation": consultation.pk, "username": payload.username}


@router.post(
    "/consultations/{pk}/comments",
    response={201: CommentOut, 422: ProblemSchema, **ERRORS},
    auth=CONTRIBUTORS,
    summary="Comment on a plan element (staff and invited collaborators, while open)",
)
def create_comment(request: HttpRequest, pk: int, payload: CommentIn) -> tuple[int, dict]:
    consultation = _consultation_or_404(pk)
    require(permissions.can_view_consultation(request.user, consultation))
    require(
        permissions.can_manage(request.user) or permissions.is_invited(request.user, consultation)
    )
    comment = services.comment_create(
        consultation=consultation, by=request.user, element=payload.element, text=payload.text
    )
    return 201, {
        "id": comment.pk,
        "element": comment.element,
        "author": str(comment.author),
        "text": comment.text,
        "created_at": comment.created_at,
    }


@router.post(
    "/consultations/{pk}/proposals",
    response={201: ProposalOut, 422: ProblemSchema, **ERRORS},
    auth=CONTRIBUTORS,
    summary="Propose to add, change or remove an element (staff and invited, while open)",
)
def create_proposal(request: HttpRequest, pk: int, payload: ProposalIn) -> tuple[int, dict]:
    consultation = _consultation_or_404(pk)
    require(
        permissions.can_manage(request.user) or permissions.is_invited(request.user, consultation)
    )
    proposal = services.proposal_create(
        consultation=consultation,
        by=request.user,
        kind=payload.kind,
        element=payload.element,
        parent=payload.parent,
        fields=payload.fields,
        rationale=payload.rationale,
    )
    return 201, _proposal_out(proposal)


def _proposal_or_404(pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("consultation__plan").filter(pk=pk).first()
    if proposal is None:
        raise Http404(f"No proposal {pk}")
    return proposal


@router.post(
    "/proposals/{pk}/support",
    response={201: dict, 422: ProblemSchema, **ERRORS},
    auth=CONTRIBUTORS,
    summary="Support someone else's proposal, once (staff and invited, while open)",
)
def support(request: HttpRequest, pk: int) -> tuple[int, dict]:
    proposal = _proposal_or_404(pk)
    consultation = proposal.consultation
    require(
        permissions.can_manage(request.user) or permissions.is_invited(request.user, consultation)
    )
    services.support_create(proposal=proposal, by=request.user)
    return 201, {"proposal": proposal.pk, "supports": proposal.supports.count()}


@router.post(
    "/proposals/{pk}/decision",
    response={200: ProposalOut, 422: ProblemSchema, **ERRORS},
    auth=MANAGERS,
    summary="Accept or reject a proposal with a public answer (staff)",
)
def decide(request: HttpRequest, pk: int, payload: ProposalDecisionIn) -> dict:
    proposal = _proposal_or_404(pk)
    require(permissions.can_manage(request.user))
    if payload.decision not in ("accept", "reject"):
        raise Problem(
            422,
            "Invalid input",
            errors=[{"field": "decision", "message": "must be accept or reject"}],
        )
    proposal = services.proposal_decide(
        proposal=proposal,
        by=request.user,
        accept=payload.decision == "accept",
        answer=payload.answer,
    )
    return _proposal_out(proposal)
