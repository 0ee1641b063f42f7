"""Issue 19 point 5: the plan's pages render their content once per data version
(core/fragments.py). A write shows on the next visit; the staff's forms (with their CSRF token)
are theirs only; a municipality's confidential figures never reach a visitor who may not read
them, whoever visited the page first."""

from __future__ import annotations

import pytest

from localret.strategy import services
from localret.strategy.models import ActionLine, Indicator, Initiative, StrategicObjective
from localret.territory.models import Municipality

from ..conftest import OLOT, VIC, client_for
from .factories import make_plan, measure
from .test_publication import scored  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

CSRF = "csrfmiddlewaretoken"
NODES = (
    "/pla/pla-test/objectius/OE1/",
    "/pla/pla-test/linies/1.1/",
    "/pla/pla-test/iniciatives/1.1.1/",
)


def _get(user, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("first", ["staff", "public"])
def test_confidential_scores_never_reach_the_public_whoever_came_first(scored, users, first):  # noqa: F811
    indicator, _scores = scored
    url = f"/pla/indicadors/{indicator.code}/"
    order = [first, "public" if first == "staff" else "staff"]
    for who in order * 2:
        page = _get(users[who], url)
        assert "Vic" in page
        assert ("Olot" in page) == (who == "staff"), who


def test_the_plan_and_node_pages_show_a_rename_at_once(staff_user):
    make_plan(staff_user)
    pages = ["/pla/pla-test/", *NODES]
    for url in pages:
        assert "Obj 1" in _get(None, url) or "Line 1.1" in _get(None, url)
    StrategicObjective.objects.filter(code="OE1").update(name="Objectiu renovat")
    ActionLine.objects.filter(code="1.1").update(name="Línia renovada")
    Initiative.objects.filter(code="1.1.1").update(name="Iniciativa renovada")
    assert "Objectiu renovat" in _get(None, "/pla/pla-test/")
    assert "<title>OE1. Objectiu renovat" in _get(None, NODES[0])
    assert "Línia renovada" in _get(None, NODES[1])
    assert "Iniciativa renovada" in _get(None, NODES[2])


def test_a_measurement_shows_at_once_on_the_line_and_indicator_pages(staff_user):
    import datetime as dt

    make_plan(staff_user)
    indicator = Indicator.objects.get(code="pla-test-I1.1-1")
    line_before = _get(None, NODES[1])
    indicator_url = f"/pla/indicadors/{indicator.code}/"
    assert "73,5" not in _get(None, indicator_url)
    measure(indicator, staff_user, dt.date.today(), "73.5")
    assert _get(None, NODES[1]) != line_before
    assert "73,5" in _get(None, indicator_url)


def test_the_municipalities_of_an_initiative_show_at_once(staff_user):
    make_plan(staff_user)
    initiative = Initiative.objects.get(code="1.1.1")
    assert "Olot" not in _get(None, NODES[2])
    initiative.municipalities.add(Municipality.objects.get(code=OLOT))
    assert "Olot" in _get(None, NODES[2])
    Municipality.objects.filter(code=OLOT).update(name="Olot Nou")
    assert "Olot Nou" in _get(None, NODES[2])
    assert VIC  # the register is loaded


def test_the_staffs_forms_are_theirs_only(staff_user, users):
    plan = make_plan(staff_user)
    indicator_url = "/pla/indicadors/pla-test-I1.1-1/"
    for url in (*NODES, indicator_url):
        assert CSRF in _get(users["staff"], url).split("<main", 1)[1], url
        for who in ("public", "board", "vic"):
            main = _get(users[who], url).split("<main", 1)[1]
            assert CSRF not in main and "esborrar" not in main, (who, url)
        assert CSRF in _get(users["staff"], url).split("<main", 1)[1], url
    services.plan_update(plan=plan, by=staff_user, name="Pla canviat")
    assert "Pla canviat" in _get(None, NODES[0])
