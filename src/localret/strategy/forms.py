"""Forms of the strategic plan pages (staff edit inline with HTMX; services do the writes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from localret.core.forms import LocalizedModelForm

from .models import (
    INDICATOR_FIELDS,
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    PlanValue,
    StrategicObjective,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(LocalizedModelForm):
    class Meta:
        model = Plan
        fields = [
            "name",
            "period_start",
            "period_end",
            "mandate_end",
            "mission",
            "vision",
            "drafting",
            "on_track_ratio",
            "at_risk_ratio",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "mandate_end": DATE,
            "mission": forms.Textarea(attrs={"rows": 2}),
            "vision": forms.Textarea(attrs={"rows": 2}),
            "drafting": forms.Textarea(attrs={"rows": 3}),
        }


# Paths under /pla/ that a plan's slug would hide (strategy/urls.py).
RESERVED_SLUGS = frozenset({"nou", "importar", "indicadors"})


def _check_slug(slug: str) -> str:
    if slug in RESERVED_SLUGS:
        raise forms.ValidationError(
            _("“%(slug)s” is a page of the site; choose another slug.") % {"slug": slug}
        )
    return slug


class PlanCreateForm(PlanForm):
    """A new plan: the plan's fields and its slug (the address); it starts as a draft."""

    class Meta(PlanForm.Meta):
        fields = ["name", "slug", *PlanForm.Meta.fields[1:]]
        help_texts = {"slug": _("The plan's address: /pla/<slug>/ (letters, digits, hyphens).")}

    def clean_slug(self) -> str:
        return _check_slug(self.cleaned_data["slug"])


class PlanValueForm(LocalizedModelForm):
    """A value of the plan (ids prefixed: the form shares the page with the plan's forms)."""

    class Meta:
        model = PlanValue
        fields = ["name", "description", "position"]
        labels = {"position": _("position (order)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_value_%s")
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Empty: after the last value.")
        if self.instance.pk is None and not self.is_bound:
            self.initial["position"] = None  # not the model's default 0: after the last one


class MilestoneForm(LocalizedModelForm):
    """A milestone of an indicator: the value expected at a date (one per date)."""

    class Meta:
        model = Milestone
        fields = ["date", "value"]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_milestone_%s")
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if self.indicator.milestones.filter(date=date).exists():
            raise forms.ValidationError(_("There is already a milestone on that date."))
        return date


class PlanCopyForm(forms.Form):
    slug = forms.SlugField(label=_("slug"), max_length=80)
    name = forms.CharField(label=_("name"), max_length=200)
    period_start = forms.DateField(label=_("period start"), widget=DATE)
    period_end = forms.DateField(label=_("period end"), widget=DATE)
    mandate_end = forms.DateField(label=_("mandate end"), widget=DATE)

    def clean_slug(self) -> str:
        return _check_slug(self.cleaned_data["slug"])


class ObjectiveForm(LocalizedModelForm):
    class Meta:
        model = StrategicObjective
        fields = ["code", "name", "description", "weight", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActionLineForm(LocalizedModelForm):
    class Meta:
        model = ActionLine
        fields = ["code", "name", "description", "weight", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class InitiativeForm(LocalizedModelForm):
    municipality_codes = forms.CharField(
        label=_("Municipalities involved (INE codes, separated by commas)"),
        required=False,
    )

    class Meta:
        model = Initiative
        fields = [
            "code",
            "name",
            "description",
            "owner",
            "responsible",
            "start_date",
            "end_date",
            "budget_planned",
            "budget_executed",
            "status",
            "weight",
            "position",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from localret.accounts.interface import Role, User

        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=[Role.STAFF, Role.ADMIN], is_active=True
        ).order_by("username")
        if self.instance.pk and not self.is_bound:
            self.initial["municipality_codes"] = ", ".join(
                m.code for m in self.instance.municipalities.all()
            )

    def clean_municipality_codes(self) -> list[Any]:
        from localret.territory.interface import Municipality

        raw = self.cleaned_data.get("municipality_codes", "")
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown municipality codes: %(codes)s") % {"codes": ", ".join(missing)}
            )
        return list(found.values())


class IndicatorForm(LocalizedModelForm):
    """Ids prefixed: on the indicator page the form sits beside the measurement form."""

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {
            "baseline_date": DATE,
            "target_date": DATE,
            "definition": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_indicator_%s")
        super().__init__(*args, **kwargs)


class MeasurementForm(LocalizedModelForm):
    municipality_code = forms.CharField(
        label=_("Municipality (INE code, optional)"), required=False, max_length=6
    )
    # The value staff confirmed after a far-jump warning (see strategy/views/measurements.py).
    confirmed_value = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Measurement
        fields = ["date", "value", "source"]
        widgets = {"date": DATE}

    def clean_municipality_code(self) -> Any:
        from localret.territory.interface import Municipality

        code = self.cleaned_data.get("municipality_code", "").strip()
        if not code:
            return None
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise forms.ValidationError(_("Unknown municipality code."))
        return municipality


class MeasurementEditForm(MeasurementForm):
    """Correct a measurement: its date, value, municipality or source, with an optional reason
    kept in its history. ``confirmed_value``: the value staff confirmed after a far-jump
    warning (the form is shown again with the warning until they confirm or correct it)."""

    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=100)


class MeasurementDeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
