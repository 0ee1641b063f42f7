"""Innovation pages. Who may use each view is in its docstring (see permissions.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.accounts.interface import roles
from localret.core.formatting import sentence
from localret.core.fragments import fragment
from localret.core.versions import EVERY
from localret.territory.interface import Municipality

from . import permissions, selectors, services
from .forms import CriterionForm, DecisionForm, IdeaForm, OfferStatusForm, PilotForm
from .models import Evaluation, Idea, Offer, Pilot


def _errors_to_messages(request: HttpRequest, exc: services.InnovationError) -> None:
    for error in exc.errors:
        messages.error(request, str(error["message"]))


def _apply_errors(form: Any, exc: services.InnovationError) -> None:
    for error in exc.errors:
        field = error.get("field")
        form.add_error(field if field in form.fields else None, str(error["message"]))


def board(request: HttpRequest) -> HttpResponse:
    """Public: the pipeline by stage (public pilots; staff and Board see all). Staff move
    pilots from here."""
    can_manage = permissions.can_manage(request.user)
    if can_manage:
        # Staff get the forms that move pilots, with their CSRF token: never kept.
        content = render_to_string(
            "innovation/_board.html",
            {"columns": selectors.board(user=request.user), "can_manage": True},
            request=request,
        )
    else:
        internal = permissions.can_view_internal(request.user)
        # The same for every viewer of one kind (public pilots, or all of them for the
        # Board): rendered once per data version (core/fragments.py).
        content = fragment(
            "innovation:board",
            template="innovation/_board.html",
            reads=("innovation",),
            context=lambda: {"columns": selectors.board(user=request.user), "can_manage": False},
            parts=(internal,),
        )
    if request.headers.get("HX-Request"):
        return HttpResponse(content)
    return render(request, "innovation/board.html", {"content": content, "can_manage": can_manage})


@login_required
@require_POST
def pilot_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: move a pilot to another stage. HTMX gets the board back with a status line."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    pilot = Pilot.objects.filter(pk=pk).first()
    if pilot is None:
        raise Http404
    stage = request.POST.get("stage", "")
    status_message = ""
    error = False
    try:
        pilot = services.pilot_move(pilot=pilot, stage=stage, by=request.user)
        status_message = _("%(pilot)s moved to %(stage)s.") % {
            "pilot": pilot.name,
            "stage": Pilot.Stage(pilot.stage).label,
        }
    except services.InnovationError as exc:
        error = True
        status_message = " ".join(str(e["message"]) for e in exc.errors)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "innovation/_board.html",
            {
                "columns": selectors.board(user=request.user),
                "can_manage": True,
                "status_message": status_message,
                "status_error": error,
                "focus_pilot": pilot.pk,
            },
        )
    (messages.error if error else messages.success)(request, status_message)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""  # only a page of this site: never an open redirect
    return redirect(target or "innovation:board")


def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public for public pilots (decided evaluations only); staff and Board see everything.
    Offers: staff and Board (municipal users: those made to their municipalities)."""
    if permissions.can_view_internal(request.user) or permissions.can_view_offers(request.user):
        # What these viewers see is theirs (open evaluations, offers, the staff's forms with
        # their CSRF token): rendered for them, never kept.
        pilot = selectors.pilot_get(user=request.user, pk=pk)
        if pilot is None:
            raise Http404
        content = render_to_string(
            "innovation/pilot_detail_content.html",
            _pilot_context(request.user, pilot),
            request=request,
        )
        return render(
            request, "innovation/pilot_detail.html", {"title": pilot.name, "content": content}
        )
    title = selectors.public_pilot_name(pk)
    if title is None:
        raise Http404

    def page() -> dict[str, Any]:
        pilot = selectors.pilot_get(user=request.user, pk=pk)
        if pilot is None:
            raise Http404
        return _pilot_context(request.user, pilot)

    # A public pilot as everyone without a role sees it: rendered once per data version
    # (core/fragments.py). Its replication ranking reads the register, maturity results and
    # the consent to publish them: every public domain.
    content = fragment(
        "innovation:pilot",
        template="innovation/pilot_detail_content.html",
        reads=EVERY,
        context=page,
        parts=(pk,),
    )
    return render(request, "innovation/pilot_detail.html", {"title": title, "content": content})


def _pilot_context(user: Any, pilot: Pilot) -> dict[str, Any]:
    can_manage = permissions.can_manage(user)
    replication = None
    if pilot.stage != Pilot.Stage.IDEA and pilot.participations.all():
        replication = selectors.replication(pilot=pilot, limit=15)
    return {
        "pilot": pilot,
        "participants": [p.municipality for p in pilot.participations.all()],
        "criteria": list(pilot.criteria.all()),
        "evaluations": [
            (e, selectors.evaluation_table(e))
            for e in selectors.evaluations_for(user=user, pilot=pilot)
        ],
        "replication": replication,
        "offers": (
            selectors.offers_for(user=user, pilot=pilot)
            if permissions.can_view_offers(user)
            else None
        ),
        "can_manage": can_manage,
        "moves": selectors._moves_from(pilot.stage),
        "criterion_form": CriterionForm() if can_manage else None,
        "offer_statuses": Offer.Status.choices,
    }


def _pilot_initial(pilot: Pilot) -> dict[str, Any]:
    return {
        "name": pilot.name,
        "challenge": pilot.challenge,
        "solution": pilot.solution,
        "municipalities": ", ".join(selectors.participant_codes(pilot)),
        "start_date": pilot.start_date,
        "end_date": pilot.end_date,
        "budget": pilot.budget,
        "partners": pilot.partners,
        "action_line": pilot.action_line_id,
        "is_public": pilot.is_public,
    }


@login_required
def pilot_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Staff: create a pilot (optionally from an idea: ?idea=<id>) or edit one."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    pilot = Pilot.objects.filter(pk=pk).first() if pk else None
    if pk and pilot is None:
        raise Http404
    idea = None
    idea_id = request.GET.get("idea") or request.POST.get("idea")
    if pilot is None and idea_id and idea_id.isdigit():
        idea = Idea.objects.filter(pk=int(idea_id)).first()
    if request.method == "POST":
        form = PilotForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            municipalities = data.pop("municipalities")
            try:
                if pilot is None:
                    pilot = services.pilot_create(
                        municipalities=municipalities, idea=idea, by=request.user, **data
                    )
                else:
                    services.pilot_update(
                        pilot=pilot, municipalities=municipalities, by=request.user, **data
                    )
            except services.InnovationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The pilot has been saved."))
                return redirect("innovation:pilot_detail", pk=pilot.pk)
    elif pilot is not None:
        form = PilotForm(initial=_pilot_initial(pilot))
    else:
        initial: dict[str, Any] = {"is_public": True}
        if idea is not None:
            initial.update(name=idea.title, challenge=idea.description)
            if idea.municipality:
                initial["municipalities"] = idea.municipality.code
        form = PilotForm(initial=initial)
    return render(
        request, "innovation/pilot_form.html", {"form": form, "pilot": pilot, "idea": idea}
    )


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: add a success criterion to a pilot."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    pilot = Pilot.objects.filter(pk=pk).first()
    if pilot is None:
        raise Http404
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(pilot=pilot, by=request.user, **form.cleaned_data)
            messages.success(request, _("The success criterion has been added."))
        except services.InnovationError as exc:
            _errors_to_messages(request, exc)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error!s}" if label else str(error))
    return redirect("innovation:pilot_detail", pk=pk)


def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public for decided evaluations of public pilots; staff and Board see open ones, and
    staff record results and decide here."""
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    if evaluation is None:
        raise Http404
    can_edit = permissions.can_manage(request.user) and not evaluation.is_decided
    return render(
        request,
        "innovation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "pilot": evaluation.pilot,
            "table": selectors.evaluation_table(evaluation),
            "can_edit": can_edit,
            "decision_form": DecisionForm() if can_edit else None,
        },
    )


@login_required
@require_POST
def evaluation_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: record the results grid (fields ``r_<criterion>_<code>``); all or nothing."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    evaluation = Evaluation.objects.select_related("pilot").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    results = []
    errors = []
    for key in request.POST:
        raw = str(request.POST.get(key, ""))
        if not key.startswith("r_") or not raw.strip():
            continue
        parts = key.split("_", 2)
        if len(parts) != 3:
            errors.append(_("“%(value)s” is not a number.") % {"value": key})
            continue
        _prefix, criterion, code = parts
        try:
            value = Decimal(raw.strip().replace(",", "."))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("“%(value)s” is not a number.") % {"value": raw})
            continue
        results.append(
            {
                "criterion": int(criterion) if criterion.isdigit() else None,
                "municipality": code,
                "value": value,
            }
        )
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect("innovation:evaluation_detail", pk=pk)
    try:
        services.evaluation_record_results(evaluation=evaluation, results=results, by=request.user)
        messages.success(request, _("The results have been saved."))
    except services.InnovationError as exc:
        _errors_to_messages(request, exc)
    return redirect("innovation:evaluation_detail", pk=pk)


@login_required
@require_POST
def evaluation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: decide scale, iterate or stop; the evaluation becomes immutable."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    evaluation = Evaluation.objects.select_related("pilot").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_decide(evaluation=evaluation, by=request.user, **form.cleaned_data)
            messages.success(request, _("The decision has been recorded."))
            return redirect("innovation:pilot_detail", pk=evaluation.pilot_id)
        except services.InnovationError as exc:
            _errors_to_messages(request, exc)
    else:
        for field, errs in form.errors.items():
            for error in errs:
                messages.error(request, f"{form.fields[field].label}: {error!s}")
    return redirect("innovation:evaluation_detail", pk=pk)


@login_required
@require_POST
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: turn a recommendation into an offer."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    pilot = Pilot.objects.filter(pk=pk).first()
    if pilot is None:
        raise Http404
    code = request.POST.get("municipality", "").strip()
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        messages.error(request, _("Unknown municipality code."))
        return redirect("innovation:pilot_detail", pk=pk)
    rec = next(
        (
            i
            for i in selectors.replication(pilot=pilot, limit=947).items
            if i["municipality"] == code
        ),
        None,
    )
    try:
        services.offer_create(
            pilot=pilot,
            municipality=municipality,
            score=None if rec is None else Decimal(str(rec["score"])),
            reasons="" if rec is None else "; ".join(rec["reasons"]),
            by=request.user,
        )
        messages.success(
            request,
            sentence(_("The pilot has been offered to %(name)s.") % {"name": municipality.name}),
        )
    except services.InnovationError as exc:
        _errors_to_messages(request, exc)
    return redirect("innovation:pilot_detail", pk=pk)


@login_required
@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: record the municipality's answer or the adoption."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    offer = Offer.objects.filter(pk=pk).first()
    if offer is None:
        raise Http404
    form = OfferStatusForm(request.POST)
    if form.is_valid():
        try:
            services.offer_set_status(
                offer=offer, status=form.cleaned_data["status"], by=request.user
            )
            messages.success(request, _("The offer has been updated."))
        except services.InnovationError as exc:
            _errors_to_messages(request, exc)
    else:
        messages.error(request, _("Unknown status."))
    return redirect("innovation:pilot_detail", pk=offer.pilot_id)


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    """Staff and Board: all ideas; municipal users: their municipalities' ideas, and they may
    propose one for their own municipality. Collaborators: 403."""
    user = request.user
    if not permissions.can_list_ideas(user):
        raise PermissionDenied
    own_codes = sorted(roles.municipality_codes(user))
    can_propose = permissions.can_manage(user) or bool(own_codes)
    form = None
    if can_propose:
        if request.method == "POST":
            form = IdeaForm(request.POST)
            if form.is_valid():
                municipality = form.cleaned_data["municipality"]
                code = municipality.code if municipality else None
                if not permissions.can_propose_idea(user, code):
                    form.add_error(
                        "municipality", _("You may only propose ideas for your municipality.")
                    )
                else:
                    try:
                        services.idea_create(
                            title=form.cleaned_data["title"],
                            description=form.cleaned_data["description"],
                            municipality=municipality,
                            proposer=user,
                            by=user,
                        )
                        messages.success(request, _("Thank you: the idea has been recorded."))
                        return redirect("innovation:idea_list")
                    except services.InnovationError as exc:
                        _apply_errors(form, exc)
        else:
            form = IdeaForm(initial={"municipality": own_codes[0] if own_codes else ""})
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "innovation/idea_list.html",
        {
            "ideas": selectors.idea_list(user=user),
            "form": form,
            "can_manage": permissions.can_manage(user),
            "statuses": Idea.Status.choices,
        },
    )


@login_required
@require_POST
def idea_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: review an idea (under review, rejected...)."""
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    idea = Idea.objects.filter(pk=pk).first()
    if idea is None:
        raise Http404
    try:
        services.idea_set_status(idea=idea, status=request.POST.get("status", ""), by=request.user)
        messages.success(request, _("The idea has been updated."))
    except services.InnovationError as exc:
        _errors_to_messages(request, exc)
    return redirect("innovation:idea_list")


def municipality_section(request: HttpRequest, municipality: Municipality) -> dict | None:
    """Block for the municipality's public page: the public pilots it took part in or adopted
    (only pilots that have started; never internal ones)."""
    refs = selectors.pilots_by_municipality(codes=[municipality.code]).get(municipality.code)
    if not refs:
        return None
    return {
        "title": _("Innovation pilots"),
        "template": "innovation/_municipality_section.html",
        "context": {
            "pilots": [
                {
                    "id": r.id,
                    "name": r.name,
                    "stage": Pilot.Stage(r.stage).label,
                    "role": _("participant") if r.role == "participant" else _("adopted"),
                }
                for r in refs
            ]
        },
    }
