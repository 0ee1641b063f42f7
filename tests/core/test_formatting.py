"""Figures and dates in the reader's language (issue 14): 1.022,23, 45,3 %, 3.500.000 €."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from localret.core import formatting

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "number", "percent", "money", "short", "long"),
    [
        (
            "ca",
            "1.022,23",
            f"45,3{NBSP}%",
            f"3.500.000{NBSP}€",
            "30/11/2026",
            "30 de novembre de 2026",
        ),
        (
            "es",
            "1.022,23",
            f"45,3{NBSP}%",
            f"3.500.000{NBSP}€",
            "30/11/2026",
            "30 de noviembre de 2026",
        ),
        ("en", "1,022.23", "45.3%", "€3,500,000", "11/30/2026", "Nov. 30, 2026"),
    ],
)
def test_figures_and_dates_follow_the_language(language, number, percent, money, short, long):
    with translation.override(language):
        assert formatting.number(1022.23) == number
        assert formatting.percent(0.453, 1) == percent
        assert formatting.money(3500000) == money
        assert formatting.date_short(dt.date(2026, 11, 30)) == short
        assert formatting.date_long(dt.date(2026, 11, 30)) == long


def test_number_drops_trailing_zeros_and_keeps_none_readable():
    with translation.override("ca"):
        assert formatting.number(Decimal("12.00")) == "12"
        assert formatting.number(1754.349) == "1.754,35"
        assert formatting.number(2.7) == "2,7"
        assert formatting.number(0.5, 2) == "0,50"
        assert formatting.number(-0.001) == "0"
        assert formatting.number(None) == "—"
        assert formatting.number("n/a") == "n/a"
        assert formatting.percent(None) == "—"


def test_template_filters():
    template = Template(
        "{% load localret %}{{ x|num }} {{ x|num:1 }} {{ r|percent }} {{ p|percent_value:1 }} "
        "{{ m|money }} {{ d|shortdate }} {{ d|longdate }} {{ name|de }} {{ s|catalan }}"
    )
    context = Context(
        {
            "x": 1754.35,
            "r": 0.734,
            "p": 45.25,
            "m": 180000,
            "d": dt.date(2026, 4, 1),
            "name": "El Masnou",
            "s": "Fites de OE4",
        }
    )
    with translation.override("ca"):
        text = template.render(context)
    assert text == (
        f"1.754,35 1.754,4 73{NBSP}% 45,3{NBSP}% 180.000{NBSP}€ 01/04/2026 1 d&#x27;abril de 2026 "
        "del Masnou Fites d&#x27;OE4"
    )
    with translation.override("en"):
        assert template.render(context).startswith("1,754.35 1,754.4 73% 45.3% €180,000 04/01/2026")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "Línies d'actuació d'OE4 · Maduresa digital del Masnou"),
        ("es", "Líneas de actuación de OE4 · Madurez digital de El Masnou"),
        ("en", "Action lines of OE4 · Digital maturity of El Masnou"),
    ],
)
def test_generated_sentences_elide_in_catalan_only(language, expected):
    """The pages' sentences built from a translation and a name read right (issue 14)."""
    template = Template(
        "{% load i18n localret %}"
        "{% blocktranslate with code='OE4' asvar a %}Action lines of {{ code }}"
        "{% endblocktranslate %}"
        "{% blocktranslate with name='El Masnou' asvar b %}Digital maturity of {{ name }}"
        "{% endblocktranslate %}{{ a|catalan }} · {{ b|catalan }}"
    )
    with translation.override(language):
        assert template.render(Context()) == expected


def test_a_moment_reads_on_the_local_clock():
    """The database keeps UTC; people read Europe/Madrid (``TIME_ZONE``), in Python and in
    templates alike: 02:23 UTC on 6 December is 3:23, 22:05 UTC on 1 July is 0:05 the next day."""
    winter = dt.datetime(2026, 12, 6, 2, 23, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 1, 22, 5, tzinfo=dt.UTC)
    template = Template(
        "{% load localret %}{{ w|shortdatetime }} · {{ s|shortdate }} · {{ s|longdate }}"
    )
    with translation.override("ca"):
        assert formatting.datetime_short(winter) == "06/12/2026 3:23"
        assert formatting.date_short(summer) == "02/07/2026"
        assert formatting.date_long(summer) == "2 de juliol de 2026"
        assert template.render(Context({"w": winter, "s": summer})) == (
            "06/12/2026 3:23 · 02/07/2026 · 2 de juliol de 2026"
        )
        assert formatting.datetime_short(None) == "—"


def test_a_date_after_an_article_reads_as_catalan():
    """A sentence with a date goes through ``|catalan``: the day 1 and 11 elide the article and
    ``de`` as a vowel does ("l'1 de març", "de l'11 d'abril")."""
    template = Template(
        "{% load i18n localret %}{% blocktranslate with since=a|longdate until=b|longdate "
        "asvar t %}From {{ since }} to {{ until }}.{% endblocktranslate %}{{ t|catalan }}"
    )
    context = Context({"a": dt.date(2026, 3, 1), "b": dt.date(2026, 4, 11)})
    with translation.override("ca"):
        assert template.render(context) == (
            "De l'1 de març de 2026 a l'11 d&#x27;abril de 2026."  # both read ' in HTML
        )
    with translation.override("es"):
        assert template.render(context) == "Del 1 de marzo de 2026 al 11 de abril de 2026."
