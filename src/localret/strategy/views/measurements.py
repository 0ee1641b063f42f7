"""Pages that enter values: milestones, measurements and the measurement import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from localret.core import formatting, staging
from localret.core.access import allowed
from localret.core.tabular import ImportFailed

from .. import permissions, selectors, services
from ..forms import (
    ImportForm,
    IndicatorForm,
    MeasurementDeleteForm,
    MeasurementEditForm,
    MeasurementForm,
    MilestoneForm,
)
from ..models import Indicator, Measurement, Milestone, Plan
from .base import _copy, _form_response


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


@allowed(permissions.can_edit_plan)
def milestone_add(request: HttpRequest, code: str) -> HttpResponse:
    """Staff: add a milestone (date and expected value) to an indicator (POST; audited)."""
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


@allowed(permissions.can_edit_plan)
def milestone_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Staff: remove a milestone of an indicator (POST; audited)."""
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


@allowed(permissions.can_edit_plan)
def measurement_add(request: HttpRequest, code: str) -> HttpResponse:
    """Staff: record a measurement of an indicator (a far jump is confirmed first)."""
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


@allowed(permissions.can_edit_plan)
def measurement_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Staff: correct a measurement (date, value, municipality, source) with an optional reason
    kept in its history; a far jump from the series is shown and confirmed first."""
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


@allowed(permissions.can_edit_plan)
def measurement_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Staff: delete a wrong measurement with an optional reason (GET: the confirmation form;
    POST: delete, audited)."""
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


# --- Staff: import ------------------------------------------------------------------------------


@allowed(permissions.can_edit_plan)
def measurement_import(request: HttpRequest) -> HttpResponse:
    """Staff: import measurements from CSV/XLSX. "Check" is a dry run; after a valid check the
    page offers to import that same file (kept by core/staging.py), or "Import" applies a file
    at once. Nothing is written unless the whole file is valid."""
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
