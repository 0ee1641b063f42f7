from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from localret.core.forms import LocalizedDecimalField
from localret.territory.interface import Municipality

from .models import Direction, Evaluation, Idea, Offer


def _codes(text: str) -> list[str]:
    return [
        c for c in (p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",")) if c
    ]


class PilotForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    challenge = forms.CharField(label=_("Challenge"), widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Solution"), widget=forms.Textarea(attrs={"rows": 3}))
    municipalities = forms.CharField(
        label=_("Participating municipalities"),
        required=False,
        help_text=_("INE codes (6 digits), separated by commas."),
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget = LocalizedDecimalField(
        label=_("Budget (€)"), required=False, min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    partners = forms.CharField(
        label=_("Partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One partner per line."),
    )
    action_line: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Action line"),
        required=False,
        queryset=None,  # type: ignore[arg-type]
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from localret.strategy.interface import ActionLine

        self.fields["action_line"].queryset = ActionLine.objects.select_related(  # type: ignore[attr-defined]
            "objective", "objective__plan"
        ).order_by("objective__plan__period_start", "objective__position", "position", "code")

    def clean_municipalities(self) -> list[Municipality]:
        codes = _codes(self.cleaned_data.get("municipalities") or "")
        found = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown municipality codes: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class CriterionForm(forms.Form):
    metric = forms.CharField(label=_("Metric"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = LocalizedDecimalField(label=_("Baseline"), max_digits=14, decimal_places=3)
    target = LocalizedDecimalField(label=_("Target"), max_digits=14, decimal_places=3)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Evaluation.Decision.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    municipality = forms.CharField(
        label=_("On behalf of the municipality (INE code)"), required=False, max_length=6
    )

    def clean_municipality(self) -> Municipality | None:
        code = (self.cleaned_data.get("municipality") or "").strip()
        if not code:
            return None
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise forms.ValidationError(_("Unknown municipality code."))
        return municipality


class OfferStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Offer.Status.choices)


IDEA_STATUS_CHOICES = Idea.Status.choices
