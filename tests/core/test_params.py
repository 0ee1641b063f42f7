"""The one parser of a date parameter (core/params.py): empty is absent, a bad value names the
parameter, on every page that takes ``as_of`` or ``since``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from localret.core.params import BadParameter, date_param, date_value
from tests.conftest import client_for
from tests.strategy.factories import make_plan

pytestmark = pytest.mark.django_db


def test_date_param_reads_iso_dates_and_takes_empty_as_absent():
    rf = RequestFactory()
    assert date_param(rf.get("/", {"as_of": "2024-03-01"})) == dt.date(2024, 3, 1)
    assert date_param(rf.get("/", {"as_of": " "})) is None
    assert date_param(rf.get("/"), default=dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    assert date_param(rf.post("/", {"since": "2023-12-31"}), "since", method="POST") == dt.date(
        2023, 12, 31
    )
    with pytest.raises(BadParameter, match="since must be a date"):
        date_param(rf.get("/", {"since": "31/12/2023"}), "since")


def test_date_value_reads_form_fields_the_same_way():
    assert date_value(" 2024-03-01 ", "since") == dt.date(2024, 3, 1)
    assert date_value("", "since") is None
    assert date_value(None, "since", default=dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    with pytest.raises(BadParameter, match="until must be a date") as caught:
        date_value("", "until", required=True)
    assert caught.value.field == "until"
    with pytest.raises(BadParameter, match="until must be a date"):
        date_value("2024-02-30", "until")


def test_pages_name_the_bad_date_parameter(staff_user):
    plan = make_plan(staff_user, slug="parametres", lines=1)
    client = client_for(staff_user)
    for url, name in (
        (f"/pla/{plan.slug}/?as_of=ahir", "as_of"),
        (f"/pla/{plan.slug}/canvis/?since=ahir", "since"),
        (f"/reports/plans/{plan.slug}.pdf?as_of=ahir", "as_of"),
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert name in response.content.decode(), url
    assert client.get(f"/pla/{plan.slug}/?as_of=").status_code == 200
