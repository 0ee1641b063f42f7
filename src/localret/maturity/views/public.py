"""Public pages of maturity: aggregates, the model, a band, map data, the services catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from localret.accounts.interface import roles
from localret.core import cache as data_cache
from localret.core.errors import DomainError
from localret.territory.interface import (
    BAND_CODES,
    BANDS,
    band_from_query,
    band_label,
    municipality_list,
)

from .. import forms, permissions, scoring, selectors, services
from ..models import Adhesion, Service
from .base import _has_boundaries

# --- Public pages ---------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """Everyone: aggregates per band and comarca of the latest campaign, and the map. Staff
    also see the review queue and campaign progress."""

    def build() -> dict[str, Any]:
        campaign = selectors.latest_campaign()
        shared: dict[str, Any] = {"campaign": campaign, "campaigns": list(selectors.campaigns())}
        if campaign is not None:
            shared["by_band"] = selectors.aggregates_by_band(campaign)
            shared["by_comarca"] = selectors.aggregates_by_comarca(campaign)
            shared["dimensions"] = selectors.dimensions_of(campaign.model)
        return shared

    # The benchmark aggregates are public and the same for everyone: computed once per data
    # version (core/cache.py); what belongs to the viewer is added below.
    context: dict[str, Any] = dict(
        data_cache.cached(
            "maturity:index",
            reads=("maturity", "territory"),
            parts=(get_language(),),
            build=build,
        )
    )
    if roles.is_staff_member(request.user):
        context["queue"] = selectors.review_queue()
        context["progress"] = [(c, selectors.campaign_progress(c)) for c in context["campaigns"]]
    codes = roles.municipality_codes(request.user)
    context["own"] = sorted(codes)
    context["bands"] = BANDS
    context["has_boundaries"] = _has_boundaries()
    return render(request, "maturity/index.html", context)


def model_page(request: HttpRequest) -> HttpResponse:
    """Everyone: the maturity model (dimensions, indicators, weights, bands, services)."""
    model = selectors.current_model()
    if model is None:
        raise Http404
    return render(
        request,
        "maturity/model.html",
        {"model": model, "dimensions": selectors.model_structure(model), "bands": BANDS},
    )


def band_benchmark(request: HttpRequest, band: str) -> HttpResponse:
    """Everyone: aggregates of one population band per dimension. Staff and Board also see the
    named ranking; a municipal user sees where their own municipality stands among anonymous
    peers. A fixed number of queries whatever the number of municipalities."""
    band = band_from_query(band)
    if band not in BAND_CODES:
        raise Http404
    slug = request.GET.get("campaign", "")
    campaign = selectors.campaign_get(slug) if slug else selectors.latest_campaign()
    if campaign is None:
        raise Http404
    rows = selectors.campaign_rows(campaign, band=band)
    dims = selectors.dimensions_of(campaign.model)
    aggregate = selectors.public_tables(campaign).aggregate([c for c, _n in dims], band=band)
    names = dict(dims)
    for d in aggregate["dimensions"]:
        d["name"] = names.get(d["code"], d["code"])
    ranking = None
    if permissions.can_view_named_rankings(request.user):
        ranking = sorted(rows, key=lambda r: (-r["overall"], r["name"]))
    own_codes = roles.municipality_codes(request.user)
    anonymous = None
    if own_codes and not aggregate["suppressed"]:
        ordered = sorted(rows, key=lambda r: -r["overall"])
        anonymous = [
            {
                "label": r["name"] if r["code"] in own_codes else _("Peer %(n)s") % {"n": i},
                "own": r["code"] in own_codes,
                "overall": r["overall"],
                "level": r["level"],
            }
            for i, r in enumerate(ordered, start=1)
        ]
    return render(
        request,
        "maturity/band.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns(),
            "band": band,
            "band_label": band_label(band),
            "aggregate": aggregate,
            "ranking": ranking,
            "anonymous": anonymous,
            "bands": BANDS,
        },
    )


def map_data(request: HttpRequest) -> JsonResponse:
    """Everyone: each municipality coloured by the median level of its comarca (comarques with
    too few assessed municipalities to publish are "no data")."""
    slug = request.GET.get("campaign", "")
    campaign = selectors.campaign_get(slug) if slug else selectors.latest_campaign()
    medians = {m["code"]: m for m in selectors.map_medians(campaign)} if campaign else {}
    categories = [{"code": f"L{i}", "label": _("Level %(n)s") % {"n": i}} for i in range(1, 6)]
    categories.append({"code": "none", "label": _("No data")})
    items = []
    for code, name, lat, lon, comarca, comarca_name in municipality_list().values_list(
        "code", "name", "lat", "lon", "comarca__code", "comarca__name"
    ):
        median = medians.get(comarca, {}).get("median")
        category = "none" if median is None else f"L{scoring.level_of(median)}"
        label = (
            _("No data")
            if median is None
            else _("%(comarca)s: median %(median)s")
            % {
                "comarca": comarca_name,
                # in the page's language (Catalan 2,35): the map's tooltip shows it as it is
                "median": formats.number_format(
                    Decimal(f"{median:.2f}"), use_l10n=True, force_grouping=True
                ),
            }
        )
        items.append(
            {
                "code": code,
                "name": name,
                "lat": lat,
                "lon": lon,
                "band": category,
                "band_label": label,
            }
        )
    return JsonResponse(
        {
            "mode": "choropleth" if _has_boundaries() else "points",
            "as_of": str(campaign.year) if campaign else "",  # the map's tooltip
            "bands": categories,
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def services_page(request: HttpRequest) -> HttpResponse:
    """Everyone: Localret's services catalogue with the number of adhesions. Staff and Board
    also see which municipalities adhere; staff record an adhesion or its end."""
    if request.method == "POST":
        if not permissions.can_manage_adhesions(request.user):
            raise PermissionDenied
        _adhesion_post(request)
        return redirect("maturity:services")
    catalogue = selectors.service_catalogue()
    counts = selectors.adhesion_counts()
    show_members = permissions.can_view_named_rankings(request.user)
    adhesions: dict[str, list[Adhesion]] = {}
    if show_members:
        for a in (
            Adhesion.objects.filter(until__isnull=True)
            .select_related("municipality", "service")
            .order_by("municipality__search_name")
        ):
            adhesions.setdefault(a.service.code, []).append(a)
    rows = [
        {"service": s, "count": counts.get(s.code, 0), "members": adhesions.get(s.code, [])}
        for s in catalogue
    ]
    return render(
        request,
        "maturity/services.html",
        {
            "rows": rows,
            "show_members": show_members,
            "can_manage": permissions.can_manage_adhesions(request.user),
            "today": timezone.localdate(),
        },
    )


def _adhesion_post(request: HttpRequest) -> None:
    try:
        change = forms.adhesion_from_post(request.POST)
        if isinstance(change, forms.AdhesionEnd):
            services.adhesion_end(adhesion=change.adhesion, until=change.until, by=request.user)
        else:
            services.adhesion_create(
                service=change.service,
                municipality=change.municipality,
                since=change.since,
                by=request.user,
            )
        messages.success(request, _("The adhesion has been saved."))
    except (ValueError, DomainError, Adhesion.DoesNotExist, Service.DoesNotExist) as exc:
        messages.error(request, _("The adhesion was not saved: %(error)s") % {"error": exc})
