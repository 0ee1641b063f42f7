"""Diagnosis: services, API and pages through real HTTP, permission matrix, malformed input."""

from __future__ import annotations

import pytest

from localret.diagnosis import selectors
from localret.diagnosis.models import Finding, Stakeholder

from ..conftest import api_client, client_for, speaking
from ..participation.factories import make_plan
from .factories import make_finding, make_stakeholder

pytestmark = pytest.mark.django_db

WHO = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
READ = {"admin", "staff", "board"}
EDIT = {"admin", "staff"}


@pytest.fixture
def plan(users):
    plan = make_plan("pla-diag")
    make_finding(plan, users["staff"])
    make_finding(
        plan,
        users["staff"],
        category="technological",
        title="5G deployment",
        source="data",
        action_line_codes=["2.1", "1.2"],
    )
    make_stakeholder(plan, users["staff"])
    return plan


@pytest.mark.parametrize("who", WHO)
def test_api_permission_matrix(plan, users, who):
    client = api_client(users[who])
    for url in (
        "/api/v1/plans/pla-diag/diagnosis/findings",
        "/api/v1/plans/pla-diag/diagnosis/stakeholders",
    ):
        response = client.get(url)
        expected = 200 if who in READ else (401 if who == "public" else 403)
        assert response.status_code == expected, url


def test_findings_api_filters_and_fields(plan, users):
    client = api_client(users["board"])
    body = client.get("/api/v1/plans/pla-diag/diagnosis/findings").json()
    assert body["count"] == 2
    tech = next(i for i in body["items"] if i["category"] == "technological")
    assert tech["framework"] == "pestel" and tech["source"] == "data"
    assert tech["action_lines"] == ["1.2", "2.1"]
    swot = client.get("/api/v1/plans/pla-diag/diagnosis/findings?framework=swot").json()
    assert [i["category"] for i in swot["items"]] == ["weakness"]
    bad = client.get("/api/v1/plans/pla-diag/diagnosis/findings?framework=bcg&category=x")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"framework", "category"}
    stakeholders = client.get("/api/v1/plans/pla-diag/diagnosis/stakeholders").json()
    assert stakeholders["items"][0]["quadrant"] == "manage_closely"
    assert client.get("/api/v1/plans/nope/diagnosis/findings").status_code == 404


@pytest.mark.parametrize("who", WHO)
def test_page_permission_matrix(plan, users, who):
    client = client_for(users[who])
    finding = Finding.objects.filter(plan=plan).first()
    stakeholder = Stakeholder.objects.get(plan=plan)
    denied = 302 if who == "public" else 403
    for url in ("/diagnosi/", "/diagnosi/pla-diag/"):
        assert client.get(url).status_code == (200 if who in READ else denied), url
    for url in (
        "/diagnosi/pla-diag/troballes/nova/",
        f"/diagnosi/pla-diag/troballes/{finding.pk}/",
        "/diagnosi/pla-diag/agents/nou/",
        f"/diagnosi/pla-diag/agents/{stakeholder.pk}/",
    ):
        assert client.get(url).status_code == (200 if who in EDIT else denied), url
    response = client.post(f"/diagnosi/pla-diag/troballes/{finding.pk}/esborra/")
    assert response.status_code == (302 if who in EDIT else denied)
    assert Finding.objects.filter(pk=finding.pk).exists() == (who not in EDIT)


def test_overview_shows_swot_pestel_and_chart_with_table(plan, users):
    page = speaking(client_for(users["board"]), "en").get("/diagnosi/pla-diag/")
    content = page.content.decode()
    assert "Small town halls lack IT staff" in content and "5G deployment" in content
    assert 'id="stakeholder-data"' in content and '"influence": 5' in content
    assert "<caption>Stakeholders by influence and interest</caption>" in content
    assert "Add a finding" not in content  # Board reads only


def test_staff_creates_a_finding_through_htmx_and_history_records_it(plan, users):
    client = client_for(users["staff"])
    response = client.post(
        "/diagnosi/pla-diag/troballes/nova/",
        {
            "category": "opportunity",
            "title": "Next Generation EU funds",
            "source": "workshop",
            "action_lines": ["1.1", "2.1"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/diagnosi/pla-diag/#findings"
    finding = Finding.objects.get(title="Next Generation EU funds")
    assert sorted(a.code for a in finding.action_lines.all()) == ["1.1", "2.1"]
    assert finding.history.first().history_user == users["staff"]
    history = client.get(f"/historial/diagnosis/finding/{finding.pk}/")
    assert history.status_code == 200


@pytest.mark.parametrize(
    "data,field",
    [
        ({"category": "strength", "title": "", "source": "survey"}, "title"),
        ({"category": "bogus", "title": "T", "source": "survey"}, "category"),
        ({"category": "strength", "title": "T", "source": "rumour"}, "source"),
        (
            {"category": "strength", "title": "T", "source": "survey", "action_lines": ["9.9"]},
            "action_lines",
        ),
    ],
)
def test_malformed_finding_form_names_the_field_and_writes_nothing(plan, users, data, field):
    before = Finding.objects.count()
    response = client_for(users["staff"]).post(
        "/diagnosi/pla-diag/troballes/nova/",
        data,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="id_{field}' in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert Finding.objects.count() == before


@pytest.mark.parametrize(
    "data,field",
    [
        ({"interest": 6}, "interest"),
        ({"influence": 0}, "influence"),
        ({"scope": "both"}, "scope"),
        ({"sector": "mixed"}, "sector"),
        ({"name": "Diputació de Barcelona"}, "name"),  # duplicate
    ],
)
def test_malformed_stakeholder_form_writes_nothing(plan, users, data, field):
    base = {
        "name": "AOC",
        "scope": "external",
        "sector": "public",
        "interest": 3,
        "influence": 3,
        "source": "interview",
    }
    response = client_for(users["staff"]).post("/diagnosi/pla-diag/agents/nou/", {**base, **data})
    assert response.status_code == 200
    assert f"id_{field}-error" in response.content.decode()
    assert Stakeholder.objects.filter(plan=plan).count() == 1


def test_findings_trace_to_elements(plan):
    titles = lambda key: [f.title for f in selectors.findings_for_element(plan, key)]  # noqa: E731
    assert titles("action_line:1.1") == ["Small town halls lack IT staff"]
    assert sorted(titles("objective:OE1")) == ["5G deployment", "Small town halls lack IT staff"]
    assert titles("indicator:pla-diag-I1") == ["5G deployment"]
    assert titles("plan") == []
