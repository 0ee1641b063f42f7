"""Demo coverage (no open address-level coverage exists for Catalonia): deterministic from the
seed and labelled as demo everywhere (``is_demo``).

- About 7,000 areas for the 947 municipalities (main nucleus, smaller nuclei, an industrial
  estate in larger towns, scattered settlements), their number and size from the real
  population, area and households of the register.
- Coverage for 2019-2025: gigabit arrives early in large nuclei and late (or not yet) in small,
  scattered and mountain areas (altitude), so the gaps are plausible.
- A few deployments, a candidate set built from the 2025 gaps with the cost model, and one
  scenario.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from localret.territory.interface import Municipality

from . import costs
from .classification import nga_class
from .models import (
    Area,
    AreaCoverage,
    Candidate,
    CandidateSet,
    CoverageVintage,
    Deployment,
    DeploymentStatus,
    Programme,
)

YEARS = tuple(range(2019, 2026))
TARGET_AREAS = 7000
SOURCE = "demo"
CANDIDATE_SET = "demo-2025"


def _area_counts(munis: list[Municipality]) -> list[int]:
    raw = [
        1.0 + math.sqrt(float(m.area_km2 or 10)) * 0.5 + math.log10((m.population or 100) + 1)
        for m in munis
    ]
    scale = TARGET_AREAS / sum(raw)
    return [max(2, min(40, round(r * scale))) for r in raw]


def _split(total: int, weights: list[float]) -> list[int]:
    s = sum(weights)
    parts = [int(total * w / s) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def load(*, seed: int, today: dt.date) -> str:
    rng = random.Random(seed)
    munis = list(Municipality.objects.select_related("comarca").order_by("code"))
    counts = _area_counts(munis)
    areas: list[Area] = []
    plan: list[tuple[Area, int, int, int]] = []  # area, nga year, gigabit year, max networks
    for m, n in zip(munis, counts, strict=True):
        pop = m.population or 100
        households = m.households or max(1, round(pop / 2.5))
        altitude = m.altitude_m or 0
        mountain = altitude >= 800
        kinds = ["nucleus"]
        n_nuclei = max(0, min(n - 1, round(math.log10(pop + 1)) - 1))
        kinds += ["nucleus"] * n_nuclei
        if pop > 5000 and len(kinds) < n:
            kinds.append("industrial")
        kinds += ["scattered"] * (n - len(kinds))
        main_share = min(0.95, 0.45 + 0.1 * math.log10(pop + 1))
        weights = [main_share] + [
            (1 - main_share) * rng.uniform(0.5, 1.5) * (0.3 if k == "industrial" else 1.0)
            for k in kinds[1:]
        ]
        split = _split(households, weights)
        for i, (kind, hh) in enumerate(zip(kinds, split, strict=True)):
            settlement = kind if kind in ("scattered", "industrial") else "nucleus"
            name = m.seat or m.name
            if i > 0:
                label = {"nucleus": "Nucli", "industrial": "Polígon", "scattered": "Disseminat"}
                name = f"{label[kind]} {i} ({m.name})"
            area = Area(
                code=f"{m.code}-{i + 1:02d}",
                municipality=m,
                kind=kind,
                name=name[:150],
                households=hh,
                premises=round(hh * (1.6 if kind == "industrial" else 1.12)) + 1,
                settlement=settlement,
                rural=kind == "scattered" or pop < 2000,
                is_demo=True,
            )
            areas.append(area)
            # When coverage arrives: earlier in large nuclei, later in scattered and mountain
            # areas; some small scattered areas are still waiting in 2025.
            size = math.log10(pop + 1)
            base = 2024.5 - 1.6 * size + rng.gauss(0, 1.3)
            if kind == "scattered":
                base += rng.uniform(2.0, 6.0)
            elif i > 0:
                base += rng.uniform(0.5, 2.5)
            if mountain:
                base += rng.uniform(1.0, 3.0)
            gigabit_year = round(base)
            nga_year = gigabit_year - rng.randint(1, 6)
            max_networks = 1 + (pop > 2000) + (pop > 20000) + (pop > 100000 and i == 0)
            if kind == "scattered":
                max_networks = min(max_networks, 1 if rng.random() < 0.7 else 2)
            plan.append((area, nga_year, gigabit_year, max_networks))
    Area.objects.bulk_create(areas, batch_size=2000)
    vintages = {
        y: CoverageVintage.objects.create(
            year=y, source=SOURCE, is_demo=True, notes="Generated demo coverage"
        )
        for y in YEARS
    }
    rows = []
    for area, nga_year, giga_year, max_networks in plan:
        p = area.premises
        for y in YEARS:
            since_nga = y - nga_year
            since_giga = y - giga_year
            if since_nga >= 0:
                share30 = min(1.0, 0.8 + 0.05 * since_nga)
                nets30 = min(max_networks + 1, 1 + since_nga // 2)
            else:
                share30, nets30 = 0.0, 0
            if since_giga >= 0:
                share_g = min(1.0, (0.7 if area.kind == "scattered" else 0.85) + 0.06 * since_giga)
                nets_g = min(max_networks, 1 + since_giga // 2)
            else:
                share_g, nets_g = 0.0, 0
            c30 = round(p * share30)
            c1000 = min(c30, round(p * share_g))
            c100 = min(c30, max(c1000, round(p * min(1.0, share30 * 0.95))) if nets30 else 0)
            rows.append(
                AreaCoverage(
                    vintage=vintages[y],
                    area=area,
                    premises=p,
                    covered_30=c30,
                    covered_100=c100,
                    covered_1000=c1000,
                    covered_gigabit=c1000,
                    ftth=c1000,
                    mobile_4g=round(p * min(1.0, 0.9 + 0.015 * (y - 2019))),
                    mobile_5g=round(p * min(1.0, max(0.0, 0.12 * (y - 2020)))) if y > 2020 else 0,
                    networks_30=nets30,
                    networks_100=min(nets30, max(nets_g, 1 if c100 else 0)),
                    networks_1000=nets_g,
                    networks_gigabit=nets_g,
                )
            )
    AreaCoverage.objects.bulk_create(rows, batch_size=5000)

    # Candidate areas: what is still without gigabit in 2025, costed with the cost model.
    last = YEARS[-1]
    cset = CandidateSet.objects.create(name=CANDIDATE_SET, is_demo=True)
    candidates = []
    for area, nga_year, giga_year, max_networks in plan:
        since_giga = last - giga_year
        share_g = (
            min(1.0, (0.7 if area.kind == "scattered" else 0.85) + 0.06 * since_giga)
            if since_giga >= 0
            else 0.0
        )
        uncovered = area.households - round(area.households * share_g)
        if uncovered <= 0:
            continue
        premises = round(uncovered * 1.12) + 1
        per_premise = costs.cost_per_premise(area.settlement) * Decimal(
            str(round(rng.uniform(0.85, 1.25), 2))
        )
        nets30 = min(max_networks + 1, 1 + (last - nga_year) // 2) if last >= nga_year else 0
        candidates.append(
            Candidate(
                candidate_set=cset,
                area_id_code=area.code,
                municipality=area.municipality,
                households=uncovered,
                cost_eur=(per_premise * premises).quantize(Decimal("0.01")),
                classification=nga_class(nets30),
                rural=area.rural,
            )
        )
    Candidate.objects.bulk_create(candidates, batch_size=2000)

    # A few deployments.
    by_comarca: dict[str, list[tuple[Area, int]]] = {}
    for area, _, giga_year, _ in plan:
        if 2021 <= giga_year <= 2026 and area.kind != "nucleus":
            by_comarca.setdefault(area.municipality.comarca.name, []).append((area, giga_year))
    specs = [
        ("Osona", Programme.UNICO, "Telefónica", "UNICO-Banda Ancha 2021 · Osona"),
        ("Pallars Sobirà", Programme.XOC, "Xarxa Oberta de Catalunya", "Xarxa pública · Pallars"),
        ("Garrotxa", Programme.UNICO, "Adamo", "UNICO-Banda Ancha 2022 · Garrotxa"),
        ("Priorat", Programme.XOC, "Xarxa Oberta de Catalunya", "Xarxa pública · Priorat"),
        ("Berguedà", Programme.MUNICIPAL, "Consell Comarcal", "Fibra municipal · Berguedà"),
        ("Terra Alta", Programme.UNICO, "Avatel", "UNICO-Banda Ancha 2023 · Terra Alta"),
    ]
    made = 0
    for comarca, programme, operator, name in specs:
        pool = by_comarca.get(comarca, [])[:12]
        if not pool:
            continue
        planned = sum(a.premises for a, _ in pool)
        first = min(y for _, y in pool)
        finished = max(y for _, y in pool)
        status = DeploymentStatus.COMPLETED if finished <= 2025 else DeploymentStatus.IN_PROGRESS
        passed = planned if status == DeploymentStatus.COMPLETED else round(planned * 0.6)
        cost = (
            sum(costs.area_cost(a.premises, a.settlement) for a, _ in pool) * Decimal("1.05")
        ).quantize(Decimal("0.01"))
        deployment = Deployment.objects.create(
            name=name,
            operator=operator,
            programme=programme,
            premises_planned=planned,
            premises_passed=passed,
            cost_eur=cost,
            public_funding_eur=(cost * Decimal("0.6")).quantize(Decimal("0.01")),
            status=status,
            start_date=dt.date(first - 1, 3, 1),
            end_date=dt.date(finished, 11, 30),
            is_demo=True,
        )
        deployment.areas.set([a for a, _ in pool])
        made += 1

    from .services import ScenarioInput, scenario_run

    total_cost = sum((c.cost_eur for c in candidates), Decimal(0))
    budget = float((total_cost * Decimal("0.2")).quantize(Decimal("1")))
    scenario_run(
        candidate_set=cset,
        spec=ScenarioInput(
            candidates=CANDIDATE_SET,
            budget_eur=budget,
            balance_level="comarca",
            min_share=0.5,
            time_limit_s=5.0,
            mip_gap=0.001,
        ),
        name="Demostració · 20 % de la bretxa, equilibri comarcal 0,5",
        by=None,
    )
    return (
        f"{len(areas)} demo areas, {len(rows)} coverage rows ({YEARS[0]}-{YEARS[-1]}), "
        f"{len(candidates)} candidates, {made} deployments, 1 scenario"
    )
