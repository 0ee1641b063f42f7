"""Demo innovation portfolio (deterministic from the seed; every object is labelled demo).

Twelve pilots at every stage (Sentilo IoT sensors, an open-data portal, a citizen app, ...),
with success criteria, evaluations with results per municipality, decisions, lessons learned,
and one scaled pilot whose replication recommendations became offers (two adopted). The
pilots, their participants and their figures are illustrative, not real Localret projects.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from . import selectors, services
from .models import Evaluation, Idea, Offer, Pilot

D = dt.date

# name, challenge, solution, participants, start, budget, partners, final stage, criteria
# criteria: (metric, unit, baseline, target, direction)
PILOTS: list[dict[str, Any]] = [
    {
        "key": "sentilo",
        "name": "Xarxa de sensors Sentilo de soroll i qualitat de l'aire",
        "challenge": "Les queixes per soroll i qualitat de l'aire als nuclis urbans no es poden "
        "contrastar "
        "amb dades; cada ajuntament compra aparells propis i incompatibles.",
        "solution": "Sensors IoT de baix cost de soroll i d'aire que publiquen a una plataforma "
        "Sentilo "
        "compartida que gestiona Localret, amb un quadre de comandament públic per municipi.",
        "codes": ["082981", "171143", "081120", "170157"],
        "start": D(2021, 2, 1),
        "end": D(2022, 5, 31),
        "budget": "86500.00",
        "partners": "Ajuntament de Barcelona (Sentilo)\ni2CAT\nUniversitat de Vic",
        "stage": "scaling",
        "criteria": [
            ("Queixes per soroll per cada 1.000 habitants", "queixes", "4.0", "3.0", "decrease"),
            ("Sensors en línia", "%", "80", "95", "increase"),
        ],
        "works": {"082981": True, "171143": True, "081120": False, "170157": True},
        "decided": D(2022, 6, 15),
        "reasons": "Les queixes van baixar en tres dels quatre municipis i la disponibilitat dels "
        "sensors "
        "va assolir l'objectiu; la plataforma es pot compartir amb un cost baix per municipi.",
        "lessons": "Instal·lar els sensors amb l'electricista municipal, no amb un contractista; "
        "publicar "
        "el quadre de comandament des de la primera setmana perquè el veïnat es refiï de les "
        "xifres.",
        "offers": ["adopted", "adopted", "accepted", "declined", "offered"],
    },
    {
        "key": "opendata",
        "name": "Portal de dades obertes per a municipis petits",
        "challenge": "Els ajuntaments petits gairebé no publiquen dades obertes: no tenen personal "
        "ni "
        "plataforma per fer-ho.",
        "solution": "Un portal de dades obertes compartit (CKAN) amb conjunts de dades preparats, "
        "recollits "
        "automàticament de la plataforma d'administració electrònica municipal.",
        "codes": ["082802", "089019", "080312", "252094"],
        "start": D(2021, 9, 1),
        "end": D(2022, 12, 31),
        "budget": "42000.00",
        "partners": "Consorci AOC\nOpen Data Institute (ODI) Barcelona",
        "stage": "scaling",
        "criteria": [
            ("Conjunts de dades publicats", "conjunts", "0", "12", "increase"),
            ("Descàrregues de dades al mes", "descàrregues", "0", "50", "increase"),
        ],
        "works": {"082802": True, "089019": True, "080312": True, "252094": False},
        "decided": D(2023, 3, 1),
        "reasons": "Tots els pobles menys un van publicar els dotze conjunts bàsics sense personal "
        "addicional; les descàrregues van assolir l'objectiu en tres.",
        "lessons": "Recollir les dades automàticament; no demanar a ningú que pugi fitxers a mà.",
    },
    {
        "key": "citizenapp",
        "name": "App ciutadana d'incidències a la via pública",
        "challenge": "El veïnat avisa per telèfon de fanals espatllats i clots; ningú no sap "
        "què se'n fa, de l'avís.",
        "solution": "Una aplicació ciutadana amb foto i ubicació, integrada amb les ordres de "
        "treball de "
        "l'ajuntament, que avisa el veí quan la incidència està resolta.",
        "codes": ["080961", "081022", "252173"],
        "start": D(2022, 3, 1),
        "end": D(2023, 2, 28),
        "budget": "58000.00",
        "partners": "Consorci AOC\nStart-up local (demo)",
        "stage": "evaluation",
        "criteria": [
            ("Mediana de dies per resoldre una incidència", "dies", "21", "10", "decrease"),
            ("Avisos rebuts per l'aplicació", "%", "0", "40", "increase"),
        ],
        "works": {"080961": True, "081022": False},
    },
    {
        "key": "water",
        "name": "Telelectura de comptadors d'aigua",
        "challenge": "Les fuites de la xarxa municipal d'aigua es detecten amb mesos de retard.",
        "solution": "Lectura remota dels comptadors d'aigua per LoRaWAN amb alertes de consums "
        "anòmals.",
        "codes": ["252347", "250404"],
        "start": D(2023, 1, 15),
        "budget": "73000.00",
        "partners": "Agència Catalana de l'Aigua",
        "stage": "pilot",
        "criteria": [("Aigua perduda a la xarxa", "%", "28", "18", "decrease")],
    },
    {
        "key": "chatbot",
        "name": "Assistent virtual (xatbot) per als tràmits municipals",
        "challenge": "Les línies telefòniques se saturen amb preguntes senzilles sobre tràmits.",
        "solution": "Un xatbot al web de l'ajuntament que respon les 50 preguntes més freqüents "
        "i inicia el tràmit en línia.",
        "codes": ["081213", "431233"],
        "start": D(2021, 5, 1),
        "end": D(2022, 4, 30),
        "budget": "35000.00",
        "partners": "Empresa proveïdora (demo)",
        "stage": "stopped",
        "criteria": [
            ("Preguntes resoltes sense intervenció d'una persona", "%", "0", "60", "increase"),
            ("Trucades mensuals a la línia d'informació", "trucades", "2400", "1800", "decrease"),
        ],
        "works": {"081213": False, "431233": False},
        "decided": D(2022, 6, 1),
        "reasons": "Menys d'un terç de les preguntes es van resoldre sense una persona i "
        "les trucades no van baixar.",
        "lessons": "Començar pels tràmits sobre els quals la gent truca de debò; un xatbot sense "
        "integració amb la gestió interna només canvia la cua de lloc.",
    },
    {
        "key": "appointments",
        "name": "Cita prèvia i gestió de cues en línia",
        "challenge": "Cues a l'oficina d'atenció ciutadana a les hores punta.",
        "solution": "Cita prèvia en línia amb recordatoris i una pantalla de torns, compartida "
        "pels "
        "municipis d'una comarca.",
        "codes": ["431613", "430862", "430555"],
        "start": D(2021, 10, 1),
        "budget": "27000.00",
        "partners": "Consell Comarcal (demo)",
        "stage": "iterate",
        "criteria": [("Temps mitjà d'espera a l'oficina", "minuts", "25", "10", "decrease")],
        "works": {"431613": True, "430862": False, "430555": False},
        "decided": D(2022, 10, 1),
        "reasons": "Només va funcionar a Valls; els municipis més petits necessiten una "
        "configuració més "
        "senzilla. Se'n fa una segona ronda amb aquest canvi.",
        "lessons": "Una sola configuració no serveix per a municipis de 2.000 i de 25.000 "
        "habitants.",
    },
    {
        "key": "lighting",
        "name": "Enllumenat intel·ligent amb sensors de presència",
        "challenge": "L'enllumenat públic és la partida més gran de la factura elèctrica "
        "municipal.",
        "solution": "Llums LED que s'atenuen amb sensors de presència, gestionats des d'una "
        "plataforma compartida.",
        "codes": ["252075", "080229"],
        "start": D(2023, 4, 1),
        "budget": "120000.00",
        "partners": "Institut Català d'Energia",
        "stage": "pilot",
        "criteria": [
            ("Electricitat consumida per l'enllumenat", "MWh/any", "410", "290", "decrease")
        ],
    },
    {
        "key": "drones",
        "name": "Inspecció de camins rurals amb drons",
        "challenge": "Els camins rurals s'inspeccionen a peu un cop l'any.",
        "solution": "Vols de dron amb detecció automàtica de desperfectes.",
        "codes": ["430640"],
        "budget": "18000.00",
        "partners": "",
        "stage": "idea",
        "criteria": [],
        "idea": ("Drons per revisar els camins", "430640"),
    },
    {
        "key": "twin",
        "name": "Bessó digital del nucli urbà",
        "challenge": "Les decisions d'urbanisme es prenen sense un model 3D compartit.",
        "solution": "Un bessó digital construït amb la cartografia de l'ICGC i dades municipals.",
        "codes": [],
        "budget": None,
        "partners": "Institut Cartogràfic i Geològic de Catalunya",
        "stage": "idea",
        "criteria": [],
        "idea": ("Bessó digital per a l'urbanisme", None),
    },
    {
        "key": "waste",
        "name": "Sensors d'ompliment de contenidors (Sentilo)",
        "challenge": "Els camions de recollida buiden contenidors mig plens en rutes fixes.",
        "solution": "Sensors de nivell d'ompliment als contenidors que publiquen a Sentilo i rutes "
        "de "
        "recollida dinàmiques.",
        "codes": ["430141", "431554", "430939"],
        "start": D(2022, 5, 1),
        "end": D(2023, 4, 30),
        "budget": "64000.00",
        "partners": "Agència de Residus de Catalunya",
        "stage": "evaluation",
        "criteria": [
            (
                "Quilòmetres recorreguts pels camions de recollida",
                "km/setmana",
                "1200",
                "950",
                "decrease",
            ),
            ("Avisos de contenidors desbordats", "avisos/mes", "30", "15", "decrease"),
        ],
        "works": {"430141": True, "431554": True, "430939": False},
    },
    {
        "key": "wifi",
        "name": "Wifi públic a places i equipaments (WiFi4EU)",
        "challenge": "Visitants i veïns no tenen connectivitat als espais públics.",
        "solution": "Punts de wifi públic amb un accés comú a tots els municipis.",
        "codes": ["171411", "171479", "252038"],
        "start": D(2020, 11, 1),
        "budget": "30000.00",
        "partners": "Comissió Europea (WiFi4EU)",
        "stage": "stopped",
        "criteria": [
            ("Usuaris únics mensuals per punt d'accés", "usuaris", "0", "300", "increase")
        ],
    },
    {
        "key": "participation",
        "name": "Pressupostos participatius amb votació electrònica",
        "challenge": "Pocs veïns participen en els pressupostos participatius presencials.",
        "solution": "Propostes i votació en línia en una instància de Decidim amb identificació "
        "segura.",
        "codes": ["082055", "170669"],
        "start": "recent",
        "budget": "22000.00",
        "partners": "Decidim (Ajuntament de Barcelona)\nConsorci AOC",
        "stage": "pilot",
        "criteria": [("Veïns que voten", "%", "2", "6", "increase")],
    },
]

EXTRA_IDEAS = [
    ("Cartells de senyalització amb codis QR als espais naturals", "082981", "under_review"),
    ("Formació en ciberseguretat amb simulacions de pesca", None, "new"),
    ("Impressió 3D de peces per al manteniment municipal", "171143", "rejected"),
]


def _staff() -> Any:
    from localret.accounts.interface import Role, User

    return User.objects.filter(role=Role.STAFF).order_by("pk").first()


def _action_lines() -> list[Any]:
    from localret.strategy.interface import ActionLine

    lines = list(
        ActionLine.objects.filter(
            objective__code="OE2", objective__plan__slug="pla-estrategic-2020-2023"
        ).order_by("position", "code")
    )
    if not lines:
        lines = list(ActionLine.objects.filter(objective__code="OE2").order_by("pk")[:6])
    return lines


def _value(rng: random.Random, criterion: Any, works: bool) -> Decimal:
    """A result that meets the target (works) or falls short of it (not)."""
    baseline, target = float(criterion.baseline), float(criterion.target)
    span = target - baseline
    share = rng.uniform(1.02, 1.3) if works else rng.uniform(0.25, 0.85)
    return Decimal(str(round(baseline + span * share, 1)))


def _evaluate(
    rng: random.Random, pilot: Pilot, spec: dict, by: Any, opened: dt.date, full: bool = True
) -> Evaluation:
    pilot = services.pilot_move(pilot=pilot, stage="evaluation", by=by, today=opened)
    evaluation = pilot.evaluations.get(decision="")
    works: dict[str, bool] = spec.get("works", {})
    results = []
    for criterion in pilot.criteria.all():
        for code, ok in works.items():
            # When a town "works", all its criteria are met; otherwise the first one fails.
            met = ok or criterion.position > 0 and rng.random() < 0.5
            results.append(
                {
                    "criterion": criterion.pk,
                    "municipality": code,
                    "value": _value(rng, criterion, met),
                }
            )
        if not full:
            break
    if results:
        services.evaluation_record_results(evaluation=evaluation, results=results, by=by)
    services.evaluation_update(
        evaluation=evaluation,
        summary="Avaluació de demostració: resultats mesurats pels ajuntaments participants.",
        by=by,
    )
    return evaluation


def load(*, seed: int, today: dt.date) -> str:
    rng = random.Random(seed)
    by = _staff()
    lines = _action_lines()
    from localret.territory.interface import Municipality

    towns = {m.code: m for m in Municipality.objects.all()}
    offers = 0
    for index, spec in enumerate(PILOTS):
        idea = None
        if spec.get("idea"):
            title, code = spec["idea"]
            idea = services.idea_create(
                title=title,
                description=spec["challenge"],
                municipality=towns.get(code) if code else None,
                by=by,
                proposer=by,
                is_demo=True,
            )
        start = spec.get("start")
        if start == "recent":
            start = today - dt.timedelta(days=60)
        pilot = services.pilot_create(
            name=spec["name"],
            challenge=spec["challenge"],
            solution=spec["solution"],
            municipalities=[towns[c] for c in spec["codes"]],
            start_date=start,
            end_date=spec.get("end"),
            budget=Decimal(spec["budget"]) if spec.get("budget") else None,
            partners=spec.get("partners", ""),
            action_line=lines[index % len(lines)] if lines else None,
            idea=idea,
            by=by,
            is_demo=True,
        )
        for metric, unit, baseline, target, direction in spec["criteria"]:
            services.criterion_add(
                pilot=pilot,
                metric=metric,
                unit=unit,
                baseline=Decimal(baseline),
                target=Decimal(target),
                direction=direction,
                by=by,
            )
        stage = spec["stage"]
        if stage == "idea":
            continue
        started = start or today
        pilot = services.pilot_move(pilot=pilot, stage="pilot", by=by, today=started)
        if stage == "pilot":
            continue
        if stage == "stopped" and "decided" not in spec:
            services.pilot_move(pilot=pilot, stage="stopped", by=by, today=D(2021, 12, 1))
            continue
        opened = (spec.get("end") or started + dt.timedelta(days=365)) + dt.timedelta(days=1)
        if stage == "evaluation":
            _evaluate(rng, pilot, spec, by, min(opened, today), full=spec["key"] == "waste")
            continue
        evaluation = _evaluate(rng, pilot, spec, by, opened)
        decision = {"scaling": "scale", "stopped": "stop", "iterate": "iterate"}[stage]
        services.evaluation_decide(
            evaluation=evaluation,
            decision=decision,
            reasons=spec["reasons"],
            lessons=spec["lessons"],
            by=by,
            today=spec["decided"],
        )
        pilot.refresh_from_db()
        for position, status in enumerate(spec.get("offers", [])):
            recommendation = next(
                item
                for item in selectors.replication(pilot=pilot, limit=20).items
                if not item["offer_status"]
            )
            offered_on = spec["decided"] + dt.timedelta(days=30 + 20 * position)
            offer = services.offer_create(
                pilot=pilot,
                municipality=towns[recommendation["municipality"]],
                score=Decimal(str(recommendation["score"])),
                reasons="; ".join(recommendation["reasons"]),
                by=by,
                today=offered_on,
                is_demo=True,
            )
            offers += 1
            later = offered_on + dt.timedelta(days=45)
            if status in ("accepted", "adopted"):
                offer = services.offer_set_status(
                    offer=offer, status="accepted", by=by, today=later
                )
            if status == "adopted":
                services.offer_set_status(
                    offer=offer, status="adopted", by=by, today=later + dt.timedelta(days=120)
                )
            if status == "declined":
                services.offer_set_status(offer=offer, status="declined", by=by, today=later)
    for title, code, status in EXTRA_IDEAS:
        idea = services.idea_create(
            title=title,
            description="Idea de demostració.",
            municipality=towns.get(code) if code else None,
            by=by,
            proposer=by,
            is_demo=True,
        )
        services.idea_set_status(idea=idea, status=status, by=by)
    Evaluation.objects.filter(pilot__is_demo=True).update(is_demo=True)
    Idea.objects.filter(pilots__is_demo=True).update(is_demo=True)
    stages = {s: Pilot.objects.filter(is_demo=True, stage=s).count() for s in Pilot.Stage.values}
    adopted = Offer.objects.filter(is_demo=True, status="adopted").count()
    summary = ", ".join(f"{n} {s}" for s, n in stages.items())
    return f"{sum(stages.values())} demo pilots ({summary}), {offers} offers ({adopted} adopted)"
