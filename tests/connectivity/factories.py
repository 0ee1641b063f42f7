"""Small connectivity data for tests."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import factory

from localret.connectivity.models import (
    Area,
    AreaCoverage,
    Candidate,
    CandidateSet,
    CoverageVintage,
    Deployment,
    DeploymentStatus,
    ImportJob,
    PlannerJob,
    Programme,
    Scenario,
)
from localret.territory.models import Municipality

from ..accounts.factories import UserFactory

VIC = "082981"
OLOT = "171143"


class VintageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverageVintage

    year = 2024
    source = "test"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"T-{n:04d}")
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code=VIC))
    kind = "nucleus"
    households = 100
    premises = 110


def coverage(
    area: Area,
    vintage: CoverageVintage,
    *,
    premises: int = 100,
    c30: int = 0,
    c100: int = 0,
    c1000: int = 0,
    n30: int = 0,
    ngig: int = 0,
) -> AreaCoverage:
    return AreaCoverage.objects.create(
        area=area,
        vintage=vintage,
        premises=premises,
        covered_30=c30,
        covered_100=c100,
        covered_1000=c1000,
        covered_gigabit=c1000,
        ftth=c1000,
        networks_30=n30,
        networks_100=min(n30, 1 if c100 else 0),
        networks_1000=ngig,
        networks_gigabit=ngig,
    )


def small_world() -> dict:
    """Vic: a covered nucleus and a white scattered area; Olot: one grey nucleus.
    2023 and 2024; the Vic scattered area gets gigabit in 2024."""
    v23 = VintageFactory(year=2023)
    v24 = VintageFactory(year=2024)
    olot = Municipality.objects.get(code=OLOT)
    vic_n = AreaFactory(code="VIC-N", households=900, premises=1000)
    vic_s = AreaFactory(code="VIC-S", households=100, premises=100, kind="scattered")
    olot_n = AreaFactory(code="OLOT-N", municipality=olot, households=500, premises=500)
    coverage(vic_n, v23, premises=1000, c30=1000, c100=1000, c1000=1000, n30=3, ngig=2)
    coverage(vic_s, v23, premises=100)
    coverage(olot_n, v23, premises=500, c30=500, c100=400, c1000=0, n30=1, ngig=0)
    coverage(vic_n, v24, premises=1000, c30=1000, c100=1000, c1000=1000, n30=3, ngig=2)
    coverage(vic_s, v24, premises=100, c30=100, c100=100, c1000=50, n30=1, ngig=1)
    coverage(olot_n, v24, premises=500, c30=500, c100=400, c1000=250, n30=1, ngig=1)
    return {"v23": v23, "v24": v24, "vic_n": vic_n, "vic_s": vic_s, "olot_n": olot_n}


def candidate_set(name: str = "set1", rows: list[tuple] | None = None) -> CandidateSet:
    """rows: (area_id, municipality code, households, cost, classification)."""
    cset = CandidateSet.objects.create(name=name)
    rows = rows or [
        ("A1", VIC, 100, "50000", "white"),
        ("A2", VIC, 60, "20000", "grey"),
        ("A3", OLOT, 80, "40000", "white"),
        ("A4", OLOT, 10, "30000", "black"),
    ]
    munis = dict(Municipality.objects.values_list("code", "pk"))
    for area_id, code, hh, cost, cls in rows:
        Candidate.objects.create(
            candidate_set=cset,
            area_id_code=area_id,
            municipality_id=munis[code],
            households=hh,
            cost_eur=Decimal(cost),
            classification=cls,
        )
    return cset


def deployment(areas: list[Area], **kwargs) -> Deployment:
    defaults = {
        "name": "D1",
        "operator": "Op",
        "programme": "unico",
        "premises_planned": 100,
        "premises_passed": 80,
        "cost_eur": Decimal("100000"),
        "public_funding_eur": Decimal("50000"),
        "status": "completed",
    }
    defaults.update(kwargs)
    d = Deployment.objects.create(**defaults)
    d.areas.set(areas)
    return d


def csv_bytes(text: str) -> bytes:
    return text.strip().encode("utf-8") + b"\n"


def upload(name: str, data: bytes) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


# factory_boy factories for the rest of the app: rows written directly (imports and the planner
# write them in bulk or through services); each passes ``full_clean()``. Counts are premises or
# households (whole, non-negative) and nested: covered at 1 Gbps <= 100 Mbps <= 30 Mbps <= all.


class AreaCoverageFactory(factory.django.DjangoModelFactory):
    """A nucleus of 120 premises mostly reached by fibre, in a vintage of its own."""

    class Meta:
        model = AreaCoverage

    vintage = factory.SubFactory(
        VintageFactory, source=factory.Sequence(lambda n: f"Informe de cobertura de prova {n}")
    )
    area = factory.SubFactory(AreaFactory, premises=120, households=104)
    premises = 120
    covered_30 = 120
    covered_100 = 112
    covered_1000 = 96
    covered_gigabit = 96
    ftth = 96
    mobile_4g = 120
    mobile_5g = 64
    networks_30 = 3
    networks_100 = 2
    networks_1000 = 2
    networks_gigabit = 2


class DeploymentFactory(factory.django.DjangoModelFactory):
    """A fibre deployment in progress (``areas=[...]`` links areas)."""

    class Meta:
        model = Deployment
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Fibra als veïnats disseminats, fase {n}")
    operator = "Xarxa Oberta de Catalunya"
    programme = Programme.UNICO
    premises_planned = 240
    premises_passed = 150
    cost_eur = Decimal("360000.00")
    public_funding_eur = Decimal("216000.00")
    status = DeploymentStatus.IN_PROGRESS
    start_date = dt.date(2025, 4, 1)

    @factory.post_generation
    def areas(self, create: bool, chosen: Any, **kwargs: Any) -> None:
        if create and chosen:
            self.areas.set(chosen)


class CandidateSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateSet

    name = factory.Sequence(lambda n: f"Zones blanques de prova {n}")
    created_by = factory.SubFactory(UserFactory)


class CandidateFactory(factory.django.DjangoModelFactory):
    """A white area of Vic with 60 uncovered households."""

    class Meta:
        model = Candidate

    candidate_set = factory.SubFactory(CandidateSetFactory)
    area_id_code = factory.Sequence(lambda n: f"VIC-D{n:03d}")
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code=VIC))
    households = 60
    cost_eur = Decimal("84000.00")
    classification = "white"
    rural = True


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    name = factory.Sequence(lambda n: f"Pressupost de 2 M€ ({n})")
    candidate_set = factory.SubFactory(CandidateSetFactory)
    parameters = factory.LazyFunction(lambda: {"budget": 2000000})
    result = factory.LazyFunction(lambda: {"households": 1240, "cost": 1985000})
    created_by = factory.SelfAttribute("candidate_set.created_by")


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A dry run of a premises file, waiting for the worker."""

    class Meta:
        model = ImportJob

    kind = "premises"
    filename = "cobertura-2024.csv"
    path = factory.Sequence(lambda n: f"connectivity/imports/{n:04d}-cobertura-2024.csv")
    year = 2024
    source = "Informe de cobertura 2024"
    created_by = factory.SubFactory(UserFactory)


class PlannerJobFactory(factory.django.DjangoModelFactory):
    """A planner run waiting for the worker."""

    class Meta:
        model = PlannerJob

    candidate_set = factory.SubFactory(CandidateSetFactory)
    name = "Pressupost de 2 M€"
    parameters = factory.LazyFunction(lambda: {"budget": 2000000})
    created_by = factory.SelfAttribute("candidate_set.created_by")
