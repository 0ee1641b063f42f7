"""The demo plan's content: objectives, action lines, units and scenarios (the indicators
each line measures are in ``indicators.py``)."""

from __future__ import annotations

SLUG_2020 = "pla-estrategic-2020-2023"


SLUG_2024 = "pla-estrategic-2024-2027"


ILLUSTRATIVE = "Redacció il·lustrativa (dades de demostració)."


MISSION = "Acompanyar els ajuntaments en la transformació digital dels municipis."


VISION = (
    "Esdevenir el departament (regidoria o àrea) extern i centralitzat de transformació digital "
    "i innovació dels ajuntaments de Catalunya."
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


MUNICIPALITIES = 947


COUNT_UNITS = {
    "ajuntaments",
    "comptadors",
    "conjunts",
    "consultes",
    "convenis",
    "cursos",
    "descàrregues",
    "ens",
    "entitats",
    "equipaments",
    "estacions",
    "expedients",
    "fitxes",
    "guies",
    "incidents/any",
    "incidències",
    "informes",
    "llars",
    "municipis",
    "nuclis",
    "operadors",
    "persones",
    "peticions",
    "pilots",
    "processos",
    "propostes",
    "quadres",
    "reunions",
    "sensors",
    "serveis",
    "sessions",
    "simulacres",
    "solucions",
    "tràmits",
    "visites",
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
