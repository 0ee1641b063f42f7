from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowUp


class MinutesForm(forms.Form):
    file = forms.FileField(label=_("Minutes (PDF)"))


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
