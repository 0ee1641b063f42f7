"""Demo data of the strategic plan: deterministic from the seed, labelled as demo.

The 2020-2023 Strategic Plan approved by the Board in July 2020 (mission, vision, values and the
four strategic objectives are those the plan states; the wording of the 17 action lines,
initiatives and indicators is illustrative, and all figures are generated), closed with its
final results; and its successor 2024-2027, created by copying the structure, approved and
measured up to ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import computed, services
from .models import (
    ActionLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Plan,
    StrategicObjective,
)

SLUG_2020 = "pla-estrategic-2020-2023"
SLUG_2024 = "pla-estrategic-2024-2027"
ILLUSTRATIVE = "Redacció il·lustrativa (dades de demostració)."

MISSION = "Acompanyar els ajuntaments en la transformació digital dels municipis."
VISION = (
    "Esdevenir el departament extern i centralitzat de transformació digital i innovació dels "
    "ajuntaments de Catalunya."
)
DRAFTING_2020 = (
    "El Consell d'Administració va aprovar el pla el juliol de 2020, amb l'horitzó de la fi "
    "del mandat municipal, a la tardor de 2023. Es va redactar durant sis mesos amb recursos "
    "propis, amb la participació del personal de Localret i la col·laboració de persones i "
    "entitats externes, a partir d'una diagnosi de la situació digital dels municipis."
)
VALUES = [
    ("Servei públic", "Treballem per als ajuntaments i, a través d'ells, per a la ciutadania."),
    ("Innovació", "Incorporem noves tecnologies i maneres de fer a la vida municipal."),
    ("Lideratge", "Impulsem la transformació digital del món local."),
    ("Compromís", "Complim el que acordem amb els ens consorciats."),
    ("Equilibri territorial", "Cap municipi no es queda enrere, sigui quina sigui la mida."),
]
OBJECTIVES = [
    (
        "OE1",
        "Acompanyar els municipis en la seva transformació digital",
        [
            "Diagnosi de la maduresa digital dels ajuntaments",
            "Administració electrònica i tramitació sense paper",
            "Serveis comuns al núvol per als municipis",
            "Formació i capacitació digital del personal municipal",
            "Ciberseguretat i protecció de dades municipals",
        ],
    ),
    (
        "OE2",
        "Introduir la innovació digital a la vida municipal",
        [
            "Laboratori d'innovació i proves pilot",
            "Dades obertes i analítica per a la presa de decisions",
            "Territori intel·ligent i sensorització",
            "Replicació de bones pràctiques entre municipis",
        ],
    ),
    (
        "OE3",
        "Estendre la connectivitat d'alta capacitat a tot el territori",
        [
            "Desplegament de fibra òptica als municipis",
            "Connectivitat dels equipaments municipals",
            "Cobertura mòbil i 5G a les zones rurals",
            "Coordinació amb operadors i administracions",
        ],
    ),
    (
        "OE4",
        "Un nou model de governança del consorci",
        [
            "Òrgans de govern i participació dels ens consorciats",
            "Transparència i rendició de comptes",
            "Model econòmic i sostenibilitat del consorci",
            "Organització interna i talent",
        ],
    ),
]
INITIATIVE_KINDS = [
    "Prova pilot",
    "Desplegament",
    "Guia i formació",
    "Servei de suport",
    "Avaluació i millora",
]
# What each action line measures: name, unit, direction, baseline, target, cumulative, municipal
# aggregation ("" = none). Counts are whole, percentages 0-100, municipalities at most 947.
Kind = tuple[str, str, str, float, float, bool, str]
LINE_INDICATORS: dict[str, list[Kind]] = {
    "1.1": [
        (
            "Ajuntaments amb diagnosi de maduresa digital",
            "ajuntaments",
            "increase",
            40,
            320,
            True,
            "",
        ),
        ("Ajuntaments amb full de ruta digital", "ajuntaments", "increase", 10, 200, True, ""),
    ],
    "1.2": [
        ("Tràmits disponibles en línia", "tràmits", "increase", 120, 400, True, ""),
        ("Ajuntaments amb seu electrònica", "% de municipis", "increase", 20, 80, False, "share"),
    ],
    "1.3": [
        ("Ajuntaments usuaris dels serveis al núvol", "ajuntaments", "increase", 60, 400, True, ""),
        ("Cost per usuari del servei al núvol", "€/usuari", "decrease", 14, 9, False, ""),
    ],
    "1.4": [
        ("Personal municipal format", "persones", "increase", 0, 2500, True, ""),
        ("Hores de formació impartides", "hores", "increase", 0, 6000, True, "sum"),
    ],
    "1.5": [
        ("Incidents de seguretat greus", "incidents/any", "decrease", 18, 4, False, ""),
        ("Temps mitjà de resolució d'incidències", "hores", "decrease", 36, 12, False, ""),
    ],
    "2.1": [
        ("Proves pilot en marxa", "pilots", "increase", 0, 24, True, ""),
        ("Ajuntaments participants en proves pilot", "ajuntaments", "increase", 0, 60, True, ""),
    ],
    "2.2": [
        ("Conjunts de dades oberts publicats", "conjunts", "increase", 30, 250, True, ""),
        ("Ajuntaments que publiquen dades obertes", "ajuntaments", "increase", 15, 150, True, ""),
    ],
    "2.3": [
        ("Sensors connectats a la plataforma Sentilo", "sensors", "increase", 0, 1500, True, ""),
        ("Municipis amb plataforma de sensors", "municipis", "increase", 0, 40, True, ""),
    ],
    "2.4": [
        ("Solucions replicades en altres municipis", "solucions", "increase", 0, 30, True, ""),
        ("Ajuntaments que adopten una solució provada", "ajuntaments", "increase", 0, 80, True, ""),
    ],
    "3.1": [
        ("Cobertura de fibra als nuclis", "%", "increase", 45, 90, False, "mean"),
        ("Municipis amb fibra a tots els nuclis", "municipis", "increase", 300, 700, True, ""),
    ],
    "3.2": [
        ("Equipaments municipals connectats", "equipaments", "increase", 150, 900, True, ""),
        ("Equipaments amb connexió d'1 Gbps", "% d'equipaments", "increase", 10, 60, False, ""),
    ],
    "3.3": [
        ("Municipis amb cobertura 5G", "municipis", "increase", 10, 180, True, ""),
        ("Nuclis sense cobertura mòbil", "nuclis", "decrease", 240, 60, False, ""),
    ],
    "3.4": [
        ("Convenis signats amb operadors", "convenis", "increase", 2, 12, True, ""),
        ("Llars en zones blanques", "llars", "decrease", 60000, 15000, False, ""),
    ],
    "4.1": [
        ("Assistència a l'Assemblea General", "% d'ens consorciats", "increase", 55, 75, False, ""),
        ("Ens consorciats", "ens", "increase", 780, 900, True, ""),
    ],
    "4.2": [
        ("Acords del Consell publicats", "%", "increase", 60, 100, False, ""),
        ("Conjunts del portal de transparència actualitzats", "%", "increase", 50, 95, False, ""),
    ],
    "4.3": [
        ("Execució pressupostària", "%", "range", 78, 95, False, ""),
        ("Ingressos per serveis als ajuntaments", "€", "increase", 2500000, 3500000, False, ""),
    ],
    "4.4": [
        ("Satisfacció dels ajuntaments", "punts (0-10)", "range", 6.2, 8.0, False, ""),
        ("Personal amb pla de desenvolupament", "% de la plantilla", "increase", 10, 80, False, ""),
    ],
}
MUNICIPALITIES = 947
COUNT_UNITS = {
    "ajuntaments",
    "tràmits",
    "persones",
    "pilots",
    "conjunts",
    "equipaments",
    "municipis",
    "incidents/any",
    "sensors",
    "solucions",
    "convenis",
    "llars",
    "nuclis",
    "ens",
}
MUNICIPALITY_UNITS = {"ajuntaments", "municipis", "ens"}


def is_percent(unit: str) -> bool:
    return unit.startswith("%")


def fit(unit: str, value: float) -> float:
    """A value as its unit allows: counts whole and not negative (town halls and
    municipalities at most 947), percentages within 0-100, scores within their scale, nothing
    negative."""
    value = max(0.0, value)
    if unit in COUNT_UNITS:
        value = float(round(value))
        return min(float(MUNICIPALITIES), value) if unit in MUNICIPALITY_UNITS else value
    if is_percent(unit):
        return min(100.0, value)
    if unit == "punts (0-10)":
        return min(10.0, value)
    return value


SCENARIOS = [
    ("on_track", 0.40),
    ("at_risk", 0.20),
    ("off_track", 0.15),
    ("achieved", 0.12),
    ("no_data", 0.08),
    ("late_start", 0.05),
]


def _aware(date: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour, 0)))


def _month_ends(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    out = []
    year, month = start.year, start.month
    while True:
        nxt = dt.date(year + (month // 12), month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last > end:
            break
        if last >= start and (month - start.month) % step == 0:
            out.append(last)
        year, month = nxt.year, nxt.month
    return out


def _scenario(rng: random.Random) -> str:
    x = rng.random()
    acc = 0.0
    for name, p in SCENARIOS:
        acc += p
        if x < acc:
            return name
    return "on_track"


def _ratio(scenario: str, rng: random.Random) -> float:
    return {
        "on_track": rng.uniform(0.97, 1.12),
        "at_risk": rng.uniform(0.74, 0.86),
        "off_track": rng.uniform(0.25, 0.6),
        "achieved": rng.uniform(1.5, 1.9),
        "late_start": rng.uniform(0.9, 1.0),
    }.get(scenario, 1.0)


def _fraction(date: dt.date, start: dt.date, end: dt.date) -> float:
    return max(0.0, min(1.0, (date - start).days / max(1, (end - start).days)))


def _dec(x: float, places: int = 2) -> Decimal:
    return Decimal(str(round(x, places)))


class _Builder:
    def __init__(self, rng: random.Random, by: Any, municipalities: list[Any]) -> None:
        self.rng = rng
        self.by = by
        self.municipalities = municipalities
        self.measurements: list[Measurement] = []

    def series(
        self,
        ind: Indicator,
        kind: Kind,
        start: dt.date,
        end: dt.date,
        until: dt.date,
        scenario: str,
    ) -> None:
        """Generate the measurements of one indicator from ``start`` to ``until``."""
        rng = self.rng
        if scenario == "no_data":
            return
        step = 1 if ind.frequency == Indicator.Frequency.MONTHLY else 3
        dates = _month_ends(start, until, step)
        if scenario == "late_start":
            dates = dates[len(dates) // 2 :]
        ratio = _ratio(scenario, rng)
        baseline = float(ind.baseline_value or 0)
        direction = ind.direction
        if direction == "range":
            low, high = float(ind.range_low or 0), float(ind.range_high or 0)
            target = (low + high) / 2
            if scenario in ("off_track", "at_risk"):
                target = low - (high - low) * (0.6 if scenario == "off_track" else 0.25)
        else:
            target = float(ind.target_value or 0)
        span = target - baseline
        noise = abs(span) * 0.025 or 0.1
        aggregation = kind[6]
        last = baseline
        for date in dates:
            f = _fraction(date, start, end)
            progress = min(1.0, f * ratio) if scenario != "achieved" else min(1.08, f * ratio)
            value = baseline + span * progress + rng.gauss(0, noise)
            if ind.cumulative:
                value = max(value, last) if span >= 0 else min(value, last)
            value = fit(ind.unit, value)
            last = value
            if aggregation:
                self.municipal(ind, date, value, aggregation, progress)
            else:
                self.add(ind, date, value, "Registre intern (demo)")

    def municipal(
        self, ind: Indicator, date: dt.date, total: float, aggregation: str, progress: float
    ) -> None:
        munis = self.municipalities
        n = len(munis)
        for i, muni in enumerate(munis):
            if aggregation == "share":
                # Municipality i switches on when the share reaches its rank.
                threshold = (i + 0.5) / n * 100
                value = 1.0 if total >= threshold else 0.0
            elif aggregation == "mean":
                offset = ((i * 37) % 21 - 10) * 0.8
                value = fit(ind.unit, total + offset)
            else:
                value = fit(ind.unit, total / n * (0.6 + 0.8 * ((i * 13) % 10) / 9))
                if ind.unit not in COUNT_UNITS:
                    value = round(value, 1)
            self.add(ind, date, value, "Dades municipals (demo)", muni)

    def add(
        self, ind: Indicator, date: dt.date, value: float, source: str, muni: Any = None
    ) -> None:
        when = _aware(date)
        m = Measurement(
            indicator=ind,
            date=date,
            value=_dec(value, 4),
            municipality=muni,
            source=source,
            entered_by=self.by,
            created_at=when,
        )
        m._history_date = when  # type: ignore[attr-defined]
        self.measurements.append(m)

    def flush(self) -> int:
        count = len(self.measurements)
        bulk_create_with_history(
            self.measurements, Measurement, batch_size=2000, default_user=self.by
        )
        self.measurements = []
        return count


def _build_2020(rng: random.Random, by: Any, munis: list[Any]) -> tuple[Plan, dict[str, Any]]:
    """The 2020-2023 plan's structure, recorded as created in June 2020 (bulk inserts)."""
    start, end = dt.date(2020, 9, 1), dt.date(2023, 10, 31)
    meta: dict[str, Any] = {}
    with services.recorded_at(_aware(dt.date(2020, 6, 15))):
        plan = services.plan_create(
            by=by,
            slug=SLUG_2020,
            name="Pla Estratègic de Localret 2020-2023",
            period_start=start,
            period_end=end,
            mandate_end=end,
            mission=MISSION,
            vision=VISION,
            values=VALUES,
            drafting=DRAFTING_2020,
            is_demo=True,
        )
        objectives = services._bulk(
            StrategicObjective,
            [
                StrategicObjective(plan=plan, code=code, name=name, position=pos, weight=1)
                for pos, (code, name, _lines) in enumerate(OBJECTIVES)
            ],
            by,
        )
        lines = services._bulk(
            ActionLine,
            [
                ActionLine(
                    objective=objective,
                    code=f"{o_pos + 1}.{l_pos}",
                    name=l_name,
                    description=ILLUSTRATIVE,
                    position=l_pos,
                    weight=_dec(rng.choice([1, 1, 1, 2, 0.5]), 3),
                )
                for o_pos, (objective, (_c, _n, line_names)) in enumerate(
                    zip(objectives, OBJECTIVES, strict=True)
                )
                for l_pos, l_name in enumerate(line_names, start=1)
            ],
            by,
        )
        initiatives = []
        for line in lines:
            n_init = 3 + (1 if line.position % 2 == 0 else 0) + (1 if line.position == 1 else 0)
            for k in range(n_init):
                cancelled = rng.random() < 0.04
                initiatives.append(
                    Initiative(
                        action_line=line,
                        code=f"{line.code}.{k + 1}",
                        name=f"{INITIATIVE_KINDS[k % len(INITIATIVE_KINDS)]}: {line.name.lower()}",
                        description=ILLUSTRATIVE,
                        owner=["Àrea de Serveis", "Àrea de Projectes", "Àrea TIC"][k % 3],
                        responsible=by,
                        start_date=start + dt.timedelta(days=30 * rng.randrange(0, 12)),
                        end_date=end - dt.timedelta(days=30 * rng.randrange(0, 6)),
                        budget_planned=_dec(rng.randrange(20, 400) * 1000),
                        budget_executed=_dec(0),
                        status=Initiative.Status.CANCELLED
                        if cancelled
                        else Initiative.Status.IN_PROGRESS,
                        weight=_dec(rng.choice([1, 1, 2]), 3),
                        position=k,
                    )
                )
        initiatives = services._bulk(Initiative, initiatives, by)
        through = Initiative.municipalities.through
        through.objects.bulk_create(
            [
                through(initiative_id=ini.pk, municipality_id=m.pk)
                for ini in initiatives
                for m in (rng.sample(munis, rng.randrange(0, 4)) if munis else [])
            ]
        )
        by_line: dict[int, list[Initiative]] = {}
        for ini in initiatives:
            by_line.setdefault(ini.action_line_id, []).append(ini)
        indicators: list[Indicator] = []
        milestones: list[Milestone] = []
        municipal = 0
        for line in lines:
            kinds = LINE_INDICATORS[line.code]
            targets: list[tuple[Any, Any]] = [(line, None), (line, None)]
            for ini in by_line.get(line.pk, []):
                targets += [(None, ini), (None, ini)]
            for index, (line_target, initiative_target) in enumerate(targets):
                if len(indicators) >= 150:
                    break
                kind = kinds[index % len(kinds)]
                name, unit, direction, base, target, cumulative, aggregation = kind
                if aggregation:
                    municipal += 1
                    if municipal > 10:  # keep about ten per-municipality indicators
                        kind = (*kind[:6], "")
                        aggregation = ""
                scale = (
                    1.0
                    if is_percent(unit) or unit in MUNICIPALITY_UNITS or direction == "range"
                    else rng.choice([0.5, 1, 1, 1.5, 2])
                )
                ind = Indicator(
                    code=f"I{line.code}.{len(indicators) + 1:03d}-2020",
                    name=name,
                    action_line=line_target,
                    initiative=initiative_target,
                    unit=unit,
                    direction=direction,
                    cumulative=cumulative,
                    definition=f"{name} ({unit}). Indicador il·lustratiu de demostració.",
                    frequency=Indicator.Frequency.MONTHLY
                    if rng.random() < 0.2 and not aggregation
                    else Indicator.Frequency.QUARTERLY,
                    source="Localret (demo)",
                    owner="Oficina del Pla",
                    aggregation=aggregation or "sum",
                    weight=_dec(rng.choice([1, 1, 1, 2]), 3),
                    baseline_date=start,
                    target_date=end,
                )
                if direction == "range":
                    ind.range_low = _dec(fit(unit, target - 0.5 if target < 20 else target - 5))
                    ind.range_high = _dec(fit(unit, target + 1 if target < 20 else 100))
                    ind.baseline_value = _dec(base)
                else:
                    ind.baseline_value = _dec(fit(unit, base * scale))
                    ind.target_value = _dec(fit(unit, target * scale))
                indicators.append(ind)
                meta[ind.code] = (kind, _scenario(rng))
        indicators = services._bulk(Indicator, indicators, by)
        for ind in indicators:
            if ind.direction != "range" and rng.random() < 0.25:
                b, t = float(ind.baseline_value or 0), float(ind.target_value or 0)
                milestones += [
                    Milestone(
                        indicator=ind,
                        date=dt.date(2021, 12, 31),
                        value=_dec(fit(ind.unit, b + (t - b) * 0.2)),
                    ),
                    Milestone(
                        indicator=ind,
                        date=dt.date(2022, 12, 31),
                        value=_dec(fit(ind.unit, b + (t - b) * 0.55)),
                    ),
                ]
        services._bulk(Milestone, milestones, by)
    return plan, meta


def load(*, seed: int, today: dt.date) -> str:
    from localret.accounts.models import User
    from localret.territory.models import Municipality

    if Plan.objects.filter(slug__in=[SLUG_2020, SLUG_2024]).exists():
        return "strategic plans already present"
    rng = random.Random(seed)
    by = User.objects.filter(username="tecnic").first()
    all_munis = list(Municipality.objects.order_by("code"))
    munis: list[Any] = []
    if all_munis:
        fixed = [m for m in all_munis if m.code in ("082981", "171143")]
        others = [m for m in all_munis if m not in fixed]
        munis = fixed + rng.sample(others, min(12, len(others)))
        munis.sort(key=lambda m: m.code)
    builder = _Builder(rng, by, munis)

    # 2020-2023: created in June 2020, approved by the Board in July 2020, closed in 2023.
    plan20, meta20 = _build_2020(rng, by, munis)
    with services.recorded_at(_aware(dt.date(2020, 7, 30))):
        services.plan_approve(plan=plan20, by=by, agreement_ref="CA 2020/07")
    start20, end20 = plan20.period_start, plan20.mandate_end
    final20 = min(today, end20)
    indicators20 = {i.code: i for i in Indicator.objects.filter(code__in=list(meta20))}
    for code, (kind, scenario) in meta20.items():
        builder.series(indicators20[code], kind, start20, end20, final20, scenario)
    count = builder.flush()
    # Close the initiatives with their executed budgets, then the plan.
    closing = list(
        Initiative.objects.filter(action_line__objective__plan=plan20).exclude(
            status=Initiative.Status.CANCELLED
        )
    )
    for ini in closing:
        ini.status = (
            Initiative.Status.COMPLETED if rng.random() < 0.8 else Initiative.Status.ON_HOLD
        )
        ini.budget_executed = _dec(float(ini.budget_planned) * rng.uniform(0.6, 1.04))
    bulk_update_with_history(
        closing,
        Initiative,
        ["status", "budget_executed"],
        default_user=by,
        default_date=_aware(min(today, dt.date(2023, 11, 30))),
    )
    if today < dt.date(2023, 12, 15):
        return f"plan 2020-2023 ({len(meta20)} indicators, {count} measurements)"
    with services.recorded_at(_aware(dt.date(2023, 12, 15))):
        services.plan_close(plan=plan20, by=by, agreement_ref="CA 2023/12 (demo)")

    # 2024-2027: copied from 2020-2023, new targets, approved in February 2024.
    start24, end24 = dt.date(2024, 1, 1), dt.date(2027, 10, 31)
    with services.recorded_at(_aware(dt.date(2023, 12, 20))):
        plan24 = services.plan_copy(
            plan=plan20,
            by=by,
            slug=SLUG_2024,
            name="Pla Estratègic de Localret 2024-2027",
            period_start=start24,
            period_end=dt.date(2027, 12, 31),
            mandate_end=end24,
        )
        indicators24 = list(Indicator.objects.filter(action_line__objective__plan=plan24)) + list(
            Indicator.objects.filter(initiative__action_line__objective__plan=plan24)
        )
        old_baselines = {i.code: float(i.baseline_value or 0) for i in indicators20.values()}
        retarget = []
        for ind in indicators24:
            if ind.direction == Indicator.Direction.RANGE:
                continue
            base = float(ind.baseline_value or 0)
            old_target = float(ind.target_value or 0)
            span = old_target - old_baselines.get(_old_code(ind.code), 0.0)
            new_target = fit(ind.unit, base + (span if span else 1) * rng.uniform(0.6, 1.0))
            if is_percent(ind.unit) and abs(new_target - base) < 1:
                new_target = fit(ind.unit, base + 5 if span >= 0 else base - 5)
            up = ind.direction == Indicator.Direction.INCREASE
            if (new_target <= base) if up else (new_target >= base):
                # Already at what the unit allows (100 %, every municipality, zero
                # incidents): the new plan keeps it within a range instead.
                ind.direction = Indicator.Direction.RANGE
                ind.target_value = None
                low = fit(ind.unit, base * 0.95)
                high = 100.0 if is_percent(ind.unit) else fit(ind.unit, base * 1.05)
                ind.range_low, ind.range_high = _dec(low), _dec(max(high, low + 1))
            else:
                ind.target_value = _dec(new_target)
            retarget.append(ind)
        when = _aware(dt.date(2023, 12, 20))
        bulk_update_with_history(
            retarget,
            Indicator,
            ["target_value", "direction", "range_low", "range_high"],
            default_user=by,
            default_date=when,
        )
        initiatives24 = list(Initiative.objects.filter(action_line__objective__plan=plan24))
        for ini in initiatives24:
            ini.start_date = start24 + dt.timedelta(days=30 * rng.randrange(0, 10))
            ini.end_date = end24 - dt.timedelta(days=30 * rng.randrange(0, 8))
            ini.budget_planned = _dec(rng.randrange(30, 450) * 1000)
            ini.status = Initiative.Status.IN_PROGRESS
        bulk_update_with_history(
            initiatives24,
            Initiative,
            ["start_date", "end_date", "budget_planned", "status"],
            default_user=by,
            default_date=when,
        )
        # Computed indicators from the platform's registry, when other apps provide them.
        first_line = {
            o: plan24.objectives.get(code=o).action_lines.order_by("position").first()
            for o in ("OE1", "OE2")
        }
        for key, objective_code, code in (
            ("maturity.validated_assessments", "OE1", "C1-2024"),
            ("innovation.pilots_run", "OE2", "C2-2024"),
        ):
            entry = computed.get(key)
            if entry is None:
                continue
            services.indicator_create(
                by=by,
                code=code,
                name=entry.label,
                action_line=first_line[objective_code],
                unit=entry.unit[:40],
                computed_key=key,
                aggregation=entry.aggregation
                if entry.aggregation in Indicator.Aggregation.values
                else Indicator.Aggregation.SUM,
                baseline_value=Decimal(0),
                target_value=Decimal(100),
                frequency=Indicator.Frequency.MONTHLY,
                source="Plataforma Localret (calculat)",
            )
    with services.recorded_at(_aware(dt.date(2024, 2, 22))):
        services.plan_approve(plan=plan24, by=by, agreement_ref="CA 2024/02 (demo)")
    measured = 0
    for ind in indicators24:
        kind, _ = meta20[_old_code(ind.code)]
        builder.series(ind, kind, start24, end24, today, _scenario(rng))
    measured = builder.flush()
    return (
        f"plans 2020-2023 (closed) and 2024-2027 (approved): {len(meta20)} + "
        f"{len(indicators24)} indicators, {count + measured} measurements"
    )


def _old_code(code: str) -> str:
    return code[: -len("-2024")] + "-2020" if code.endswith("-2024") else code


def snapshot_computed(*, today: dt.date) -> str:
    """Snapshot the computed indicators of the demo plans at each quarter end of the 2024 plan up
    to ``today`` (call after every app's demo data is loaded, so the values exist)."""
    plan = Plan.objects.filter(slug=SLUG_2024).first()
    if plan is None:
        return "no computed indicators"
    inds = Indicator.objects.filter(action_line__objective__plan=plan).exclude(computed_key="")
    written = 0
    for ind in inds:
        if computed.get(ind.computed_key) is None:
            continue
        for date in _month_ends(plan.period_start, today, 3) + [today]:
            written += services.computed_snapshot(indicator=ind, as_of=date)
    return f"{written} computed measurements"
