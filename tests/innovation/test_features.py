"""Features for the similarity: register, run-time EMEX file, guarded maturity selector."""

from __future__ import annotations

import pytest

from localret.innovation import features

pytestmark = pytest.mark.django_db

VIC = "082981"


def test_emex_features_are_read_from_the_data_dir(settings, tmp_path):
    (tmp_path / features.EMEX_FILE).write_text(
        "codi_ine6,densitat_hab_km2,index_envelliment,renda_neta_persona\n"
        f"{VIC},1648.3,106.9,15156\n",
        encoding="utf-8",
    )
    settings.LOCALRET_DATA_DIR = tmp_path
    fs = features.load_features()
    assert fs.has_emex and "emex_missing" not in fs.notes
    vic = fs.rows[VIC]
    assert (vic.density, vic.ageing, vic.income) == (1648.3, 106.9, 15156.0)
    from localret.territory.models import Municipality

    assert vic.comarca_name == "Osona"
    assert vic.band == Municipality.objects.get(code=VIC).population_band
    # A municipality missing from the file falls back to the register's density.
    olot = fs.rows["171143"]
    assert olot.ageing is None and olot.density is not None and olot.density > 0
    assert len(fs.rows) == 947


def test_without_emex_register_only_and_said_so(settings, tmp_path):
    settings.LOCALRET_DATA_DIR = tmp_path
    fs = features.load_features()
    assert not fs.has_emex and "emex_missing" in fs.notes
    assert fs.used[:3] == ("population", "density", "comarca")
    assert "ageing" not in fs.used
    assert all(r.ageing is None and r.income is None for r in fs.rows.values())


def _fake_maturity(monkeypatch, getter):  # type: ignore[no-untyped-def]
    from localret.maturity import interface

    monkeypatch.setattr(interface, "latest_validated_by_municipality", getter)


def test_maturity_used_when_the_selector_exists(monkeypatch):
    from localret.reporting.models import PublicationConsent
    from localret.territory.models import Municipality

    PublicationConsent.objects.create(
        municipality=Municipality.objects.get(code=VIC), publish_maturity=True
    )
    _fake_maturity(
        monkeypatch,
        lambda: {VIC: {"overall": 72.5, "level": 4}, "171143": {"overall": 41.5, "level": 3}},
    )
    fs = features.load_features()
    assert fs.has_maturity and "maturity" in fs.used
    # Olot has not consented: the public replication answer never compares its score.
    assert fs.rows[VIC].maturity == 72.5 and fs.rows["171143"].maturity is None


def test_a_failing_maturity_selector_does_not_break_similarity(monkeypatch):
    def broken():  # type: ignore[no-untyped-def]
        raise RuntimeError("maturity is being migrated")

    _fake_maturity(monkeypatch, broken)
    fs = features.load_features()
    assert not fs.has_maturity and "maturity_missing" in fs.notes
    assert len(fs.rows) == 947
