from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Contact
from .phones import MAX_DIGITS, MIN_DIGITS, is_plausible_phone


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    # The same four roles as the API (Contact.Kind), shown with their translated labels.
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *Contact.Kind.choices],
        required=False,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not is_plausible_phone(phone):
            raise forms.ValidationError(
                _(
                    "Enter a phone number of %(min)d to %(max)d digits (an optional leading +, "
                    "and spaces, dots, dashes or parentheses between them)."
                ),
                params={"min": MIN_DIGITS, "max": MAX_DIGITS},
            )
        return phone

    def clean(self) -> dict:
        data = super().clean() or {}
        filled = any((data.get(k) or "").strip() for k in ("name", "role", "email", "phone"))
        if filled:
            for key in ("name", "role"):
                if not (data.get(key) or "").strip() and key not in self.errors:
                    self.add_error(key, _("This field is required."))
        data["filled"] = filled
        return data


ContactFormSet = forms.formset_factory(ContactForm, extra=1, max_num=20, validate_max=True)


class ProfileForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )


def contact_initial(contacts: list[Contact]) -> list[dict]:
    return [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in contacts]
