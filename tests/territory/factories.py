"""factory_boy factories for the territory app. The register (947 municipalities) is loaded
once per test database; profiles and contacts hang from one of them (Vic by default)."""

from __future__ import annotations

from decimal import Decimal

import factory

from localret.territory.models import (
    Comarca,
    Contact,
    Municipality,
    MunicipalProfile,
    PopulationFigure,
    Province,
    Vegueria,
)


class MunicipalProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalProfile
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="082981"))
    notes = "Secretaria compartida amb el consell comarcal"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    profile = factory.SubFactory(MunicipalProfileFactory)
    name = factory.Sequence(lambda n: f"Persona de contacte {n}")
    role = Contact.Kind.OTHER
    email = factory.LazyAttribute(lambda c: f"contacte{c.position}@example.org")
    position = factory.Sequence(lambda n: n)


# Factories for the register itself: fictitious places (INE codes starting with 9, which no
# Catalan municipality has; two-character codes starting with Z) so they never clash with the
# register loaded in the test database. Other apps' factories hang from a registered
# municipality (``registered()``, Vic by default) unless a test passes another.

VIC = "082981"


def registered(code: str = VIC) -> Municipality:
    """A municipality of the loaded register (Vic by default)."""
    return Municipality.objects.get(code=code)


def _two_chars(n: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "Z" + digits[n % len(digits)]


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(_two_chars)
    name = factory.Sequence(lambda n: f"Província de prova {n}")


class VegueriaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vegueria

    code = factory.Sequence(lambda n: f"vegueria-prova-{n}")
    name = factory.Sequence(lambda n: f"Vegueria de prova {n}")
    ambit = "Comarques Centrals"


class ComarcaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comarca
        django_get_or_create = ("code",)

    code = factory.Sequence(_two_chars)
    name = factory.Sequence(lambda n: f"Comarca de prova {n}")
    capital = factory.Sequence(lambda n: f"Vilanova de prova {n}")
    vegueria = factory.SubFactory(VegueriaFactory)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A fictitious municipality of about 4.000 inhabitants in a fictitious comarca."""

    class Meta:
        model = Municipality

    ine5 = factory.Sequence(lambda n: f"9{n % 10000:04d}")
    code = factory.LazyAttribute(lambda m: f"{m.ine5}0")
    name = factory.Sequence(lambda n: f"Sant Martí de Prova {n}")
    comarca = factory.SubFactory(ComarcaFactory)
    province = factory.SubFactory(ProvinceFactory)
    population = 4213
    population_year = 2024
    area_km2 = Decimal("23.4")
    altitude_m = 480
    seat = factory.LazyAttribute(lambda m: m.name)
    lat = 41.93
    lon = 2.25
    households = 1702
    households_estimated = True


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    municipality = factory.SubFactory(MunicipalityFactory)
    year = factory.Sequence(lambda n: 2000 + n % 25)
    population = 4213
    source = "Idescat, padró municipal d'habitants"
