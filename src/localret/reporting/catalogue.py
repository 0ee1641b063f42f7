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

from .dataset_texts import DEMO_TEXT, TEXTS, THEME_LABELS, ColumnText, Text, _t

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
CATALONIA = "http://publications.europa.eu/resource/authority/atu/ESP_CT"
CSVW_SPEC = "http://www.w3.org/TR/tabular-metadata/"
DEMO_PROPERTY = "https://www.localret.cat/ns/opendata#demo"
DEMO_NOTE = {
    "ca": "Dades de demostració generades: no són xifres oficials.",
    "es": "Datos de demostración generados: no son cifras oficiales.",
    "en": "Generated demonstration data: these are not official figures.",
}
DEMO_COLUMN = "demo"


def text(value: Text, lang: str) -> str:
    """The text in ``lang`` (its first two letters), or in Catalan."""
    return value.get(lang[:2], value["ca"])


def column_text(slug: str, name: str) -> ColumnText:
    if name == DEMO_COLUMN:
        return DEMO_TEXT
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
