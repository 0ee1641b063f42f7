"""Issue 15, point 5: a closed plan is evaluated, not forecast. Its page, its indicators and its
evaluation page say achieved / partly achieved / not achieved against the targets (never "at
risk" or "on track"), and the forecast's probability agrees with the status."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from localret.strategy import forecast as fc
from localret.strategy import progress as pg
from localret.strategy import services
from localret.strategy.labels import status_label
from localret.strategy.models import Indicator
from tests.conftest import client_for

from .factories import make_plan, measure

pytestmark = pytest.mark.django_db
FORECAST_WORDS = ("En risc", "En bon camí", "Fora de camí")


def test_evaluated_status_is_judged_on_final_progress() -> None:
    assert pg.evaluated_status(1.0) == "achieved"
    assert pg.evaluated_status(0.6) == "partly_achieved"
    assert pg.evaluated_status(0.5) == "partly_achieved"
    assert pg.evaluated_status(0.3) == "not_achieved"
    assert pg.evaluated_status(None) == "no_data"


def test_settled_forecast_agrees_with_the_status() -> None:
    d = [dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2025, 1, 1)]
    f = fc.forecast(d, [10, 20, 25], dt.date(2026, 1, 1), 100)
    assert 0 < (f.probability_of_target or 0) < 0.5
    assert fc.settled(f, achieved=True, past_target_date=False, met=True).probability_of_target == 1
    past = fc.settled(f, achieved=False, past_target_date=True, met=False)
    assert past.probability_of_target == 0
    assert fc.settled(f, achieved=False, past_target_date=False, met=False) == f


@pytest.fixture
def closed(staff_user):  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, slug="tancat", lines=3)
    finals = {"tancat-I1.1-1": 100, "tancat-I1.2-1": 60, "tancat-I1.3-1": 30}
    for code, final in finals.items():
        ind = Indicator.objects.get(code=code)
        measure(ind, staff_user, dt.date(2024, 3, 31), final / 3)
        measure(ind, staff_user, dt.date(2024, 6, 30), final / 2)
        measure(ind, staff_user, dt.date(2024, 9, 30), final)
    return services.plan_close(plan=plan, by=staff_user, agreement_ref="CA tancament")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_closed_plan_page_says_achieved_partly_and_not_achieved(staff_user, closed) -> None:  # type: ignore[no-untyped-def]
    page = _text(client_for(staff_user).get("/pla/tancat/"))
    for label in ("Assolit", "Parcialment assolit", "No assolit"):
        assert label in page
    for word in FORECAST_WORDS:
        assert word not in page


def test_evaluation_page_of_a_closed_plan_is_an_evaluation(staff_user, closed) -> None:  # type: ignore[no-untyped-def]
    page = _text(client_for(staff_user).get("/participacio/plans/tancat/avaluacio/"))
    assert "Parcialment assolit" in page and "No assolit" in page
    for word in FORECAST_WORDS:
        assert word not in page


def test_closed_plan_indicator_probability_agrees_with_status(staff_user, closed) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    achieved = _text(client.get("/pla/indicadors/tancat-I1.1-1/"))
    assert "Assolit" in achieved
    assert "probabilitat d'assolir l'objectiu: 100\u00a0%" in achieved
    missed = _text(client.get("/pla/indicadors/tancat-I1.3-1/"))
    assert "No assolit" in missed
    assert "probabilitat d'assolir l'objectiu: 0\u00a0%" in missed


def test_labels_are_translated() -> None:
    from django.utils import translation

    with translation.override("ca"):
        assert status_label("partly_achieved") == "Parcialment assolit"
        assert status_label("not_achieved") == "No assolit"
    with translation.override("es"):
        assert status_label("partly_achieved") == "Parcialmente alcanzado"


def test_the_read_model_of_a_closed_plan_is_evaluated_as_each_indicator(staff_user) -> None:  # type: ignore[no-untyped-def]
    """``indicator_rows`` (the Board report, open data, the portal) judges a closed plan's
    indicators as ``indicator_detail`` (the API, the indicator page) does: same status, same
    probability; before the plan's end they are forecast, again as ``indicator_detail``."""
    from localret.strategy import selectors

    from .factories import CLOSED_END, make_closed_plan

    plan = make_closed_plan(staff_user, "tv")
    for as_of, evaluated in ((CLOSED_END, True), (dt.date(2022, 6, 30), False)):
        rows = selectors.indicator_rows(plan, as_of)
        assert selectors.plan_outline(plan, as_of)["evaluated"] is evaluated
        assert len(rows) == 4
        for row in rows:
            detail = selectors.indicator_detail(Indicator.objects.get(code=row["code"]), as_of)
            assert row["evaluated"] is evaluated
            assert row["status"] == detail.status, (as_of, row["code"])
            got = row["forecast"]["probability_of_target"]
            want = detail.forecast.probability_of_target
            assert got == (want if want is None else pytest.approx(want)), (as_of, row["code"])
    final = {r["code"]: r for r in selectors.indicator_rows(plan, CLOSED_END)}
    assert {code: r["status"] for code, r in final.items()} == {
        "tv-A": "achieved",
        "tv-P": "partly_achieved",
        "tv-N": "not_achieved",
        "tv-D": "partly_achieved",
    }
    assert [final[c]["forecast"]["probability_of_target"] for c in ("tv-A", "tv-P", "tv-D")] == [
        1.0,
        0.0,
        0.0,
    ]
