"""Participation pages. Each view says who may use it (see permissions.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts.interface import User
from localret.core.errors import DomainError
from localret.core.fragments import fragment

from . import permissions, selectors, services
from .forms import (
    CommentForm,
    ConsultationForm,
    DecisionForm,
    InvitationForm,
    LessonForm,
    ProposalForm,
    StatusForm,
)
from .models import Consultation, Proposal

FORM_FIELD = {
    "fields.name": "name",
    "fields.description": "description",
    "fields.definition": "description",
    "fields.mission": "description",
    "parent": "target",
    "kind": "kind",
    "text": "text",
    "element": "element",
    "title": "title",
    "opens_on": "opens_on",
    "closes_on": "closes_on",
    "plan": "plan",
    "status": "status",
    "username": "username",
    "answer": "answer",
    "objective_code": "objective_code",
}


def _add_errors(
    form: Any, exc: services.InvalidInput, rename: dict[str, str] | None = None
) -> None:
    mapping = {**FORM_FIELD, **(rename or {})}
    for error in exc.errors:
        field = mapping.get(error["field"])
        form.add_error(field if field in form.fields else None, error["message"])


def _consultation_or_404(pk: int) -> Consultation:
    consultation = selectors.consultation_get(pk)
    if consultation is None:
        raise Http404
    return consultation


def _plan_or_404(slug: str) -> Any:
    plan = selectors.plan_get(slug)
    if plan is None:
        raise Http404
    return plan


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Staff and Board: every consultation; collaborators: those they are invited to."""
    if not permissions.can_list_consultations(request.user):
        raise PermissionDenied
    return render(
        request,
        "participation/consultation_list.html",
        {
            "consultations": selectors.consultation_list(request.user),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    """Staff: publish a draft plan for consultation."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    from localret.strategy.interface import Plan

    plans = list(Plan.objects.filter(status="draft"))
    form = ConsultationForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_create(
                plan=selectors.plan_get(data["plan"]),
                by=request.user,
                title=data["title"],
                description=data["description"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                status=data["status"],
            )
        except services.InvalidInput as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The consultation has been published."))
            return redirect("participation:consultation_manage", pk=consultation.pk)
    return render(request, "participation/consultation_form.html", {"form": form})


def _elements(consultation: Consultation) -> dict[str, Any]:
    latest = selectors.latest_version(consultation.plan)
    return latest.snapshot["elements"] if latest else {}


def _tree(elements: dict[str, Any]) -> list[dict[str, Any]]:
    """Objectives with their action lines (and the rest below them) in snapshot order."""
    children: dict[str, list[str]] = {}
    for key, e in elements.items():
        children.setdefault(e.get("parent") or "", []).append(key)

    def node(key: str) -> dict[str, Any]:
        return {
            "key": key,
            "element": elements[key],
            "children": [node(k) for k in children.get(key, [])],
        }

    return [node(k) for k in children.get("", [])]


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff, Board and invited collaborators: the draft, its comments and proposals.
    Staff and invited collaborators contribute while it is open; staff decide proposals."""
    consultation = _consultation_or_404(pk)
    if not permissions.can_view_consultation(request.user, consultation):
        raise PermissionDenied
    elements = _elements(consultation)
    proposals = selectors.proposals_of(consultation)
    comments = selectors.comments_of(consultation)
    by_element: dict[str, dict[str, list[Any]]] = {}
    for p in proposals:
        by_element.setdefault(p.element, {"proposals": [], "comments": []})["proposals"].append(p)
    for c in comments:
        by_element.setdefault(c.element, {"proposals": [], "comments": []})["comments"].append(c)
    can_contribute = permissions.can_contribute(request.user, consultation)
    return render(
        request,
        "participation/consultation_detail.html",
        {
            "consultation": consultation,
            "plan": consultation.plan,
            "tree": _tree(elements),
            "by_element": by_element,
            "proposals": proposals,
            "comments": comments,
            "supported": selectors.supported_ids(request.user, consultation),
            "can_contribute": can_contribute,
            "can_manage": permissions.can_manage(request.user),
            "comment_form": kwargs_form(request, "comment", CommentForm, elements),
            "proposal_form": kwargs_form(request, "proposal", ProposalForm, elements),
        },
    )


def kwargs_form(request: HttpRequest, name: str, form_class: Any, elements: dict) -> Any:
    return form_class(prefix=name, elements=elements, initial=request.GET.dict())


def _back(consultation: Consultation, anchor: str = "") -> HttpResponse:
    return redirect(reverse("participation:consultation_detail", args=[consultation.pk]) + anchor)


def _contribution_page(
    request: HttpRequest, consultation: Consultation, **forms: Any
) -> HttpResponse:
    """Re-render the consultation with a form's errors (status 422)."""
    elements = _elements(consultation)
    context: dict[str, Any] = {
        "consultation": consultation,
        "plan": consultation.plan,
        "tree": _tree(elements),
        "by_element": {},
        "proposals": selectors.proposals_of(consultation),
        "comments": selectors.comments_of(consultation),
        "supported": selectors.supported_ids(request.user, consultation),
        "can_contribute": permissions.can_contribute(request.user, consultation),
        "can_manage": permissions.can_manage(request.user),
        "comment_form": forms.get("comment_form")
        or CommentForm(prefix="comment", elements=elements),
        "proposal_form": forms.get("proposal_form")
        or ProposalForm(prefix="proposal", elements=elements),
    }
    return render(request, "participation/consultation_detail.html", context, status=422)


def _require_contributor(request: HttpRequest, consultation: Consultation) -> None:
    if not (
        permissions.can_manage(request.user) or permissions.is_invited(request.user, consultation)
    ):
        raise PermissionDenied


@login_required
@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and invited collaborators, while the consultation is open: comment."""
    consultation = _consultation_or_404(pk)
    _require_contributor(request, consultation)
    form = CommentForm(request.POST, prefix="comment", elements=_elements(consultation))
    if form.is_valid():
        try:
            services.comment_create(
                consultation=consultation,
                by=request.user,
                element=form.cleaned_data["element"],
                text=form.cleaned_data["text"],
            )
        except services.InvalidInput as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your comment has been published."))
            return _back(consultation, "#contributions")
    return _contribution_page(request, consultation, comment_form=form)


@login_required
@require_POST
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and invited collaborators, while the consultation is open: propose."""
    consultation = _consultation_or_404(pk)
    _require_contributor(request, consultation)
    elements = _elements(consultation)
    form = ProposalForm(request.POST, prefix="proposal", elements=elements)
    if form.is_valid():
        data = form.cleaned_data
        kind, target = data["kind"], data["target"]
        ttype = target.partition(":")[0]
        fields: dict[str, str] = {}
        if data["name"].strip():
            fields["name"] = data["name"].strip()
        if data["description"].strip():
            text_field = {"indicator": "definition", "plan": "mission"}.get(ttype, "description")
            if kind == "add":
                text_field = "description"
            fields[text_field] = data["description"].strip()
        if kind == "add":
            element, parent = f"{data['new_type']}:{data['new_code'].strip()}", target
            rename = {"element": "new_code"}
        else:
            element, parent = target, ""
            rename = {"element": "target"}
        try:
            services.proposal_create(
                consultation=consultation,
                by=request.user,
                kind=kind,
                element=element,
                parent=parent,
                fields=fields if kind != "remove" else {},
                rationale=data["rationale"],
            )
        except services.InvalidInput as exc:
            _add_errors(form, exc, {**rename, "fields": "name"})
        else:
            messages.success(request, _("Your proposal has been published."))
            return _back(consultation, "#contributions")
    return _contribution_page(request, consultation, proposal_form=form)


@login_required
@require_POST
def proposal_support(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff and invited collaborators, while open: support someone else's proposal."""
    proposal = Proposal.objects.select_related("consultation__plan").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    _require_contributor(request, proposal.consultation)
    try:
        services.support_create(proposal=proposal, by=request.user)
    except services.InvalidInput as exc:
        messages.error(request, exc.errors[0]["message"])
    else:
        messages.success(request, _("You support this proposal."))
    return _back(proposal.consultation, f"#proposal-{proposal.pk}")


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: accept or reject a proposal with a public answer."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    proposal = Proposal.objects.select_related("consultation__plan").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    form = DecisionForm(request.POST, prefix=f"decide-{pk}")
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject and write a public answer."))
        return _back(proposal.consultation, f"#proposal-{pk}")
    try:
        proposal = services.proposal_decide(
            proposal=proposal,
            by=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            answer=form.cleaned_data["answer"],
        )
    except services.InvalidInput as exc:
        messages.error(request, "; ".join(e["message"] for e in exc.errors))
        return _back(proposal.consultation, f"#proposal-{pk}")
    if proposal.resulting_version:
        messages.success(
            request,
            _("Proposal accepted: version %(n)s of the plan has been recorded.")
            % {"n": proposal.resulting_version.number},
        )
    else:
        messages.success(request, _("Proposal rejected."))
    return _back(proposal.consultation, f"#proposal-{pk}")


@login_required
def consultation_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: open or close the consultation and invite collaborators."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    consultation = _consultation_or_404(pk)
    invite_form = InvitationForm(prefix="invite")
    status_form = StatusForm(prefix="status", initial={"status": consultation.status})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            invite_form = InvitationForm(request.POST, prefix="invite")
            if invite_form.is_valid():
                user = User.objects.filter(username=invite_form.cleaned_data["username"]).first()
                try:
                    services.invitation_create(
                        consultation=consultation, user=user, by=request.user
                    )
                except services.InvalidInput as exc:
                    _add_errors(invite_form, exc)
                else:
                    messages.success(request, _("The collaborator has been invited."))
                    return redirect("participation:consultation_manage", pk=pk)
        elif action == "uninvite":
            raw = request.POST.get("user", "")
            user = User.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
            services.invitation_delete(consultation=consultation, user=user, by=request.user)
            return redirect("participation:consultation_manage", pk=pk)
        elif action == "status":
            status_form = StatusForm(request.POST, prefix="status")
            if status_form.is_valid():
                try:
                    services.consultation_set_status(
                        consultation=consultation,
                        status=status_form.cleaned_data["status"],
                        by=request.user,
                    )
                except services.InvalidInput as exc:
                    _add_errors(status_form, exc)
                else:
                    messages.success(request, _("The status has been changed."))
                    return redirect("participation:consultation_manage", pk=pk)
    return render(
        request,
        "participation/consultation_manage.html",
        {
            "consultation": consultation,
            "invitations": consultation.invitations.select_related("user"),
            "invite_form": invite_form,
            "status_form": status_form,
        },
    )


def _evaluation_plan(request: HttpRequest, slug: str) -> Any:
    plan = _plan_or_404(slug)
    if not permissions.can_view_evaluation(request.user, plan):
        raise PermissionDenied
    if plan.status != "closed":
        raise Http404
    return plan


def _evaluation_body(plan: Any) -> SafeString:
    """The evaluation (the plan's final figures and lessons), the same for every reader of
    it: rendered once per version of the plan, its measurements and the lessons, and shared
    by the page and the document."""
    return fragment(
        "participation:evaluation",
        template="participation/_evaluation_body.html",
        reads=EVALUATION_READS,
        parts=(plan.pk,),
        context=lambda: {"e": selectors.evaluation(plan)},
    )


def evaluation(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff and Board; the public once the plan is closed. Staff record lessons (POST)."""
    plan = _evaluation_plan(request, slug)
    can_manage = permissions.can_manage(request.user)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = None
    if can_manage:  # the form to record a lesson: staff only, outside the evaluation's fragment
        objectives = [(o.code, f"{o.code}. {o.name}") for o in plan.objectives.all()]
        form = LessonForm(prefix="lesson", objectives=objectives)
    if request.method == "POST":
        form = LessonForm(request.POST, prefix="lesson", objectives=objectives)
        if form.is_valid():
            try:
                services.lesson_create(
                    plan=plan,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    objective_code=form.cleaned_data["objective_code"],
                )
            except services.InvalidInput as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The lesson has been recorded."))
                return redirect("participation:evaluation", slug=slug)
    context = {
        "plan": plan,
        "body": _evaluation_body(plan),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "participation/evaluation.html", context)


# Rendering a PDF takes a worker for a second or more. The evaluation's PDF is rendered once
# per version of the data it shows and language (core/cache.py, the evaluation fragment's
# reads), and any reader gets that file; an anonymous client address may cause at most
# PDF_RENDERS_PER_WINDOW new renders a minute.
PDF_WINDOW_SECONDS = 60
PDF_RENDERS_PER_WINDOW = 6
EVALUATION_READS = ("participation", "strategy", "strategy_measurements")


class _TooManyRenders(DomainError):
    """An anonymous client asked for too many new PDFs (nothing is cached): answered 429."""

    status = 429
    title = "Too many requests"


def _evaluation_html(request: HttpRequest, plan: Any) -> str:
    return render_to_string(
        "participation/evaluation_document.html",
        {"plan": plan, "body": _evaluation_body(plan)},
        request=request,
    )


def _evaluation_pdf(request: HttpRequest, plan: Any) -> bytes | None:
    """The evaluation's PDF, rendered once per data version and language; None when an
    anonymous client has caused too many renders in the last minute."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    from localret.core import cache as data_cache
    from localret.core.clientip import client_ip

    def render_pdf() -> bytes:
        if not request.user.is_authenticated:
            counter = f"participation:evaluation-pdf-renders:{client_ip(request)}"
            cache.add(counter, 0, PDF_WINDOW_SECONDS)  # a throttle, not a cached value
            try:
                renders = cache.incr(counter)
            except ValueError:  # expired between add and incr
                renders = 1
            if renders > PDF_RENDERS_PER_WINDOW:
                raise _TooManyRenders("Too many documents requested; try again in a minute.")
        from weasyprint import HTML

        html = _evaluation_html(request, plan)
        return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()  # type: ignore[no-any-return]

    try:
        return data_cache.cached(
            "participation:evaluation-pdf",
            reads=EVALUATION_READS,
            parts=(plan.pk, get_language()),
            build=render_pdf,
        )
    except _TooManyRenders:
        return None


def evaluation_document(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Same readers as the evaluation page: the evaluation as a standalone HTML or PDF."""
    if fmt not in ("html", "pdf"):
        raise Http404
    plan = _evaluation_plan(request, slug)
    filename = f"avaluacio-{slug}"
    if fmt == "pdf":
        pdf = _evaluation_pdf(request, plan)
        if pdf is None:
            response = HttpResponse(
                _("Too many documents requested; try again in a minute."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(PDF_WINDOW_SECONDS)
            return response
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    response = HttpResponse(
        _evaluation_html(request, plan), content_type="text/html; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.html"'
    return response
