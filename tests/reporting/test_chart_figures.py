"""The Board report's SVG charts write their axis figures in the report's language."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation

from localret.reporting import charts

SERIES = [(dt.date(2024, 1, 31), 1250.0), (dt.date(2024, 6, 30), 2750.0)]


def _axis(svg: str) -> list[str]:
    import re

    return re.findall(r'fill="#333">([^<]+)</text>', svg)


def test_catalan_axis_figures_group_with_a_point():
    svg = charts.line_chart(title="I1", series=SERIES)
    labels = _axis(svg)
    assert "1.250" in labels and "2.750" in labels
    assert not [t for t in labels if "," in t and "." not in t and len(t) > 4]


def test_the_separators_follow_the_active_language():
    for language, thousands in (("ca", "."), ("es", "."), ("en", ",")):
        with translation.override(language):
            separators = (
                str(formats.get_format("THOUSAND_SEPARATOR")),
                str(formats.get_format("DECIMAL_SEPARATOR")),
            )
        assert separators[0] == thousands
        labels = _axis(charts.line_chart(title="I1", series=SERIES, separators=separators))
        assert f"1{thousands}250" in labels


def test_small_figures_keep_two_decimals_with_the_decimal_comma():
    assert charts._fmt(2.75) == "2,75"
    assert charts._fmt(2.75, ",", ".") == "2.75"
    assert charts._fmt(12345.0) == "12.345"
