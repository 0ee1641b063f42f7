"""The indicator map's JSON gives the map what its tooltip needs in the reader's language
(issue 14, point 7): each municipality's value as a number and its date; the legend's classes
written the Catalan way (1.754,35), English in English."""

from __future__ import annotations

import datetime as dt

from localret.strategy.models import Indicator
from localret.territory.models import Municipality
from tests.conftest import VIC, client_for, speaking
from tests.strategy.factories import make_plan, measure


def test_indicator_map_items_carry_value_and_date_and_legend_is_localized(staff_user) -> None:  # type: ignore[no-untyped-def]
    make_plan(staff_user, slug="mapa")
    ind = Indicator.objects.get(code="mapa-I1.1-1")
    vic = Municipality.objects.get(code=VIC)
    measure(ind, staff_user, dt.date(2024, 11, 30), "1754.35", municipality=vic)
    url = f"/pla/indicadors/{ind.code}/mapa.json"
    data = client_for(staff_user).get(url).json()
    item = next(i for i in data["items"] if i["code"] == VIC)
    assert item["value"] == 1754.35 and item["as_of"] == "2024-11-30"
    assert item["band_label"] == "1.754,35"
    assert "1.754,35" in [b["label"] for b in data["bands"]]
    assert next(i for i in data["items"] if i["code"] != VIC)["value"] is None
    english = speaking(client_for(staff_user), "en").get(url).json()
    assert "1,754.35" in [b["label"] for b in english["bands"]]
