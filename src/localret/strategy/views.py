"""Pages of the strategic plan. Every page takes ``?as_of=YYYY-MM-DD``.

- Plan list, plan overview, objective, action line, initiative and indicator pages: public for
  approved and closed plans; staff and Board members also see drafts.
- Editing (HTMX forms inline, one form per object): Localret staff only.
- Measurement import (with a dry-run preview): Localret staff only.
- "What changed since the last Board meeting": staff and Board members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from localret.core import cache as data_cache
from localret.core import formatting, staging
from localret.core.tabular import ImportFailed
from localret.core.versions import EVERY

from . import permissions, publication, selectors, services
from .forms import (
    ActionLineForm,
    ImportForm,
    IndicatorForm,
    InitiativeForm,
    MeasurementDeleteForm,
    MeasurementEditForm,
    MeasurementForm,
    MilestoneForm,
    ObjectiveForm,
    PlanCopyForm,
    PlanCreateForm,
    PlanForm,
    PlanValueForm,
)
from .models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)
from .snapshot import READS, plan_snapshot

# --- Helpers ------------------------------------------------------------------------------------


def parse_as_of(request: HttpRequest) -> dt.date | None:
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise BadRequest("as_of must be a date YYYY-MM-DD") from exc


def _plan(request: HttpRequest, slug: str) -> Plan:
    plan = selectors.plan_get(slug, request.user)
    if plan is None:
        raise Http404
    return plan


def _tree(plan: Plan, as_of: dt.date | None, user: Any) -> selectors.PlanTree:
    """The plan as of a date; 404 when it did not exist then, or was a draft then and the user
    may not read drafts."""
    try:
        tree = plan_snapshot(plan, as_of)
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    if not permissions.can_read_plan(user, tree.plan):  # the plan as it stood then
        raise Http404("The plan was not public on that date.")
    return tree


def _indicator_as_of(
    request: HttpRequest, ind: Indicator, as_of: dt.date | None
) -> selectors.IndicatorDetail:
    """The indicator as of a date; 404 as :func:`_tree` (its plan did not exist, or was a draft
    then for a user who may not read drafts)."""
    try:
        detail = selectors.indicator_detail(ind, as_of, viewer=request.user)
    except selectors.PlanNotFound as exc:
        raise Http404(str(exc)) from exc
    if not permissions.can_read_plan(request.user, detail.plan):
        raise Http404("The plan was not public on that date.")
    return detail


def _common(request: HttpRequest, tree: selectors.PlanTree) -> dict[str, Any]:
    return {
        "tree": tree,
        "plan": tree.plan,
        "as_of": tree.as_of,
        "live": tree.live,
        "can_edit": permissions.can_edit_plan(request.user)
        and tree.live
        and tree.plan.status != Plan.Status.CLOSED,
        "can_see_changes": permissions.can_see_changes(request.user),
        "is_hx": bool(request.headers.get("HX-Request")),
    }


def _require_staff(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    return None


def _node_or_404(tree: selectors.PlanTree, kind: str, code: str) -> selectors.Node:
    node = tree.find_code(kind, code)
    if node is None:
        raise Http404
    return node


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

    The page body is cached per plan, date, language and the viewer's flags under the plan
    data's version (core/cache.py); the page around it is rendered for each visitor."""
    as_of = parse_as_of(request) or selectors.today()
    plan = _plan(request, slug)
    may_edit = permissions.can_edit_plan(request.user)
    may_see_changes = permissions.can_see_changes(request.user)

    def build() -> dict[str, str]:
        tree = _tree(plan, as_of, request.user)
        context = _common(request, tree)
        # No request: the fragment holds nothing of the viewer but the flags in the cache key.
        body = render_to_string("strategy/_plan_detail_body.html", context)
        return {"title": str(tree.plan.name), "status": tree.plan.status, "body": body}

    page = data_cache.cached(
        "strategy:plan-page",
        reads=READS,
        parts=(plan.pk, as_of, get_language(), may_edit, may_see_changes),
        build=build,
    )
    # Built by a viewer allowed to read the plan as it stood then; checked for this one.
    if page["status"] not in permissions.PUBLIC_STATUSES and not permissions.can_read_drafts(
        request.user
    ):
        raise Http404("The plan was not public on that date.")
    return render(
        request,
        "strategy/plan_detail.html",
        {"title": page["title"], "body": mark_safe(page["body"]), "plan": plan},  # noqa: S308
    )


def objective_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Same audience as the plan."""
    tree = _tree(_plan(request, slug), parse_as_of(request), request.user)
    node = _node_or_404(tree, "objective", code)
    return render(
        request, "strategy/objective_detail.html", {**_common(request, tree), "node": node}
    )


def action_line_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Same audience as the plan."""
    tree = _tree(_plan(request, slug), parse_as_of(request), request.user)
    node = _node_or_404(tree, "action_line", code)
    objective = next(o for o in tree.objectives if node in o.children)
    return render(
        request,
        "strategy/action_line_detail.html",
        {**_common(request, tree), "node": node, "objective": objective},
    )


def initiative_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Same audience as the plan. Municipalities involved are public (they are not personal)."""
    tree = _tree(_plan(request, slug), parse_as_of(request), request.user)
    node = _node_or_404(tree, "initiative", code)
    line = next(a for o in tree.objectives for a in o.action_lines if node in a.children)
    municipalities = []
    if tree.live:
        municipalities = list(Initiative.objects.get(pk=node.id).municipalities.order_by("name"))
    return render(
        request,
        "strategy/initiative_detail.html",
        {
            **_common(request, tree),
            "node": node,
            "line": line,
            "municipalities": municipalities,
        },
    )


def _indicator(request: HttpRequest, code: str) -> Indicator:
    ind = selectors.indicator_get(code, request.user)
    if ind is None:
        raise Http404
    return ind


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Same audience as the indicator's plan."""
    ind = _indicator(request, code)
    as_of = parse_as_of(request)
    # Computed once per data version (core/cache.py); who may read it is checked each time.
    detail = data_cache.cached(
        "strategy:indicator-detail",
        reads=EVERY,
        parts=(ind.pk, as_of or selectors.today()),
        build=lambda: _indicator_as_of(request, ind, as_of),
        local=True,
    )
    if not permissions.can_read_plan(request.user, detail.plan):
        raise Http404("The plan was not public on that date.")
    live = selectors.is_live(as_of)
    f = detail.forecast
    chart = {
        "series": [[d.isoformat(), v] for d, v in detail.series],
        "baseline": [detail.baseline_date.isoformat(), detail.baseline_value],
        "target": [detail.target_date.isoformat(), detail.target_value],
        "milestones": [[d.isoformat(), v] for d, v in detail.milestones],
        "forecast": None,
        "unit": ind.unit,
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
    can_edit = (
        permissions.can_record_measurements(request.user)
        and live
        and detail.plan.status != Plan.Status.CLOSED
        and not ind.computed_key
    )
    return render(
        request,
        "strategy/indicator_detail.html",
        {
            "detail": detail,
            "ind": detail.indicator,
            "plan": detail.plan,
            "as_of": detail.as_of,
            "live": live,
            "chart": chart,
            "can_edit": can_edit,
            "can_edit_indicator": permissions.can_edit_plan(request.user)
            and live
            and detail.plan.status != Plan.Status.CLOSED,
            "measurement_form": MeasurementForm(initial={"date": selectors.today()})
            if can_edit
            else None,
            "has_boundaries": _has_boundaries(),
        },
    )


def _has_boundaries() -> bool:
    from localret.territory.views import boundaries_path

    return boundaries_path("municipis") is not None


def indicator_map_data(request: HttpRequest, code: str) -> JsonResponse:
    """Same audience as the indicator: latest value per municipality, in five classes, in the
    format of LocalretMaps.categoryMap."""
    from localret.territory.selectors import map_points

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
    raw = request.GET.get("since", "").strip()
    as_of = parse_as_of(request)
    since_meeting = False
    try:
        if raw:
            since = dt.date.fromisoformat(raw)
        else:
            since, since_meeting = selectors.default_since(as_of)
    except ValueError as exc:
        raise BadRequest("since must be a date YYYY-MM-DD") from exc
    result = selectors.changes_since(plan, since, as_of)
    return render(
        request,
        "strategy/changes.html",
        {
            "plan": plan,
            "changes": result,
            "since_meeting": since_meeting,
            "default_days": selectors.DEFAULT_CHANGES_DAYS,
            "explicit_since": bool(raw),
        },
    )


# --- Staff: editing -----------------------------------------------------------------------------


def _form_response(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    action: str,
    cancel: str,
    save: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], str],
    after: str | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the form (a fragment for HTMX, a page otherwise). POST: validate, call the service,
    then go to ``success(obj)`` (HX-Redirect for HTMX).

    ``after``: a template shown after the form (with ``extra`` in its context), e.g. the
    indicator's milestones; an HTMX POST answers the form alone, which replaces itself."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except services.StrategyError as exc:
            for error in exc.errors:
                field = error.get("field")
                form.add_error(field if field in form.fields else None, error["message"])
        else:
            messages.success(request, _("Saved."))
            url = success(obj)
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    context = {"form": form, "title": title, "action": action, "cancel": cancel, **(extra or {})}
    is_hx = bool(request.headers.get("HX-Request"))
    template = "strategy/_form.html" if is_hx else "strategy/form_page.html"
    if after and not (is_hx and request.method == "POST"):
        context["after"] = after
    # HTMX only swaps 2xx answers: the fragment with its errors comes back as 200.
    status = 422 if request.method == "POST" and template == "strategy/form_page.html" else 200
    return render(request, template, context, status=status)


def _editable_plan(request: HttpRequest, slug: str) -> Plan:
    plan = _plan(request, slug)
    if plan.status == Plan.Status.CLOSED:
        raise PermissionDenied(_("A closed plan cannot be changed."))
    return plan


def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: edit the plan's name, period, mission, vision and thresholds (not its status)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    plan = _editable_plan(request, slug)
    original = Plan.objects.get(pk=plan.pk)
    form = PlanForm(request.POST or None, instance=plan)
    url = reverse("strategy:plan_detail", args=[slug])
    return _form_response(
        request,
        form=form,
        title=_("Edit the plan"),
        action=request.path,
        cancel=url,
        save=lambda data: services.plan_update(plan=original, by=request.user, **data),
        success=lambda obj: url,
    )


def plan_copy(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: copy the plan's structure into a new draft plan (next mandate)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    plan = _plan(request, slug)
    form = PlanCopyForm(request.POST or None)
    return _form_response(
        request,
        form=form,
        title=_("Copy the structure into a new plan"),
        action=request.path,
        cancel=reverse("strategy:plan_detail", args=[slug]),
        save=lambda data: services.plan_copy(plan=plan, by=request.user, **data),
        success=lambda obj: reverse("strategy:plan_detail", args=[obj.slug]),
    )


def plan_add(request: HttpRequest) -> HttpResponse:
    """Staff: create a new plan (a draft: its status only changes through Board agreements)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    form = PlanCreateForm(request.POST or None)
    return _form_response(
        request,
        form=form,
        title=_("New plan"),
        action=request.path,
        cancel=reverse("strategy:index"),
        save=lambda data: services.plan_create(by=request.user, **data),
        success=lambda obj: reverse("strategy:plan_detail", args=[obj.slug]),
    )


def value_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Staff: add (no pk) or edit a value of the plan; the edit form also offers to delete it.

    The plan page links here (HTMX loads the form in place); no form of the cached plan page
    carries a CSRF token of its own."""
    if (denied := _require_staff(request)) is not None:
        return denied
    plan = _editable_plan(request, slug)
    obj = None
    if pk is not None:
        obj = PlanValue.objects.filter(plan=plan, pk=pk).first()
        if obj is None:
            raise Http404
    form = PlanValueForm(request.POST or None, instance=_copy(obj) or PlanValue(plan=plan))
    url = reverse("strategy:plan_detail", args=[slug])

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return services.plan_value_create(plan=plan, by=request.user, **data)
        if data.get("position") is None:
            data.pop("position", None)
        return services.plan_value_update(value=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Edit the value") if obj else _("Add a value"),
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: url,
        after="strategy/_value_delete.html" if obj else None,
        extra={"plan": plan, "plan_value": obj},
    )


def value_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff: delete a value of the plan (POST)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    plan = _editable_plan(request, slug)
    value = PlanValue.objects.filter(plan=plan, pk=pk).first()
    if value is None:
        raise Http404
    return _deleted(request, slug, lambda: services.plan_value_delete(value=value, by=request.user))


def objective_form(request: HttpRequest, slug: str, code: str | None = None) -> HttpResponse:
    """Staff: add (no code) or edit a strategic objective."""
    if (denied := _require_staff(request)) is not None:
        return denied
    plan = _editable_plan(request, slug)
    obj = None
    if code is not None:
        obj = StrategicObjective.objects.filter(plan=plan, code=code).first()
        if obj is None:
            raise Http404
    form = ObjectiveForm(request.POST or None, instance=_copy(obj) or StrategicObjective(plan=plan))
    url = reverse("strategy:plan_detail", args=[slug])

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return services.objective_create(plan=plan, by=request.user, **data)
        return services.objective_update(objective=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Strategic objective"),
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: reverse("strategy:objective_detail", args=[slug, o.code]),
    )


def _copy(obj: Any) -> Any:
    """A detached copy for a ModelForm to validate against (services do the real write)."""
    if obj is None:
        return None
    return type(obj).objects.get(pk=obj.pk)


def action_line_form(
    request: HttpRequest, slug: str, code: str | None = None, objective_code: str | None = None
) -> HttpResponse:
    """Staff: add an action line to an objective, or edit one."""
    if (denied := _require_staff(request)) is not None:
        return denied
    plan = _editable_plan(request, slug)
    obj = objective = None
    if code is not None:
        obj = ActionLine.objects.filter(objective__plan=plan, code=code).first()
        if obj is None:
            raise Http404
    else:
        objective = StrategicObjective.objects.filter(plan=plan, code=objective_code).first()
        if objective is None:
            raise Http404
    form = ActionLineForm(
        request.POST or None, instance=_copy(obj) or ActionLine(objective=objective)
    )

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            assert objective is not None  # noqa: S101 - narrows the type; always true here
            return services.action_line_create(objective=objective, by=request.user, **data)
        return services.action_line_update(action_line=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Action line"),
        action=request.path,
        cancel=reverse("strategy:plan_detail", args=[slug]),
        save=save,
        success=lambda o: reverse("strategy:action_line_detail", args=[slug, o.code]),
    )


def initiative_form(
    request: HttpRequest, slug: str, code: str | None = None, line_code: str | None = None
) -> HttpResponse:
    """Staff: add an initiative to an action line, or edit one."""
    if (denied := _require_staff(request)) is not None:
        return denied
    plan = _editable_plan(request, slug)
    obj = line = None
    if code is not None:
        obj = Initiative.objects.filter(action_line__objective__plan=plan, code=code).first()
        if obj is None:
            raise Http404
    else:
        line = ActionLine.objects.filter(objective__plan=plan, code=line_code).first()
        if line is None:
            raise Http404
    form = InitiativeForm(request.POST or None, instance=_copy(obj) or Initiative(action_line=line))

    def save(data: dict[str, Any]) -> Any:
        municipalities = data.pop("municipality_codes")
        if obj is None:
            assert line is not None  # noqa: S101 - narrows the type; always true here
            return services.initiative_create(
                action_line=line, by=request.user, municipalities=municipalities, **data
            )
        return services.initiative_update(
            initiative=obj, by=request.user, municipalities=municipalities, **data
        )

    return _form_response(
        request,
        form=form,
        title=_("Initiative"),
        action=request.path,
        cancel=reverse("strategy:plan_detail", args=[slug]),
        save=save,
        success=lambda o: reverse("strategy:initiative_detail", args=[slug, o.code]),
    )


def indicator_form(
    request: HttpRequest,
    slug: str | None = None,
    code: str | None = None,
    line_code: str | None = None,
) -> HttpResponse:
    """Staff: add an indicator to an action line (or ``?initiative=<code>``), or edit one."""
    if (denied := _require_staff(request)) is not None:
        return denied
    obj = line = initiative = None
    if code is not None:
        obj = selectors.indicator_get(code, request.user)
        if obj is None:
            raise Http404
        plan = selectors.indicator_plan(obj)
        if plan.status == Plan.Status.CLOSED:
            raise PermissionDenied
        instance = _copy(obj)
    else:
        assert slug is not None  # noqa: S101 - narrows the type; always true here
        plan = _editable_plan(request, slug)
        initiative_code = request.GET.get("initiative") or request.POST.get("initiative_code")
        if initiative_code:
            initiative = Initiative.objects.filter(
                action_line__objective__plan=plan, code=initiative_code
            ).first()
        else:
            line = ActionLine.objects.filter(objective__plan=plan, code=line_code).first()
        if line is None and initiative is None:
            raise Http404
        instance = Indicator(action_line=line, initiative=initiative)
    form = IndicatorForm(request.POST or None, instance=instance)

    def save(data: dict[str, Any]) -> Any:
        if obj is None:
            return services.indicator_create(
                by=request.user, action_line=line, initiative=initiative, **data
            )
        return services.indicator_update(indicator=obj, by=request.user, **data)

    return _form_response(
        request,
        form=form,
        title=_("Indicator"),
        action=request.get_full_path(),
        cancel=reverse("strategy:plan_detail", args=[plan.slug]),
        save=save,
        success=lambda o: reverse("strategy:indicator_detail", args=[o.code]),
        after="strategy/_milestones.html" if obj is not None else None,
        extra=_milestones_context(obj) if obj is not None else None,
    )


def _milestones_context(ind: Indicator, form: Any = None, notice: str = "") -> dict[str, Any]:
    return {
        "ind": ind,
        "milestones": list(ind.milestones.all()),
        "milestone_form": form or MilestoneForm(indicator=ind),
        "milestone_notice": notice,
    }


def _editable_indicator(request: HttpRequest, code: str) -> Indicator:
    ind = selectors.indicator_get(code, request.user)
    if ind is None:
        raise Http404
    if selectors.indicator_plan(ind).status == Plan.Status.CLOSED:
        raise PermissionDenied(_("A closed plan cannot be changed."))
    return ind


def _milestones_response(
    request: HttpRequest, ind: Indicator, *, form: Any = None, notice: str = ""
) -> HttpResponse:
    """The milestones section for HTMX; otherwise back to the indicator's edit page (or that
    page again with the milestone form's errors, 422)."""
    edit_url = reverse("strategy:indicator_edit", args=[ind.code])
    if request.headers.get("HX-Request"):
        form = form or MilestoneForm(indicator=ind)
        if request.method == "POST":  # the swap removed the focused button: focus the form
            name = next((n for n in form.fields if n in form.errors), "date")
            form.fields[name].widget.attrs["autofocus"] = True
        return render(request, "strategy/_milestones.html", _milestones_context(ind, form, notice))
    if form is None or not form.errors:
        if notice:
            messages.success(request, notice)
        return redirect(edit_url)
    context = {
        "form": IndicatorForm(instance=_copy(ind)),
        "title": _("Indicator"),
        "action": edit_url,
        "cancel": reverse("strategy:plan_detail", args=[selectors.indicator_plan(ind).slug]),
        "after": "strategy/_milestones.html",
        **_milestones_context(ind, form),
    }
    return render(request, "strategy/form_page.html", context, status=422)


def milestone_add(request: HttpRequest, code: str) -> HttpResponse:
    """Staff: add a milestone (date and expected value) to an indicator (POST; audited)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    ind = _editable_indicator(request, code)
    if request.method != "POST":
        return _milestones_response(request, ind)
    form = MilestoneForm(request.POST, indicator=ind, instance=Milestone(indicator=ind))
    if form.is_valid():
        try:
            services.milestone_create(indicator=ind, by=request.user, **form.cleaned_data)
        except services.StrategyError as exc:
            for error in exc.errors:
                field = error.get("field")
                form.add_error(field if field in form.fields else None, error["message"])
        else:
            return _milestones_response(request, ind, notice=_("Milestone added."))
    return _milestones_response(request, ind, form=form)


def milestone_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Staff: remove a milestone of an indicator (POST; audited)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    ind = _editable_indicator(request, code)
    milestone = ind.milestones.filter(pk=pk).first()
    if milestone is None:
        raise Http404
    try:
        services.milestone_delete(milestone=milestone, by=request.user)
    except services.StrategyError as exc:
        form = MilestoneForm(indicator=ind)
        form.add_error(None, exc.message)
        return _milestones_response(request, ind, form=form)
    return _milestones_response(request, ind, notice=_("Milestone removed."))


def _confirm_jump(
    form: Any, ind: Indicator, data: dict[str, Any], exclude_id: int | None = None
) -> None:
    """Warn, then confirm: a value far from the indicator's series is not saved at once; the
    form comes back with the value and the warning, and saving the same value again confirms
    it (``confirmed_value``), while a corrected value is checked again."""
    value = data["value"]
    confirmed = (data.get("confirmed_value") or "").strip()
    try:
        if confirmed and Decimal(confirmed) == value:
            return
    except ArithmeticError:
        pass
    last = selectors.measurement_jump_from(
        indicator=ind,
        date=data["date"],
        value=value,
        municipality=data.get("municipality_code"),
        exclude_id=exclude_id,
    )
    if last is None:
        return
    form.data = form.data.copy()
    form.data[form.add_prefix("confirmed_value")] = str(value)
    form.jump_warning = True
    message = _(
        "%(value)s is far from this indicator's series (last value %(last)s). "
        "Check it: save it again to confirm it, or correct it."
    ) % {"value": formatting.number(value), "last": formatting.number(last)}
    raise services.StrategyError(message, [{"field": "value", "message": message}])


def measurement_add(request: HttpRequest, code: str) -> HttpResponse:
    """Staff: record a measurement of an indicator (a far jump is confirmed first)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    ind = selectors.indicator_get(code, request.user)
    if ind is None:
        raise Http404
    form = MeasurementForm(request.POST or None, initial={"date": selectors.today()})
    url = reverse("strategy:indicator_detail", args=[code])

    def save(data: dict[str, Any]) -> Any:
        _confirm_jump(form, ind, data)
        return services.measurement_create(
            indicator=ind,
            by=request.user,
            date=data["date"],
            value=data["value"],
            municipality=data.get("municipality_code"),
            source=data.get("source", ""),
        )

    return _form_response(
        request,
        form=form,
        title=_("Record a measurement"),
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: url,
    )


def _editable_measurement(request: HttpRequest, code: str, pk: int) -> tuple[Indicator, Any]:
    ind = _editable_indicator(request, code)
    if ind.computed_key:
        raise PermissionDenied(_("This indicator is computed from platform data."))
    measurement = (
        Measurement.objects.select_related("municipality").filter(indicator=ind, pk=pk).first()
    )
    if measurement is None:
        raise Http404
    return ind, measurement


def measurement_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Staff: correct a measurement (date, value, municipality, source) with an optional reason
    kept in its history; a far jump from the series is shown and confirmed first."""
    if (denied := _require_staff(request)) is not None:
        return denied
    ind, measurement = _editable_measurement(request, code, pk)
    form = MeasurementEditForm(
        request.POST or None,
        instance=None,
        initial={
            "date": measurement.date,
            "value": measurement.value.normalize(),
            "source": measurement.source,
            "municipality_code": measurement.municipality.code if measurement.municipality else "",
        },
        prefix=f"m{measurement.pk}",
    )
    url = reverse("strategy:indicator_detail", args=[code])

    def save(data: dict[str, Any]) -> Any:
        _confirm_jump(form, ind, data, exclude_id=measurement.pk)
        return services.measurement_update(
            measurement=measurement,
            by=request.user,
            reason=data.get("reason", ""),
            date=data["date"],
            value=data["value"],
            municipality=data.get("municipality_code"),
            source=data.get("source", ""),
        )

    return _form_response(
        request,
        form=form,
        title=_("Correct the measurement of %(date)s")
        % {"date": formats.date_format(measurement.date, "SHORT_DATE_FORMAT")},
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: url,
    )


def measurement_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Staff: delete a wrong measurement with an optional reason (GET: the confirmation form;
    POST: delete, audited)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    ind, measurement = _editable_measurement(request, code, pk)
    form = MeasurementDeleteForm(request.POST or None, prefix=f"d{measurement.pk}")
    url = reverse("strategy:indicator_detail", args=[code])

    def save(data: dict[str, Any]) -> Any:
        services.measurement_delete(
            measurement=measurement, by=request.user, reason=data.get("reason", "")
        )

    return _form_response(
        request,
        form=form,
        title=_("Delete the measurement of %(date)s")
        % {"date": formats.date_format(measurement.date, "SHORT_DATE_FORMAT")},
        action=request.path,
        cancel=url,
        save=save,
        success=lambda o: url,
        extra={"submit_label": _("Delete the measurement")},
    )


def node_delete(request: HttpRequest, slug: str, kind: str, code: str) -> HttpResponse:
    """Staff: delete an objective, action line, initiative or indicator (POST)."""
    if (denied := _require_staff(request)) is not None:
        return denied
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    plan = _editable_plan(request, slug)
    by = request.user
    if kind == "objective":
        o = StrategicObjective.objects.filter(plan=plan, code=code).first()
        action = (lambda: services.objective_delete(objective=o, by=by)) if o else None
    elif kind == "action_line":
        a = ActionLine.objects.filter(objective__plan=plan, code=code).first()
        action = (lambda: services.action_line_delete(action_line=a, by=by)) if a else None
    elif kind == "initiative":
        i = Initiative.objects.filter(action_line__objective__plan=plan, code=code).first()
        action = (lambda: services.initiative_delete(initiative=i, by=by)) if i else None
    elif kind == "indicator":
        x = Indicator.objects.filter(
            Q(action_line__objective__plan=plan) | Q(initiative__action_line__objective__plan=plan),
            code=code,
        ).first()
        action = (lambda: services.indicator_delete(indicator=x, by=by)) if x else None
    else:
        raise Http404
    if action is None:
        raise Http404
    return _deleted(request, slug, action)


def _deleted(request: HttpRequest, slug: str, action: Callable[[], Any]) -> HttpResponse:
    """Run a delete service, say how it went (flash message) and go back to the plan page."""
    try:
        action()
    except services.StrategyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deleted."))
    url = reverse("strategy:plan_detail", args=[slug])
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


# --- Staff: import ------------------------------------------------------------------------------


def measurement_import(request: HttpRequest) -> HttpResponse:
    """Staff: import measurements from CSV/XLSX. "Check" is a dry run; after a valid check the
    page offers to import that same file (kept by core/staging.py), or "Import" applies a file
    at once. Nothing is written unless the whole file is valid."""
    if (denied := _require_staff(request)) is not None:
        return denied
    result = errors = None
    applied = False
    staged = ""
    status = 200
    form = ImportForm(request.POST or None, request.FILES or None)
    upload: tuple[bytes, str] | None = None
    if request.method == "POST" and request.POST.get("staged"):
        form = ImportForm()
        upload = staging.take(request.user, request.POST["staged"])
        if upload is None:
            messages.error(request, _("The checked file is no longer available: choose it again."))
            status = 422
        dry_run = False
    elif request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = (file.read(), file.name)
        dry_run = request.POST.get("apply") != "1"
    elif request.method == "POST":
        status = 422
    if upload is not None:
        data, filename = upload
        try:
            result = services.measurements_import(
                data=data, filename=filename, by=request.user, dry_run=dry_run
            )
            applied = not dry_run
            if dry_run:
                staged = staging.stage(request.user, data, filename)
        except ImportFailed as exc:
            errors = exc.issues
            status = 422
    return render(
        request,
        "strategy/import.html",
        {
            "form": form,
            "result": result,
            "errors": errors,
            "applied": applied,
            "staged": staged,
            "staged_name": upload[1] if upload else "",
        },
        status=status,
    )


# --- Municipality page block --------------------------------------------------------------------


def municipality_section(request: HttpRequest, municipality: Any) -> dict[str, Any] | None:
    """The plan in this municipality: initiatives involving it and its latest per-municipality
    measurements, from plans the visitor may read."""
    from .models import Measurement

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
        latest.setdefault(m.indicator.code, m)
    if not initiatives and not latest:
        return None
    return {
        "title": _("Strategic plan"),
        "template": "strategy/_municipality_section.html",
        "context": {"initiatives": initiatives, "measurements": list(latest.values())[:20]},
    }
