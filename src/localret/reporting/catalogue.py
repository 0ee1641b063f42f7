"""What reusers read about the open datasets: titles and descriptions in Catalan, Spanish and
English, every column's title, datatype and unit, the update frequency and theme, whether the
figures are demo data; and the two documents built from it: the DCAT-AP 3.0 catalogue
(JSON-LD, EU vocabularies as IRIs, every object typed) and a CSVW metadata file per CSV.

The column names themselves are declared in ``opendata.DATASETS`` and never change here: they
are the documented, stable interface of the files. Pure data and functions: the views pass in
the absolute URLs and the dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("ca", "es", "en")
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE_IRI = {"ca": EU + "language/CAT", "es": EU + "language/SPA", "en": EU + "language/ENG"}
FILE_TYPE_IRI = {
    "CSV": EU + "file-type/CSV",
    "JSON": EU + "file-type/JSON",
    "JSON_LD": EU + "file-type/JSON_LD",
}
MEDIA_TYPE_IRI = {
    "text/csv": "http://www.iana.org/assignments/media-types/text/csv",
    "application/json": "http://www.iana.org/assignments/media-types/application/json",
    "application/csvm+json": "http://www.iana.org/assignments/media-types/application/csvm+json",
}
FREQUENCY = EU + "frequency/"
THEME = EU + "data-theme/"
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
CATALONIA = "http://publications.europa.eu/resource/authority/atu/ESP_CT"
CSVW_SPEC = "http://www.w3.org/TR/tabular-metadata/"
DEMO_PROPERTY = "https://www.localret.cat/ns/opendata#demo"
DEMO_NOTE = {
    "ca": "Dades de demostració generades: no són xifres oficials.",
    "es": "Datos de demostración generados: no son cifras oficiales.",
    "en": "Generated demonstration data: these are not official figures.",
}
DEMO_COLUMN = "demo"

Text = Mapping[str, str]


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
_DEMO = _c(
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


def text(value: Text, lang: str) -> str:
    """The text in ``lang`` (its first two letters), or in Catalan."""
    return value.get(lang[:2], value["ca"])


def column_text(slug: str, name: str) -> ColumnText:
    if name == DEMO_COLUMN:
        return _DEMO
    return TEXTS[slug].columns[name]


def _lang_values(value: Text) -> list[dict[str, str]]:
    return [{"@value": value[lang], "@language": lang} for lang in LANGS]


def _typed(iri: str, rdf_type: str) -> dict[str, str]:
    return {"@id": iri, "@type": rdf_type}


# --- DCAT-AP 3.0 --------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    title: Text
    url: str
    file_type: str  # key of FILE_TYPE_IRI
    media_type: str  # key of MEDIA_TYPE_IRI
    conforms_to: str = ""


def dcat_catalog(
    *,
    catalog_url: str,
    landing_url: str,
    license_url: str,
    publisher: Mapping[str, str],
    datasets: Iterable[tuple[str, dt.date, bool, list[Distribution]]],
) -> dict[str, Any]:
    """The catalogue as JSON-LD conforming to DCAT-AP 3.0: ``datasets`` yields (slug,
    modified, is_demo, distributions)."""
    agent = {
        "@id": publisher["url"],
        "@type": "foaf:Agent",
        "foaf:name": publisher["name"],
        "foaf:homepage": {"@id": publisher["url"], "@type": "foaf:Document"},
    }
    licence = _typed(license_url, "dct:LicenseDocument")
    languages = [_typed(LANGUAGE_IRI[lang], "dct:LinguisticSystem") for lang in LANGS]
    out = []
    for slug, modified, demo, dists in datasets:
        d = TEXTS[slug]
        description = dict(d.description)
        if demo:
            description = {lang: f"{d.description[lang]} {DEMO_NOTE[lang]}" for lang in LANGS}
        out.append(
            {
                "@id": f"{landing_url}#{slug}",
                "@type": "dcat:Dataset",
                "dct:identifier": slug,
                "dct:title": _lang_values(d.title),
                "dct:description": _lang_values(description),
                "dct:license": licence,
                "dct:publisher": agent,
                "dct:language": languages,
                "dct:modified": {"@value": modified.isoformat(), "@type": "xsd:date"},
                "dct:accrualPeriodicity": _typed(FREQUENCY + d.frequency, "dct:Frequency"),
                "dct:spatial": _typed(CATALONIA, "dct:Location"),
                "dcat:theme": {
                    **_typed(THEME + d.theme, "skos:Concept"),
                    "skos:prefLabel": _lang_values(THEME_LABELS[d.theme]),
                },
                "dcat:keyword": [{"@value": k, "@language": "ca"} for k in _keywords(slug, demo)],
                "dcat:landingPage": _typed(f"{landing_url}#{slug}", "foaf:Document"),
                "localret:demo": demo,
                "dcat:distribution": [_dcat_distribution(x, licence) for x in dists],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "localret": DEMO_PROPERTY.rsplit("#", 1)[0] + "#",
        },
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _lang_values(
            _t("Dades obertes de Localret", "Datos abiertos de Localret", "Localret open data")
        ),
        "dct:description": _lang_values(
            _t(
                "Dades obertes de Localret: pla estratègic, indicadors, mesures, registre "
                "municipal, agregats de maduresa i de connectivitat, acords dels òrgans de "
                "govern i equilibri territorial.",
                "Datos abiertos de Localret: plan estratégico, indicadores, mediciones, registro "
                "municipal, agregados de madurez y de conectividad, acuerdos de los órganos de "
                "gobierno y equilibrio territorial.",
                "Open data of Localret: strategic plan, indicators, measurements, municipal "
                "register, maturity and connectivity aggregates, governance agreements and "
                "territorial balance.",
            )
        ),
        "dct:license": licence,
        "dct:publisher": agent,
        "dct:language": languages,
        "dct:spatial": _typed(CATALONIA, "dct:Location"),
        "foaf:homepage": _typed(landing_url, "foaf:Document"),
        "dcat:dataset": out,
    }


_KEYWORDS = {
    "pla": ("pla estratègic", "estratègia"),
    "indicadors": ("indicadors", "pla estratègic"),
    "mesures": ("mesures", "indicadors"),
    "municipis": ("municipis", "registre"),
    "maduresa": ("maduresa digital", "ajuntaments"),
    "connectivitat": ("connectivitat", "banda ampla", "gigabit"),
    "acords": ("govern", "acords"),
    "equilibri-territorial": ("equilibri territorial", "comarques"),
}


def _keywords(slug: str, demo: bool) -> list[str]:
    return [*_KEYWORDS.get(slug, ()), *(["dades de demostració"] if demo else [])]


def _dcat_distribution(x: Distribution, licence: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dct:title": _lang_values(x.title),
        "dcat:accessURL": _typed(x.url, "rdfs:Resource"),
        "dcat:downloadURL": _typed(x.url, "rdfs:Resource"),
        "dcat:mediaType": _typed(MEDIA_TYPE_IRI[x.media_type], "dct:MediaType"),
        "dct:format": _typed(FILE_TYPE_IRI[x.file_type], "dct:MediaTypeOrExtent"),
        "dct:license": licence,
    }
    if x.conforms_to:
        out["dct:conformsTo"] = _typed(x.conforms_to, "dct:Standard")
    return out


# --- CSVW ---------------------------------------------------------------------------------

CSVW_DATATYPES: dict[str, Any] = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "date": {"base": "date", "format": "yyyy-MM-dd"},
    "boolean": {"base": "boolean", "format": "true|false"},
}


def csvw_metadata(
    *,
    slug: str,
    csv_url: str,
    license_url: str,
    columns: Iterable[tuple[str, str, str]],
    demo: bool,
    modified: dt.date,
) -> dict[str, Any]:
    """CSV on the Web metadata (``<dataset>.csv-metadata.json``) of one dataset's CSV:
    ``columns`` are (name, type, description) as the CSV's header has them."""
    d = TEXTS[slug]
    cols = []
    for name, kind, description in columns:
        ct = column_text(slug, name)
        col: dict[str, Any] = {
            "name": name,
            "titles": {"und": name, **{lang: ct.titles[lang] for lang in LANGS}},
            "datatype": CSVW_DATATYPES[kind],
            "dc:description": description,
        }
        if ct.unit:
            col["schema:unitText"] = ct.unit
        cols.append(col)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "ca"}],
        "url": csv_url,
        "dc:title": _lang_values(d.title),
        "dc:description": _lang_values(d.description),
        "dc:license": {"@id": license_url},
        "dc:modified": {"@value": modified.isoformat(), "@type": "xsd:date"},
        DEMO_PROPERTY: demo,
        "dialect": {
            "encoding": "utf-8",
            "delimiter": ",",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
            "headerRowCount": 1,
        },
        "tableSchema": {"columns": cols},
    }


def check_texts(datasets: Mapping[str, Iterable[tuple[str, str, str]]]) -> list[str]:
    """Problems between the declared columns and their texts (for the tests)."""
    problems = []
    for slug, columns in datasets.items():
        if slug not in TEXTS:
            problems.append(f"{slug}: no texts")
            continue
        for name, kind, _desc in columns:
            if kind not in CSVW_DATATYPES:
                problems.append(f"{slug}.{name}: unknown type {kind}")
            if name != DEMO_COLUMN and name not in TEXTS[slug].columns:
                problems.append(f"{slug}.{name}: no title")
    return problems
