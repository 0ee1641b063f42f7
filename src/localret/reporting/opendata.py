"""Open data: every dataset in CSV and JSON with its data dictionary, and the DCAT-AP catalogue
(JSON-LD). Public, no login; stable URLs under /dades-obertes/. Only public data: approved or
closed plans, public agreements, aggregates; never a person, never an unpublished item."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from localret.core.export import csv_writer, neutralise
from localret.governance import selectors as governance

from . import report, sources, territorial

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = {"name": "Localret", "url": "https://www.localret.cat/"}


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: list[tuple[str, str, str]]  # name, type, description
    rows: Callable[[], Iterator[list[Any]]]
    modified: Callable[[], dt.date]
    keywords: tuple[str, ...] = ()


def _today() -> dt.date:
    return timezone.localdate()


def _plan_rows() -> Iterator[list[Any]]:
    for plan in sources.public_plans():
        as_of = min(_today(), plan.period_end) if plan.status == "closed" else _today()
        tree = sources.plan_tree(plan, as_of)
        yield [
            plan.slug,
            "plan",
            "",
            plan.name,
            tree["progress"],
            tree["expected_progress"],
            tree["status"],
            as_of,
        ]
        for o in tree["objectives"]:
            yield [
                plan.slug,
                "objective",
                o["code"],
                o["name"],
                o["progress"],
                o["expected_progress"],
                o["status"],
                as_of,
            ]
            for a in o["action_lines"]:
                yield [
                    plan.slug,
                    "action_line",
                    a["code"],
                    a["name"],
                    a["progress"],
                    a["expected_progress"],
                    a["status"],
                    as_of,
                ]


def _indicator_rows() -> Iterator[list[Any]]:
    for plan in sources.public_plans():
        as_of = min(_today(), plan.period_end) if plan.status == "closed" else _today()
        for i in sources.plan_indicators(plan, as_of):
            fc = i["forecast"] or {}
            yield [
                plan.slug,
                i["code"],
                i["name"],
                i["unit"],
                i["action_line"],
                i["baseline_value"],
                i["baseline_date"],
                i["target_value"],
                i["target_date"],
                i["current"],
                i["progress"],
                i["status"],
                fc.get("value_at_target_date"),
            ]


def _measurement_rows() -> Iterator[list[Any]]:
    for row in sources.measurement_rows():
        yield list(row)


def _municipality_rows() -> Iterator[list[Any]]:
    from localret.territory.models import Municipality

    qs = Municipality.objects.order_by("code").values_list(
        "code",
        "name",
        "comarca__name",
        "comarca__vegueria__name",
        "province__name",
        "population",
        "population_year",
        "population_band",
        "area_km2",
        "households",
        "households_estimated",
        "lat",
        "lon",
    )
    for row in qs.iterator(chunk_size=1000):
        yield list(row)


def _dict_rows(rows: list[dict[str, Any]], keys: list[str]) -> Iterator[list[Any]]:
    for r in rows:
        yield [r.get(k) for k in keys]


MATURITY_KEYS = ["level", "code", "name", "campaign", "count", "median", "q1", "q3"]
CONNECTIVITY_KEYS = [
    "level",
    "code",
    "name",
    "year",
    "households",
    "covered_1000",
    "gigabit_share",
    "white_households",
]


def _agreement_rows() -> Iterator[list[Any]]:
    for a in governance.public_agreements():
        yield [
            a.number,
            a.meeting.date,
            a.meeting.body.name,
            a.title,
            a.kind,
            a.result,
            a.votes_for,
            a.votes_against,
            a.abstentions,
            a.plan.slug if a.plan else "",
        ]


def _balance_rows() -> Iterator[list[Any]]:
    for level in territorial.LEVELS:
        result = territorial.compute(level=level, basis="population", as_of=_today())
        for i in result["items"]:
            yield [
                level,
                i["code"],
                i["name"],
                i["population"],
                i["effort_share"],
                i["reference_share"],
                i["ratio"],
            ]


def _measurements_modified() -> dt.date:
    last = max((r[2] for r in sources.measurement_rows()), default=None)  # noqa: C414
    return last or _today()


def _plans_modified() -> dt.date:
    plans = sources.public_plans()
    if not plans:
        return _today()
    latest = [p.history.latest("history_date").history_date.date() for p in plans]
    return max(latest)


def _agreements_modified() -> dt.date:
    first = governance.public_agreements().first()
    return first.meeting.date if first else _today()


def _register_modified() -> dt.date:
    from localret.territory.models import Municipality

    year = (
        Municipality.objects.order_by("-population_year")
        .values_list("population_year", flat=True)
        .first()
    )
    return dt.date(year, 1, 1) if year else _today()


DATASETS: dict[str, Dataset] = {
    d.slug: d
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
                (k, "string" if k in ("level", "code", "name", "campaign") else "number", k)
                for k in MATURITY_KEYS
            ],
            lambda: _dict_rows(sources.maturity_aggregates(), MATURITY_KEYS),
            _today,
            ("maturity",),
        ),
        Dataset(
            "connectivitat",
            "Connectivity aggregates",
            "Households and gigabit coverage per comarca and vegueria by year.",
            [
                (k, "string" if k in ("level", "code", "name") else "number", k)
                for k in CONNECTIVITY_KEYS
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


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, float):
        return round(value, 6)
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def dataset_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Public: a dataset as CSV (UTF-8, comma), streamed row by row."""
    dataset = _dataset(slug)
    writer = csv_writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff" + writer.writeheader([c[0] for c in dataset.columns])
        for row in dataset.rows():
            yield writer.writerow([_cell(neutralise(v)) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.csv"'
    return response


def dataset_json(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Public: a dataset as JSON ``{"dataset", "license", "items": [...]}``, streamed."""
    dataset = _dataset(slug)
    names = [c[0] for c in dataset.columns]

    def stream() -> Iterator[str]:
        head = {"dataset": slug, "title": dataset.title, "license": LICENSE}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
        first = True
        for row in dataset.rows():
            item = {n: _cell(v) for n, v in zip(names, row, strict=False)}
            yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
            first = False
        yield "]}"

    return StreamingHttpResponse(stream(), content_type="application/json")


def dataset_dictionary(request: HttpRequest, slug: str) -> JsonResponse:
    """Public: the data dictionary of a dataset (column, type, description)."""
    dataset = _dataset(slug)
    return JsonResponse(
        {
            "dataset": slug,
            "title": dataset.title,
            "description": dataset.description,
            "license": LICENSE,
            "columns": [{"name": n, "type": t, "description": d} for n, t, d in dataset.columns],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def distributions(request: HttpRequest, slug: str) -> list[dict[str, str]]:
    return [
        {
            "format": fmt,
            "media_type": media,
            "label": label,
            "url": request.build_absolute_uri(reverse(name, args=[slug])),
        }
        for fmt, media, name, label in (
            ("CSV", "text/csv", "reporting:dataset_csv", "CSV"),
            ("JSON", "application/json", "reporting:dataset_json", "JSON"),
            ("JSON", "application/json", "reporting:dataset_dictionary", "data dictionary"),
        )
    ]


def catalog(request: HttpRequest) -> JsonResponse:
    """Public: the DCAT-AP catalogue (JSON-LD) of every dataset."""
    base = request.build_absolute_uri(reverse("reporting:opendata"))
    datasets = []
    for slug, d in DATASETS.items():
        dists = distributions(request, slug)
        datasets.append(
            {
                "@id": f"{base}#{slug}",
                "@type": "dcat:Dataset",
                "dct:identifier": slug,
                "dct:title": d.title,
                "dct:description": d.description,
                "dct:license": {"@id": LICENSE},
                "dct:publisher": {
                    "@type": "foaf:Agent",
                    "foaf:name": PUBLISHER["name"],
                    "foaf:homepage": {"@id": PUBLISHER["url"]},
                },
                "dct:modified": {"@value": d.modified().isoformat(), "@type": "xsd:date"},
                "dcat:keyword": list(d.keywords),
                "dcat:landingPage": {"@id": f"{base}#{slug}"},
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f"{d.title} ({x['label']})",
                        "dcat:accessURL": {"@id": x["url"]},
                        "dcat:downloadURL": {"@id": x["url"]},
                        "dcat:mediaType": x["media_type"],
                        "dct:format": x["format"],
                        "dct:license": {"@id": LICENSE},
                    }
                    for x in dists
                ],
            }
        )
    body = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": request.build_absolute_uri(),
        "@type": "dcat:Catalog",
        "dct:title": "Localret open data",
        "dct:description": "Open data of Localret: strategic plan, indicators, measurements, "
        "municipal register, maturity and connectivity aggregates, governance agreements.",
        "dct:license": {"@id": LICENSE},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": PUBLISHER["name"]},
        "dct:language": "ca",
        "dcat:dataset": datasets,
    }
    return JsonResponse(
        body, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


def opendata_page(request: HttpRequest) -> HttpResponse:
    """Public: list of the open datasets with their downloads and dictionaries."""
    return render(request, "reporting/opendata.html", {"datasets": DATASETS.values()})


def csv_text(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv_writer(out).writerows(rows)
    return out.getvalue()


__all__ = ["DATASETS", "report"]
