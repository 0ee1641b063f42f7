"""factory_boy factories for the territory app. The register (947 municipalities) is loaded
once per test database; profiles and contacts hang from one of them (Vic by default)."""

from __future__ import annotations

import factory

from localret.territory.models import Contact, Municipality, MunicipalProfile


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
