"""Small connectivity data for tests."""

from __future__ import annotations

import io
from decimal import Decimal

import factory

from localret.connectivity.models import (
    Area,
    AreaCoverage,
    Candidate,
    CandidateSet,
    CoverageVintage,
    Deployment,
)
from localret.territory.models import Municipality

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
