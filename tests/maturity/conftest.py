from __future__ import annotations

import pytest

from localret.territory.models import Municipality

from ..conftest import OLOT, VIC
from .factories import bulk_validated, make_campaign


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def results(campaign):
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
    rows = bulk_validated(campaign, {code: 0.15 + 0.08 * i for i, code in enumerate(codes)})
    return {a.municipality.code: a for a in rows}
