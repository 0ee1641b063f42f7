"""Maturity API (Objective 1). Contract endpoints: ``GET /municipalities/{code}/maturity``,
``GET /maturity/benchmark``, ``POST /maturity/import``."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from localret.core.api import AUTH, Problem, ProblemSchema, allowed, require
from localret.core.tabular import ImportFailed, problem_errors
from localret.territory.interface import BAND_CODES, Comarca, QueryBand, municipality_get

from . import permissions, selectors, services

router = Router(tags=["maturity"])

# Who may call a write, checked before the body is read (core.api.allowed): a refused user
# gets 403 whatever they send.
IMPORTERS = allowed(lambda user, **_: permissions.can_import(user))


class DimensionScore(Schema):
    code: str
    name: str
    score: float | None


class Peers(Schema):
    band: str
    band_median: float | None
    percentile: float | None
    comarca_median: float | None
    province_median: float | None


class MunicipalityMaturity(Schema):
    municipality: str
    campaign: str
    campaign_name: str
    model_version: str
    validated_on: str | None
    overall: float
    level: int
    gap_to_next_level: float | None
    dimensions: list[DimensionScore]
    peers: Peers


class Quartiles(Schema):
    q1: float | None
    median: float | None
    q3: float | None


class DimensionAggregate(Quartiles):
    code: str
    name: str


class BenchmarkOut(Schema):
    campaign: str
    campaign_name: str
    band: str | None
    comarca: str | None
    count: int | None
    suppressed: bool
    min_group: int
    overall: Quartiles | None
    dimensions: list[DimensionAggregate]
    levels: dict[str, int | None]


class ImportChangeOut(Schema):
    row: int
    action: str = Field(description="create or update")
    municipality: str
    municipality_name: str
    indicator: str
    value: float
    previous: float | None = Field(description="the stored value an update replaces")


class ImportOut(Schema):
    campaign: str
    rows: int
    municipalities: int
    assessments_created: int
    answers_created: int
    answers_updated: int
    answers_unchanged: int = Field(description="rows that repeat the stored answer (not written)")
    validated: int
    dry_run: bool
    changes: list[ImportChangeOut] = Field(
        description="the first 10 rows of each kind of change (create, update), in file order"
    )
    changes_truncated: bool = Field(
        False, description="true when there are more changes than `changes` shows"
    )


class AnswerOut(Schema):
    indicator: str
    dimension: str
    kind: str
    value: float | None
    evidence_url: str
    evidence_file: str | None
    comment: str


class AssessmentOut(Schema):
    id: int
    municipality: str
    campaign: str
    revision: int
    status: str
    overall: float | None
    level: int | None
    review_comment: str
    answers: list[AnswerOut]


class IndicatorOut(Schema):
    code: str
    name: str
    kind: str
    weight: float
    bands: list[str]
    services: list[str]


class DimensionOut(Schema):
    code: str
    name: str
    weight: float
    indicators: list[IndicatorOut]


class ModelOut(Schema):
    version: str
    name: str
    dimensions: list[DimensionOut]


class ServiceOut(Schema):
    code: str
    name: str
    category: str
    description: str
    effort: int
    action_line: str | None
    adhesions: int


@router.get(
    "/municipalities/{code}/maturity",
    response={
        200: MunicipalityMaturity,
        401: ProblemSchema,
        403: ProblemSchema,
        404: ProblemSchema,
    },
    auth=AUTH,
    summary="Latest validated maturity result of a municipality "
    "(staff, Board and the municipality's own users)",
)
def municipality_maturity(request: HttpRequest, code: str) -> dict:
    municipality = municipality_get(code)
    if municipality is None:
        raise Http404(f"No municipality with code {code}")
    require(permissions.can_view_results(request.auth, code))  # type: ignore[attr-defined]
    result = selectors.municipality_results(code)
    if result is None:
        raise Problem(
            404,
            "No validated maturity assessment",
            f"{municipality.name} ({code}) has no validated maturity assessment yet.",
        )
    medians = result["medians"]
    assessment = result["assessment"]
    return {
        "municipality": code,
        "campaign": result["campaign"].slug,
        "campaign_name": result["campaign"].name,
        "model_version": result["campaign"].model.version,
        "validated_on": assessment.validated_on.isoformat() if assessment.validated_on else None,
        "overall": round(result["overall"], 1),
        "level": result["level"],
        "gap_to_next_level": None if result["gap"] is None else round(result["gap"], 1),
        "dimensions": result["dimensions"],
        "peers": {
            "band": result["band"],
            "band_median": _round(medians["band"]["overall"]),
            "percentile": _round(result["percentile"]),
            "comarca_median": _round(medians["comarca"]["overall"]),
            "province_median": _round(medians["province"]["overall"]),
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class BenchmarkFilters(Schema):
    band: QueryBand = ""
    comarca: str = ""
    campaign: str = ""


@router.get(
    "/maturity/benchmark",
    response={200: BenchmarkOut, 404: ProblemSchema, 422: ProblemSchema},
    auth=None,
    summary="Public aggregates of a campaign (count, median, quartiles per dimension) under "
    "disclosure control: groups of fewer than 5 municipalities (or the configured minimum), "
    "and those that would give them back by differencing, are suppressed without their count; "
    "quartiles from 10 (everyone)",
)
def benchmark(request: HttpRequest, filters: Query[BenchmarkFilters]) -> dict:
    errors = []
    if filters.band and filters.band not in BAND_CODES:
        errors.append({"field": "band", "message": f"must be one of {', '.join(BAND_CODES)}"})
    if filters.comarca and not Comarca.objects.filter(code=filters.comarca).exists():
        errors.append({"field": "comarca", "message": f"unknown comarca code '{filters.comarca}'"})
    campaign = (
        selectors.campaign_get(filters.campaign)
        if filters.campaign
        else selectors.latest_campaign()
    )
    if filters.campaign and campaign is None:
        errors.append({"field": "campaign", "message": f"unknown campaign '{filters.campaign}'"})
    if errors:
        raise Problem(422, "Invalid input", errors=errors)
    if campaign is None:
        raise Problem(404, "No results", "No campaign has validated assessments yet.")
    data = selectors.benchmark(campaign, band=filters.band, comarca=filters.comarca)
    names = data["dimension_names"]
    return {
        **data,
        "dimensions": [{**d, "name": names.get(d["code"], d["code"])} for d in data["dimensions"]],
    }


@router.post(
    "/maturity/import",
    response={
        200: ImportOut,
        401: ProblemSchema,
        403: ProblemSchema,
        413: ProblemSchema,
        422: ProblemSchema,
    },
    auth=IMPORTERS,
    summary="Import a campaign's answers from CSV/XLSX (staff; at most 5 MB, else 413). "
    "Columns: municipality, indicator, value[, evidence_url, comment]. Nothing is written "
    "unless the file is valid",
)
def import_answers(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: bool = True,
    campaign: str = "",
    validate_all: bool = False,
) -> dict:
    require(permissions.can_import(request.auth))  # type: ignore[attr-defined]
    target = selectors.campaign_get(campaign) if campaign else selectors.open_campaign()
    if target is None:
        raise Problem(
            422,
            "Invalid input",
            errors=[{"field": "campaign", "message": f"unknown or no open campaign '{campaign}'"}],
        )
    try:
        result = services.answers_import(
            campaign=target,
            data=file.read(),
            filename=file.name or "file",
            dry_run=dry_run,
            by=request.auth,  # type: ignore[attr-defined]
            validate=validate_all,
        )
    except ImportFailed as exc:
        raise Problem(
            422,
            "The file is not valid; nothing was written",
            f"{exc.total} error(s); the first {len(exc.issues)} are listed",
            errors=problem_errors(exc.issues),
        ) from exc
    return {"campaign": target.slug, **result.as_dict()}


@router.get(
    "/maturity/assessments/{assessment_id}",
    response={200: AssessmentOut, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema},
    auth=AUTH,
    summary="One assessment with its answers and evidence "
    "(staff, Board and the municipality's own users)",
)
def assessment_detail(request: HttpRequest, assessment_id: int) -> dict:
    assessment = selectors.assessment_get(assessment_id)
    if assessment is None:
        raise Http404("No such assessment")
    require(permissions.can_view_assessment(request.auth, assessment))  # type: ignore[attr-defined]
    answers = []
    for section in selectors.assessment_sections(assessment):
        for item in section["items"]:
            answer = item["answer"]
            if answer is None:
                continue
            answers.append(
                {
                    "indicator": item["indicator"].code,
                    "dimension": section["dimension"].code,
                    "kind": item["indicator"].kind,
                    "value": None if answer.value is None else float(answer.value),
                    "evidence_url": answer.evidence_url,
                    "evidence_file": request.build_absolute_uri(
                        reverse("maturity:evidence", args=[answer.pk])
                    )
                    if answer.evidence_file
                    else None,
                    "comment": answer.comment,
                }
            )
    return {
        "id": assessment.pk,
        "municipality": assessment.municipality.code,
        "campaign": assessment.campaign.slug,
        "revision": assessment.revision,
        "status": assessment.status,
        "overall": assessment.overall,
        "level": assessment.level,
        "review_comment": assessment.review_comment,
        "answers": answers,
    }


@router.get(
    "/maturity/model",
    response={200: ModelOut, 404: ProblemSchema},
    auth=None,
    summary="The current maturity model: dimensions and indicators (everyone)",
)
def maturity_model(request: HttpRequest) -> dict:
    model = selectors.current_model()
    if model is None:
        raise Http404("No maturity model loaded")
    return {
        "version": model.version,
        "name": model.name,
        "dimensions": [
            {
                "code": d.code,
                "name": d.name,
                "weight": float(d.weight),
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "kind": i.kind,
                        "weight": float(i.weight),
                        "bands": i.bands or list(BAND_CODES),
                        "services": [s.code for s in i.services.all()],
                    }
                    for i in d.indicators.all()
                ],
            }
            for d in selectors.model_structure(model)
        ],
    }


@router.get(
    "/maturity/services",
    response={200: list[ServiceOut]},
    auth=None,
    summary="Localret's services catalogue with the number of adhesions in force (everyone)",
)
def service_list(request: HttpRequest) -> list[dict]:
    counts = selectors.adhesion_counts()
    return [
        {
            "code": s.code,
            "name": s.name,
            "category": s.category,
            "description": s.description,
            "effort": s.effort,
            "action_line": s.action_line.code if s.action_line else None,
            "adhesions": counts.get(s.code, 0),
        }
        for s in selectors.service_catalogue()
    ]
