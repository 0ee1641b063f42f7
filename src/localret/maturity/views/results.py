"""A municipality's results: its page, and the block on the municipality's public page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from localret.core import consent

from .. import permissions, selectors
from .base import _login_url, _municipality_or_404

# --- A municipality's results ---------------------------------------------------------------


def municipality_page(request: HttpRequest, code: str) -> HttpResponse:
    """Staff, Board and the municipality's own users: results with peers (band, comarca,
    province), radar against the band median, evolution, assessments, roadmap and projects."""
    municipality = _municipality_or_404(code)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    if not permissions.can_view_results(request.user, code):
        raise PermissionDenied
    results = selectors.municipality_results(code)
    radar = None
    if results is not None:
        radar = {
            "indicators": [{"name": d["name"], "max": 100} for d in results["dimensions"]],
            "own": [d["score"] or 0 for d in results["dimensions"]],
            "band": [d["band_median"] or 0 for d in results["dimensions"]],
            "own_label": municipality.name,
            "band_label": _("Median of the band %(band)s") % {"band": results["band_label"]},
        }
    roadmap = selectors.roadmap_for(code)
    return render(
        request,
        "maturity/municipality.html",
        {
            "municipality": municipality,
            "results": results,
            "radar": radar,
            "evolution": selectors.evolution(code),
            "assessments": selectors.assessments_of(code),
            "open_campaign": selectors.open_campaign(),
            "can_start": permissions.can_start_assessment(request.user, code),
            "roadmap": roadmap,
            "roadmap_progress": selectors.roadmap_progress(roadmap) if roadmap else None,
            "projects": selectors.projects_of(code),
            "services": selectors.services_of(code),
            "can_generate_roadmap": permissions.can_generate_roadmap(request.user),
        },
    )


# --- Block on the municipality's page --------------------------------------------------------


def municipality_section(request: HttpRequest, municipality: Any) -> dict | None:
    """Block on the municipality's public page. Everyone: the services it adheres to. Staff,
    Board and its own users: also its maturity level and score and its projects (individual
    results are not public)."""
    allowed = permissions.can_view_results(request.user, municipality.code)
    services_list = selectors.services_of(municipality.code)
    context: dict[str, Any] = {
        "municipality": municipality,
        "services": services_list,
        "allowed": allowed,
        "published": False,
    }
    if allowed:
        context["results"] = selectors.municipality_results(municipality.code)
        context["projects"] = selectors.projects_of(municipality.code)
    elif _level_published(municipality.code):
        # The municipality agreed to publish its level (consent kept by the reporting app):
        # the level and campaign only, no score, answers or peers.
        latest = selectors.latest_assessment(municipality.code)
        if latest is not None:
            context["published"] = True
            context["public_level"] = {"level": latest.level, "campaign": latest.campaign.name}
    return {
        "title": _("Digital maturity and Localret services"),
        "template": "maturity/_municipality_section.html",
        "context": context,
    }


def _level_published(code: str) -> bool:
    """Whether the municipality consented to publish its maturity level (the reporting app
    keeps that consent and provides it through ``core.consent``; nobody without it)."""
    return code in consent.consenting("maturity")
