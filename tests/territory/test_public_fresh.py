"""Issue 19 point 5: an anonymous visitor's municipality page (the register and every app's
public block, territory/sections.py) is rendered once per version of every public domain
(core/fragments.py). A write to any app shows on the next request; a logged-in visitor gets
the page rendered for them, with what only they may see, which never reaches the public."""

from __future__ import annotations

import pytest

from localret.territory.models import Comarca, Municipality
from localret.territory.services import profile_update
from tests.innovation.factories import make_pilot
from tests.maturity.factories import make_campaign, validated

from ..conftest import VIC, client_for

pytestmark = pytest.mark.django_db

URL = f"/municipis/{VIC}/"
SECRET = "Agnès Privada"


def _body(user, url: str = URL) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_renamed_comarca_and_a_new_public_pilot_show_at_once(staff_user):
    assert "Osona" in _body(None)  # kept
    comarca = Comarca.objects.get(name="Osona")
    comarca.name = "Comarca Reanomenada"
    comarca.save()
    assert "Comarca Reanomenada" in _body(None)  # a write to the register
    make_pilot(by=staff_user, name="Sensors de Vic", codes=(VIC,), stage="pilot")
    assert "Sensors de Vic" in _body(None)  # a write to another app's block


def test_what_only_logged_in_visitors_see_never_reaches_the_public(users, staff_user):
    public = _body(None)  # kept for the public first
    profile_update(
        municipality=Municipality.objects.get(code=VIC),
        contacts=[{"name": SECRET, "role": "dpo", "email": "dpo@vic.cat", "phone": ""}],
        notes="",
        by=staff_user,
    )
    validated(VIC, make_campaign(), 0.6, by=staff_user)
    staff = _body(users["staff"])
    vic = _body(users["vic"])
    assert SECRET in staff and "/historial/territory/municipality/" in staff
    assert SECRET in vic and 'id="maturity-level"' in vic
    for body in (public, _body(None), _body(users["collaborator"]), _body(users["olot"])):
        assert SECRET not in body and 'id="maturity-level"' not in body
        assert "/historial/territory/municipality/" not in body
    assert 'id="maturity-level"' not in _body(None)


def test_an_unknown_code_is_not_found():
    assert client_for(None).get("/municipis/999999/").status_code == 404
