from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from localret.core.forms import LocalizedIntegerField

from .models import Finding, Source, Stakeholder


class _PlanLinesForm(forms.Form):
    action_lines = forms.MultipleChoiceField(
        label=_("Action lines it motivates"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from localret.strategy.interface import ActionLine

        lines = ActionLine.objects.filter(objective__plan=plan).order_by("objective", "position")
        self.fields["action_lines"].choices = [(a.code, f"{a.code}. {a.name}") for a in lines]  # type: ignore[attr-defined]


class FindingForm(_PlanLinesForm):
    category = forms.ChoiceField(label=_("Category"), choices=Finding.Category.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)

    field_order = ["category", "title", "description", "source", "action_lines"]


class StakeholderForm(_PlanLinesForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    scope = forms.ChoiceField(label=_("Internal or external"), choices=Stakeholder.Scope.choices)
    sector = forms.ChoiceField(label=_("Public or private"), choices=Stakeholder.Sector.choices)
    interest = LocalizedIntegerField(label=_("Interest (1-5)"), min_value=1, max_value=5)
    influence = LocalizedIntegerField(label=_("Influence (1-5)"), min_value=1, max_value=5)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    field_order = [
        "name",
        "scope",
        "sector",
        "interest",
        "influence",
        "source",
        "notes",
        "action_lines",
    ]
