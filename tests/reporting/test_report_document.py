"""Issue 15, point 7: the Board report PDF looks finished: a cover with the as-of date and the
Board meeting the changes are counted from, a table of contents with page numbers, numbered
pages, charts, and row labels in the report's language."""

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from localret.reporting import report, sources

from .factories import small_plan

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2021, 1, 31)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_cover_contents_and_page_numbers() -> None:
    plan = small_plan()
    pages = _pages(report.render_pdf(report.build(plan, AS_OF, "ca")))
    assert len(pages) >= 3
    cover = " ".join(pages[0].split())
    assert "Informe al Consell" in cover and plan.name in cover
    assert "31 de gener de 2021" in cover
    assert "consell" in cover.lower()  # since which Board meeting (or that none is recorded)
    toc = " ".join(pages[1].split())
    assert "Contingut" in toc
    # Each entry of the contents ends with the page it starts on.
    assert re.search(r"Resum\s*\.*\s*\d+", toc), toc
    # Numbered pages after the cover: "n / total".
    total = len(pages)
    assert f"2 / {total}" in pages[1]
    assert f"{total} / {total}" in pages[-1]


def test_summaries_speak_the_report_language() -> None:
    with translation.override("ca"):
        rows = sources.connectivity_summary(AS_OF)
    for label, _value in rows:
        assert "gigabit" not in label.lower() or "Llars" in label, label
        assert not label.startswith(("Households", "Deployment")), label
