"""The demo plan's content: objectives, action lines, indicators, units and scenarios."""

from __future__ import annotations

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
