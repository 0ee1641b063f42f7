"""Audit of the register: every row the importer creates or changes has a version (who, when,
before, after, reason "register import"); staff read the history page, administrators restore."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings

from localret.core import versions
from localret.core.audit import versions_of
from localret.territory.importer import (
    BUILTIN_DIR,
    CHANGE_REASON,
    COMARQUES_FILE,
    EMEX_FILE,
    MUNICIPALITIES_FILE,
    register_import,
)
from localret.territory.models import (
    Comarca,
    Municipality,
    PopulationFigure,
    Province,
    Vegueria,
)

from ..conftest import VIC, client_for, speaking

pytestmark = pytest.mark.django_db

# The stored reason as the history page reads it in Catalan (core/audit_reasons.py).
READ_CA = "importació del registre de municipis"

ROLES = ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
HISTORY_STATUS = {
    "admin": 200,
    "staff": 200,
    "board": 403,
    "vic": 403,
    "olot": 403,
    "collaborator": 403,
    "public": 302,
}


def rows_of(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (BUILTIN_DIR / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), [dict(r) for r in reader]


def csv_bytes(headers: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def vic_file(population_2023: int) -> bytes:
    """The municipalities file with Vic only, its 2023 population changed."""
    headers, rows = rows_of(MUNICIPALITIES_FILE)
    vic = next(r for r in rows if r["codi_ine6"] == VIC)
    vic["poblacio_2023"] = str(population_2023)
    return csv_bytes(headers, [vic])


def emex_dir(tmp_path: Path, population: int, households: int) -> Path:
    """A data directory whose EMEX file has Vic only."""
    (tmp_path / EMEX_FILE).write_text(
        f"codi_ine6,poblacio,hab_principal\n{VIC},{population},{households}\n", encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def imported(tmp_path, admin_user):  # type: ignore[no-untyped-def]
    """Vic before and after an import (by the administrator) that changes its population."""
    before = Municipality.objects.get(code=VIC)
    figure_2023 = PopulationFigure.objects.get(municipality=before, year=2023).population
    population = (before.population or 0) + 1234
    result = register_import(
        municipalities=vic_file(figure_2023 + 10),
        data_dir=emex_dir(tmp_path, population, 19000),
        by=admin_user,
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    return before, Municipality.objects.get(code=VIC), figure_2023


def test_the_register_loaded_for_the_tests_has_a_first_version_of_every_row():
    for model, count in ((Municipality, 947), (Province, 4), (Comarca, 43)):
        created = model.history.filter(history_type="+", history_change_reason=CHANGE_REASON)
        assert created.count() == model.objects.count() == count
    assert Vegueria.history.filter(history_type="+").count() == Vegueria.objects.count() > 5
    figures = PopulationFigure.history.filter(history_type="+")
    assert figures.count() == PopulationFigure.objects.count() >= 947
    vic = Municipality.objects.get(code=VIC)
    (first,) = versions_of(Municipality, vic.pk)
    assert first.kind == "+" and first.reason == READ_CA and first.user is None
    assert ("population", None, vic.population) in [
        (c.field, c.before, c.after) for c in first.changes
    ]


def test_an_import_that_changes_the_population_records_who_when_before_and_after(
    imported, admin_user
):
    before, after, figure_2023 = imported
    assert after.population == before.population + 1234
    assert after.households == 19000 and after.households_estimated is False
    newest, older = versions_of(Municipality, after.pk)[:2]
    assert (newest.kind, newest.reason, newest.user) == ("~", READ_CA, admin_user)
    changes = {c.field: (c.before, c.after) for c in newest.changes}
    assert changes["population"] == (before.population, after.population)
    assert changes["households"] == (before.households, 19000)
    assert "name" not in changes and "code" not in changes
    assert newest.date > older.date

    figure = PopulationFigure.objects.get(municipality=after, year=2023)
    newest = versions_of(PopulationFigure, figure.pk)[0]
    assert (newest.kind, newest.reason, newest.user) == ("~", READ_CA, admin_user)
    assert [(c.field, c.before, c.after) for c in newest.changes] == [
        ("population", figure_2023, figure_2023 + 10)
    ]
    other = Municipality.objects.get(code="171143")
    assert len(versions_of(Municipality, other.pk)) == 1  # not in the file: untouched


def test_an_import_that_changes_nothing_records_nothing_and_keeps_the_data_version():
    fingerprint = versions.current(["territory"])
    counts = [m.history.count() for m in (Municipality, PopulationFigure, Comarca, Vegueria)]
    result = register_import(data_dir=settings.LOCALRET_DATA_DIR)
    assert result.unchanged == 947 and result.updated == result.created == 0
    assert [
        m.history.count() for m in (Municipality, PopulationFigure, Comarca, Vegueria)
    ] == counts
    assert versions.current(["territory"]) == fingerprint


def test_a_changing_import_changes_the_data_version_and_the_public_answers(client, tmp_path):
    vic = Municipality.objects.get(code=VIC)
    assert client.get(f"/api/v1/municipalities/{VIC}").json()["population"] == vic.population
    fingerprint = versions.current(["territory"])
    register_import(
        municipalities=vic_file(40000), data_dir=emex_dir(tmp_path, vic.population + 5, 19000)
    )
    assert versions.current(["territory"]) != fingerprint
    assert client.get(f"/api/v1/municipalities/{VIC}").json()["population"] == vic.population + 5


def test_a_dry_run_records_no_version(tmp_path):
    vic = Municipality.objects.get(code=VIC)
    result = register_import(
        municipalities=vic_file(1), data_dir=emex_dir(tmp_path, 2, 1), dry_run=True
    )
    assert result.updated == 1
    assert len(versions_of(Municipality, vic.pk)) == 1
    assert Municipality.objects.get(code=VIC).population == vic.population


def test_a_comarca_changed_by_an_import_has_a_version():
    headers, rows = rows_of(COMARQUES_FILE)
    osona = next(r for r in rows if r["comarca"] == "Osona")
    osona["capital"] = "Vic (capital)"
    register_import(comarques=csv_bytes(headers, rows), municipalities=vic_file(46000))
    comarca = Comarca.objects.get(name="Osona")
    newest = versions_of(Comarca, comarca.pk)[0]
    assert newest.reason == READ_CA
    assert [(c.field, c.after) for c in newest.changes if c.field == "capital"] == [
        ("capital", "Vic (capital)")
    ]
    others = Comarca.objects.exclude(pk=comarca.pk)
    assert all(len(versions_of(Comarca, c.pk)) == 1 for c in others)


@pytest.mark.parametrize("who", ROLES)
def test_municipality_history_page_for_staff_and_admin_only(users, imported, who):
    _, vic, _ = imported
    response = speaking(client_for(users[who]), "en").get(
        f"/historial/territory/municipality/{vic.pk}/"
    )
    assert response.status_code == HISTORY_STATUS[who]
    if response.status_code == 200:
        html = response.content.decode()
        assert f"({CHANGE_REASON})" in html
        assert "<strong>Population</strong>" in html  # the field's label, not its name
        assert users["admin"].username in html
        assert ("Restore this version" in html) is (who == "admin")


def test_detail_page_links_to_the_history_for_staff_only(users):
    vic = Municipality.objects.get(code=VIC)
    link = f'href="/historial/territory/municipality/{vic.pk}/"'
    for who in ROLES:
        html = client_for(users[who]).get(f"/municipis/{VIC}/").content.decode()
        assert (link in html) is (who in ("admin", "staff")), who


def test_admin_restores_the_population_before_the_import(users, imported, client):
    before, after, _ = imported
    earlier = versions_of(Municipality, after.pk)[1]
    url = f"/historial/territory/municipality/{after.pk}/{earlier.history_id}/restaura/"
    assert client_for(users["staff"]).post(url).status_code == 403
    assert Municipality.objects.get(code=VIC).population == after.population
    response = client_for(users["admin"]).post(url)
    assert response.status_code == 302
    restored = Municipality.objects.get(code=VIC)
    assert restored.population == before.population
    assert restored.households == before.households
    assert restored.population_band == before.population_band
    newest = versions_of(Municipality, after.pk)[0]
    assert newest.user == users["admin"]
    assert newest.reason == f"versió restaurada {earlier.history_id}"  # read in Catalan
    assert client.get(f"/api/v1/municipalities/{VIC}").json()["population"] == before.population


def test_territory_admin_pages_show_the_history(users, imported):
    _, vic, _ = imported
    client = client_for(users["admin"])
    for url in (
        f"/admin/territory/municipality/{vic.pk}/history/",
        f"/admin/territory/comarca/{vic.comarca_id}/history/",
        f"/admin/territory/province/{vic.province_id}/history/",
        f"/admin/territory/vegueria/{vic.comarca.vegueria_id}/history/",
        f"/admin/territory/populationfigure/{vic.population_figures.first().pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CHANGE_REASON in response.content.decode(), url
