"""Read pages of the strategic plan: index, plan, nodes, indicator, map data, changes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from localret.core import cache as data_cache
from localret.core.fragments import fragment, fragment_with_head
from localret.core.params import BadParameter, date_param
from localret.core.versions import EVERY

from .. import permissions, plausibility, publication, selectors
from ..forms import MeasurementForm
from ..models import Indicator, Initiative, Measurement, Plan
from ..snapshot import READS
from .base import _common, _indicator_as_of, _node_or_404, _plan, _tree, parse_as_of

# --- Read pages ---------------------------------------------------------------------------------


def plan_index(request: HttpRequest) -> HttpResponse:
    """Everyone: the plans the user may read (public: approved and closed), as of a date
    (``?as_of=``: the plans that existed then, with the status they had)."""
    as_of = parse_as_of(request) or selectors.today()
    live = selectors.is_live(as_of)
    plans = list(selectors.plan_list_at(request.user, None if live else as_of))
    return render(
        request,
        "strategy/plan_list.html",
        {
            "plans": plans,
            "current": next((p for p in plans if p.status == Plan.Status.APPROVED), None),
            "can_edit": permissions.can_edit_plan(request.user) and live,
            "as_of": as_of,
            "live": live,
            "as_of_query": "" if live else f"?as_of={as_of.isoformat()}",
        },
    )


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone for approved and closed plans; staff and Board for drafts.

    The page body is rendered once per plan, date, language and the viewer's flags under the
    plan data's version (core/fragments.py); the page around it is rendered for each visitor."""
    as_of = parse_as_of(request) or selectors.today()
    plan = _plan(request, slug)
    may_edit = permissions.can_edit_plan(request.user)
    may_see_changes = permissions.can_see_changes(request.user)
    # The diagnosis is internal (staff and Board): no link to a page the viewer cannot open.
    may_read_diagnosis = permissions.can_follow_diagnosis_link(request.user)

    def build() -> dict[str, Any]:
        tree = _tree(plan, as_of, request.user)
        # No request: the fragment holds nothing of the viewer but the flags in its key.
        return {**_common(request, tree), "show_diagnosis": may_read_diagnosis}

    body, head = fragment_with_head(
        "strategy:plan",
        template="strategy/_plan_detail_body.html",
        reads=READS,
        parts=(plan.pk, as_of, may_edit, may_see_changes, may_read_diagnosis),
        context=build,
        head=lambda c: {"title": str(c["plan"].name), "status": c["plan"].status},
    )
    # Built by a viewer allowed to read the plan as it stood then; checked for this one.
    if head["status"] not in permissions.PUBLIC_STATUSES and not permissions.can_read_drafts(
        request.user
    ):
        raise Http404("The plan was not public on that date.")
    return render(
        request, "strategy/plan_detail.html", {"title": head["title"], "body": body, "plan": plan}
    )


def _node_content(
    request: HttpRequest,
    tree: selectors.PlanTree,
    node: selectors.Node,
    template: str,
    extra: Callable[[], dict[str, Any]] = dict,
    reads: tuple[str, ...] = READS,
) -> SafeString:
    """The content of a node's page: for staff who may edit it, rendered for them (its forms
    hold their CSRF token); for everyone else, the same fragment, rendered once per version of
    the plan's data, date and language (core/fragments.py)."""
    context = _common(request, tree)

    def build() -> dict[str, Any]:
        return {**context, "node": node, **extra()}

    if context["can_edit"]:
        return render_to_string(template, build(), request=request)
    return fragment(
        f"strategy:{node.kind}",
        template=template,
        reads=reads,
        parts=(tree.plan.pk, tree.as_of, node.code),
        context=build,
    )


def objective_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Same audience as the plan."""
    tree = _tree(_plan(request, slug), parse_as_of(request), request.user)
    node = _node_or_404(tree, "objective", code)
    content = _node_content(request, tree, node, "strategy/objective_detail_content.html")
    return render(request, "strategy/objective_detail.html", {"node": node, "content": content})


def action_line_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Same audience as the plan."""
    tree = _tree(_plan(request, slug), parse_as_of(request), request.user)
    node = _node_or_404(tree, "action_line", code)
    content = _node_content(
        request,
        tree,
        node,
        "strategy/action_line_detail_content.html",
        lambda: {"objective": next(o for o in tree.objectives if node in o.children)},
    )
    return render(request, "strategy/action_line_detail.html", {"node": node, "content": content})


def initiative_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Same audience as the plan. Municipalities involved are public (they are not personal)."""
    tree = _tree(_plan(request, slug), parse_as_of(request), request.user)
    node = _node_or_404(tree, "initiative", code)

    def extra() -> dict[str, Any]:
        line = next(a for o in tree.objectives for a in o.action_lines if node in a.children)
        municipalities = []
        if tree.live:
            municipalities = list(
                Initiative.objects.get(pk=node.id).municipalities.order_by("name")
            )
        return {"line": line, "municipalities": municipalities}

    # The municipalities' names are the register's.
    content = _node_content(
        request,
        tree,
        node,
        "strategy/initiative_detail_content.html",
        extra,
        reads=(*READS, "territory"),
    )
    return render(request, "strategy/initiative_detail.html", {"node": node, "content": content})


def _indicator(request: HttpRequest, code: str) -> Indicator:
    ind = selectors.indicator_get(code, request.user)
    if ind is None:
        raise Http404
    return ind


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Same audience as the indicator's plan."""
    ind = _indicator(request, code)
    as_of = parse_as_of(request)
    # What the viewer may read of the municipalities' figures (publication.py): staff and Board
    # all, everyone else those that consented. Computed once per data version and per view
    # (core/cache.py); who may read the plan is checked each time.
    full_view = publication.full_view(request.user)
    detail = data_cache.cached(
        "strategy:indicator-detail",
        reads=EVERY,
        parts=(ind.pk, as_of or selectors.today(), full_view),
        build=lambda: _indicator_as_of(request, ind, as_of),
        local=True,
    )
    if not permissions.can_read_plan(request.user, detail.plan):
        raise Http404("The plan was not public on that date.")
    live = selectors.is_live(as_of)
    open_plan = live and detail.plan.status != Plan.Status.CLOSED
    can_edit = permissions.can_record_measurements(request.user) and open_plan
    can_edit = can_edit and not ind.computed_key
    can_edit_indicator = permissions.can_edit_plan(request.user) and open_plan
    has_boundaries = _has_boundaries()

    def build() -> dict[str, Any]:
        return {
            "detail": detail,
            "ind": detail.indicator,
            "plan": detail.plan,
            "as_of": detail.as_of,
            "live": live,
            "chart": _chart(detail, ind.unit),
            "can_edit": can_edit,
            "can_edit_indicator": can_edit_indicator,
            "measurement_form": MeasurementForm(initial={"date": selectors.today()})
            if can_edit
            else None,
            "has_boundaries": has_boundaries,
        }

    template = "strategy/indicator_detail_content.html"
    if can_edit or can_edit_indicator:  # staff: their forms hold their CSRF token
        content = render_to_string(template, build(), request=request)
    else:  # the same for every viewer with the same view (core/fragments.py)
        content = fragment(
            "strategy:indicator",
            template=template,
            reads=EVERY,
            parts=(ind.pk, detail.as_of, live, full_view, has_boundaries),
            context=build,
        )
    return render(request, "strategy/indicator_detail.html", {"ind": ind, "content": content})


def _chart(detail: selectors.IndicatorDetail, unit: str) -> dict[str, Any]:
    """The indicator chart's data (strategy/js/indicator_chart.js)."""
    f = detail.forecast
    chart: dict[str, Any] = {
        "series": [[d.isoformat(), v] for d, v in detail.series],
        "baseline": [detail.baseline_date.isoformat(), detail.baseline_value],
        "target": [detail.target_date.isoformat(), detail.target_value],
        "milestones": [[d.isoformat(), v] for d, v in detail.milestones],
        "forecast": None,
        "unit": unit,
        "labels": {
            "measured": _("Measured"),
            "target": _("Target"),
            "baseline": _("Baseline"),
            "milestones": _("Milestones"),
            "forecast": _("Forecast"),
            "band": _("Prediction interval"),
        },
    }
    if f.ok and detail.series:
        last_date, last_value = detail.series[-1]
        chart["forecast"] = {
            "from": [last_date.isoformat(), last_value],
            "to": [detail.target_date.isoformat(), f.value_at_target_date],
            "low": f.low,
            "high": f.high,
        }
    return chart


def _has_boundaries() -> bool:
    from localret.territory.interface import boundaries_path

    return boundaries_path("municipis") is not None


def indicator_map_data(request: HttpRequest, code: str) -> JsonResponse:
    """Same audience as the indicator: latest value per municipality, in five classes, in the
    format of LocalretMaps.categoryMap."""
    from localret.territory.interface import map_points

    ind = _indicator(request, code)
    detail = _indicator_as_of(request, ind, parse_as_of(request))
    values = {m.code: m.value for m in detail.by_municipality}
    dates = {m.code: m.date.isoformat() for m in detail.by_municipality}
    bands, classify = _classes(sorted(values.values()))
    items = []
    for p in map_points():
        value = values.get(p["code"])
        band = classify(value)
        items.append(
            {
                "code": p["code"],
                "name": p["name"],
                "lat": p["lat"],
                "lon": p["lon"],
                "band": band,
                "band_label": "—" if value is None else _num(value),
                # the map's tooltip formats the value in the page's locale, with its date
                "value": value,
                "as_of": dates.get(p["code"]),
            }
        )
    return JsonResponse(
        {
            "mode": "choropleth" if _has_boundaries() else "points",
            "bands": bands,
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _num(value: float) -> str:
    """A legend number in the active language (Catalan 1.022,23), at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True, force_grouping=True)


def _classes(values: list[float]) -> tuple[list[dict[str, str]], Callable[[float | None], str]]:
    """Up to five equal-count classes of the values, plus "no data"."""
    none_band = {"code": "none", "label": _("No data")}
    if not values:
        return [none_band], lambda v: "none"
    distinct = sorted(set(values))
    if len(distinct) <= 5:
        bands = [none_band] + [{"code": f"v{i}", "label": _num(v)} for i, v in enumerate(distinct)]
        index = {v: f"v{i}" for i, v in enumerate(distinct)}
        return bands, lambda v: "none" if v is None else index.get(v, "none")
    k = 5
    cuts = [values[min(len(values) - 1, (i * len(values)) // k)] for i in range(1, k)]
    edges = [values[0], *cuts, values[-1]]
    bands = [none_band] + [
        {"code": f"c{i}", "label": f"{_num(edges[i])} – {_num(edges[i + 1])}"} for i in range(k)
    ]

    def classify(v: float | None) -> str:
        if v is None:
            return "none"
        for i, cut in enumerate(cuts):
            if v < cut:
                return f"c{i}"
        return f"c{k - 1}"

    return bands, classify


def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff and Board: what changed in the plan since a date (default: the last Board meeting
    before the as-of date, as governance records it; 90 days when none is recorded)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_changes(request.user):
        raise PermissionDenied
    plan = _plan(request, slug)
    as_of = parse_as_of(request)
    since_meeting = False
    try:
        since = date_param(request, "since")
    except BadParameter as exc:
        raise BadRequest(str(exc)) from exc
    explicit_since = since is not None
    if since is None:
        since, since_meeting = selectors.default_since(as_of)
    result = selectors.changes_since(plan, since, as_of)
    return render(
        request,
        "strategy/changes.html",
        {
            "plan": plan,
            "changes": result,
            "since_meeting": since_meeting,
            "default_days": selectors.DEFAULT_CHANGES_DAYS,
            "explicit_since": explicit_since,
        },
    )


# --- Municipality page block --------------------------------------------------------------------


def municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    """The plan in this municipality: initiatives involving it and its latest per-municipality
    measurements, from plans the visitor may read."""

    plans = selectors.plan_list(request.user)
    initiatives = list(
        Initiative.objects.filter(
            municipalities=municipality, action_line__objective__plan__in=plans
        ).select_related("action_line__objective__plan")[:20]
    )
    rows = list(
        publication.visible_measurements(
            Measurement.objects.filter(municipality=municipality), request.user
        )
        .filter(
            Q(indicator__action_line__objective__plan__in=plans)
            | Q(indicator__initiative__action_line__objective__plan__in=plans)
        )
        .select_related("indicator")
        .order_by("indicator__code", "-date")
    )
    latest: dict[str, Any] = {}
    for m in rows:
        # A count of municipalities is a figure of the whole territory: the town hall's own
        # value (whether it counts) is not shown as "1 municipis".
        if not plausibility.counts_municipalities(m.indicator.unit):
            latest.setdefault(m.indicator.code, m)
    if not initiatives and not latest:
        return None
    return {
        "title": _("Strategic plan"),
        "template": "strategy/_municipality_section.html",
        "context": {"initiatives": initiatives, "measurements": list(latest.values())[:20]},
    }
