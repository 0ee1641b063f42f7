from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from localret.core.forms import LocalizedDecimalField, LocalizedIntegerField

from .models import CandidateSet


class CoverageImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[
            ("areas", _("Area-level (CSV or XLSX, ministry report)")),
            ("premises", _("Premise-level CSV (one row per premise and network)")),
        ],
    )
    file = forms.FileField(label=_("File"))
    year = LocalizedIntegerField(
        label=_("Year (premise files)"), min_value=2000, max_value=2100, required=False
    )
    source = forms.CharField(label=_("Source"), max_length=80, required=False)
    dry_run = forms.BooleanField(label=_("Dry run (check only, write nothing)"), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("format") == "premises" and not data.get("year"):
            self.add_error("year", _("Premise files need a year."))
        return data


def _codes(text: str) -> list[str]:
    return sorted({part.strip() for part in text.replace(";", ",").split(",") if part.strip()})


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Scenario name"), max_length=120, required=False)
    candidates = forms.ModelChoiceField(
        label=_("Candidate set"),
        queryset=CandidateSet.objects.order_by("name"),
        to_field_name="name",
    )
    budget_eur = LocalizedDecimalField(
        label=_("Budget (EUR)"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    balance_level = forms.ChoiceField(
        label=_("Territorial balance"),
        required=False,
        choices=[("", _("None")), ("comarca", _("By comarca")), ("vegueria", _("By vegueria"))],
    )
    min_share = LocalizedDecimalField(
        label=_("Minimum share of the budget (0-1)"),
        min_value=Decimal(0),
        max_value=Decimal(1),
        initial=Decimal("0.5"),
        required=False,
    )
    must_include = forms.CharField(
        label=_("Areas that must be included (ids, comma-separated)"), required=False
    )
    must_exclude = forms.CharField(
        label=_("Areas that must be excluded (ids, comma-separated)"), required=False
    )
    time_limit_s = LocalizedDecimalField(
        label=_("Time limit (seconds)"),
        min_value=Decimal("0.1"),
        max_value=Decimal(120),
        initial=Decimal(10),
    )
    mip_gap = LocalizedDecimalField(
        label=_("Relative gap"),
        min_value=Decimal(0),
        max_value=Decimal(1),
        initial=Decimal("0.001"),
    )

    def clean_must_include(self) -> list[str]:
        return _codes(self.cleaned_data.get("must_include", ""))

    def clean_must_exclude(self) -> list[str]:
        return _codes(self.cleaned_data.get("must_exclude", ""))

    def clean(self) -> dict:
        data = super().clean() or {}
        cset = data.get("candidates")
        if cset is not None:
            ids = set(cset.items.values_list("area_id_code", flat=True))
            for name in ("must_include", "must_exclude"):
                unknown = sorted(set(data.get(name) or []) - ids)
                if unknown:
                    self.add_error(
                        name, _("Not in the candidate set: %s") % ", ".join(unknown[:20])
                    )
        return data


class CostOverrideForm(forms.Form):
    cost_override_eur = LocalizedDecimalField(
        label=_("Cost override (EUR)"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    override_note = forms.CharField(label=_("Note"), max_length=200, required=False)
