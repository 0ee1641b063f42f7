"""Import of an assessment's answers from a CSV or XLSX file."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.core.audit import audited_save
from localret.core.tabular import IssueCollector, parse_decimal, read_table
from localret.territory.interface import Municipality

from .. import engine
from ..models import Answer, Assessment, Campaign, MaturityIndicator
from .assessments import AnswerInput, answers_save, assessment_start, assessment_submit

# --- Bulk import -------------------------------------------------------------------------

IMPORT_COLUMNS = ("municipality", "indicator", "value")


OPTIONAL_COLUMNS = ("evidence_url", "comment")


@dataclass
class ImportResult:
    rows: int = 0
    assessments_created: int = 0
    answers_created: int = 0
    answers_updated: int = 0
    municipalities: int = 0
    dry_run: bool = True
    validated: int = 0
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "municipalities": self.municipalities,
            "assessments_created": self.assessments_created,
            "answers_created": self.answers_created,
            "answers_updated": self.answers_updated,
            "validated": self.validated,
            "dry_run": self.dry_run,
        }


def answers_import(
    *,
    campaign: Campaign,
    data: bytes,
    filename: str,
    dry_run: bool,
    by: Any,
    validate: bool = False,
) -> ImportResult:
    """Import a campaign's answers from CSV/XLSX: one row per municipality and indicator, with
    columns ``municipality`` (6-digit INE code), ``indicator`` (code), ``value`` and optional
    ``evidence_url``, ``comment``. Answers go into each municipality's open assessment of the
    campaign (created when missing). A municipality whose assessment is submitted or validated
    is an error (validated assessments are immutable). With ``validate``, imported assessments
    are submitted and validated at once (staff loading an external diagnosis).

    Every error names row and field; nothing is written unless the whole file is valid; a dry
    run writes nothing and says what would change. Raises ImportFailed."""
    table = read_table(data, filename, required=IMPORT_COLUMNS)
    issues = IssueCollector(filename)
    unknown = [h for h in table.headers if h and h not in IMPORT_COLUMNS + OPTIONAL_COLUMNS]
    for header in unknown:
        issues.add(_("unknown column %(column)s") % {"column": header}, row=1, field=header)
    indicators = {
        i.code: i for i in MaturityIndicator.objects.filter(dimension__model=campaign.model)
    }
    codes = {r.get("municipality", "").strip() for _row, r in table.rows}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    latest: dict[str, Assessment] = {}
    for a in (
        Assessment.objects.filter(campaign=campaign, municipality__code__in=codes)
        .select_related("municipality")
        .order_by("revision")
    ):
        latest[a.municipality.code] = a
    seen: dict[tuple[str, str], int] = {}
    parsed: list[tuple[Municipality, MaturityIndicator, Decimal, str, str]] = []
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    url_ok = URLValidator(schemes=["http", "https"])
    for row, values in table.rows:
        code = values.get("municipality", "").strip()
        ind_code = values.get("indicator", "").strip().upper()
        municipality = municipalities.get(code)
        indicator = indicators.get(ind_code)
        if not code:
            issues.add(_("a municipality code is required"), row, "municipality")
        elif municipality is None:
            issues.add(
                _("unknown municipality code “%(code)s”") % {"code": code}, row, "municipality"
            )
        elif code in latest and not latest[code].is_editable:
            issues.add(
                _("the assessment of %(name)s in this campaign is %(status)s and cannot change")
                % {"name": municipality.name, "status": latest[code].get_status_display().lower()},
                row,
                "municipality",
            )
        if not ind_code:
            issues.add(_("an indicator code is required"), row, "indicator")
        elif indicator is None:
            issues.add(
                _("unknown indicator “%(code)s” in model %(version)s")
                % {"code": ind_code, "version": campaign.model.version},
                row,
                "indicator",
            )
        value: Decimal | None = None
        try:
            value = parse_decimal(values.get("value", ""))
        except ValueError as exc:
            issues.add(str(exc), row, "value")
        if value is not None and indicator is not None:
            problem = engine.validate_value(indicator, value)
            if problem:
                issues.add(
                    _("%(problem)s (%(kind)s)")
                    % {"problem": problem, "kind": indicator.get_kind_display()},
                    row,
                    "value",
                )
        url = values.get("evidence_url", "").strip()
        if url:
            try:
                url_ok(url)
            except ValidationError:
                issues.add(
                    _("“%(url)s” is not a valid http(s) URL") % {"url": url}, row, "evidence_url"
                )
        if municipality and indicator:
            key = (code, ind_code)
            if key in seen:
                issues.add(
                    _("%(code)s / %(indicator)s already appears in row %(row)s")
                    % {"code": code, "indicator": ind_code, "row": seen[key]},
                    row,
                    "indicator",
                )
            seen[key] = row
        if municipality and indicator and value is not None:
            parsed.append((municipality, indicator, value, url, values.get("comment", "").strip()))
    issues.raise_if_any()

    result = ImportResult(rows=len(parsed), dry_run=dry_run)
    by_mun: dict[str, list[tuple[Municipality, MaturityIndicator, Decimal, str, str]]] = {}
    for item in parsed:
        by_mun.setdefault(item[0].code, []).append(item)
    result.municipalities = len(by_mun)
    existing_answers: dict[tuple[int, int], Answer] = {}
    open_ids = [a.pk for c, a in latest.items() if c in by_mun and a.is_editable]
    for answer in Answer.objects.filter(assessment_id__in=open_ids):
        existing_answers[(answer.assessment_id, answer.indicator_id)] = answer
    for code, items in by_mun.items():
        current = latest.get(code)
        if current is None:
            result.assessments_created += 1
            result.answers_created += len(items)
            continue
        for _m, indicator, _v, _u, _c in items:
            if (current.pk, indicator.pk) in existing_answers:
                result.answers_updated += 1
            else:
                result.answers_created += 1
    if dry_run:
        return result
    with transaction.atomic():
        for code, items in by_mun.items():
            municipality = items[0][0]
            assessment = latest.get(code) or assessment_start(
                municipality=municipality, campaign=campaign, by=by
            )
            inputs = {
                ind.pk: AnswerInput(value=value, evidence_url=url, comment=comment)
                for _m, ind, value, url, comment in items
            }
            answers_save(assessment=assessment, answers=inputs, by=by)
            if validate:
                assessment_submit(assessment=assessment, by=by)
                assessment.status = Assessment.Status.VALIDATED
                assessment.validated_at = timezone.now()
                assessment.validated_on = timezone.localdate()
                assessment.validated_by = by
                audited_save(assessment, by, "validated by import")
                result.validated += 1
        if validate:
            engine.campaign_rescore(campaign)
    return result
