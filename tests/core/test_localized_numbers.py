"""LocalizedDecimalField: numbers typed in the page's language, never a silent multiplication
(issue 14, point 2). Every number input of every app's forms uses it."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from localret.core.forms import (
    LocalizedDecimalField,
    LocalizedFloatField,
    LocalizedIntegerField,
    LocalizedNumberError,
    format_localized_number,
    parse_localized_number,
)


class NumberForm(forms.Form):
    amount = LocalizedDecimalField(max_digits=12, decimal_places=4, required=False)
    count = LocalizedIntegerField(min_value=0, required=False)
    share = LocalizedFloatField(required=False)


def _clean(lang: str, field: str, text: str) -> tuple[object, list[str]]:
    with translation.override(lang):
        form = NumberForm({field: text})
        form.is_valid()
        return form.cleaned_data.get(field), [str(e) for e in form.errors.get(field, [])]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ca", "8,2", Decimal("8.2")),
        ("ca", "1.234,5", Decimal("1234.5")),
        ("ca", "1.234", Decimal("1234")),  # a point and exactly three digits: thousands
        ("ca", "1.234.567,25", Decimal("1234567.25")),
        ("ca", "1 234,5", Decimal("1234.5")),
        ("ca", "1\u00a0234,5", Decimal("1234.5")),
        ("ca", "-3,5", Decimal("-3.5")),
        ("ca", "\u22123,5", Decimal("-3.5")),
        ("ca", ",5", Decimal("0.5")),
        ("ca", "42", Decimal("42")),
        ("es", "8,2", Decimal("8.2")),
        ("es", "1.234,5", Decimal("1234.5")),
        ("en", "8.2", Decimal("8.2")),
        ("en", "1,234.5", Decimal("1234.5")),
        ("en", "1,234", Decimal("1234")),
    ],
)
def test_a_number_written_in_the_pages_language_is_read(lang, text, expected) -> None:  # type: ignore[no-untyped-def]
    value, errors = _clean(lang, "amount", text)
    assert errors == []
    assert value == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ca", "1.5"),  # a point that cannot be thousands: refused, not 15
        ("ca", "12.34"),  # not 1234
        ("ca", "8.2"),
        ("ca", "1,234.5"),  # English writing on a Catalan page
        ("ca", "1.2.3"),
        ("ca", "1,2,3"),
        ("ca", "1.23,4"),
        ("ca", "12.3456"),
        ("es", "8.2"),
        ("en", "8,2"),  # not 82
        ("en", "1.234,5"),
        ("en", "1,23"),
    ],
)
def test_ambiguous_writing_is_refused_with_a_message(lang, text) -> None:  # type: ignore[no-untyped-def]
    value, errors = _clean(lang, "amount", text)
    assert value is None
    assert len(errors) == 1 and text in errors[0]
    with translation.override(lang):
        example = "1.234,5" if lang in ("ca", "es") else "1,234.5"
    assert example in errors[0]


@pytest.mark.parametrize("text", ["abc", "8,", "1e5", "--1", "12a", "NaN", "Infinity"])
def test_text_that_is_no_number_is_refused(text) -> None:  # type: ignore[no-untyped-def]
    value, errors = _clean("ca", "amount", text)
    assert value is None and errors


def test_the_catalan_message_says_how_to_write_the_number() -> None:
    _value, errors = _clean("ca", "amount", "1.5")
    assert "1.234,5" in errors[0] and "1.5" in errors[0]
    assert "Enter" not in errors[0]  # translated


def test_whole_numbers_refuse_decimals_instead_of_rounding() -> None:
    assert _clean("ca", "count", "1.234") == (1234, [])
    value, errors = _clean("ca", "count", "1,5")
    assert value is None and errors
    value, errors = _clean("ca", "count", "-1")
    assert value is None and errors  # min_value still applies


def test_float_fields_read_the_same_way() -> None:
    assert _clean("ca", "share", "45,3") == (45.3, [])
    assert _clean("en", "share", "45.3") == (45.3, [])


def test_the_input_is_text_with_a_decimal_keyboard_and_shows_the_locale_decimal() -> None:
    with translation.override("ca"):
        html = str(NumberForm(initial={"amount": Decimal("8.2000"), "count": 1234})["amount"])
        assert 'type="text"' in html and 'inputmode="decimal"' in html
        assert 'value="8,2"' in html
        count = str(NumberForm(initial={"count": 1234})["count"])
        assert 'inputmode="numeric"' in count and 'value="1234"' in count
    with translation.override("en"):
        html = str(NumberForm(initial={"amount": Decimal("8.2000")})["amount"])
        assert 'value="8.2"' in html


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False),
    st.sampled_from([(",", "."), (".", ",")]),
)
def test_what_the_form_shows_reads_back_as_the_same_number(value, seps) -> None:  # type: ignore[no-untyped-def]
    decimal, thousands = seps
    shown = format_localized_number(value, decimal)
    assert parse_localized_number(shown, decimal, thousands) == value


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=9999))
def test_grouped_catalan_numbers_read_exactly(whole, frac) -> None:  # type: ignore[no-untyped-def]
    grouped = f"{whole:,}".replace(",", ".")
    text = f"{grouped},{frac:04d}"
    assert parse_localized_number(text, ",", ".") == Decimal(f"{whole}.{frac:04d}")


@given(st.text(alphabet="0123456789.,", min_size=1, max_size=12))
def test_no_reading_multiplies_a_decimal(text) -> None:  # type: ignore[no-untyped-def]
    """Whatever Catalan text is accepted, it is what the English reading gives when that reading
    is unambiguous, or a thousands grouping (a point and three digits), never "1.5" -> 15."""
    try:
        value = parse_localized_number(text, ",", ".")
    except LocalizedNumberError:
        return
    whole = text.split(",")[0]
    for group in whole.split(".")[1:]:
        assert len(group) == 3
    assert value == Decimal(text.replace(".", "").replace(",", ".") or "0")


FORM_MODULES = [
    "localret.strategy.forms",
    "localret.connectivity.forms",
    "localret.governance.forms",
    "localret.innovation.forms",
    "localret.diagnosis.forms",
    "localret.territory.forms",
    "localret.participation.forms",
    "localret.helpdesk.forms",
    "localret.maturity.forms",
]


@pytest.mark.parametrize("module_name", FORM_MODULES)
def test_every_number_field_of_every_form_is_localized(module_name) -> None:  # type: ignore[no-untyped-def]
    module = importlib.import_module(module_name)
    checked = 0
    for obj in vars(module).values():
        if (
            isinstance(obj, type)
            and issubclass(obj, forms.BaseForm)
            and obj.__module__ == module_name
        ):
            for name, field in obj.base_fields.items():
                if isinstance(field, forms.IntegerField | forms.FloatField):
                    assert isinstance(field, LocalizedDecimalField), f"{obj.__name__}.{name}"
                    assert not isinstance(field.widget, forms.NumberInput)
                    checked += 1
    assert checked >= 0


def test_the_measurement_form_reads_a_catalan_decimal() -> None:
    from localret.strategy.forms import MeasurementForm

    with translation.override("ca"):
        form = MeasurementForm({"date": "2026-01-31", "value": "8,2", "source": ""})
        form.is_valid()
        assert "value" not in form.errors
        assert form.cleaned_data["value"] == Decimal("8.2")
