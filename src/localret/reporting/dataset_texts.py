"""The words of the open datasets: titles and descriptions in Catalan, Spanish and English, every
column's title and unit, the update frequency and EU theme of each dataset (read by
``catalogue``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Text = Mapping[str, str]

THEME_LABELS = {
    "GOVE": {
        "ca": "Govern i sector públic",
        "es": "Gobierno y sector público",
        "en": "Government and public sector",
    },
    "REGI": {"ca": "Regions i ciutats", "es": "Regiones y ciudades", "en": "Regions and cities"},
    "TECH": {
        "ca": "Ciència i tecnologia",
        "es": "Ciencia y tecnología",
        "en": "Science and technology",
    },
}


@dataclass(frozen=True)
class ColumnText:
    """How a person reads one column: its title in each language and its unit (or '')."""

    titles: Text
    unit: str = ""


@dataclass(frozen=True)
class DatasetText:
    title: Text
    description: Text
    frequency: str  # EU frequency code: DAILY, WEEKLY, ANNUAL, IRREG ...
    theme: str  # EU data theme code: GOVE, REGI, TECH ...
    columns: Mapping[str, ColumnText]


def _t(ca: str, es: str, en: str) -> dict[str, str]:
    return {"ca": ca, "es": es, "en": en}


def _c(ca: str, es: str, en: str, unit: str = "") -> ColumnText:
    return ColumnText(_t(ca, es, en), unit)


_PLAN = _c("Pla (identificador)", "Plan (identificador)", "Plan (identifier)")
_NAME = _c("Nom", "Nombre", "Name")
_CODE_REGION = _c("Codi de la zona", "Código de la zona", "Area code")
_LEVEL_REGION = _c(
    "Nivell (comarca, vegueria, província, municipi)",
    "Nivel (comarca, veguería, provincia, municipio)",
    "Level (comarca, vegueria, province, municipality)",
)
_PROGRESS = _c("Progrés (0-1)", "Progreso (0-1)", "Progress (0-1)", "proporció (0-1)")
_EXPECTED = _c(
    "Progrés esperat a la data (0-1)",
    "Progreso esperado en la fecha (0-1)",
    "Expected progress at the date (0-1)",
    "proporció (0-1)",
)
_STATUS = _c("Estat (codi)", "Estado (código)", "Status (code)")
DEMO_TEXT = _c(
    "Dades de demostració (no oficials)",
    "Datos de demostración (no oficiales)",
    "Demonstration data (not official)",
)

TEXTS: dict[str, DatasetText] = {
    "pla": DatasetText(
        _t(
            "Pla estratègic i progrés",
            "Plan estratégico y progreso",
            "Strategic plan and progress",
        ),
        _t(
            "Plans estratègics aprovats i tancats de Localret: objectius i línies d'actuació "
            "amb el seu progrés i estat avui (o al final d'un pla tancat).",
            "Planes estratégicos aprobados y cerrados de Localret: objetivos y líneas de "
            "actuación con su progreso y estado hoy (o al final de un plan cerrado).",
            "Approved and closed strategic plans of Localret: objectives and action lines "
            "with their progress and status today (or at the end of a closed plan).",
        ),
        "DAILY",
        "GOVE",
        {
            "plan": _PLAN,
            "level": _c(
                "Nivell (pla, objectiu, línia d'actuació)",
                "Nivel (plan, objetivo, línea de actuación)",
                "Level (plan, objective, action line)",
            ),
            "code": _c(
                "Codi de l'objectiu (OE1) o de la línia (1.1)",
                "Código del objetivo (OE1) o de la línea (1.1)",
                "Objective (OE1) or action line (1.1) code",
            ),
            "name": _NAME,
            "progress": _PROGRESS,
            "expected_progress": _EXPECTED,
            "status": _STATUS,
            "as_of": _c("Data de les xifres", "Fecha de las cifras", "Date of the figures"),
        },
    ),
    "indicadors": DatasetText(
        _t(
            "Indicadors del pla estratègic",
            "Indicadores del plan estratégico",
            "Indicators of the strategic plan",
        ),
        _t(
            "Indicadors dels plans públics amb el valor de partida, l'objectiu, el valor "
            "actual, el progrés, l'estat i la previsió a la data objectiu.",
            "Indicadores de los planes públicos con el valor de partida, el objetivo, el valor "
            "actual, el progreso, el estado y la previsión en la fecha objetivo.",
            "Indicators of the public plans with baseline, target, current value, progress, "
            "status and forecast at the target date.",
        ),
        "DAILY",
        "GOVE",
        {
            "plan": _PLAN,
            "code": _c("Codi de l'indicador", "Código del indicador", "Indicator code"),
            "name": _NAME,
            "unit": _c("Unitat", "Unidad", "Unit"),
            "action_line": _c(
                "Codi de la línia d'actuació",
                "Código de la línea de actuación",
                "Action line code",
            ),
            "baseline_value": _c(
                "Valor de partida", "Valor de partida", "Baseline value", "unitat de l'indicador"
            ),
            "baseline_date": _c("Data de partida", "Fecha de partida", "Baseline date"),
            "target_value": _c(
                "Valor objectiu", "Valor objetivo", "Target value", "unitat de l'indicador"
            ),
            "target_date": _c("Data objectiu", "Fecha objetivo", "Target date"),
            "current_value": _c(
                "Darrer valor", "Último valor", "Latest value", "unitat de l'indicador"
            ),
            "progress": _PROGRESS,
            "status": _STATUS,
            "forecast_at_target_date": _c(
                "Previsió a la data objectiu",
                "Previsión en la fecha objetivo",
                "Forecast at the target date",
                "unitat de l'indicador",
            ),
        },
    ),
    "mesures": DatasetText(
        _t(
            "Mesures dels indicadors del pla",
            "Mediciones de los indicadores del plan",
            "Measurements of the plan's indicators",
        ),
        _t(
            "Cada mesura dels indicadors dels plans públics (una fila per indicador, data i, "
            "quan es desglossa i és publicable, municipi).",
            "Cada medición de los indicadores de los planes públicos (una fila por indicador, "
            "fecha y, cuando se desglosa y es publicable, municipio).",
            "Every measurement of the indicators of the public plans (one row per indicator, "
            "date and, when broken down and publishable, municipality).",
        ),
        "IRREG",
        "GOVE",
        {
            "plan": _PLAN,
            "indicator": _c("Codi de l'indicador", "Código del indicador", "Indicator code"),
            "date": _c("Data de la mesura", "Fecha de la medición", "Date of the measurement"),
            "value": _c("Valor", "Valor", "Value", "unitat de l'indicador"),
            "municipality": _c(
                "Codi INE del municipi (buit: tot el territori)",
                "Código INE del municipio (vacío: todo el territorio)",
                "INE municipality code (empty: whole territory)",
            ),
            "source": _c("Font", "Fuente", "Source"),
        },
    ),
    "municipis": DatasetText(
        _t(
            "Registre municipal de Catalunya",
            "Registro municipal de Cataluña",
            "Municipal register of Catalonia",
        ),
        _t(
            "Els 947 municipis: codi INE, nom, comarca, vegueria, província, població, "
            "superfície, llars i coordenades de la capital. Font: Idescat, IGN/CNIG (CC BY 4.0).",
            "Los 947 municipios: código INE, nombre, comarca, veguería, provincia, población, "
            "superficie, hogares y coordenadas de la capital. Fuente: Idescat, IGN/CNIG "
            "(CC BY 4.0).",
            "The 947 municipalities: INE code, name, comarca, vegueria, province, population, "
            "area, households and seat coordinates. Source: Idescat, IGN/CNIG (CC BY 4.0).",
        ),
        "ANNUAL",
        "REGI",
        {
            "code": _c("Codi INE (6 xifres)", "Código INE (6 cifras)", "INE code (6 digits)"),
            "name": _c("Nom oficial", "Nombre oficial", "Official name"),
            "comarca": _c("Comarca", "Comarca", "Comarca"),
            "vegueria": _c("Vegueria", "Veguería", "Vegueria"),
            "province": _c("Província", "Provincia", "Province"),
            "population": _c("Població", "Población", "Population", "persones"),
            "population_year": _c(
                "Any de la població", "Año de la población", "Year of the population"
            ),
            "population_band": _c(
                "Tram de població", "Tramo de población", "Population band", "habitants"
            ),
            "area_km2": _c("Superfície", "Superficie", "Area", "km²"),
            "households": _c("Llars", "Hogares", "Households", "llars"),
            "households_estimated": _c(
                "Llars estimades a partir de la població",
                "Hogares estimados a partir de la población",
                "Households estimated from population",
            ),
            "lat": _c(
                "Latitud de la capital", "Latitud de la capital", "Latitude of the seat", "graus"
            ),
            "lon": _c(
                "Longitud de la capital",
                "Longitud de la capital",
                "Longitude of the seat",
                "graus",
            ),
        },
    ),
    "maduresa": DatasetText(
        _t(
            "Maduresa digital: agregats",
            "Madurez digital: agregados",
            "Digital maturity aggregates",
        ),
        _t(
            "Agregats de les autoavaluacions de maduresa validades per comarca i tram de "
            "població, amb control de revelació estadística (cap resultat individual).",
            "Agregados de las autoevaluaciones de madurez validadas por comarca y tramo de "
            "población, con control de revelación estadística (ningún resultado individual).",
            "Aggregates of the validated maturity assessments per comarca and population band, "
            "under statistical disclosure control (no individual result).",
        ),
        "ANNUAL",
        "GOVE",
        {
            "level": _c(
                "Nivell (comarca o tram)", "Nivel (comarca o tramo)", "Level (comarca or band)"
            ),
            "code": _c(
                "Codi de la comarca o del tram",
                "Código de la comarca o del tramo",
                "Comarca or band code",
            ),
            "name": _NAME,
            "campaign": _c(
                "Campanya (identificador)", "Campaña (identificador)", "Campaign (identifier)"
            ),
            "count": _c(
                "Nombre d'ajuntaments avaluats",
                "Número de ayuntamientos evaluados",
                "Number of town halls assessed",
                "ajuntaments",
            ),
            "median": _c("Mediana", "Mediana", "Median", "punts (0-100)"),
            "q1": _c("Primer quartil", "Primer cuartil", "First quartile", "punts (0-100)"),
            "q3": _c("Tercer quartil", "Tercer cuartil", "Third quartile", "punts (0-100)"),
        },
    ),
    "connectivitat": DatasetText(
        _t(
            "Connectivitat: agregats",
            "Conectividad: agregados",
            "Connectivity aggregates",
        ),
        _t(
            "Llars, locals i cobertura gigabit per municipi, comarca, vegueria i província "
            "per any. Els locals (premises) compten habitatges i establiments; les llars amb "
            "gigabit són una estimació.",
            "Hogares, locales y cobertura gigabit por municipio, comarca, veguería y provincia "
            "por año. Los locales (premises) cuentan viviendas y establecimientos; los hogares "
            "con gigabit son una estimación.",
            "Households, premises and gigabit coverage per municipality, comarca, vegueria and "
            "province by year. Premises count dwellings and businesses; households with "
            "gigabit are an estimate.",
        ),
        "ANNUAL",
        "TECH",
        {
            "level": _LEVEL_REGION,
            "code": _CODE_REGION,
            "name": _NAME,
            "year": _c("Any", "Año", "Year"),
            "households": _c("Llars", "Hogares", "Households", "llars"),
            "premises": _c(
                "Locals (habitatges i establiments)",
                "Locales (viviendas y establecimientos)",
                "Premises (dwellings and businesses)",
                "locals",
            ),
            "covered_1000": _c(
                "Locals a 1 Gbps o més",
                "Locales a 1 Gbps o más",
                "Premises at 1 Gbps or more",
                "locals",
            ),
            "households_gigabit": _c(
                "Llars amb gigabit (estimació)",
                "Hogares con gigabit (estimación)",
                "Households with gigabit (estimated)",
                "llars",
            ),
            "gigabit_share": _c(
                "Proporció de llars amb gigabit (0-1)",
                "Proporción de hogares con gigabit (0-1)",
                "Share of households with gigabit (0-1)",
                "proporció (0-1)",
            ),
            "white_households": _c(
                "Llars en zones blanques",
                "Hogares en zonas blancas",
                "Households in white areas",
                "llars",
            ),
        },
    ),
    "acords": DatasetText(
        _t(
            "Acords públics dels òrgans de govern",
            "Acuerdos públicos de los órganos de gobierno",
            "Public agreements of the governing bodies",
        ),
        _t(
            "Acords dels òrgans de govern de Localret marcats com a públics.",
            "Acuerdos de los órganos de gobierno de Localret marcados como públicos.",
            "Agreements of Localret's governing bodies marked as public.",
        ),
        "IRREG",
        "GOVE",
        {
            "number": _c("Número de l'acord", "Número del acuerdo", "Agreement number"),
            "date": _c("Data de la sessió", "Fecha de la sesión", "Meeting date"),
            "body": _c("Òrgan de govern", "Órgano de gobierno", "Governing body"),
            "title": _c("Títol", "Título", "Title"),
            "kind": _c("Tipus (codi)", "Tipo (código)", "Kind (code)"),
            "result": _c("Resultat (codi)", "Resultado (código)", "Result (code)"),
            "votes_for": _c("Vots a favor", "Votos a favor", "Votes for", "vots"),
            "votes_against": _c("Vots en contra", "Votos en contra", "Votes against", "vots"),
            "abstentions": _c("Abstencions", "Abstenciones", "Abstentions", "vots"),
            "plan": _c(
                "Pla relacionat (identificador)",
                "Plan relacionado (identificador)",
                "Related plan (identifier)",
            ),
        },
    ),
    "equilibri-territorial": DatasetText(
        _t(
            "Equilibri territorial de l'esforç de Localret",
            "Equilibrio territorial del esfuerzo de Localret",
            "Territorial balance of Localret's effort",
        ),
        _t(
            "Proporció de l'esforç de Localret i de la població per comarca i vegueria, i la "
            "seva ràtio.",
            "Proporción del esfuerzo de Localret y de la población por comarca y veguería, y "
            "su ratio.",
            "Share of Localret's effort and of population per comarca and vegueria, and their "
            "ratio.",
        ),
        "IRREG",
        "REGI",
        {
            "level": _c(
                "Nivell (comarca o vegueria)",
                "Nivel (comarca o veguería)",
                "Level (comarca or vegueria)",
            ),
            "code": _CODE_REGION,
            "name": _c("Zona", "Zona", "Area"),
            "population": _c("Població", "Población", "Population", "persones"),
            "effort_share": _c(
                "Proporció de l'esforç (0-1)",
                "Proporción del esfuerzo (0-1)",
                "Share of the effort (0-1)",
                "proporció (0-1)",
            ),
            "population_share": _c(
                "Proporció de la població (0-1)",
                "Proporción de la población (0-1)",
                "Share of the population (0-1)",
                "proporció (0-1)",
            ),
            "ratio": _c(
                "Ràtio esforç / població",
                "Ratio esfuerzo / población",
                "Effort share / population share",
                "ràtio",
            ),
        },
    ),
}
