"""Issue 19 point 5: connectivity's public pages render their content once per data version,
parameters asked for and viewer's flags (core/fragments.py). A write shows on the next
request; the staff's and the Board's links reach only them, whoever came first."""

from __future__ import annotations

import pytest

from localret.connectivity.models import Area

from ..conftest import client_for
from .factories import VIC, deployment, small_world

pytestmark = pytest.mark.django_db

PLANNER = "/connectivitat/planificador/"
IMPORT = "/connectivitat/importar/"


def _body(user, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_gap_table_shows_a_renamed_municipality_at_once_in_every_order():
    world = small_world()
    for order in ("name", "-households"):
        url = f"/connectivitat/?level=municipality&year=2023&order={order}"
        assert "Vic" in _body(None, url)
    world["vic_n"].municipality.name = "Vic Reanomenat"
    world["vic_n"].municipality.save()
    for order in ("name", "-households"):
        url = f"/connectivitat/?level=municipality&year=2023&order={order}"
        assert "Vic Reanomenat" in _body(None, url)


def test_the_changes_page_shows_a_new_area_change_at_once():
    world = small_world()
    url = "/connectivitat/canvis/?from=2023&to=2024"
    assert "OLOT-N" in _body(None, url)
    Area.objects.filter(pk=world["olot_n"].pk).update(name="Nucli d'Olot reanomenat")
    assert "Nucli d&#x27;Olot reanomenat" in _body(None, url)


def test_the_deployments_page_shows_a_new_deployment_at_once_and_history_to_staff_only(users):
    world = small_world()
    assert "Desplegament nou" not in _body(None, "/connectivitat/desplegaments/")
    deployment([world["vic_s"]], name="Desplegament nou")
    assert "Desplegament nou" in _body(None, "/connectivitat/desplegaments/")
    history = "/historial/connectivity/deployment/"
    assert history in _body(users["staff"], "/connectivitat/desplegaments/")
    for who in (None, users["board"], users["vic"]):
        assert history not in _body(who, "/connectivitat/desplegaments/")


def test_a_municipality_page_shows_new_coverage_at_once(users):
    world = small_world()
    url = f"/connectivitat/municipi/{VIC}/?year=2024"
    assert "VIC-S" in _body(None, url)
    Area.objects.filter(pk=world["vic_s"].pk).update(name="Disseminat de Vic")
    assert "Disseminat de Vic" in _body(None, url)
    assert client_for(None).get("/connectivitat/municipi/999999/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/connectivitat/", "/connectivitat/canvis/", "/connectivitat/desplegaments/"]
)
def test_the_menu_links_of_staff_and_board_reach_only_them(users, url):
    small_world()
    public = _body(None, url)  # kept for the public first
    staff = _body(users["staff"], url)
    board = _body(users["board"], url)
    assert PLANNER in staff and IMPORT in staff
    assert PLANNER in board and IMPORT not in board
    for body in (public, _body(None, url), _body(users["vic"], url)):
        assert PLANNER not in body and IMPORT not in body
