"""Number fields that read numbers the way the page's reader writes them.

An ``<input type="number">`` follows the *browser's* locale, not the page's: a technician whose
browser is in English who types "8,2" on a Catalan page gets 82. Every number a person types in a
form therefore goes through :class:`LocalizedDecimalField` (or its whole-number and float
variants): a text input with ``inputmode="decimal"`` whose value is read with the separators of
the active language (Catalan and Spanish: decimal comma, thousands point; English: decimal point,
thousands comma).

Rules (``parse_localized_number``), never a silent multiplication:
- digits with at most one decimal separator: "8,2" -> 8.2 (ca/es), "8.2" -> 8.2 (en);
- thousands separators only in groups of three before the decimal separator:
  "1.234,5" -> 1234.5 and "1.234" -> 1234 (ca/es); "1,234.5" -> 1234.5 (en);
  spaces (also non-breaking) may group thousands the same way: "1 234,5";
- anything else is refused with a message that shows how to write the number: "1.5" and
  "12.34" in Catalan (a point that cannot be thousands), "8,2" in English, "1.2.3", "1,2,3",
  "1.23,4", "8," (nothing after the separator), letters.

ModelForms take the fields with ``formfield_callback = localized_formfield`` (or by deriving from
:class:`LocalizedModelForm`). The JSON API stays locale-free (it never uses these fields).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

SPACES = "\u0020\u00a0\u202f\u2009"
MINUS = "-\u2212"


class LocalizedNumberError(ValueError):
    """Text that is not a number in the given convention (``code``: invalid or ambiguous)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def separators() -> tuple[str, str]:
    """(decimal, thousands) separators of the active language."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    thousands = str(formats.get_format("THOUSAND_SEPARATOR"))
    if thousands in ("", decimal) or thousands.isspace():
        thousands = "." if decimal == "," else ","
    return decimal, thousands


def parse_localized_number(text: str, decimal: str, thousands: str) -> Decimal:
    """The number that ``text`` writes with these separators; LocalizedNumberError otherwise."""
    s = text.strip()
    sign = ""
    if s[:1] in MINUS or s[:1] == "+":
        sign = "-" if s[:1] in MINUS else ""
        s = s[1:].lstrip()
    if not s:
        raise LocalizedNumberError("invalid")
    if re.fullmatch(rf"[0-9{re.escape(decimal + thousands + SPACES)}]+", s) is None:
        raise LocalizedNumberError("invalid")
    if s.count(decimal) > 1:
        # "1.2.3" in English, "1,2,3" in Catalan: only the other reading could make sense of it.
        raise LocalizedNumberError("ambiguous")
    whole, _sep, fraction = s.partition(decimal)
    if _sep and not fraction:
        raise LocalizedNumberError("invalid")  # "8,"
    if fraction and not fraction.isdigit():
        raise LocalizedNumberError("ambiguous")  # "1,23.4" in Catalan
    if not whole and not fraction:
        raise LocalizedNumberError("invalid")
    groupers = {c for c in whole if not c.isdigit()}
    if groupers:
        if len(groupers) > 1:
            raise LocalizedNumberError("ambiguous")
        sep = re.escape(groupers.pop())
        if re.fullmatch(rf"[0-9]{{1,3}}({sep}[0-9]{{3}})+", whole) is None:
            raise LocalizedNumberError("ambiguous")  # "1.5", "12.34" in Catalan; "8,2" in English
        whole = re.sub(r"[^0-9]", "", whole)
    try:
        return Decimal(f"{sign}{whole or '0'}" + (f".{fraction}" if fraction else ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only digits
        raise LocalizedNumberError("invalid") from exc


def format_localized_number(value: Any, decimal: str) -> str:
    """A number as the form shows it for editing: no grouping, the language's decimal separator,
    no trailing zeros ("8,2", not "8,2000"), so that sending it back reads the same value."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal)


class LocalizedDecimalField(forms.DecimalField):
    """A decimal number typed in the page's language (see the module's rules)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a number, for example %(example)s."),
        "ambiguous": _(
            "“%(value)s” is not a number as written here: write the decimals after a "
            "“%(decimal)s” and, if you like, group thousands in threes with “%(thousands)s” "
            "(for example %(example)s)."
        ),
    }
    input_mode = "decimal"

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = self.input_mode
        attrs.setdefault("autocomplete", "off")
        return attrs

    def _error(self, code: str, value: str) -> forms.ValidationError:
        decimal, thousands = separators()
        example = f"1{thousands}234{decimal}5"
        return forms.ValidationError(
            self.error_messages[code],
            code=code,
            params={"value": value, "decimal": decimal, "thousands": thousands, "example": example},
        )

    def parse(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float):
            return Decimal(str(value))
        text = str(value)
        if text.strip() == "":
            return None
        decimal, thousands = separators()
        try:
            return parse_localized_number(text, decimal, thousands)
        except LocalizedNumberError as exc:
            raise self._error(exc.code, text.strip()) from exc

    def to_python(self, value: Any) -> Any:
        return self.parse(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_localized_number(value, separators()[0])
        return value


class LocalizedFloatField(LocalizedDecimalField):
    """The same reading, for a float model field (validated as a decimal, cleaned to float)."""

    def __init__(self, *, max_digits: Any = None, decimal_places: Any = None, **kwargs: Any):
        super().__init__(max_digits=None, decimal_places=None, **kwargs)

    def clean(self, value: Any) -> Any:
        number = super().clean(value)
        return None if number is None else float(number)


class LocalizedIntegerField(LocalizedDecimalField):
    """A whole number typed in the page's language ("1.234" is 1234 in Catalan; "1,5" is
    refused, never rounded)."""

    input_mode = "numeric"
    default_error_messages = {"not_whole": _("Enter a whole number.")}

    def __init__(self, *, max_digits: Any = None, decimal_places: Any = None, **kwargs: Any):
        super().__init__(max_digits=None, decimal_places=None, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value != value.to_integral_value():
            raise forms.ValidationError(self.error_messages["not_whole"], code="not_whole")

    def clean(self, value: Any) -> Any:
        number = super().clean(value)
        return None if number is None else int(number)


def localized_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """``formfield_callback`` of ModelForms: number model fields become localized fields."""
    if not getattr(db_field, "choices", None):
        if isinstance(db_field, models.DecimalField):
            return db_field.formfield(form_class=LocalizedDecimalField, **kwargs)
        if isinstance(db_field, models.FloatField):
            return db_field.formfield(form_class=LocalizedFloatField, **kwargs)
        if isinstance(db_field, models.IntegerField) and not isinstance(
            db_field, models.AutoField | models.BigAutoField | models.SmallAutoField
        ):
            return db_field.formfield(form_class=LocalizedIntegerField, **kwargs)
    return db_field.formfield(**kwargs)


class LocalizedModelForm(forms.ModelForm):  # type: ignore[type-arg]  # a base for any model
    """A ModelForm whose number fields read the page's language (its ``Meta`` gets
    ``formfield_callback = localized_formfield`` unless it names its own)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Runs before ModelFormMetaclass reads Meta, so the fields are built with the callback.
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(localized_formfield)
        super().__init_subclass__(**kwargs)
