"""Open data: every dataset in CSV and JSON with its data dictionary, and the DCAT-AP catalogue
(JSON-LD). Public, no login; stable URLs under /dades-obertes/. Only public data: approved or
closed plans, public agreements, aggregates; never a person, never an unpublished item."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from localret.core.models import DemoLoad

from . import catalogue, report, sources
from .dataset_rows import (
    CONNECTIVITY_KEYS,
    MATURITY_KEYS,
    _agreement_rows,
    _agreements_modified,
    _balance_rows,
    _dict_rows,
    _indicator_rows,
    _measurement_rows,
    _measurements_modified,
    _municipality_rows,
    _plan_rows,
    _plans_modified,
    _register_modified,
    _today,
)
from .opendata_csv import cell, csv_chunks

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = {"name": "Localret", "url": "https://www.localret.cat/"}


@dataclass(frozen=True)
class Dataset:
    """One open dataset. ``columns`` are (name, type, description) in file order; the last one
    is always ``demo`` (true when the figures come from generated demo data), which ``rows``
    does not yield: the writers add it. Titles, units and translations: ``catalogue.TEXTS``."""

    slug: str
    title: str
    description: str
    columns: list[tuple[str, str, str]]  # name, type, description
    rows: Callable[[], Iterator[list[Any]]]
    modified: Callable[[], dt.date]
    keywords: tuple[str, ...] = ()
    demo_apps: tuple[str, ...] = ()  # apps whose demo data feed it (none: always real data)

    def is_demo(self) -> bool:
        return bool(self.demo_apps) and DemoLoad.objects.filter(app__in=self.demo_apps).exists()

    def localized(self, lang: str) -> tuple[str, str]:
        """(title, description) in ``lang``."""
        texts = catalogue.TEXTS[self.slug]
        return catalogue.text(texts.title, lang), catalogue.text(texts.description, lang)


DEMO_COLUMN = (
    catalogue.DEMO_COLUMN,
    "boolean",
    "true: generated demonstration data, not official figures",
)


_DEMO_APPS = {
    "pla": ("strategy",),
    "indicadors": ("strategy",),
    "mesures": ("strategy",),
    "maduresa": ("maturity",),
    "connectivitat": ("connectivity",),
    "acords": ("governance",),
    "equilibri-territorial": ("maturity", "innovation", "connectivity"),
}


def _complete(d: Dataset) -> Dataset:
    """The dataset with its demo column and the apps whose demo data feed it."""
    return Dataset(
        d.slug,
        d.title,
        d.description,
        [*d.columns, DEMO_COLUMN],
        d.rows,
        d.modified,
        d.keywords,
        _DEMO_APPS.get(d.slug, ()),
    )


DATASETS: dict[str, Dataset] = {
    d.slug: _complete(d)
    for d in [
        Dataset(
            "pla",
            "Strategic plan and progress",
            "Approved and closed strategic plans of Localret: objectives and action lines "
            "with their progress and status today (or at the end of a closed plan).",
            [
                ("plan", "string", "plan slug"),
                ("level", "string", "plan, objective or action_line"),
                ("code", "string", "objective (OE1) or action line (1.1) code"),
                ("name", "string", "name"),
                ("progress", "number", "progress 0-1 (empty: no data)"),
                ("expected_progress", "number", "expected progress 0-1 at the date"),
                (
                    "status",
                    "string",
                    "achieved, on_track, at_risk, off_track, no_data, not_started",
                ),
                ("as_of", "date", "date of the figures"),
            ],
            _plan_rows,
            _plans_modified,
            ("plan", "strategy"),
        ),
        Dataset(
            "indicadors",
            "Indicators of the strategic plan",
            "Indicators of the public plans with baseline, target, current value, progress, "
            "status and forecast at the target date.",
            [
                ("plan", "string", "plan slug"),
                ("code", "string", "indicator code"),
                ("name", "string", "name"),
                ("unit", "string", "unit"),
                ("action_line", "string", "action line code"),
                ("baseline_value", "number", "baseline"),
                ("baseline_date", "date", "baseline date"),
                ("target_value", "number", "target"),
                ("target_date", "date", "target date"),
                ("current_value", "number", "latest value"),
                ("progress", "number", "progress 0-1"),
                ("status", "string", "status code"),
                ("forecast_at_target_date", "number", "forecast value at the target date"),
            ],
            _indicator_rows,
            _plans_modified,
            ("indicators",),
        ),
        Dataset(
            "mesures",
            "Measurements of the plan's indicators",
            "Every measurement of the indicators of the public plans (one row per indicator, "
            "date and, when broken down, municipality).",
            [
                ("plan", "string", "plan slug"),
                ("indicator", "string", "indicator code"),
                ("date", "date", "date of the measurement"),
                ("value", "number", "value"),
                ("municipality", "string", "6-digit INE code (empty: whole territory)"),
                ("source", "string", "source note"),
            ],
            _measurement_rows,
            _measurements_modified,
            ("measurements",),
        ),
        Dataset(
            "municipis",
            "Municipal register of Catalonia",
            "The 947 municipalities: INE code, name, comarca, vegueria, province, population, "
            "area, households and seat coordinates. Source: Idescat, IGN/CNIG (CC BY 4.0).",
            [
                ("code", "string", "6-digit INE code"),
                ("name", "string", "official name"),
                ("comarca", "string", "comarca"),
                ("vegueria", "string", "vegueria"),
                ("province", "string", "province"),
                ("population", "integer", "population"),
                ("population_year", "integer", "year of the population figure"),
                ("population_band", "string", "population band"),
                ("area_km2", "number", "area in km²"),
                ("households", "integer", "households"),
                ("households_estimated", "boolean", "households estimated from population"),
                ("lat", "number", "latitude of the seat"),
                ("lon", "number", "longitude of the seat"),
            ],
            _municipality_rows,
            _register_modified,
            ("municipalities", "register"),
        ),
        Dataset(
            "maduresa",
            "Digital maturity aggregates",
            "Aggregates of the validated maturity assessments per comarca and population band "
            "(no individual result).",
            [
                (
                    k,
                    "string"
                    if k in ("level", "code", "name", "campaign")
                    else "integer"
                    if k == "count"
                    else "number",
                    k,
                )
                for k in MATURITY_KEYS
            ],
            lambda: _dict_rows(sources.maturity_aggregates(), MATURITY_KEYS),
            _today,
            ("maturity",),
        ),
        Dataset(
            "connectivitat",
            "Connectivity aggregates",
            "Households, premises and gigabit coverage per municipality, comarca, vegueria "
            "and province by year.",
            [
                ("level", "string", "municipality, comarca, vegueria or province"),
                ("code", "string", "area code (INE code of a municipality)"),
                ("name", "string", "name"),
                ("year", "integer", "year of the coverage figures"),
                ("households", "integer", "households (Census 2021 or estimated)"),
                ("covered_1000", "integer", "premises (not households) reached at 1 Gbps+"),
                ("gigabit_share", "number", "estimated share of households with gigabit 0-1"),
                ("white_households", "integer", "households in NGA-white areas"),
                ("premises", "integer", "premises: dwellings and businesses"),
                (
                    "households_gigabit",
                    "integer",
                    "estimated households with gigabit (never above households)",
                ),
            ],
            lambda: _dict_rows(sources.connectivity_aggregates(), CONNECTIVITY_KEYS),
            _today,
            ("connectivity", "broadband"),
        ),
        Dataset(
            "acords",
            "Public agreements of the governing bodies",
            "Agreements of Localret's governing bodies marked as public.",
            [
                ("number", "string", "agreement number"),
                ("date", "date", "meeting date"),
                ("body", "string", "governing body"),
                ("title", "string", "title"),
                ("kind", "string", "general, plan_approval or plan_closure"),
                ("result", "string", "approved or rejected"),
                ("votes_for", "integer", "in favour"),
                ("votes_against", "integer", "against"),
                ("abstentions", "integer", "abstentions"),
                ("plan", "string", "plan slug, if any"),
            ],
            _agreement_rows,
            _agreements_modified,
            ("governance", "agreements"),
        ),
        Dataset(
            "equilibri-territorial",
            "Territorial balance of Localret's effort",
            "Share of Localret's effort and of population per comarca and vegueria, and their "
            "ratio (see docs/territorial-balance.md).",
            [
                ("level", "string", "comarca or vegueria"),
                ("code", "string", "region code"),
                ("name", "string", "region"),
                ("population", "integer", "population"),
                ("effort_share", "number", "share of the effort"),
                ("population_share", "number", "share of the population"),
                ("ratio", "number", "effort share / population share"),
            ],
            _balance_rows,
            _today,
            ("territorial balance",),
        ),
    ]
}


def _dataset(slug: str) -> Dataset:
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404
    return dataset


def dataset_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Public: a dataset as CSV (UTF-8, comma), streamed in chunks of rows; its CSVW metadata
    is ``<slug>.csv-metadata.json``."""
    dataset = _dataset(slug)
    response = StreamingHttpResponse(
        csv_chunks(dataset.columns, dataset.rows(), dataset.is_demo()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{slug}.csv"'
    response["Link"] = (
        f'<{reverse("reporting:dataset_csvw", args=[slug])}>; rel="describedby"; '
        'type="application/csvm+json"'
    )
    return response


def dataset_json(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Public: a dataset as JSON ``{"dataset", "title", "license", "demo", "items": [...]}``,
    streamed."""
    dataset = _dataset(slug)
    names = [c[0] for c in dataset.columns]
    demo = dataset.is_demo()

    def stream() -> Iterator[str]:
        head = {"dataset": slug, "title": dataset.title, "license": LICENSE, "demo": demo}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
        first = True
        for row in dataset.rows():
            item = {n: cell(v) for n, v in zip(names, [*row, demo], strict=False)}
            yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
            first = False
        yield "]}"

    return StreamingHttpResponse(stream(), content_type="application/json")


def dataset_dictionary(request: HttpRequest, slug: str) -> JsonResponse:
    """Public: the data dictionary of a dataset (column, type, description, titles in ca, es
    and en, unit) and whether its figures are demo data."""
    dataset = _dataset(slug)
    texts = catalogue.TEXTS[slug]
    columns = []
    for name, kind, description in dataset.columns:
        ct = catalogue.column_text(slug, name)
        columns.append(
            {
                "name": name,
                "type": kind,
                "description": description,
                "titles": dict(ct.titles),
                "unit": ct.unit,
            }
        )
    return JsonResponse(
        {
            "dataset": slug,
            "title": dataset.title,
            "titles": dict(texts.title),
            "description": dataset.description,
            "descriptions": dict(texts.description),
            "license": LICENSE,
            "demo": dataset.is_demo(),
            "columns": columns,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def dataset_csvw(request: HttpRequest, slug: str) -> JsonResponse:
    """Public: CSV on the Web metadata of a dataset's CSV (columns with titles in ca, es and
    en, datatypes and units; the dialect; the demo flag)."""
    dataset = _dataset(slug)
    body = catalogue.csvw_metadata(
        slug=slug,
        csv_url=request.build_absolute_uri(reverse("reporting:dataset_csv", args=[slug])),
        license_url=LICENSE,
        columns=dataset.columns,
        demo=dataset.is_demo(),
        modified=dataset.modified(),
    )
    return JsonResponse(
        body, content_type="application/csvm+json", json_dumps_params={"ensure_ascii": False}
    )


_DISTRIBUTIONS = (
    ("CSV", "text/csv", "reporting:dataset_csv", ("CSV", "CSV", "CSV"), ""),
    ("JSON", "application/json", "reporting:dataset_json", ("JSON", "JSON", "JSON"), ""),
    (
        "JSON",
        "application/csvm+json",
        "reporting:dataset_csvw",
        ("metadades CSVW", "metadatos CSVW", "CSVW metadata"),
        catalogue.CSVW_SPEC,
    ),
    (
        "JSON",
        "application/json",
        "reporting:dataset_dictionary",
        ("diccionari de dades", "diccionario de datos", "data dictionary"),
        "",
    ),
)


def distributions(request: HttpRequest, slug: str) -> list[catalogue.Distribution]:
    title = catalogue.TEXTS[slug].title
    return [
        catalogue.Distribution(
            title={lang: f"{title[lang]} ({label[i]})" for i, lang in enumerate(catalogue.LANGS)},
            url=request.build_absolute_uri(reverse(name, args=[slug])),
            file_type=fmt,
            media_type=media,
            conforms_to=conforms,
        )
        for fmt, media, name, label, conforms in _DISTRIBUTIONS
    ]


def catalog(request: HttpRequest) -> JsonResponse:
    """Public: the DCAT-AP 3.0 catalogue (JSON-LD) of every dataset."""
    body = catalogue.dcat_catalog(
        catalog_url=request.build_absolute_uri(),
        landing_url=request.build_absolute_uri(reverse("reporting:opendata")),
        license_url=LICENSE,
        publisher=PUBLISHER,
        datasets=(
            (slug, d.modified(), d.is_demo(), distributions(request, slug))
            for slug, d in DATASETS.items()
        ),
    )
    return JsonResponse(
        body, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


def opendata_page(request: HttpRequest) -> HttpResponse:
    """Public: list of the open datasets (titles in the visitor's language) with their
    downloads, CSVW metadata and dictionaries."""
    lang = get_language() or "ca"
    rows = []
    for d in DATASETS.values():
        title, description = d.localized(lang)
        rows.append({"slug": d.slug, "title": title, "description": description})
    return render(request, "reporting/opendata.html", {"datasets": rows})


__all__ = ["DATASETS", "report"]
