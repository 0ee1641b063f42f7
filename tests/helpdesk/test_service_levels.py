"""The service-level table (/peticions/nivells-de-servei/): days typed in the page's language,
never an ``<input type="number">`` that follows the browser's locale (issue 14, point 2)."""

from __future__ import annotations

import pytest

from localret.helpdesk.models import ServiceLevel
from tests.conftest import client_for, speaking

pytestmark = pytest.mark.django_db

URL = "/peticions/nivells-de-servei/"


def _post_data(change: dict[str, str]) -> dict[str, str]:
    """Every row as it stands, with ``change`` (keys like ``first_answer_days`` of the first
    row) applied."""
    data = {}
    levels = list(ServiceLevel.objects.order_by("kind", "priority"))
    for level in levels:
        data[f"l{level.pk}-first_answer_days"] = str(level.first_answer_days)
        data[f"l{level.pk}-resolution_days"] = str(level.resolution_days)
    first = levels[0]
    for name, value in change.items():
        data[f"l{first.pk}-{name}"] = value
    return data


def test_the_day_fields_are_text_inputs_with_a_numeric_keyboard(staff_user) -> None:
    html = client_for(staff_user).get(URL).content.decode()
    assert 'type="number"' not in html
    level = ServiceLevel.objects.order_by("kind", "priority").first()
    assert level is not None
    assert f'name="l{level.pk}-first_answer_days"' in html
    assert 'inputmode="numeric"' in html


def test_a_whole_number_of_days_is_saved(staff_user) -> None:
    level = ServiceLevel.objects.order_by("kind", "priority").first()
    assert level is not None
    resolution = max(level.resolution_days, 8)
    response = client_for(staff_user).post(
        URL, _post_data({"first_answer_days": "8", "resolution_days": str(resolution)})
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.first_answer_days, level.resolution_days) == (8, resolution)


@pytest.mark.parametrize(
    ("lang", "text", "message"),
    [
        ("ca", "8,5", "Primera resposta (dies hàbils): escriviu un nombre enter de dies"),
        ("es", "8,5", "Primera respuesta (días hábiles): escriba un número entero de días"),
        ("en", "8.5", "First answer (working days): write a whole number of days"),
    ],
)
def test_a_decimal_number_of_days_is_refused_naming_the_field(staff_user, lang, text, message):  # type: ignore[no-untyped-def]
    level = ServiceLevel.objects.order_by("kind", "priority").first()
    assert level is not None
    before = level.first_answer_days
    client = client_for(staff_user)
    speaking(client, lang)
    response = client.post(URL, _post_data({"first_answer_days": text}))
    assert response.status_code == 200
    assert message in response.content.decode()
    level.refresh_from_db()
    assert level.first_answer_days == before  # never rounded, nothing saved


def test_text_that_is_no_number_names_the_field(staff_user) -> None:
    response = client_for(staff_user).post(URL, _post_data({"resolution_days": "vuit"}))
    assert response.status_code == 200
    assert "Resolució (dies hàbils): " in response.content.decode()
