"""Issue 15: after log-in each role lands on its own home."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, client_for, speaking

pytestmark = pytest.mark.django_db


def _log_in(username: str) -> Client:
    client = Client()
    response = client.post(
        "/comptes/entra/", {"username": username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    return client, response


def test_vic_lands_on_a_page_about_vic(vic_user) -> None:  # type: ignore[no-untyped-def]
    _client, response = _log_in(vic_user.username)
    assert response.redirect_chain[-1][0] == "/inici/"
    html = response.content.decode()
    assert "El meu municipi: Vic" in html
    assert 'href="/maduresa/municipi/082981/full-de-ruta/"' in html


def test_staff_land_on_their_work(staff_user) -> None:  # type: ignore[no-untyped-def]
    page = speaking(client_for(staff_user), "en").get("/inici/")
    html = page.content.decode()
    assert "Your work" in html
    for block in ("Overdue follow-up", "Assessments to review", "without a recent measurement"):
        assert block in html


def test_board_lands_on_the_plan_at_a_glance(board_user) -> None:  # type: ignore[no-untyped-def]
    html = speaking(client_for(board_user), "en").get("/inici/").content.decode()
    assert "The plan at a glance" in html and "Next Board meeting" in html


def test_anonymous_go_to_the_transparency_home() -> None:
    response = Client().get("/inici/")
    assert (response.status_code, response["Location"]) == (302, "/transparencia/")
