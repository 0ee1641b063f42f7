import pytest

from localret.reporting import sources, territorial

from ..conftest import client_for

pytestmark = pytest.mark.django_db

VIC, OLOT = "082981", "171143"


@pytest.fixture
def effort(monkeypatch):
    data = {"projects": {VIC: 3.0, OLOT: 1.0}, "adhesions": {VIC: 2.0}}

    def fake(component, year, as_of):
        return data.get(component, {}) if year in (None, 2022) else {}

    monkeypatch.setattr(sources, "effort_by_municipality", fake)
    return data


@pytest.mark.parametrize("level", ["comarca", "vegueria"])
def test_contract_fields_and_theil(client, effort, level):
    body = client.get(f"/api/v1/territorial-balance?level={level}&year=2022").json()
    assert {"theil", "gini", "items"} <= set(body)
    assert body["theil"] > 0 and 0 < body["gini"] <= 1
    shares = {i["code"]: i["effort_share"] for i in body["items"]}
    assert sum(shares.values()) == pytest.approx(1)
    assert len(body["items"]) == (43 if level == "comarca" else 8) or len(body["items"]) > 0


def test_no_effort_gives_null_indices(client, monkeypatch):
    monkeypatch.setattr(sources, "effort_by_municipality", lambda c, y, a: {})
    body = client.get("/api/v1/territorial-balance?level=comarca").json()
    assert body["theil"] is None and body["gini"] is None


def test_bad_level_is_422(client):
    response = client.get("/api/v1/territorial-balance?level=province")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"


def test_registered_as_computed_indicator(effort):
    import datetime as dt

    from localret.strategy.computed import get

    indicator = get("governance.territorial_balance_theil")
    assert indicator is not None
    value = indicator.compute(dt.date(2024, 1, 1)).value
    expected = territorial.compute(level="comarca", basis="population", as_of=dt.date(2024, 1, 1))
    assert value == pytest.approx(expected["theil"])


@pytest.mark.parametrize(
    "who", ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
)
def test_balance_page_and_api_are_public(users, who, effort):
    c = client_for(users[who])
    assert c.get("/transparencia/equilibri-territorial/?level=vegueria").status_code == 200
    assert c.get("/transparencia/equilibri-territorial/mapa.json").status_code == 200
    assert c.get("/api/v1/territorial-balance?level=comarca").status_code == 200


def test_the_balance_maps_legend_is_in_the_readers_figures_and_says_its_date(effort):
    """Catalan bands read 0,5 – 0,8 (never 0.5); the tooltip's date comes with the data."""
    import datetime as dt

    from django.utils import timezone

    from tests.conftest import speaking

    data = client_for(None).get("/transparencia/equilibri-territorial/mapa.json").json()
    labels = [b["label"] for b in data["bands"]]
    assert labels[:5] == ["< 0,5", "0,5 – 0,8", "0,8 – 1,25", "1,25 – 2", "> 2"]
    assert labels[5] == "sense esforç"
    assert dt.date.fromisoformat(data["as_of"]) == timezone.localdate()
    english = speaking(client_for(None), "en").get("/transparencia/equilibri-territorial/mapa.json")
    assert [b["label"] for b in english.json()["bands"]][:2] == ["< 0.5", "0.5 – 0.8"]
