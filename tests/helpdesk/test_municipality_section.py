"""Issue 15, a home for every role: "El meu municipi" and the municipality's page show the town
hall's open requests to its own users and to staff, never to anyone else (issue 13: what a town
hall asks Localret is confidential)."""

from __future__ import annotations

import pytest

from localret.helpdesk import services
from tests.conftest import client_for

from .factories import OLOT, VIC, make_request

pytestmark = pytest.mark.django_db

OPEN = "Volem adherir-nos al servei de padró en línia"
DONE = "Dubte ja resolt sobre la seu electrònica"


@pytest.fixture
def vic_requests(staff_user):  # type: ignore[no-untyped-def]
    make_request(by=staff_user, code=VIC, subject=OPEN)
    done = make_request(by=staff_user, code=VIC, subject=DONE)
    services.request_update(request=done, by=staff_user, status="resolved", fields={"status"})
    make_request(by=staff_user, code=OLOT, subject="Petició d'Olot")


def test_vic_lands_on_its_municipality_with_its_open_requests(vic_user, vic_requests):
    page = client_for(vic_user).get("/inici/", follow=True).content.decode()
    assert "Peticions a Localret" in page
    assert OPEN in page
    assert DONE not in page  # resolved: no longer pending
    assert "Petició d'Olot" not in page
    assert "/peticions/nova/" in page


def test_staff_see_the_block_on_the_municipality_page(staff_user, vic_requests):
    page = client_for(staff_user).get(f"/municipis/{VIC}/").content.decode()
    assert OPEN in page and DONE not in page


@pytest.mark.parametrize("who", ["anonymous", "olot", "board"])
def test_nobody_else_reads_a_town_hall_s_requests(who, olot_user, board_user, vic_requests):
    user = {"anonymous": None, "olot": olot_user, "board": board_user}[who]
    page = client_for(user).get(f"/municipis/{VIC}/").content.decode()
    assert OPEN not in page
    assert "Peticions a Localret" not in page
