"""Issue 15, point 2 in the pages: staff correct and delete a measurement from the indicator's
page (HTMX forms, optional reason in the history), and a value far from the series is shown with
a warning and saved only once staff confirm it (or after they correct it)."""

from __future__ import annotations

import datetime as dt
import html as htmllib
from decimal import Decimal

import pytest

from localret.strategy.models import Indicator, Measurement
from tests.conftest import client_for

from .factories import make_plan, measure

pytestmark = pytest.mark.django_db
IND = "aprovat-I1.1-1"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def series(staff_user):  # type: ignore[no-untyped-def]
    make_plan(staff_user, slug="aprovat", lines=1)
    ind = Indicator.objects.get(code=IND)
    return [
        measure(ind, staff_user, dt.date(2024, 3, 31), 10),
        measure(ind, staff_user, dt.date(2024, 6, 30), 12),
        measure(ind, staff_user, dt.date(2024, 9, 30), 14),
    ]


def _edit_url(m: Measurement) -> str:
    return f"/pla/indicadors/{IND}/mesures/{m.pk}/editar/"


def _delete_url(m: Measurement) -> str:
    return f"/pla/indicadors/{IND}/mesures/{m.pk}/esborrar/"


def _edit_data(m: Measurement, value: str, **extra: str) -> dict[str, str]:
    p = f"m{m.pk}-"
    data = {p + "date": "2024-09-30", p + "value": value, p + "source": "INE", p + "reason": ""}
    data.update({p + k: v for k, v in extra.items()})
    return data


def test_indicator_page_offers_corrections_to_staff_only(users, series) -> None:  # type: ignore[no-untyped-def]
    m = series[0]
    for role, user in users.items():
        page = client_for(user).get(f"/pla/indicadors/{IND}/")
        assert page.status_code == 200, role
        offered = _edit_url(m) in page.content.decode()
        assert offered == (role in {"admin", "staff"}), role
        for url in (_edit_url(m), _delete_url(m)):
            r = client_for(user).get(url)
            if role in {"admin", "staff"}:
                assert r.status_code == 200, (role, url)
            elif user is None:
                assert r.status_code == 302, (role, url)
            else:
                assert r.status_code == 403, (role, url)
    # Nobody but staff can delete by posting either.
    r = client_for(users["vic"]).post(_delete_url(m), {f"d{m.pk}-reason": "x"})
    assert r.status_code == 403
    assert Measurement.objects.filter(pk=m.pk).exists()


def test_staff_corrects_a_value_with_a_reason_in_the_history(staff_user, series) -> None:  # type: ignore[no-untyped-def]
    m = series[2]
    client = client_for(staff_user)
    form = client.get(_edit_url(m), **HX)
    assert form.status_code == 200
    assert 'value="14"' in form.content.decode()
    r = client.post(_edit_url(m), _edit_data(m, "15,25", reason="typed wrong"), **HX)
    assert r.status_code == 204, r.content.decode()
    assert r["HX-Redirect"] == f"/pla/indicadors/{IND}/"
    m.refresh_from_db()
    assert m.value == Decimal("15.25")
    last = m.history.order_by("-history_date", "-history_id").first()
    assert (last.history_user, last.history_change_reason) == (staff_user, "typed wrong")


def test_a_far_jump_is_shown_with_a_warning_and_saved_once_confirmed(staff_user, series) -> None:  # type: ignore[no-untyped-def]
    m = series[2]
    client = client_for(staff_user)
    r = client.post(_edit_url(m), _edit_data(m, "820"), **HX)
    assert r.status_code == 200
    html = htmllib.unescape(r.content.decode())
    assert "820 és lluny de la sèrie d'aquest indicador (darrer valor 12)" in html
    assert "Confirma el valor i desa" in html
    assert f'name="m{m.pk}-confirmed_value" value="820"' in html
    m.refresh_from_db()
    assert m.value == Decimal(14)  # nothing saved yet
    # Confirming the same value saves it.
    r = client.post(_edit_url(m), _edit_data(m, "820", confirmed_value="820"), **HX)
    assert r.status_code == 204, r.content.decode()
    m.refresh_from_db()
    assert m.value == Decimal(820)


def test_a_corrected_value_is_checked_again(staff_user, series) -> None:  # type: ignore[no-untyped-def]
    m = series[2]
    client = client_for(staff_user)
    # A confirmation of 820 does not cover another far value.
    r = client.post(_edit_url(m), _edit_data(m, "900", confirmed_value="820"), **HX)
    assert r.status_code == 200
    assert "lluny de la sèrie" in r.content.decode()
    # Correcting it to a plausible value saves it at once.
    r = client.post(_edit_url(m), _edit_data(m, "16", confirmed_value="820"), **HX)
    assert r.status_code == 204
    m.refresh_from_db()
    assert m.value == Decimal(16)


def test_recording_a_far_jump_also_asks_for_confirmation(staff_user, series) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff_user)
    url = f"/pla/indicadors/{IND}/mesures/afegir/"
    data = {"date": "2024-12-31", "value": "500", "source": ""}
    r = client.post(url, data, **HX)
    assert r.status_code == 200
    assert "lluny de la sèrie" in r.content.decode()
    assert not Measurement.objects.filter(date=dt.date(2024, 12, 31)).exists()
    r = client.post(url, {**data, "confirmed_value": "500"}, **HX)
    assert r.status_code == 204
    assert Measurement.objects.get(date=dt.date(2024, 12, 31)).value == Decimal(500)


def test_staff_delete_a_measurement_with_a_reason(staff_user, series) -> None:  # type: ignore[no-untyped-def]
    m = series[1]
    client = client_for(staff_user)
    form = client.get(_delete_url(m), **HX).content.decode()
    assert "Esborra la mesura" in form
    r = client.post(_delete_url(m), {f"d{m.pk}-reason": "duplicada"}, **HX)
    assert r.status_code == 204
    assert not Measurement.objects.filter(pk=m.pk).exists()
    gone = Measurement.history.filter(id=m.pk, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (staff_user, "duplicada")


def test_moving_onto_another_measurement_is_refused_in_the_form(staff_user, series) -> None:  # type: ignore[no-untyped-def]
    m = series[2]
    data = _edit_data(m, "14")
    data[f"m{m.pk}-date"] = "2024-06-30"
    r = client_for(staff_user).post(_edit_url(m), data, **HX)
    assert r.status_code == 200
    assert 'role="alert"' in r.content.decode()
    m.refresh_from_db()
    assert m.date == dt.date(2024, 9, 30)
