from __future__ import annotations

import pytest

from localret.maturity.models import Assessment
from localret.territory.models import Municipality

from ..conftest import OLOT, VIC
from .factories import make_campaign, validated


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def results(campaign, staff_user):
    """Validated assessments in the campaign: Vic, Olot and 4 peers of each one's band."""
    vic = Municipality.objects.get(code=VIC)
    olot = Municipality.objects.get(code=OLOT)
    codes = [VIC, OLOT]
    for m in (vic, olot):
        codes += list(
            Municipality.objects.filter(population_band=m.population_band)
            .exclude(code__in=[VIC, OLOT])
            .order_by("code")
            .values_list("code", flat=True)[:4]
        )
    out = {}
    for i, code in enumerate(codes):
        out[code] = validated(code, campaign, level=0.15 + 0.08 * i, by=staff_user)
    # Later validations re-rank the activity ratios of earlier ones: read the final scores.
    return {
        a.municipality.code: a
        for a in Assessment.objects.filter(pk__in=[a.pk for a in out.values()]).select_related(
            "municipality"
        )
    }
