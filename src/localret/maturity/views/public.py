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
from localret.core.fragments import fragment
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
    staff = roles.is_staff_member(request.user)
    internal = roles.can_read_internal(request.user)
    own = tuple(sorted(roles.municipality_codes(request.user)))

    def build() -> dict[str, Any]:
        campaign = selectors.latest_campaign()
        shared: dict[str, Any] = {"campaign": campaign, "campaigns": list(selectors.campaigns())}
        if campaign is not None:
            shared["by_band"] = selectors.aggregates_by_band(campaign)
            shared["by_comarca"] = selectors.aggregates_by_comarca(campaign)
            shared["dimensions"] = selectors.dimensions_of(campaign.model)
        return shared

    def page() -> dict[str, Any]:
        # The benchmark aggregates are public and the same for everyone: computed once per
        # data version (core/cache.py) and shared by the fragments of every kind of viewer.
        context: dict[str, Any] = dict(
            data_cache.cached(
                "maturity:index",
                reads=("maturity", "territory"),
                parts=(get_language(),),
                build=build,
            )
        )
        if staff:
            context["queue"] = selectors.review_queue()
            context["progress"] = [
                (c, selectors.campaign_progress(c)) for c in context["campaigns"]
            ]
        context.update(
            own=own,
            bands=BANDS,
            has_boundaries=_has_boundaries(),
            user_is_staff_member=staff,
            user_can_read_internal=internal,
        )
        return context

    # Rendered once per data version and kind of viewer (core/fragments.py): the viewer's
    # flags and own municipalities are its parts, so the review queue reaches staff only.
    content = fragment(
        "maturity:index",
        template="maturity/index_content.html",
        reads=("maturity", "territory"),
        context=page,
        parts=(staff, internal, own),
    )
    return render(request, "maturity/index.html", {"content": content})


def model_page(request: HttpRequest) -> HttpResponse:
    """Everyone: the maturity model (dimensions, indicators, weights, bands, services)."""

    def page() -> dict[str, Any]:
        model = selectors.current_model()
        if model is None:
            raise Http404
        return {"model": model, "dimensions": selectors.model_structure(model), "bands": BANDS}

    # The same for everyone: rendered once per version of the model (core/fragments.py).
    content = fragment(
        "maturity:model", template="maturity/model_content.html", reads=("maturity",), context=page
    )
    return render(request, "maturity/model.html", {"content": content})


def band_benchmark(request: HttpRequest, band: str) -> HttpResponse:
    """Everyone: aggregates of one population band per dimension. Staff and Board also see the
    named ranking; a municipal user sees where their own municipality stands among anonymous
    peers. A fixed number of queries whatever the number of municipalities."""
    band = band_from_query(band)
    if band not in BAND_CODES:
        raise Http404
    slug = request.GET.get("campaign", "")[:80]
    named = permissions.can_view_named_rankings(request.user)
    own_codes = tuple(sorted(roles.municipality_codes(request.user)))

    def page() -> dict[str, Any]:
        campaign = selectors.campaign_get(slug) if slug else selectors.latest_campaign()
        if campaign is None:
            raise Http404
        return {
            "campaign": campaign,
            "campaigns": list(selectors.campaigns()),
            "band": band,
            "band_label": band_label(band),
            "bands": BANDS,
            **_band_tables(campaign, band, named=named, own_codes=frozenset(own_codes)),
        }

    # Rendered once per data version, band, campaign asked for and kind of viewer
    # (core/fragments.py): the named ranking only for those who may see it, a municipal
    # user's position only for the users of that municipality.
    content = fragment(
        "maturity:band",
        template="maturity/band_content.html",
        reads=("maturity", "territory"),
        context=page,
        parts=(band, slug, named, own_codes),
    )
    return render(
        request, "maturity/band.html", {"content": content, "band_label": band_label(band)}
    )


def _band_tables(
    campaign: Any, band: str, *, named: bool, own_codes: frozenset[str]
) -> dict[str, Any]:
    rows = selectors.campaign_rows(campaign, band=band)
    dims = selectors.dimensions_of(campaign.model)
    aggregate = selectors.public_tables(campaign).aggregate([c for c, _n in dims], band=band)
    names = dict(dims)
    for d in aggregate["dimensions"]:
        d["name"] = names.get(d["code"], d["code"])
    ranking = None
    if named:
        ranking = sorted(rows, key=lambda r: (-r["overall"], r["name"]))
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
    return {"aggregate": aggregate, "ranking": ranking, "anonymous": anonymous}


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

    def page() -> dict[str, Any]:
        counts = selectors.adhesion_counts()
        return {
            "rows": [
                {"service": s, "count": counts.get(s.code, 0)}
                for s in selectors.service_catalogue()
            ]
        }

    # The public table is the same for everyone: rendered once per data version (the service's
    # action line is the strategy's); who adheres, and the forms, are added below for staff
    # and Board only, outside the fragment.
    content = fragment(
        "maturity:services",
        template="maturity/services_content.html",
        reads=("maturity", "strategy"),
        context=page,
    )
    context: dict[str, Any] = {"content": content}
    if permissions.can_view_named_rankings(request.user):
        catalogue = selectors.service_catalogue()
        adhesions: dict[str, list[Adhesion]] = {}
        for a in (
            Adhesion.objects.filter(until__isnull=True)
            .select_related("municipality", "service")
            .order_by("municipality__search_name")
        ):
            adhesions.setdefault(a.service.code, []).append(a)
        context.update(
            rows=[{"service": s, "members": adhesions.get(s.code, [])} for s in catalogue],
            show_members=True,
            can_manage=permissions.can_manage_adhesions(request.user),
            today=timezone.localdate(),
        )
    return render(request, "maturity/services.html", context)


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
