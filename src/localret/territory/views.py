from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from localret.core import cache as data_cache
from localret.core.fragments import fragment
from localret.core.versions import EVERY

from . import permissions, selectors, services
from .bands import BAND_CODES, BANDS, band_from_query, band_label
from .boundaries import boundaries_path
from .forms import ContactFormSet, ProfileForm, contact_initial
from .sections import municipality_sections

PAGE_SIZE = 50


def municipality_list(request: HttpRequest) -> HttpResponse:
    """Public: the searchable, filterable register.

    The results table (per query, page and language) and the filter options are cached under
    the register's data version (core/cache.py); the page around them is rendered on every
    request (it holds the visitor's CSRF token and name)."""
    params = {
        key: request.GET.get(key, "").strip()
        for key in ("search", "comarca", "province", "vegueria", "order")
    }
    # "50001+" sent unencoded arrives as "50001 "; an unknown band is said, not a silent 0.
    params["population_band"] = band_from_query(request.GET.get("population_band", ""))
    page_number = request.GET.get("page", "").strip()[:12]
    table_html = mark_safe(  # noqa: S308 - our own rendered template, autoescaped
        data_cache.cached(
            "territory:list-table",
            reads=("territory",),
            parts=(tuple(sorted(params.items())), page_number, get_language()),
            build=lambda: _render_table(params, page_number),
        )
    )
    if _is_htmx(request):
        response = HttpResponse(table_html)
    else:
        # The filter form depends only on the query, the language and the register: rendered
        # once per version like the table (it is a GET form: no CSRF token in it).
        filters_html = mark_safe(  # noqa: S308 - our own rendered template, autoescaped
            data_cache.cached(
                "territory:list-filters",
                reads=("territory",),
                parts=(tuple(sorted(params.items())), get_language()),
                build=lambda: render_to_string(
                    "territory/_municipality_filters.html",
                    {
                        "params": params,
                        "options": data_cache.cached(
                            "territory:list-options",
                            reads=("territory",),
                            build=selectors.filter_options,
                        ),
                        "band_error": _band_error(params["population_band"]),
                    },
                ),
            )
        )
        response = render(
            request,
            "territory/municipality_list.html",
            {"filters_html": filters_html, "table_html": table_html},
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _band_error(band: str) -> bool:
    return bool(band) and band not in BAND_CODES


def _render_table(params: dict[str, str], page_number: str) -> str:
    """The results table fragment: public register data only, no request or user. An unknown
    population band gives a message (right under the filters) in place of the table."""
    if _band_error(params["population_band"]):
        return render_to_string(
            "territory/_municipality_table.html",
            {
                "band_error": params["population_band"],
                "bands": ", ".join(map(band_label, BAND_CODES)),
            },
        )
    qs = selectors.municipality_table(
        search=params["search"],
        comarca=params["comarca"],
        province=params["province"],
        vegueria=params["vegueria"],
        population_band=params["population_band"],
        order=params["order"] or "name",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(page_number or None)
    context = {
        "page": page,
        "params": params,
        "query": urlencode({k: v for k, v in params.items() if v}),
    }
    return render_to_string("territory/_municipality_table.html", context)


def _is_htmx(request: HttpRequest) -> bool:
    """An HTMX request that wants a fragment (not a history restore, which needs the page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Public: one municipality. Its profile (personal data) only for those allowed."""
    name = selectors.municipality_name(code)
    if name is None:
        raise Http404
    template = "territory/municipality_detail_content.html"
    if request.user.is_authenticated:
        municipality = _municipality_or_404(code)
        # What a logged-in visitor sees depends on who they are (the profile, the blocks other
        # apps show to staff or to the town hall's own users, forms with their CSRF token):
        # rendered for them, never kept.
        can_view_profile = permissions.can_view_profile(request.user, code)
        context = {
            "municipality": municipality,
            "population_by_year": selectors.population_by_year(municipality),
            "profile": selectors.profile_get(municipality) if can_view_profile else None,
            "can_view_profile": can_view_profile,
            "can_edit_profile": permissions.can_edit_profile(request.user, code),
            "sections": municipality_sections(request, municipality),
        }
        content = render_to_string(template, context, request=request)
    else:
        # An anonymous visitor sees the register and every app's public block, the same for
        # all of them: rendered once per version of every public domain (the blocks come from
        # many apps) (core/fragments.py).
        content = fragment(
            "territory:municipality",
            template=template,
            reads=EVERY,
            context=lambda: _public_detail(request, code),
            parts=(code,),
        )
    return render(request, "territory/municipality_detail.html", {"name": name, "content": content})


def _public_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    municipality = _municipality_or_404(code)
    return {
        "municipality": municipality,
        "population_by_year": selectors.population_by_year(municipality),
        "sections": municipality_sections(request, municipality),
    }


def _municipality_or_404(code: str) -> Any:
    municipality = selectors.municipality_get(code)
    if municipality is None:
        raise Http404
    return municipality


@login_required
def profile_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Staff and the municipality's own users: edit contacts and notes (others 403, the public
    is sent to log in). Works as a plain form and with HTMX (the form swaps itself)."""
    municipality = selectors.municipality_get(code)
    if municipality is None:
        raise Http404
    if not permissions.can_edit_profile(request.user, code):
        raise PermissionDenied
    profile = selectors.profile_get(municipality)
    contacts = list(profile.contacts.all()) if profile else []
    if request.method == "POST":
        form = ProfileForm(request.POST)
        formset = ContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and formset.is_valid():
            services.profile_update(
                municipality=municipality,
                contacts=[f.cleaned_data for f in formset.forms if f.cleaned_data.get("filled")],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
            messages.success(request, _("The profile has been saved."))
            target = reverse("territory:municipality_detail", kwargs={"code": code})
            if _is_htmx(request):
                return HttpResponse(status=200, headers={"HX-Redirect": target})
            return redirect(target)
    else:
        form = ProfileForm(initial={"notes": profile.notes if profile else ""})
        formset = ContactFormSet(initial=contact_initial(contacts), prefix="contacts")
    template = (
        "territory/_profile_form.html" if _is_htmx(request) else "territory/profile_edit.html"
    )
    return render(
        request,
        template,
        {"municipality": municipality, "form": form, "formset": formset},
    )


def map_page(request: HttpRequest) -> HttpResponse:
    """Public: municipalities coloured by population band, and the same data as a table (the
    number of municipalities and their population per band), computed once per version of the
    register (core/cache.py)."""
    summary = data_cache.cached(
        "territory:band-summary", reads=("territory",), build=selectors.band_summary
    )
    return render(
        request,
        "territory/map.html",
        {"summary": summary, "has_boundaries": boundaries_path("municipis") is not None},
    )


@lru_cache(maxsize=4)
def _boundaries_bytes(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def boundaries(request: HttpRequest, level: str) -> HttpResponse:
    """Public: boundary GeoJSON (municipis, comarques, vegueries) from the data directory."""
    if level not in ("municipis", "comarques", "vegueries"):
        raise Http404
    path = boundaries_path(level)
    if path is None:
        raise Http404("No boundaries in the data directory")
    response = HttpResponse(
        _boundaries_bytes(str(path), path.stat().st_mtime), content_type="application/geo+json"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def map_data(request: HttpRequest) -> JsonResponse:
    """Public: population band per municipality, and seat points for the fallback map."""
    labels = {b.code: band_label(b.code) for b in BANDS}
    return JsonResponse(
        {
            "mode": "choropleth" if boundaries_path("municipis") else "points",
            "bands": [{"code": b.code, "label": labels[b.code]} for b in BANDS],
            "items": [
                {**p, "band_label": labels.get(p["band"], "")} for p in selectors.map_points()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
