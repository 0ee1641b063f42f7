from __future__ import annotations

import pytest

from localret.maturity.models import Assessment, Campaign
from localret.territory.models import Municipality

from ..conftest import OLOT, VIC, api_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who,status",
    [
        ("public", 401),
        ("olot", 403),
        ("collaborator", 403),
        ("vic", 200),
        ("board", 200),
        ("staff", 200),
        ("admin", 200),
    ],
)
def test_municipality_maturity_permission_matrix(users, results, who, status):
    response = api_client(users[who]).get(f"/api/v1/municipalities/{VIC}/maturity")
    assert response.status_code == status
    if status != 200:
        assert response["Content-Type"] == "application/problem+json"


def test_municipality_maturity_contract(users, results, campaign):
    body = api_client(users["vic"]).get(f"/api/v1/municipalities/{VIC}/maturity").json()
    vic = results[VIC]
    assert body["campaign"] == campaign.slug
    assert body["overall"] == round(vic.overall, 1)
    assert body["level"] == vic.level
    assert 0 <= body["overall"] <= 100 and 1 <= body["level"] <= 5
    assert [d["code"] for d in body["dimensions"]] == ["EST", "SER", "ACT", "GOV", "INT", "PER"]
    assert all({"code", "name", "score"} <= set(d) for d in body["dimensions"])
    band = Municipality.objects.get(code=VIC).population_band
    peers = [a.overall for a in results.values() if a.municipality.population_band == band]
    assert body["peers"]["band"] == band
    import statistics

    assert body["peers"]["band_median"] == pytest.approx(statistics.median(peers), abs=0.06)
    below = sum(1 for p in peers if p < vic.overall)
    assert body["peers"]["percentile"] == pytest.approx(100 * (below + 0.5) / len(peers), abs=0.06)


def test_unknown_code_is_404_and_no_validated_assessment_is_404_with_message(users, results):
    staff = api_client(users["staff"])
    assert staff.get("/api/v1/municipalities/999999/maturity").status_code == 404
    assert not Assessment.objects.filter(municipality__code="250019").exists()
    response = staff.get("/api/v1/municipalities/250019/maturity")
    assert response.status_code == 404
    assert "no validated maturity assessment" in response.json()["detail"]


def test_latest_validated_is_from_the_latest_campaign(users, results, staff_user):
    from .factories import make_campaign, validated

    Campaign.objects.update(is_open=False)
    newer = make_campaign("diagnosi-2025", 2025)
    validated(VIC, newer, level=0.9, by=staff_user)
    body = api_client(users["vic"]).get(f"/api/v1/municipalities/{VIC}/maturity").json()
    assert body["campaign"] == "diagnosi-2025"


def test_benchmark_is_public_aggregates_only(client, results, campaign):
    body = client.get("/api/v1/maturity/benchmark").json()
    assert body["campaign"] == campaign.slug
    assert body["count"] == len(results)
    assert body["suppressed"] is False
    assert set(body["overall"]) == {"q1", "median", "q3"}
    assert len(body["dimensions"]) == 6
    text = str(body)
    assert "Vic" not in text and VIC not in text
    band = Municipality.objects.get(code=OLOT).population_band
    one_band = client.get(f"/api/v1/maturity/benchmark?band={band}&campaign={campaign.slug}").json()
    expected = [a.overall for a in results.values() if a.municipality.population_band == band]
    assert one_band["count"] == len(expected)
    import statistics

    assert one_band["overall"]["median"] == pytest.approx(statistics.median(expected), abs=0.06)


def test_benchmark_suppresses_small_groups(client, results):
    garrotxa = Municipality.objects.get(code=OLOT).comarca.code
    n = Assessment.objects.filter(municipality__comarca__code=garrotxa, status="validated").count()
    assert 0 < n < 5
    body = client.get(f"/api/v1/maturity/benchmark?comarca={garrotxa}").json()
    # A suppressed group shows neither figures nor its count (issue 13, finding 2).
    assert body["count"] is None
    assert body["suppressed"] is True
    assert body["levels"] == {}
    assert body["overall"] is None and body["dimensions"] == []


def test_benchmark_rejects_bad_filters(client, results):
    response = client.get("/api/v1/maturity/benchmark?band=huge&comarca=99&campaign=nope")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"band", "comarca", "campaign"}


@pytest.mark.parametrize(
    "who,status",
    [
        ("public", 401),
        ("vic", 403),
        ("collaborator", 403),
        ("olot", 200),
        ("board", 200),
        ("staff", 200),
    ],
)
def test_assessment_api_permission_matrix(users, results, who, status):
    pk = results[OLOT].pk
    response = api_client(users[who]).get(f"/api/v1/maturity/assessments/{pk}")
    assert response.status_code == status
    if status == 200:
        assert len(response.json()["answers"]) > 30


def test_model_and_services_are_public(client):
    model = client.get("/api/v1/maturity/model").json()
    assert len(model["dimensions"]) == 6
    assert sum(len(d["indicators"]) for d in model["dimensions"]) == 42
    services = client.get("/api/v1/maturity/services").json()
    assert {"EADM", "CIBER", "TELCO", "FORM", "ASSES", "CONNECT"} <= {s["code"] for s in services}


def test_benchmark_takes_the_band_as_the_municipality_list_does(client, results, campaign):
    """``50001+`` as the list takes it: encoded, or sent as typed (its ``+`` read as a space)."""
    base = f"/api/v1/maturity/benchmark?campaign={campaign.slug}&band="
    encoded = client.get(base + "50001%2B")
    typed = client.get(base + "50001+")
    assert encoded.status_code == typed.status_code == 200
    assert encoded.json() == typed.json()
    big = [a for a in results.values() if a.municipality.population_band == "50001+"]
    assert encoded.json()["count"] in (len(big), None)  # None: a group too small to show
    refused = client.get(base + "50000-plus")
    assert refused.status_code == 422
    assert "50001+" in str(refused.json()["errors"])
