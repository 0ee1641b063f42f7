"""Issue 15, point 4, on the demo data: every demo account lands on its own home after logging
in; the Board's home gives the plan in force at a glance and one Board meeting with its papers;
a town hall's home compares it with its population band and lists the roadmap's and projects'
next steps, and never another municipality's data."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone, translation

from localret.core.demo import DEMO_PASSWORD
from localret.core.formatting import date_long, percent
from tests.conftest import OLOT, VIC, speaking

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo(demo_data) -> None:  # type: ignore[no-untyped-def]
    """The demo data set, loaded once for the module."""


def visible(html: str) -> str:
    """The text a person reads (no tags, no scripts), spaces collapsed."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def log_in(username: str, language: str = "en") -> tuple[Client, str, list[str]]:
    """Log in through the log-in page as a person does; the page landed on and the chain."""
    client = speaking(Client(), language)
    response = client.post(
        "/comptes/entra/", {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    return client, response.content.decode(), [url for url, _status in response.redirect_chain]


@pytest.mark.parametrize(
    ("username", "lands_on", "heading"),
    [
        ("admin", "/inici/", "Your work"),
        ("tecnic", "/inici/", "Your work"),
        ("consell", "/inici/", "The plan at a glance"),
        ("vic", "/inici/", "My municipality: Vic"),
        ("olot", "/inici/", "My municipality: Olot"),
        ("collaborador", "/participacio/", "Consultations on draft plans"),
    ],
)
def test_each_demo_account_lands_on_its_own_page(username, lands_on, heading) -> None:  # type: ignore[no-untyped-def]
    _client, html, chain = log_in(username)
    assert chain[0] == "/inici/"
    assert chain[-1] == lands_on
    assert heading in visible(html)


def test_the_board_home_gives_the_plan_in_force_at_a_glance() -> None:
    from localret.strategy import interface as strategy

    plan = strategy.Plan.objects.get(status="approved")
    today = timezone.localdate()
    outline = strategy.plan_outline(plan, today)
    statuses = {
        node.id: node.status
        for node in strategy.plan_snapshot(plan, today).nodes()
        if node.kind == "indicator"
    }
    _client, html, _chain = log_in("consell")
    text = visible(html)
    summary = visible(re.search(r'(?s)<p id="plan-[^"]+-summary">.*?</p>', html).group(0))
    with translation.override("en"):
        progress, expected = percent(outline["progress"]), percent(outline["expected_progress"])
    assert f"Progress: {progress} (expected {expected})" in summary
    label = strategy.ProgressStatus(outline["status"]).label
    assert f"Status: {label}" in summary
    # The indicators counted per status, with the status's label, and their total.
    table = visible(re.search(r'(?s)<table class="plan-indicators">.*?</table>', html).group(0))
    for status in strategy.ProgressStatus:
        n = sum(1 for s in statuses.values() if s == status.value)
        if n:
            assert f"{status.label} {n}" in table
    assert f"Total {len(statuses)}" in table
    for objective in outline["objectives"]:
        assert objective["name"] in text
    assert "Earlier plans" in text and "2020-2023" in text  # the closed plan: a link only


def test_the_board_home_gives_one_meeting_with_its_date_once() -> None:
    from localret.governance import interface as governance

    today = timezone.localdate()
    upcoming = governance.next_board_meeting(today)
    meeting = upcoming or governance.last_board_meeting(today)
    assert meeting is not None
    _client, html, _chain = log_in("consell")
    text = visible(html)
    if upcoming is None:
        assert "No meeting is scheduled." in text and "Last meeting" in text
    line = visible(re.search(r'(?s)<p class="meeting"[^>]*>.*?</p>', html).group(0))
    assert line.count(str(meeting.date.year)) == 1, line
    assert f"{meeting.date:%d/%m/%Y}" not in text
    with translation.override("en"):
        assert date_long(meeting.date) in line
    assert f'href="/governanca/reunions/{meeting.pk}/"' in html
    for item in meeting.agenda_items.all():
        assert item.title in text
    assert html.count('<p class="meeting"') == 1  # one meeting, shown once


def test_olot_home_compares_it_with_its_band_and_gives_the_next_steps() -> None:
    from localret.maturity import interface as maturity

    overview = maturity.municipality_overview(OLOT, today=timezone.localdate())
    results, roadmap = overview["results"], overview["roadmap"]
    assert results["comparable"] and roadmap["steps"]  # the demo gives Olot both
    _client, html, _chain = log_in("olot")
    peers = visible(re.search(r'(?s)<dl class="facts" id="maturity-peers">.*?</dl>', html).group(0))
    assert f"Population band {results['band_label']}" in peers
    assert f"Municipalities of the band with a result {results['peers']}" in peers
    assert f"Median score of the band {results['median']:.1f}" in peers
    assert f"Position in the band {results['position']} of {results['peers']}" in peers
    steps = visible(re.search(r'(?s)<table id="roadmap-next-steps">.*?</table>', html).group(0))
    for step in roadmap["steps"]:
        assert f"{step['code']}. {step['name']}" in steps
    # Olot's project: its status and its next step, no separator left hanging.
    projects = visible(re.search(r'(?s)<ul id="home-projects">.*?</ul>', html).group(0))
    project = overview["projects"][0]
    assert project["next_step"] is not None
    assert f"{project['name']} ({project['status_label']}). Next step: " in projects
    assert project["next_step"]["name"] in projects
    assert "· " not in projects and not projects.rstrip().endswith(("·", ":", ","))


def test_a_municipal_home_never_shows_another_municipality() -> None:
    from localret.maturity import interface as maturity

    today = timezone.localdate()
    olot = maturity.municipality_overview(OLOT, today=today)
    vic = maturity.municipality_overview(VIC, today=today)
    _client, html, _chain = log_in("vic")
    text = visible(html)
    assert "My municipality: Vic" in text
    assert "Olot" not in text
    for project in olot["projects"]:
        assert project["name"] not in text
    own_codes = {s["code"] for s in (vic["roadmap"] or {}).get("steps", [])}
    for step in olot["roadmap"]["steps"]:
        if step["code"] not in own_codes:
            assert f"{step['code']}. {step['name']}" not in text
    assert f"(score {vic['results']['overall']:.1f})" in text
    assert f"(score {olot['results']['overall']:.1f})" not in text
