"""Writes of participatory drafting: keyword-only, atomic, audited.

Invalid input raises :class:`InvalidInput` with ``errors: [{field, message}]`` and writes nothing.
Permissions are checked by the callers (views and API) with :mod:`.permissions`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.accounts.interface import roles
from localret.core import hooks
from localret.core.audit import audited_save
from localret.core.errors import Invalid

from . import drafting, structure
from .models import (
    Comment,
    Consultation,
    Invitation,
    Lesson,
    PlanVersion,
    Proposal,
    Support,
)


class InvalidInput(Invalid):
    """Input that cannot be saved (``core.errors.Invalid``, 422); ``errors`` are
    ``[{field, message}]``."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors)
        self.message = "Some fields are not valid."  # the API's detail; errors name each field


def _now() -> dt.datetime:
    return timezone.now()


def _latest(plan: Any) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def version_record(
    *,
    plan: Any,
    by: Any,
    note: str = "",
    snapshot: dict[str, Any] | None = None,
    status: str = PlanVersion.Status.DRAFT,
    created_at: dt.datetime | None = None,
    agreement_ref: str = "",
    is_demo: bool = False,
) -> PlanVersion:
    """Record a new version of the plan (its current structure unless ``snapshot`` is given)."""
    latest = PlanVersion.objects.select_for_update().filter(plan=plan).order_by("-number").first()
    snap = snapshot if snapshot is not None else structure.plan_snapshot(plan)
    created_at = created_at or _now()
    approved = status == PlanVersion.Status.APPROVED
    return PlanVersion.objects.create(
        plan=plan,
        number=(latest.number + 1) if latest else 1,
        status=status,
        created_at=created_at,
        created_by=by,
        note=note[:300],
        snapshot=snap,
        baselines=structure.baselines(snap) if approved else {},
        approved_at=created_at if approved else None,
        agreement_ref=agreement_ref,
        is_demo=is_demo,
    )


def freeze_on_approval(*, plan: Any, by: Any, agreement_ref: str = "", **_: Any) -> PlanVersion:
    """Hook of ``strategy.services.plan_approve``: freeze the approved version.

    The plan's structure at approval becomes an approved version with its indicators'
    baselines: the latest draft version is promoted when it is identical, otherwise a new
    version is recorded. Approved versions are immutable. Open consultations are closed.
    """
    snap = structure.plan_snapshot(plan)
    latest = _latest(plan)
    when = getattr(plan, "approved_at", None) or _now()
    for consultation in Consultation.objects.filter(plan=plan, status=Consultation.Status.OPEN):
        consultation.status = Consultation.Status.CLOSED  # audited: who approved, and why
        audited_save(consultation, by, f"closed: plan approved ({agreement_ref})")
    if (
        latest is not None
        and latest.status == PlanVersion.Status.DRAFT
        and latest.snapshot.get("elements") == snap["elements"]
    ):
        latest.status = PlanVersion.Status.APPROVED
        latest.baselines = structure.baselines(snap)
        latest.approved_at = when
        latest.agreement_ref = agreement_ref or ""
        latest.save()
        return latest
    return version_record(
        plan=plan,
        by=by,
        note="",
        snapshot=snap,
        status=PlanVersion.Status.APPROVED,
        agreement_ref=agreement_ref or "",
        created_at=when,
    )


@transaction.atomic
def versions_prepend_drafts(
    *, plan: Any, drafts: list[dict[str, Any]], is_demo: bool = False
) -> list[PlanVersion]:
    """Record draft versions made before the plan's first recorded version (an imported
    drafting process, e.g. the demo's 2020 plan drafted before the platform recorded it).

    ``drafts`` items: ``{snapshot, created_at, by, note}``, oldest first. They become versions
    1..n and the existing versions are renumbered after them; nothing else of an existing
    (possibly approved) version changes. Drafts must predate every existing version.
    """
    existing = list(PlanVersion.objects.select_for_update().filter(plan=plan).order_by("number"))
    errors = []
    if existing and any(d["created_at"] >= existing[0].created_at for d in drafts):
        errors.append({"field": "drafts", "message": _("drafts must predate the first version")})
    if any(d["created_at"] >= b["created_at"] for d, b in zip(drafts, drafts[1:], strict=False)):
        errors.append({"field": "drafts", "message": _("drafts must be in date order")})
    if errors:
        raise InvalidInput(errors)
    n = len(drafts)
    if existing and n:
        # Two steps so that the unique (plan, number) holds at every row on every database.
        # Only the numbers move: models.QuerySet.update bypasses the frozen-version guard
        # on purpose, for this field alone.
        base: models.QuerySet[Any] = models.QuerySet(model=PlanVersion).filter(plan=plan)
        base.update(number=F("number") + 1_000_000)
        base.update(number=F("number") - 1_000_000 + n)
    created = [
        PlanVersion.objects.create(
            plan=plan,
            number=i,
            status=PlanVersion.Status.DRAFT,
            created_at=d["created_at"],
            created_by=d.get("by"),
            note=d.get("note", "")[:300],
            snapshot=d["snapshot"],
            is_demo=is_demo,
        )
        for i, d in enumerate(drafts, start=1)
    ]
    return created


def _check_dates(opens_on: Any, closes_on: Any) -> list[dict[str, str]]:
    errors = []
    if not isinstance(opens_on, dt.date):
        errors.append({"field": "opens_on", "message": _("must be a date (YYYY-MM-DD)")})
    if not isinstance(closes_on, dt.date):
        errors.append({"field": "closes_on", "message": _("must be a date (YYYY-MM-DD)")})
    if not errors and closes_on < opens_on:
        errors.append({"field": "closes_on", "message": _("must be on or after the opening date")})
    return errors


@transaction.atomic
def consultation_create(
    *,
    plan: Any,
    by: Any,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    description: str = "",
    status: str = Consultation.Status.OPEN,
    is_demo: bool = False,
    created_at: dt.datetime | None = None,
) -> Consultation:
    """Publish a draft plan for consultation; records version 1 if the plan has none."""
    errors = []
    if plan.status != "draft":
        errors.append({"field": "plan", "message": _("only a draft plan can be consulted")})
    if not (title or "").strip():
        errors.append({"field": "title", "message": _("is required")})
    if status not in Consultation.Status.values:
        errors.append({"field": "status", "message": _("must be planned, open or closed")})
    errors += _check_dates(opens_on, closes_on)
    if errors:
        raise InvalidInput(errors)
    consultation = Consultation(
        plan=plan,
        title=title.strip(),
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        status=status,
        created_by=by,
        is_demo=is_demo,
    )
    audited_save(consultation, by)
    if _latest(plan) is None:
        version_record(plan=plan, by=by, note="", created_at=created_at)
    return consultation


@transaction.atomic
def consultation_set_status(*, consultation: Consultation, status: str, by: Any) -> Consultation:
    if status not in Consultation.Status.values:
        raise InvalidInput([{"field": "status", "message": _("must be planned, open or closed")}])
    if status == Consultation.Status.OPEN and consultation.plan.status != "draft":
        raise InvalidInput([{"field": "status", "message": _("the plan is no longer a draft")}])
    consultation.status = status
    audited_save(consultation, by)
    return consultation


@transaction.atomic
def invitation_create(*, consultation: Consultation, user: Any, by: Any) -> Invitation:
    """Invite a user with the collaborator role to a consultation."""
    if user is None:
        raise InvalidInput([{"field": "username", "message": _("no such user")}])
    if not roles.is_collaborator(user):
        raise InvalidInput(
            [
                {
                    "field": "username",
                    "message": _("only users with the collaborator role are invited"),
                }
            ]
        )
    invitation, _created = Invitation.objects.get_or_create(
        consultation=consultation, user=user, defaults={"invited_by": by}
    )
    return invitation


@transaction.atomic
def invitation_delete(*, consultation: Consultation, user: Any, by: Any) -> None:
    Invitation.objects.filter(consultation=consultation, user=user).delete()


def _require_open(consultation: Consultation) -> None:
    if consultation.status != Consultation.Status.OPEN:
        raise InvalidInput(
            [{"field": "consultation", "message": _("the consultation is not open")}]
        )


def _elements(consultation: Consultation) -> dict[str, Any]:
    latest = _latest(consultation.plan)
    snap = latest.snapshot if latest else structure.plan_snapshot(consultation.plan)
    elements: dict[str, Any] = snap["elements"]
    return elements


@transaction.atomic
def comment_create(
    *,
    consultation: Consultation,
    by: Any,
    element: str,
    text: str,
    created_at: dt.datetime | None = None,
    is_demo: bool = False,
) -> Comment:
    """Comment on one element of the plan as it stands in its latest version."""
    _require_open(consultation)
    errors = []
    if element not in _elements(consultation):
        errors.append({"field": "element", "message": _("no such element")})
    if not (text or "").strip():
        errors.append({"field": "text", "message": _("is required")})
    elif len(text) > drafting.MAX_TEXT:
        errors.append({"field": "text", "message": _("too long")})
    if errors:
        raise InvalidInput(errors)
    comment = Comment(
        consultation=consultation,
        element=element,
        author=by,
        text=text.strip(),
        created_at=created_at or _now(),
        is_demo=is_demo,
    )
    audited_save(comment, by)
    return comment


@transaction.atomic
def proposal_create(
    *,
    consultation: Consultation,
    by: Any,
    kind: str,
    element: str,
    parent: str = "",
    fields: Any = None,
    rationale: str = "",
    created_at: dt.datetime | None = None,
    is_demo: bool = False,
) -> Proposal:
    """Propose to add, change or remove an element of the plan."""
    _require_open(consultation)
    fields = {} if fields is None else fields
    errors = [
        {**e, "message": _(e["message"])}
        for e in drafting.validate(
            _elements(consultation), kind=kind, element=element, parent=parent, fields=fields
        )
    ]
    if len(rationale or "") > drafting.MAX_TEXT:
        errors.append({"field": "rationale", "message": _("too long")})
    if errors:
        raise InvalidInput(errors)
    if kind == "add" and element.startswith("objective:") and not parent:
        parent = "plan"
    proposal = Proposal(
        consultation=consultation,
        author=by,
        kind=kind,
        element=element,
        parent=parent if kind == "add" else "",
        fields=fields,
        rationale=rationale or "",
        created_at=created_at or _now(),
        is_demo=is_demo,
    )
    audited_save(proposal, by)
    return proposal


@transaction.atomic
def support_create(*, proposal: Proposal, by: Any) -> Support:
    """Support someone else's pending proposal, once."""
    _require_open(proposal.consultation)
    errors = []
    if proposal.author_id == getattr(by, "pk", None):
        errors.append({"field": "proposal", "message": _("you cannot support your own proposal")})
    elif proposal.status != Proposal.Status.PENDING:
        errors.append({"field": "proposal", "message": _("the proposal has already been decided")})
    elif Support.objects.filter(proposal=proposal, user=by).exists():
        errors.append({"field": "proposal", "message": _("you already support this proposal")})
    if errors:
        raise InvalidInput(errors)
    return Support.objects.create(proposal=proposal, user=by)


@transaction.atomic
def proposal_decide(
    *,
    proposal: Proposal,
    by: Any,
    accept: bool,
    answer: str,
    decided_at: dt.datetime | None = None,
) -> Proposal:
    """Accept or reject a pending proposal with a public answer.

    Accepting writes the change to the draft plan and records a new version.
    """
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("consultation__plan")
        .get(pk=proposal.pk)
    )
    plan = proposal.consultation.plan
    errors = []
    if proposal.status != Proposal.Status.PENDING:
        errors.append({"field": "proposal", "message": _("the proposal has already been decided")})
    if not (answer or "").strip():
        errors.append({"field": "answer", "message": _("give a public answer")})
    if accept and plan.status != "draft":
        errors.append({"field": "proposal", "message": _("the plan is no longer a draft")})
    if errors:
        raise InvalidInput(errors)
    if accept:
        elements = _elements(proposal.consultation)
        problems = drafting.validate(
            elements,
            kind=proposal.kind,
            element=proposal.element,
            parent=proposal.parent,
            fields=proposal.fields,
        )
        if problems:
            raise InvalidInput(
                [
                    {
                        "field": "proposal",
                        "message": _("no longer applies: %(reason)s") % {"reason": _(p["message"])},
                    }
                    for p in problems
                ]
            )
        changes = drafting.changes_for(
            elements,
            kind=proposal.kind,
            element=proposal.element,
            parent=proposal.parent,
            fields=proposal.fields,
        )
        from localret.strategy.interface import StrategyError

        try:
            structure.apply_to_plan(plan, changes, by=by)
        except StrategyError as exc:
            raise InvalidInput(
                [
                    {
                        "field": "proposal",
                        "message": f"{e.get('field') or ''}: {_(str(e['message']))}",
                    }
                    for e in exc.errors
                ]
            ) from exc
        proposal.resulting_version = version_record(
            plan=plan,
            by=by,
            note="",
            created_at=decided_at,
        )
    proposal.status = Proposal.Status.ACCEPTED if accept else Proposal.Status.REJECTED
    proposal.answer = answer.strip()
    proposal.decided_by = by
    proposal.decided_at = decided_at or _now()
    audited_save(proposal, by)
    hooks.proposal_answered.run(proposal=proposal, by=by)
    return proposal


@transaction.atomic
def lesson_create(
    *, plan: Any, by: Any, text: str, objective_code: str = "", is_demo: bool = False
) -> Lesson:
    errors = []
    if not (text or "").strip():
        errors.append({"field": "text", "message": _("is required")})
    if objective_code and not plan.objectives.filter(code=objective_code).exists():
        errors.append(
            {
                "field": "objective_code",
                "message": _("no objective %(code)s") % {"code": objective_code},
            }
        )
    if errors:
        raise InvalidInput(errors)
    lesson = Lesson(
        plan=plan, objective_code=objective_code, text=text.strip(), author=by, is_demo=is_demo
    )
    audited_save(lesson, by)
    return lesson
