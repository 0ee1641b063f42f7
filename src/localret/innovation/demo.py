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
        "challenge": "Complaints about noise and air quality in town centres cannot be checked "
        "against data; each town hall buys its own incompatible devices.",
        "solution": "Low-cost IoT noise and air sensors publishing to a shared Sentilo "
        "platform run by Localret, with a public dashboard per municipality.",
        "codes": ["082981", "171143", "081120", "170157"],
        "start": D(2021, 2, 1),
        "end": D(2022, 5, 31),
        "budget": "86500.00",
        "partners": "Ajuntament de Barcelona (Sentilo)\ni2CAT\nUniversitat de Vic",
        "stage": "scaling",
        "criteria": [
            ("Queixes per soroll per cada 1.000 habitants", "queixes", "4.0", "3.0", "decrease"),
            ("Sensors online", "%", "80", "95", "increase"),
        ],
        "works": {"082981": True, "171143": True, "081120": False, "170157": True},
        "decided": D(2022, 6, 15),
        "reasons": "Complaints fell in three of four towns and sensor uptime met the target; "
        "the platform can be shared at a low cost per town.",
        "lessons": "Install sensors with the municipal electrician, not a contractor; publish "
        "the dashboard from the first week so residents trust the figures.",
        "offers": ["adopted", "adopted", "accepted", "declined", "offered"],
    },
    {
        "key": "opendata",
        "name": "Portal de dades obertes per a municipis petits",
        "challenge": "Small town halls publish almost no open data: they have no staff or "
        "platform for it.",
        "solution": "A shared open-data portal (CKAN) with ready-made datasets harvested from "
        "the municipal e-administration platform.",
        "codes": ["082802", "089019", "080312", "252094"],
        "start": D(2021, 9, 1),
        "end": D(2022, 12, 31),
        "budget": "42000.00",
        "partners": "Consorci AOC\nOpen Data Institute (ODI) Barcelona",
        "stage": "scaling",
        "criteria": [
            ("Datasets published", "datasets", "0", "12", "increase"),
            ("Dataset downloads per month", "downloads", "0", "50", "increase"),
        ],
        "works": {"082802": True, "089019": True, "080312": True, "252094": False},
        "decided": D(2023, 3, 1),
        "reasons": "Every village but one published the twelve core datasets with no extra "
        "staff; downloads met the target in three.",
        "lessons": "Harvest automatically; ask nobody to upload files by hand.",
    },
    {
        "key": "citizenapp",
        "name": "App ciutadana d'incidències a la via pública",
        "challenge": "Residents report broken street lights and potholes by phone; nobody "
        "knows what happened to the report.",
        "solution": "A citizen app with photo and location, integrated with the town hall's "
        "work orders, that tells the resident when the issue is fixed.",
        "codes": ["080961", "081022", "252173"],
        "start": D(2022, 3, 1),
        "end": D(2023, 2, 28),
        "budget": "58000.00",
        "partners": "Consorci AOC\nStart-up local (demo)",
        "stage": "evaluation",
        "criteria": [
            ("Median days to fix an incident", "days", "21", "10", "decrease"),
            ("Reports through the app", "%", "0", "40", "increase"),
        ],
        "works": {"080961": True, "081022": False},
    },
    {
        "key": "water",
        "name": "Telelectura de comptadors d'aigua",
        "challenge": "Leaks in the municipal water network are found months late.",
        "solution": "Remote reading of water meters over LoRaWAN with alerts for abnormal "
        "consumption.",
        "codes": ["252347", "250404"],
        "start": D(2023, 1, 15),
        "budget": "73000.00",
        "partners": "Agència Catalana de l'Aigua",
        "stage": "pilot",
        "criteria": [("Water lost in the network", "%", "28", "18", "decrease")],
    },
    {
        "key": "chatbot",
        "name": "Assistent virtual (xatbot) per als tràmits municipals",
        "challenge": "Phone lines are saturated with simple questions about procedures.",
        "solution": "A chatbot on the town hall's website answering the 50 most frequent "
        "questions and starting the online procedure.",
        "codes": ["081213", "431233"],
        "start": D(2021, 5, 1),
        "end": D(2022, 4, 30),
        "budget": "35000.00",
        "partners": "Empresa proveïdora (demo)",
        "stage": "stopped",
        "criteria": [
            ("Questions answered without a person", "%", "0", "60", "increase"),
            ("Calls to the information line per month", "calls", "2400", "1800", "decrease"),
        ],
        "works": {"081213": False, "431233": False},
        "decided": D(2022, 6, 1),
        "reasons": "Fewer than a third of the questions were answered without a person and "
        "calls did not fall.",
        "lessons": "Start from the procedures people actually call about; a chatbot without "
        "the back-office integration only moves the queue.",
    },
    {
        "key": "appointments",
        "name": "Cita prèvia i gestió de cues en línia",
        "challenge": "Queues at the citizen service office at peak times.",
        "solution": "Online appointments with reminders and a queue display, shared by the "
        "towns of a comarca.",
        "codes": ["431613", "430862", "430555"],
        "start": D(2021, 10, 1),
        "budget": "27000.00",
        "partners": "Consell Comarcal (demo)",
        "stage": "iterate",
        "criteria": [("Average waiting time at the office", "minutes", "25", "10", "decrease")],
        "works": {"431613": True, "430862": False, "430555": False},
        "decided": D(2022, 10, 1),
        "reasons": "It worked in Valls only; the smaller towns need a simpler set-up. A second "
        "round is running with it.",
        "lessons": "One configuration does not fit towns of 2,000 and 25,000 inhabitants.",
    },
    {
        "key": "lighting",
        "name": "Enllumenat intel·ligent amb sensors de presència",
        "challenge": "Street lighting is the largest item of the municipal electricity bill.",
        "solution": "LED lights dimmed by presence sensors, managed from a shared platform.",
        "codes": ["252075", "080229"],
        "start": D(2023, 4, 1),
        "budget": "120000.00",
        "partners": "Institut Català d'Energia",
        "stage": "pilot",
        "criteria": [("Electricity used by street lighting", "MWh/year", "410", "290", "decrease")],
    },
    {
        "key": "drones",
        "name": "Inspecció de camins rurals amb drons",
        "challenge": "Rural roads are inspected on foot once a year.",
        "solution": "Drone flights with automatic detection of damage.",
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
        "challenge": "Urban planning decisions are taken without a shared 3D model.",
        "solution": "A digital twin built from ICGC cartography and municipal data.",
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
        "challenge": "Waste lorries empty half-full containers on fixed routes.",
        "solution": "Fill-level sensors on containers publishing to Sentilo and dynamic "
        "collection routes.",
        "codes": ["430141", "431554", "430939"],
        "start": D(2022, 5, 1),
        "end": D(2023, 4, 30),
        "budget": "64000.00",
        "partners": "Agència de Residus de Catalunya",
        "stage": "evaluation",
        "criteria": [
            ("Kilometres driven by waste lorries", "km/week", "1200", "950", "decrease"),
            ("Overflowing containers reported", "reports/month", "30", "15", "decrease"),
        ],
        "works": {"430141": True, "431554": True, "430939": False},
    },
    {
        "key": "wifi",
        "name": "Wifi públic a places i equipaments (WiFi4EU)",
        "challenge": "Visitors and residents lack connectivity in public spaces.",
        "solution": "Public wifi hotspots with a common login across municipalities.",
        "codes": ["171411", "171479", "252038"],
        "start": D(2020, 11, 1),
        "budget": "30000.00",
        "partners": "Comissió Europea (WiFi4EU)",
        "stage": "stopped",
        "criteria": [("Monthly unique users per hotspot", "users", "0", "300", "increase")],
    },
    {
        "key": "participation",
        "name": "Pressupostos participatius amb votació electrònica",
        "challenge": "Few residents take part in participatory budgets held in person.",
        "solution": "Online proposals and voting on a Decidim instance with secure identification.",
        "codes": ["082055", "170669"],
        "start": "recent",
        "budget": "22000.00",
        "partners": "Decidim (Ajuntament de Barcelona)\nConsorci AOC",
        "stage": "pilot",
        "criteria": [("Residents who vote", "%", "2", "6", "increase")],
    },
]

EXTRA_IDEAS = [
    ("Cartells de senyalització amb codis QR als espais naturals", "082981", "under_review"),
    ("Formació en ciberseguretat amb simulacions de pesca", None, "new"),
    ("Impressió 3D de peces per al manteniment municipal", "171143", "rejected"),
]


def _staff() -> Any:
    from localret.accounts.models import User
    from localret.accounts.roles import Role

    return User.objects.filter(role=Role.STAFF).order_by("pk").first()


def _action_lines() -> list[Any]:
    from localret.strategy.models import ActionLine

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
        summary="Demo evaluation: results measured by the participating town halls.",
        by=by,
    )
    return evaluation


def load(*, seed: int, today: dt.date) -> str:
    rng = random.Random(seed)
    by = _staff()
    lines = _action_lines()
    from localret.territory.models import Municipality

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
            description="Demo idea.",
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
