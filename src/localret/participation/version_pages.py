"""Participation's pages of a plan's versions, for the same readers as the plan's drafting
history (staff, Board, invited collaborators; the public for approved and closed plans): the
list of versions, the changes between two, and what shaped one element. Their content is
rendered once per data version (core/fragments.py), around what differs between viewers (the
names of contributors in ``parts``; the staff's form to record a version outside)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from localret.core.fragments import fragment, fragment_with_head

from . import diffing, permissions, selectors, services
from .templatetags.participation_tags import element_label


def _plan_or_404(slug: str) -> Any:
    plan = selectors.plan_get(slug)
    if plan is None:
        raise Http404
    return plan


def _reads(show_authors: bool, *domains: str) -> tuple[str, ...]:
    """What a participation fragment reads: the plan (strategy), participation's own data and
    ``domains``; with the names of contributors, the users' (accounts)."""
    return ("participation", "strategy", *domains, *(("accounts",) if show_authors else ()))


def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff, Board, collaborators invited on this plan; the public for approved plans.
    Staff may record a version of a draft plan (POST)."""
    plan = _plan_or_404(slug)
    if not permissions.can_view_versions(request.user, plan):
        raise PermissionDenied
    if request.method == "POST":
        if not permissions.can_manage(request.user) or plan.status != "draft":
            raise PermissionDenied
        version = services.version_record(
            plan=plan, by=request.user, note=request.POST.get("note", "")[:300]
        )
        messages.success(request, _("Version %(n)s has been recorded.") % {"n": version.number})
        return redirect("participation:version_list", slug=slug)
    show_authors = permissions.can_see_authors(request.user, plan)
    # The same for every viewer with the same right to see names (core/fragments.py); the
    # form to record a version (staff, with its CSRF token) is rendered around it.
    content = fragment(
        "participation:versions",
        template="participation/version_list_content.html",
        reads=_reads(show_authors),
        parts=(plan.pk, show_authors),
        context=lambda: {
            "plan": plan,
            "versions": selectors.versions_with_proposals(plan),
            "show_authors": show_authors,
        },
    )
    return render(
        request,
        "participation/version_list.html",
        {
            "plan": plan,
            "content": content,
            "can_record": permissions.can_manage(request.user) and plan.status == "draft",
            "can_view_evaluation": permissions.can_view_evaluation(request.user, plan),
        },
    )


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """Same readers as the version list: the compare form sends here (GET a, b)."""
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError as exc:
        raise Http404 from exc
    return redirect("participation:version_diff", slug=slug, a=a, b=b)


def version_diff(request: HttpRequest, slug: str, a: int, b: int) -> HttpResponse:
    """Same readers as the version list: what changed from version a to version b."""
    plan = _plan_or_404(slug)
    if not permissions.can_view_versions(request.user, plan):
        raise PermissionDenied

    def build() -> dict[str, Any]:
        va, vb = selectors.version_get(plan, a), selectors.version_get(plan, b)
        if va is None or vb is None:
            raise Http404
        changes = selectors.version_diff(va, vb)
        return {
            "plan": plan,
            "a": va,
            "b": vb,
            "changes": [{**c, "fields": diffing.field_changes(c)} for c in changes],
            "summary": diffing.summary(changes),
        }

    content = fragment(
        "participation:version-diff",
        template="participation/version_diff_content.html",
        reads=_reads(False),
        parts=(plan.pk, a, b),
        context=build,
    )
    return render(
        request,
        "participation/version_diff.html",
        {"plan": plan, "a": a, "b": b, "content": content},
    )


def element_trace(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Same readers as the version list: what shaped one element (proposals, comments,
    diagnosis findings) and how it changed from version to version."""
    plan = _plan_or_404(slug)
    if not permissions.can_view_versions(request.user, plan):
        raise PermissionDenied
    # Who contributed is shown to staff, Board and invited collaborators only.
    show_authors = permissions.can_see_authors(request.user, plan)

    def build() -> dict[str, Any]:
        history = []
        previous = None
        for v in selectors.version_list(plan):
            current = v.snapshot["elements"].get(key)
            if current != previous:
                kind = (
                    "added" if previous is None else ("removed" if current is None else "changed")
                )
                change = {"kind": kind, "element": key, "before": previous, "after": current}
                history.append({"version": v, **change, "fields": diffing.field_changes(change)})
            previous = current
        if not history:
            raise Http404
        element = next((h["after"] for h in reversed(history) if h["after"]), history[-1]["before"])
        return {
            "plan": plan,
            "key": key,
            "element": element,
            "history": history,
            "show_authors": show_authors,
        } | selectors.element_trace(plan, key)

    def title(context: Any) -> str:
        element = context["element"]
        code = f"{element['code']}. " if element.get("code") else ""
        return code + element_label(element.get("name") or key)

    content, head = fragment_with_head(
        "participation:element",
        template="participation/element_trace_content.html",
        reads=_reads(show_authors, "diagnosis"),
        parts=(plan.pk, key, show_authors),
        context=build,
        head=title,
    )
    return render(
        request,
        "participation/element_trace.html",
        {"plan": plan, "title": head, "content": content},
    )
