from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Contact
from .schemas import _PHONE


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.CharField(label=_("Role"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(_("Enter a valid phone number."))
        return phone

    def clean(self) -> dict:
        data = super().clean() or {}
        filled = any((data.get(k) or "").strip() for k in ("name", "role", "email", "phone"))
        if filled:
            for key in ("name", "role"):
                if not (data.get(key) or "").strip():
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
