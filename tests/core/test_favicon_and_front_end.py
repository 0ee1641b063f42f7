"""Favicon (issue 14, point 9) and the shared front-end helper every page loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[2] / "src" / "localret"


@pytest.mark.django_db
def test_favicon_ico_answers_with_an_icon() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # ICO header
    assert "max-age" in response["Cache-Control"]


@pytest.mark.django_db
def test_every_page_links_the_favicon_and_loads_the_escape_helper() -> None:
    html = Client().get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/localret/favicon\.svg', html)
    assert '<script src="/static/localret/js/format.js"></script>' in html
    assert 'data-l10n-as-of="' in html and 'data-l10n-no-data="' in html


def test_chart_scripts_build_no_html_from_data() -> None:
    """No static JS of ours writes HTML into the page (the chart tooltips are escaped through
    Localret.lines; tests/browser/test_no_script_from_data.py proves it in a browser)."""
    scripts = [p for p in STATIC.glob("*/static/**/*.js") if "vendor" not in p.parts]
    assert len(scripts) >= 6
    for path in scripts:
        text = path.read_text(encoding="utf-8")
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, path
        assert "document.write" not in text, path


@pytest.mark.django_db
def test_titles_say_where_you_are(staff_user) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import client_for
    from tests.innovation.factories import make_pilot

    title = re.compile(r"<title>(.*?)</title>", re.S)
    page = Client().get("/municipis/082981/").content.decode()
    assert title.search(page)[1].strip() == "Vic · Municipis · Localret"
    pilot = make_pilot(by=staff_user, name="Sensors")
    page = client_for(staff_user).get(f"/innovacio/pilots/{pilot.pk}/").content.decode()
    assert title.search(page)[1].strip() == "Sensors · Pilots d'innovació · Localret"
