from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Consultation, Proposal

NEW_TYPES = [
    ("objective", _("Strategic objective")),
    ("action_line", _("Action line")),
    ("initiative", _("Initiative")),
]


def element_choices(elements: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(key, label) of each plan element; the label names its kind, never the key's code
    (``action_line:1.2`` reads "Línia d'actuació 1.2 — name")."""
    from .templatetags.participation_tags import element_label

    out = []
    for key, e in elements.items():
        name = e.get("name") or ""
        out.append((key, f"{element_label(key)} — {name}"[:160] if name else element_label(key)))
    return out


class ConsultationForm(forms.Form):
    plan = forms.ChoiceField(label=_("Draft plan"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=Consultation.Status.choices)

    def __init__(self, *args: Any, plans: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.slug, p.name) for p in plans]  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    element = forms.ChoiceField(label=_("Element of the plan"))
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, elements: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = element_choices(elements)  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of proposal"), choices=Proposal.Kind.choices)
    target = forms.ChoiceField(
        label=_("Element (to change or remove; for a new element, the one it belongs to)")
    )
    new_type = forms.ChoiceField(
        label=_("Type of the new element"), choices=NEW_TYPES, required=False
    )
    new_code = forms.CharField(
        label=_("Code of the new element (e.g. 1.9)"), max_length=20, required=False
    )
    name = forms.CharField(label=_("Proposed name"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Proposed description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rationale = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, elements: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = element_choices(elements)  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    answer = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 2}))


class InvitationForm(forms.Form):
    username = forms.CharField(label=_("Username of the collaborator"), max_length=150)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Consultation.Status.choices)


class LessonForm(forms.Form):
    objective_code = forms.ChoiceField(label=_("Objective"), required=False)
    text = forms.CharField(label=_("Lesson learned"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, objectives: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective_code"].choices = [("", _("The plan as a whole")), *objectives]  # type: ignore[attr-defined]
