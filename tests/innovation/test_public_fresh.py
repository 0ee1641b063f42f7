"""Issue 19 point 5: the innovation board and a public pilot's page render their content once
per data version (core/fragments.py) for viewers without a role. A write shows on the next
request; internal pilots, open evaluations, offers and the staff's forms reach only those who
may see them, whoever came first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from localret.innovation import services
from localret.territory.models import Municipality

from ..conftest import client_for
from .factories import TORELLO, make_pilot

pytestmark = pytest.mark.django_db


def _body(user, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_board_shows_a_new_pilot_at_once_and_internal_ones_to_staff_and_board(
    users, staff_user
):
    make_pilot(by=staff_user, name="Citizen app", stage="pilot")
    assert "Citizen app" in _body(None, "/innovacio/")  # kept for the public
    make_pilot(by=staff_user, name="Open data", stage="pilot")
    make_pilot(by=staff_user, name="Secret pilot", stage="pilot", is_public=False)
    public = _body(None, "/innovacio/")
    assert "Open data" in public  # at once
    assert "Secret pilot" not in public
    assert "Secret pilot" not in _body(users["collaborator"], "/innovacio/")
    assert "Secret pilot" in _body(users["board"], "/innovacio/")
    staff = _body(users["staff"], "/innovacio/")
    assert "Secret pilot" in staff and 'name="stage"' in staff  # the move forms
    assert 'name="stage"' not in _body(None, "/innovacio/")
    assert "Secret pilot" not in _body(None, "/innovacio/")


def test_a_public_pilot_shows_a_new_criterion_and_a_new_name_at_once(staff_user):
    pilot = make_pilot(by=staff_user, name="Citizen app", stage="pilot")
    url = f"/innovacio/pilots/{pilot.pk}/"
    assert "Metric 0" in _body(None, url)
    services.criterion_add(
        pilot=pilot, metric="Queixes ateses", baseline=Decimal("1"), target=Decimal("2"),
        by=staff_user,
    )  # fmt: skip
    assert "Queixes ateses" in _body(None, url)
    pilot.name = "App ciutadana"
    pilot.save()
    body = _body(None, url)
    assert "<title>App ciutadana" in body and "<h1>App ciutadana" in body


def test_an_internal_pilot_is_not_found_by_the_public(users, staff_user):
    pilot = make_pilot(by=staff_user, name="Secret pilot", stage="pilot", is_public=False)
    url = f"/innovacio/pilots/{pilot.pk}/"
    assert client_for(None).get(url).status_code == 404
    assert "Secret pilot" in _body(users["board"], url)
    pilot.is_public = True
    pilot.save()
    assert "Secret pilot" in _body(None, url)  # made public: at once


def test_offers_and_open_evaluations_reach_only_those_who_may_see_them(users, staff_user):
    scaled = make_pilot(by=staff_user, name="Scaled sensors", stage="scaling")
    open_one = make_pilot(by=staff_user, name="Open data", stage="evaluation")
    scaled_url = f"/innovacio/pilots/{scaled.pk}/"
    open_url = f"/innovacio/pilots/{open_one.pk}/"
    kept = [_body(None, scaled_url), _body(None, open_url)]  # kept for the public first
    services.offer_create(
        pilot=scaled, municipality=Municipality.objects.get(code=TORELLO), by=staff_user
    )
    assert "Ofertes i adopció" in _body(users["staff"], scaled_url)
    assert "Ofertes i adopció" in _body(users["board"], scaled_url)
    assert "Oberta: encara sense decisió." in _body(users["board"], open_url)
    for body in [
        *kept,
        _body(None, scaled_url),
        _body(users["collaborator"], scaled_url),
        _body(None, open_url),
    ]:
        assert "Ofertes i adopció" not in body and 'name="status"' not in body
        assert "Oberta: encara sense decisió." not in body
