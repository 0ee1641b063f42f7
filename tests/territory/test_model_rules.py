"""Rules the territory models keep on every save, shown on factory-built places."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .factories import MunicipalityFactory, PopulationFigureFactory

pytestmark = pytest.mark.django_db


def test_saving_a_municipality_folds_its_name_for_search_and_bands_its_population():
    place = MunicipalityFactory(name="L’Espluga d’Àneu", population=4213)
    assert place.search_name == "l'espluga d'aneu"
    assert place.population_band == "1001-5000"
    place.population = 20001
    place.save()
    place.refresh_from_db()
    assert place.population_band == "20001-50000"


def test_a_municipality_without_population_has_no_band():
    assert MunicipalityFactory(population=None).population_band == ""


def test_a_municipality_code_must_be_six_digits():
    with pytest.raises(ValidationError) as refused:
        MunicipalityFactory.build(code="08298A").full_clean()
    assert "__all__" in refused.value.message_dict or "code" in refused.value.message_dict


def test_one_population_figure_per_municipality_and_year():
    figure = PopulationFigureFactory(year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        PopulationFigureFactory(municipality=figure.municipality, year=2024)
    assert PopulationFigureFactory(municipality=figure.municipality, year=2025).pk
