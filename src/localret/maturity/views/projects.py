"""Roadmap and accompaniment project pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.core.errors import DomainError

from .. import forms, permissions, selectors, services
from ..models import Milestone, Project, ProjectDocument, RoadmapItem
from .base import _municipality_or_404, _private_file

# --- Roadmaps and projects ------------------------------------------------------------------


@login_required
def roadmap_page(request: HttpRequest, code: str) -> HttpResponse:
    """Staff and the municipality's users agree items and target dates; staff draw the
    roadmap from the latest validated assessment; Board reads."""
    municipality = _municipality_or_404(code)
    if not permissions.can_view_results(request.user, code):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "generate":
            if not permissions.can_generate_roadmap(request.user):
                raise PermissionDenied
            latest = selectors.latest_assessment(code)
            if latest is None:
                messages.error(request, _("There is no validated assessment to draw from."))
            else:
                services.roadmap_generate(assessment=latest, by=request.user)
        elif action == "update":
            if not permissions.can_manage_roadmap(request.user, code):
                raise PermissionDenied
            roadmap = selectors.roadmap_for(code)
            if roadmap is None:
                raise Http404
            problems = []
            for change in forms.roadmap_changes_from_post(request.POST, roadmap):
                if change.problem:
                    problems.append(change.problem)
                    continue
                try:
                    services.roadmap_item_update(
                        item=change.item,
                        status=change.status,
                        target_date=change.target_date,
                        by=request.user,
                    )
                except DomainError as exc:
                    problems.append(f"{change.item.indicator.code}: {exc}")
            if problems:
                messages.error(request, "; ".join(problems))
            else:
                messages.success(request, _("The roadmap has been saved."))
        elif action == "project":
            if not permissions.can_manage_projects(request.user):
                raise PermissionDenied
            roadmap = selectors.roadmap_for(code)
            try:
                new = forms.project_from_post(
                    request.POST, roadmap, municipality, timezone.localdate()
                )
                project = services.project_create(
                    name=new.name,
                    items=new.items,
                    technician=request.user,
                    start_date=new.start_date,
                    end_date=new.end_date,
                    milestones=new.milestones,
                    by=request.user,
                )
                return redirect("maturity:project", pk=project.pk)
            except (ValueError, DomainError) as exc:  # the form's, the service's
                messages.error(request, str(exc))
        return redirect("maturity:roadmap", code=code)
    roadmap = selectors.roadmap_for(code)
    return render(
        request,
        "maturity/roadmap.html",
        {
            "municipality": municipality,
            "roadmap": roadmap,
            "progress": selectors.roadmap_progress(roadmap) if roadmap else None,
            "statuses": RoadmapItem.Status.choices,
            "can_manage": permissions.can_manage_roadmap(request.user, code),
            "can_generate": permissions.can_generate_roadmap(request.user),
            "can_project": permissions.can_manage_projects(request.user),
            "latest": selectors.latest_assessment(code),
        },
    )


@login_required
def project_board(request: HttpRequest) -> HttpResponse:
    """Staff and Board: every accompaniment project; overdue milestones highlighted."""
    if not permissions.can_view_project_board(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Project.Status.values:
        status = ""
    today = timezone.localdate()
    projects = selectors.projects_board(today, status)
    return render(
        request,
        "maturity/projects.html",
        {
            "projects": projects,
            "today": today,
            "statuses": Project.Status.choices,
            "status": status,
            "overdue_count": len([p for p in projects if getattr(p, "overdue", None)]),
            "by_status": dict(
                Project.objects.values_list("status").annotate(n=Count("pk")).order_by()
            ),
        },
    )


@login_required
def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff, Board and the users of the project's municipalities read it; staff change the
    status and notes, tick milestones and add documents."""
    project = selectors.project_get(pk)
    if project is None:
        raise Http404
    codes = {m.code for m in project.municipalities.all()}
    if not permissions.can_view_project(request.user, codes):
        raise PermissionDenied
    if request.method == "POST":
        if not permissions.can_manage_projects(request.user):
            raise PermissionDenied
        try:
            action = forms.project_action_from_post(request.POST, request.FILES, project)
            if isinstance(action, forms.ProjectStatus):
                services.project_update(
                    project=project, status=action.status, notes=action.notes, by=request.user
                )
            elif isinstance(action, forms.MilestoneDone):
                services.milestone_done(
                    milestone=action.milestone, on=timezone.localdate(), by=request.user
                )
            elif isinstance(action, forms.NewDocument):
                services.document_add(
                    project=project, title=action.title, upload=action.upload, by=request.user
                )
            messages.success(request, _("The project has been saved."))
        except (ValueError, DomainError, Milestone.DoesNotExist) as exc:
            messages.error(request, str(exc))
        return redirect("maturity:project", pk=project.pk)
    today = timezone.localdate()
    return render(
        request,
        "maturity/project.html",
        {
            "project": project,
            "today": today,
            "statuses": Project.Status.choices,
            "can_manage": permissions.can_manage_projects(request.user),
        },
    )


@login_required
def project_document(request: HttpRequest, pk: int) -> FileResponse:
    """Staff, Board and the users of the project's municipalities: a project document."""
    doc = ProjectDocument.objects.select_related("project").filter(pk=pk).first()
    if doc is None:
        raise Http404
    codes = set(doc.project.municipalities.values_list("code", flat=True))
    if not permissions.can_view_project(request.user, codes):
        raise PermissionDenied
    return _private_file(doc.file)
