"""Issue 13, finding 1: a municipality's assessment results reach anonymous readers only with its
consent, whichever public path they take (indicator API and page, map, municipality page,
open data), once staff attach a computed maturity indicator to the plan. Staff and Board keep
the full view."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from localret.reporting.models import PublicationConsent
from localret.strategy import services
from localret.strategy.models import Indicator
from localret.territory.models import Municipality
from tests.maturity.factories import bulk_validated, make_campaign
from tests.strategy.factories import make_plan

from ..conftest import OLOT, VIC, api_client, client_for

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def scored(staff_user):
    """Eight assessed municipalities (Vic consented, Olot did not) and the plan's indicator
    ``maturity.mean_overall_score`` snapshot today."""
    campaign = make_campaign()
    codes = [VIC, OLOT] + list(
        Municipality.objects.exclude(code__in=[VIC, OLOT])
        .order_by("code")
        .values_list("code", flat=True)[:6]
    )
    rows = bulk_validated(campaign, {code: 0.2 + 0.09 * i for i, code in enumerate(codes)})
    PublicationConsent.objects.create(
        municipality=Municipality.objects.get(code=VIC), publish_maturity=True
    )
    PublicationConsent.objects.create(
        municipality=Municipality.objects.get(code=OLOT), publish_maturity=False
    )
    plan = make_plan(staff_user, slug="pla-priv", status="draft", indicators_per_line=0)
    line = plan.objectives.get(code="OE1").action_lines.first()
    indicator = services.indicator_create(
        by=staff_user,
        code="MAT-1",
        name="Mean maturity",
        action_line=line,
        unit="points",
        computed_key="maturity.mean_overall_score",
        aggregation=Indicator.Aggregation.MEAN,
        baseline_value=Decimal(0),
        target_value=Decimal(100),
    )
    services.plan_approve(plan=plan, by=staff_user, agreement_ref="CA test")
    services.computed_snapshot(indicator=indicator, as_of=TODAY, by=staff_user)
    scores = {a.municipality.code: round(float(a.overall), 2) for a in rows}
    return indicator, scores


def test_indicator_api_gives_the_public_only_consenting_municipalities(scored, users):
    indicator, scores = scored
    body = api_client(None).get(f"/api/v1/indicators/{indicator.code}").json()
    assert [m["municipality"] for m in body["by_municipality"]] == [VIC]
    assert {m["municipality"] for m in body["measurements"]} == {None, VIC}
    # The total (an aggregate of 8) is published; the series is built from it alone.
    assert body["current_value"] == pytest.approx(sum(scores.values()) / len(scores), abs=0.01)
    for who in ("vic", "olot", "collaborator"):
        seen = api_client(users[who]).get(f"/api/v1/indicators/{indicator.code}").json()
        assert {m["municipality"] for m in seen["by_municipality"]} == {VIC}
    for who in ("staff", "board"):
        full = api_client(users[who]).get(f"/api/v1/indicators/{indicator.code}").json()
        assert {m["municipality"] for m in full["by_municipality"]} == set(scores)


def test_indicator_page_and_map_hide_non_consenting_scores(scored, users):
    indicator, scores = scored
    page = client_for(None).get(f"/pla/indicadors/{indicator.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vic" in html and "Olot" not in html
    data = client_for(None).get(f"/pla/indicadors/{indicator.code}/mapa.json").json()
    labelled = {i["code"]: i["band_label"] for i in data["items"]}
    assert labelled[OLOT] == "—" and labelled[VIC] != "—"
    staff = client_for(users["staff"]).get(f"/pla/indicadors/{indicator.code}/mapa.json").json()
    assert {i["code"]: i["band_label"] for i in staff["items"]}[OLOT] != "—"


def test_municipality_page_shows_the_plans_score_only_with_consent(scored):
    indicator, _scores = scored
    olot = client_for(None).get(f"/municipis/{OLOT}/").content.decode()
    vic = client_for(None).get(f"/municipis/{VIC}/").content.decode()
    assert indicator.code not in olot
    assert indicator.code in vic


def test_open_data_measurements_hold_only_consenting_municipalities(scored):
    indicator, scores = scored
    response = client_for(None).get("/dades-obertes/mesures.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if indicator.code in r]
    municipalities = {cell for r in rows for cell in r if cell in scores}
    assert municipalities == {VIC}
    assert len(rows) == 2  # the total and Vic


def test_withdrawn_consent_takes_effect_at_once(scored):
    indicator, _scores = scored
    PublicationConsent.objects.filter(municipality__code=VIC).update(publish_maturity=False)
    body = api_client(None).get(f"/api/v1/indicators/{indicator.code}").json()
    assert body["by_municipality"] == []


def test_computed_indicators_declare_whether_their_source_is_confidential():
    from localret.strategy.computed import confidential, get

    keys = set(confidential())
    assert {
        "maturity.validated_assessments",
        "maturity.mean_overall_score",
        "maturity.share_level3_plus",
    } <= keys
    for public in ("maturity.projects_completed", "connectivity.gigabit_share"):
        entry = get(public)
        assert entry is not None and not entry.confidential
