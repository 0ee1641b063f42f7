"""Issue 19 point 5: the public pages a press release sends people to are computed once per data
version (core/cache.py), never for a time: the visit after a write shows the change at once,
while a visit with no write in between reads the stored figures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from localret.territory.models import Comarca
from tests.connectivity.factories import small_world
from tests.maturity.factories import make_campaign, validated
from tests.strategy.factories import make_plan

pytestmark = pytest.mark.django_db

PAGES = ("/connectivitat/", "/transparencia/equilibri-territorial/", "/maduresa/")


def _get(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(url)
    return len(queries)


@pytest.mark.parametrize("url", PAGES[:2])
def test_a_renamed_comarca_shows_at_once(url):
    small_world()  # coverage in Osona and la Garrotxa
    comarca = Comarca.objects.get(name="Osona")
    first = _get(url)
    assert comarca.name in first
    comarca.name = "Comarca Reanomenada"
    comarca.save()
    assert "Comarca Reanomenada" in _get(url)


def test_the_transparency_home_shows_a_newly_approved_plan_at_once(staff_user):
    assert "Plan pla-nou" not in _get("/transparencia/")
    make_plan(staff_user, slug="pla-nou", status="approved")
    assert "Plan pla-nou" in _get("/transparencia/")


def test_the_maturity_page_shows_a_newly_validated_campaign_at_once(staff_user):
    campaign = make_campaign(slug="diagnosi-2031", year=2031)
    assert "Diagnosi 2031" not in _get("/maduresa/")
    validated("082981", campaign, 0.6, by=staff_user)  # Vic
    assert "Diagnosi 2031" in _get("/maduresa/")


@pytest.mark.parametrize("url", (*PAGES, "/transparencia/"))
def test_a_second_visit_reads_the_stored_figures(url):
    cold = _queries(url)
    warm = _queries(url)
    # The second visit reads the data versions (one query) and the page's own few lookups,
    # not the aggregates again.
    assert warm < cold, (url, cold, warm)
    assert warm <= 3, (url, warm)
