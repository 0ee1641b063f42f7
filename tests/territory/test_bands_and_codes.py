"""Population bands (boundary values go to the lower band) and the INE check digit."""

from __future__ import annotations

import csv

import pytest

from localret.territory.bands import BAND_CODES, band_for, band_index
from localret.territory.codes import check_digit, code6_from_ine5, is_valid_code6
from localret.territory.importer import BUILTIN_DIR, MUNICIPALITIES_FILE


@pytest.mark.parametrize(
    "population,band",
    [
        (0, "1-500"),
        (1, "1-500"),
        (500, "1-500"),
        (501, "501-1000"),
        (1000, "501-1000"),
        (1001, "1001-5000"),
        (5000, "1001-5000"),
        (5001, "5001-20000"),
        (20000, "5001-20000"),
        (20001, "20001-50000"),
        (50000, "20001-50000"),
        (50001, "50001+"),
        (1_660_122, "50001+"),
    ],
)
def test_band_boundaries_belong_to_the_lower_band(population, band):
    assert band_for(population) == band


def test_unknown_population_has_no_band_and_bands_are_ordered():
    assert band_for(None) is None
    assert [band_index(code) for code in BAND_CODES] == list(range(6))


def builtin_codes() -> list[tuple[str, str]]:
    with (BUILTIN_DIR / MUNICIPALITIES_FILE).open(encoding="utf-8", newline="") as fh:
        return [(row["codi_ine6"], row["codi_ine5"]) for row in csv.DictReader(fh)]


def test_check_digit_holds_for_all_947_builtin_codes():
    codes = builtin_codes()
    assert len(codes) == 947 == len({c for c, _ in codes})
    for code6, ine5 in codes:
        assert code6[:5] == ine5
        assert is_valid_code6(code6), code6
        assert code6_from_ine5(ine5) == code6


def test_every_other_check_digit_is_rejected():
    for code6, ine5 in builtin_codes():
        wrong = [f"{ine5}{d}" for d in range(10) if d != int(code6[5])]
        assert not any(is_valid_code6(w) for w in wrong), code6


def test_known_examples_and_malformed_codes():
    assert check_digit("08019") == 3  # Barcelona 080193
    assert code6_from_ine5("17114") == "171143"  # Olot
    for bad in ("", "08019", "0801930", "08O193", " 80193", "08019a"):
        assert not is_valid_code6(bad)
    with pytest.raises(ValueError):
        check_digit("8019")
