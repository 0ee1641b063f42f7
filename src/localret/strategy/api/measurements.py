"""Operations on measurements and the measurement import."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import File
from ninja.files import UploadedFile

from localret.core.api import Problem, ProblemSchema, require
from localret.core.tabular import ImportFailed

from .. import permissions, selectors, services
from ..models import Indicator, Measurement
from ..schemas import MeasurementImportOut, MeasurementIn, MeasurementPatch, MeasurementWrittenOut
from .base import (
    MAX_IMPORT_BYTES,
    STAFF_ONLY,
    WRITE_ERRORS,
    _municipality_or_422,
    require_recorder,
    router,
)
from .indicators import _indicator_for_write
from .outputs import _measurement_out


@router.post(
    "/indicators/{code}/measurements",
    response={201: MeasurementWrittenOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Record a measurement of an indicator (staff). Any finite number, kept to 8 decimal "
    "places; an implausible value is refused (422), an unusual one recorded with `warnings`",
)
def create_measurement(request: HttpRequest, code: str, payload: MeasurementIn) -> tuple[int, dict]:
    by = require_recorder(request)
    ind = _indicator_for_write(code)
    municipality = _municipality_or_422(payload.municipality)
    warnings = selectors.measurement_warnings(
        indicator=ind, date=payload.date, value=payload.value, municipality=municipality
    )
    m = services.measurement_create(
        indicator=ind,
        by=by,
        date=payload.date,
        value=payload.value,
        municipality=municipality,
        source=payload.source,
    )
    return 201, _measurement_out(m, warnings)


def _measurement_or_404(ind: Indicator, measurement_id: int) -> Measurement:
    m = (
        Measurement.objects.select_related("municipality")
        .filter(indicator=ind, pk=measurement_id)
        .first()
    )
    if m is None:
        raise Http404(f"No measurement {measurement_id} of indicator '{ind.code}'")
    return m


@router.patch(
    "/indicators/{code}/measurements/{measurement_id}",
    response={200: MeasurementWrittenOut, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Correct a measurement: value, date, municipality or source, with an optional "
    "reason kept in its history (staff)",
)
def patch_measurement(
    request: HttpRequest, code: str, measurement_id: int, payload: MeasurementPatch
) -> dict:
    by = require_recorder(request)
    ind = _indicator_for_write(code)
    m = _measurement_or_404(ind, measurement_id)
    sent = payload.model_dump(exclude_unset=True)
    reason = sent.pop("reason", "") or ""
    fields: dict[str, Any] = {}
    for name in ("date", "value", "source"):
        if name in sent:
            if sent[name] is None:
                raise Problem(
                    422, "Invalid input", errors=[{"field": name, "message": "cannot be null"}]
                )
            fields[name] = sent[name]
    if "municipality" in sent:
        fields["municipality"] = _municipality_or_422(sent["municipality"])
    warnings = []
    if "value" in fields:
        warnings = selectors.measurement_warnings(
            indicator=ind,
            date=fields.get("date", m.date),
            value=fields["value"],
            municipality=fields.get("municipality", m.municipality),
            exclude_id=m.pk,
        )
    m = services.measurement_update(measurement=m, by=by, reason=reason, **fields)
    return _measurement_out(m, warnings)


@router.delete(
    "/indicators/{code}/measurements/{measurement_id}",
    response={204: None, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Delete a wrong measurement; its history keeps it, with the optional reason (staff)",
)
def delete_measurement(
    request: HttpRequest, code: str, measurement_id: int, reason: str = ""
) -> tuple[int, None]:
    by = require_recorder(request)
    ind = _indicator_for_write(code)
    m = _measurement_or_404(ind, measurement_id)
    services.measurement_delete(measurement=m, by=by, reason=reason.strip()[:100])
    return 204, None


IMPORT_CHANGES_SHOWN = 20  # rows of each kind (create, update, unchanged) in the answer


@router.post(
    "/measurements/import",
    response={200: MeasurementImportOut, 413: ProblemSchema, **WRITE_ERRORS},
    auth=STAFF_ONLY,
    summary="Import measurements from CSV or XLSX (multipart 'file', at most 5 MB, else 413); "
    "dry_run=true previews (staff)",
)
def import_measurements(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = True
) -> dict:
    by = request.auth  # type: ignore[attr-defined]
    require(permissions.can_import_measurements(by))
    if file.size and file.size > MAX_IMPORT_BYTES:  # normally refused before (core/uploads.py)
        raise Problem(
            413,
            "Content too large",
            errors=[{"field": "file", "message": f"at most {MAX_IMPORT_BYTES} bytes"}],
        )
    data = file.read()
    try:
        result = services.measurements_import(
            data=data, filename=file.name or "file", by=by, dry_run=dry_run
        )
    except ImportFailed as exc:
        raise Problem(
            422,
            "The file is not valid; nothing was imported",
            detail=str(exc),
            errors=services.import_error_list(exc),
        ) from exc
    shown = result.first_changes(IMPORT_CHANGES_SHOWN)
    return {
        "dry_run": result.dry_run,
        "rows": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        # A summary, not an echo of the file: the first rows of each kind of change.
        "changes": [
            {
                "row": r.row,
                "indicator": r.indicator,
                "date": r.date,
                "municipality": r.municipality,
                "value": float(r.value),
                "previous": None if r.previous is None else float(r.previous),
                "action": r.action,
            }
            for r in shown
        ],
        "changes_truncated": len(shown) < result.total,
    }
