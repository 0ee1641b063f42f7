import datetime as dt

import pytest

from localret.connectivity import demo, selectors
from localret.connectivity.models import Area, AreaCoverage, Candidate, Deployment, Scenario

pytestmark = pytest.mark.django_db


def test_demo_load_is_deterministic_and_labelled():
    summary = demo.load(seed=2020, today=dt.date(2025, 6, 1))
    assert "areas" in summary
    areas = Area.objects.count()
    assert 6000 <= areas <= 8000
    assert Area.objects.values("municipality").distinct().count() == 947
    assert AreaCoverage.objects.count() == areas * 7
    assert not Area.objects.filter(is_demo=False).exists()
    assert Deployment.objects.filter(is_demo=True).count() >= 3
    assert Candidate.objects.count() > 500
    scenario = Scenario.objects.get()
    assert scenario.is_demo
    # Named in Catalan, with the Catalan decimal comma.
    assert scenario.name == "Demostració · 20 % de la bretxa, equilibri comarcal 0,5"
    table = selectors.gap_table("province", 2025)
    shares = [r["gigabit_share"] for r in table["rows"]]
    assert all(0.5 < s < 1 for s in shares)
    first = selectors.gap_table("province", 2019)
    assert first["totals"].gigabit_share < table["totals"].gigabit_share
