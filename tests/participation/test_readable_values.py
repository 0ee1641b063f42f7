"""Issue 14: a version's changes read as people write them. A snapshot keeps dates as ISO text
and decimals as text (the JSON stays locale-free); the pages show 29/01/2021 and 180.000."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from localret.participation.templatetags.participation_tags import snapshot_value, text_marks


def test_snapshot_values_read_as_catalan_dates_and_figures():
    with translation.override("ca"):
        assert snapshot_value("2021-01-29", "end_date") == "29/01/2021"
        assert snapshot_value("180000", "budget_planned") == "180.000"
        assert snapshot_value("0.25", "weight") == "0,25"
        assert snapshot_value("1.2", "code") == "1.2"  # a code is never a number
        assert snapshot_value("Sensors de soroll", "name") == "Sensors de soroll"


def test_a_changed_date_or_figure_reads_before_and_after_not_as_word_marks():
    date_row = {
        "field": "end_date",
        "before": "2021-01-29",
        "after": "2021-03-31",
        "marks": [("delete", "2021-01-29"), ("insert", "2021-03-31")],
    }
    name_row = {
        "field": "name",
        "before": "Xarxa",
        "after": "Xarxa de sensors",
        "marks": [("equal", "Xarxa"), ("insert", " de sensors")],
    }
    assert text_marks(date_row) is None
    assert text_marks(name_row) == name_row["marks"]
    with translation.override("ca"):
        html = render_to_string("participation/_fieldrows.html", {"fields": [date_row, name_row]})
    assert "<del>29/01/2021</del> → <ins>31/03/2021</ins>" in html
    assert "2021-01-29" not in html
    assert "Xarxa<ins> de sensors</ins>" in html
