from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from localret.core.forms import LocalizedIntegerField

from .models import Agreement, FollowUp


class MinutesForm(forms.Form):
    file = forms.FileField(label=_("Minutes (PDF)"))


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=30)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    plan = forms.CharField(label=_("Plan (slug)"), max_length=80, required=False)
    votes_for = LocalizedIntegerField(label=_("Votes in favour"), min_value=0)
    votes_against = LocalizedIntegerField(label=_("Votes against"), min_value=0, initial=0)
    abstentions = LocalizedIntegerField(label=_("Abstentions"), min_value=0, initial=0)
    is_public = forms.BooleanField(label=_("Publish on the transparency portal"), required=False)


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
