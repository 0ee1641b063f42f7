"""Issue 15: the evaluation of a closed plan prints its date in the reader's language (never
ISO), the date its figures are taken at: the plan's end."""

from __future__ import annotations

import html
from typing import Any

import pytest

from tests.conftest import client_for, speaking
from tests.strategy.factories import make_closed_plan

pytestmark = pytest.mark.django_db
URL = "/participacio/plans/tc/avaluacio/"


@pytest.fixture
def closed_plan(staff_user: Any) -> Any:
    """Ended on 31 October 2023, closed in December 2023."""
    return make_closed_plan(staff_user, "tc")


def _text(response: Any) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.usefixtures("closed_plan")
def test_the_evaluation_says_its_date_in_catalan_not_iso() -> None:
    page = _text(client_for(None).get(URL))
    assert "Xifres a 31 d'octubre de 2023, el final del pla." in page
    assert "2023-10-31" not in page
    document = _text(client_for(None).get("/participacio/plans/tc/avaluacio.html"))
    assert "Xifres a 31 d'octubre de 2023" in document and "2023-10-31" not in document


@pytest.mark.usefixtures("closed_plan")
def test_the_evaluation_says_its_date_in_spanish() -> None:
    page = _text(speaking(client_for(None), "es").get(URL))
    assert "Cifras a 31 de octubre de 2023, el final del plan." in page
    assert "2023-10-31" not in page
