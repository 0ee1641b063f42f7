from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from localret.core.forms import LocalizedModelForm
from localret.territory.interface import Municipality

from .models import Delivery, Kind, NotificationKind, Priority, ServiceLevel, Status, Team


class RequestForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Catalogue service it is about (optional)"),
        queryset=Municipality.objects.none(),
        to_field_name="code",
        required=False,
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, image, office document or CSV; 10 MB at most."),
    )

    def __init__(self, *args: Any, codes: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from localret.maturity.interface import Service

        self.fields["service"].queryset = Service.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        qs = Municipality.objects.order_by("search_name")
        self.fields["municipality"].queryset = qs.filter(code__in=codes) if codes else qs  # type: ignore[attr-defined]
        if codes and len(codes) == 1:
            self.fields["municipality"].initial = codes[0]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(
        label=_("Internal note (the municipality does not see it)"), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal (staff only)"), required=False)


class TriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    team = forms.ChoiceField(label=_("Team"), choices=[("", "—"), *Team.choices], required=False)
    assignee = forms.ChoiceField(label=_("Person responsible"), required=False)
    action_line = forms.ChoiceField(label=_("Action line"), required=False)
    service = forms.ChoiceField(label=_("Catalogue service"), required=False)

    def __init__(
        self,
        *args: Any,
        staff: list[Any],
        action_lines: list[tuple[int, str]],
        catalogue: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.username, u.get_full_name() or u.username) for u in staff
        ]
        self.fields["action_line"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(pk), label) for pk, label in action_lines
        ]
        self.fields["service"].choices = [("", "—"), *catalogue]  # type: ignore[attr-defined]


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer to this request?"),
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — neither satisfied nor unsatisfied")),
            (2, _("2 — unsatisfied")),
            (1, _("1 — very unsatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[f"kind_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=Delivery.IMMEDIATE
            )


class ServiceLevelForm(LocalizedModelForm):
    """One row of the service-level table: whole numbers of working days typed in the page's
    language (a text input, never ``type="number"``). Every message names the field, since the
    table shows the inputs without visible labels: "8,5" is refused, never rounded."""

    class Meta:
        model = ServiceLevel
        fields = ["first_answer_days", "resolution_days"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label)
            field.error_messages = {
                code: f"{label}: {message}" for code, message in field.error_messages.items()
            }
            field.error_messages["not_whole"] = _(
                "%(field)s: write a whole number of days, for example 8."
            ) % {"field": label}
