"""Demo diagnosis of the 2020-2023 plan (deterministic, labelled demo; illustrative wording)."""

from __future__ import annotations

import datetime as dt
import random

from .models import Finding, Stakeholder
from .services import finding_save, stakeholder_save

PLAN = "pla-estrategic-2020-2023"

# category, title, description, source, action lines it motivates
FINDINGS = [
    (
        "strength",
        "Confiança dels ajuntaments en el consorci",
        "Els ajuntaments valoren Localret com a interlocutor neutral i proper.",
        "survey",
        ["1.1", "4.1"],
    ),
    (
        "strength",
        "Experiència en contractació agregada",
        "Compres agregades de telecomunicacions amb estalvis demostrats.",
        "data",
        ["1.3", "3.4"],
    ),
    (
        "weakness",
        "Els municipis petits no tenen personal TIC",
        "Més de la meitat dels ajuntaments de menys de 1.000 habitants no tenen cap tècnic TIC.",
        "survey",
        ["1.2", "1.4"],
    ),
    (
        "weakness",
        "Serveis poc coneguts pels ajuntaments",
        "Els serveis del consorci es coneixen poc fora de l'àrea metropolitana.",
        "interview",
        ["4.2", "2.4"],
    ),
    (
        "opportunity",
        "Fons europeus per a la transformació digital",
        "Els fons Next Generation EU obren finançament per a projectes municipals.",
        "data",
        ["2.1", "3.1"],
    ),
    (
        "opportunity",
        "Demanda de dades obertes i transparència",
        "La ciutadania i les entitats demanen dades municipals reutilitzables.",
        "workshop",
        ["2.2", "4.2"],
    ),
    (
        "threat",
        "Augment dels ciberatacs a administracions locals",
        "Incidents greus en ajuntaments catalans els darrers dos anys.",
        "data",
        ["1.5"],
    ),
    (
        "threat",
        "Bretxa de connectivitat a les zones rurals",
        "Nuclis sense cobertura de banda ampla d'alta capacitat.",
        "data",
        ["3.1", "3.3"],
    ),
    (
        "political",
        "Nou mandat municipal el 2023",
        "Les eleccions municipals de maig de 2023 marquen l'horitzó del pla.",
        "interview",
        ["4.1"],
    ),
    (
        "economic",
        "Pressupostos municipals ajustats",
        "Els ajuntaments petits tenen poc marge per invertir en tecnologia.",
        "survey",
        ["1.3", "4.3"],
    ),
    (
        "social",
        "Envelliment i bretxa digital de la població",
        "Una part de la població té dificultats amb els tràmits en línia.",
        "workshop",
        ["1.2", "1.4"],
    ),
    (
        "technological",
        "Maduresa del núvol i de l'Internet de les coses",
        "Sensors i plataformes com Sentilo permeten serveis de territori intel·ligent.",
        "data",
        ["2.3", "1.3"],
    ),
    (
        "environmental",
        "Sensorització per a l'eficiència energètica",
        "Els sensors ajuden a reduir el consum dels equipaments municipals.",
        "workshop",
        ["2.3", "3.2"],
    ),
    (
        "legal",
        "Obligacions de les lleis 39/2015 i 40/2015",
        "Tramitació electrònica obligatòria i interoperabilitat entre administracions.",
        "interview",
        ["1.2"],
    ),
]

# name, scope, sector, interest, influence, source, notes, action lines
STAKEHOLDERS = [
    (
        "Ajuntaments consorciats",
        "internal",
        "public",
        5,
        5,
        "survey",
        "Destinataris i membres del consorci.",
        ["1.1", "4.1"],
    ),
    ("Consell d'Administració", "internal", "public", 5, 5, "interview", "", ["4.1"]),
    ("Personal tècnic de Localret", "internal", "public", 5, 3, "workshop", "", ["4.4"]),
    ("Entitats municipalistes", "external", "public", 4, 4, "interview", "", ["4.1"]),
    ("Diputacions", "external", "public", 3, 4, "interview", "", ["1.3", "3.4"]),
    ("Govern de la Generalitat", "external", "public", 3, 5, "interview", "", ["3.4"]),
    (
        "Operadors de telecomunicacions",
        "external",
        "private",
        4,
        4,
        "interview",
        "",
        ["3.1", "3.4"],
    ),
    ("Empreses tecnològiques proveïdores", "external", "private", 4, 2, "workshop", "", ["2.1"]),
    (
        "Universitats i centres de recerca",
        "external",
        "public",
        3,
        2,
        "workshop",
        "",
        ["2.1", "2.2"],
    ),
    (
        "Ciutadania",
        "external",
        "private",
        2,
        2,
        "survey",
        "Representada a través d'enquestes i tallers.",
        ["2.2"],
    ),
]


def load(*, seed: int, today: dt.date) -> str:
    from localret.accounts.interface import User
    from localret.strategy.interface import ActionLine, Plan

    plan = Plan.objects.filter(slug=PLAN).first()
    if plan is None:
        return f"skipped: plan {PLAN} not found"
    if Finding.objects.filter(plan=plan).exists() or Stakeholder.objects.filter(plan=plan).exists():
        return "diagnosis already present"
    rng = random.Random(seed)
    by = User.objects.filter(username="tecnic").first()
    codes = set(ActionLine.objects.filter(objective__plan=plan).values_list("code", flat=True))
    for category, title, description, source, lines in FINDINGS:
        finding_save(
            plan=plan,
            by=by,
            category=category,
            title=title,
            description=description,
            source=source,
            action_line_codes=[c for c in lines if c in codes],
            is_demo=True,
        )
    for name, scope, sector, interest, influence, source, notes, lines in STAKEHOLDERS:
        jitter = rng.choice((-1, 0, 0, 1))  # deterministic variety in the demo map
        stakeholder_save(
            plan=plan,
            by=by,
            name=name,
            scope=scope,
            sector=sector,
            interest=max(1, min(5, interest + (jitter if interest < 5 else 0))),
            influence=influence,
            source=source,
            notes=notes,
            action_line_codes=[c for c in lines if c in codes],
            is_demo=True,
        )
    return f"{len(FINDINGS)} findings (SWOT and PESTEL), {len(STAKEHOLDERS)} stakeholders"
