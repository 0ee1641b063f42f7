"""Assessment pages: start, fill and submit, review, revise, export, evidence, import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localret.core.errors import DomainError
from localret.core.export import csv_stream
from localret.core.tabular import ImportFailed

from .. import engine, forms, permissions, selectors, services
from ..models import Answer, Assessment
from .base import _municipality_or_404, _private_file


@login_required
@require_POST
def assessment_start(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's users and staff: open (or continue) the assessment of the open
    campaign."""
    municipality = _municipality_or_404(code)
    if not permissions.can_start_assessment(request.user, code):
        raise PermissionDenied
    campaign = selectors.open_campaign()
    if campaign is None:
        messages.error(request, _("No campaign is open."))
        return redirect("maturity:municipality", code=code)
    assessment = services.assessment_start(
        municipality=municipality, campaign=campaign, by=request.user
    )
    return redirect("maturity:assessment", pk=assessment.pk)


@login_required
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff, Board and the municipality's users see it; the municipality's users and staff
    fill it, save it and submit it while it is a draft or returned; staff validate or return it.
    """
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_view_assessment(request.user, assessment):
        raise PermissionDenied
    sections = selectors.assessment_sections(assessment)
    errors: dict[int, str] = {}
    if request.method == "POST":
        if not permissions.can_edit_assessment(request.user, assessment):
            raise PermissionDenied
        inputs, errors = forms.answers_from_post(request.POST, request.FILES, sections)
        if not errors:
            services.answers_save(assessment=assessment, answers=inputs, by=request.user)
            if request.POST.get("action") == "submit":
                services.assessment_submit(assessment=assessment, by=request.user)
                messages.success(request, _("The assessment has been submitted to Localret."))
            else:
                messages.success(request, _("Your answers have been saved."))
            return redirect("maturity:assessment", pk=assessment.pk)
        messages.error(request, _("Some answers are not valid; nothing was saved."))
    for section in sections:
        for item in section["items"]:
            item["error"] = errors.get(item["indicator"].pk)
            item["posted"] = request.POST.get(f"v_{item['indicator'].pk}") if errors else None
    provisional = engine.provisional_scores(assessment)
    return render(
        request,
        "maturity/assessment.html",
        {
            "assessment": assessment,
            "sections": sections,
            "can_edit": permissions.can_edit_assessment(request.user, assessment),
            "can_review": permissions.can_review(request.user)
            and assessment.status == Assessment.Status.SUBMITTED,
            "can_revise": permissions.can_start_assessment(
                request.user, assessment.municipality.code
            )
            and assessment.status == Assessment.Status.VALIDATED
            and not assessment.superseded,
            "reviews": list(assessment.reviews.select_related("by")),
            "provisional": provisional,
            "answered": sum(
                1
                for s in sections
                for i in s["items"]
                if i["answer"] and i["answer"].value is not None
            ),
            "applicable": sum(1 for s in sections for i in s["items"] if i["applies"]),
        },
    )


@login_required
@require_POST
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: validate or return (with a comment) a submitted assessment."""
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_review(request.user):
        raise PermissionDenied
    review = forms.review_from_post(request.POST)
    try:
        if review.returned:
            services.assessment_return(
                assessment=assessment, comment=review.comment, by=request.user
            )
            messages.success(request, _("The assessment has been returned to the municipality."))
        else:
            services.assessment_validate(
                assessment=assessment, comment=review.comment, by=request.user
            )
            messages.success(request, _("The assessment has been validated."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("maturity:assessment", pk=assessment.pk)


@login_required
@require_POST
def assessment_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """The municipality's users and staff: a change to a validated assessment starts a new
    revision (the validated one stays as it was)."""
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_start_assessment(request.user, assessment.municipality.code):
        raise PermissionDenied
    try:
        new = services.assessment_revise(assessment=assessment, by=request.user)
    except services.InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect("maturity:assessment", pk=assessment.pk)
    return redirect("maturity:assessment", pk=new.pk)


@login_required
def assessment_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Staff, Board and the municipality's users: the answers as CSV (the import format)."""
    assessment = selectors.assessment_get(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_view_assessment(request.user, assessment):
        raise PermissionDenied
    code = assessment.municipality.code
    answers = (
        Answer.objects.filter(assessment=assessment).select_related("indicator").iterator(2000)
    )
    rows = (
        [
            code,
            answer.indicator.code,
            "" if answer.value is None else answer.value.normalize(),
            answer.evidence_url,
            answer.comment,
        ]
        for answer in answers
    )
    # Streamed, one line at a time (like the open data).
    response = StreamingHttpResponse(
        csv_stream(["municipality", "indicator", "value", "evidence_url", "comment"], rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="maduresa-{code}-'
        f'{assessment.campaign.slug}-r{assessment.revision}.csv"'
    )
    return response


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Staff, Board and the municipality's users: an uploaded evidence file (never served
    from a public media URL)."""
    answer = Answer.objects.select_related("assessment__municipality").filter(pk=pk).first()
    if answer is None or not answer.evidence_file:
        raise Http404
    if not permissions.can_view_assessment(request.user, answer.assessment):
        raise PermissionDenied
    return _private_file(answer.evidence_file)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Staff: import a campaign's answers (CSV/XLSX) with a dry run first."""
    if not permissions.can_import(request.user):
        raise PermissionDenied
    campaigns = selectors.campaigns()
    result = None
    issues: list[Any] = []
    if request.method == "POST":
        form = forms.answers_import_from_post(request.POST, request.FILES)
        if form.campaign is None or form.upload is None:
            messages.error(request, _("Choose a campaign and a file."))
        else:
            try:
                result = services.answers_import(
                    campaign=form.campaign,
                    data=form.upload.read(),
                    filename=form.upload.name or "file",
                    dry_run=form.dry_run,
                    by=request.user,
                    validate=form.validate,
                )
                if not form.dry_run:
                    messages.success(request, _("The answers have been imported."))
            except ImportFailed as exc:
                issues = exc.issues
    return render(
        request,
        "maturity/import.html",
        {
            "campaigns": campaigns,
            "result": result,
            "issues": issues,
            "kept": services.IMPORT_KEPT_PER_KIND,
        },
    )
