"""Import of a campaign's answers from a CSV or XLSX file.

The file is checked in one pass (every error names its row and field), then written, all or
nothing, with a fixed number of bulk statements whatever its size: the new assessments, the new
and the changed answers, each with its history row (``core.audit.bulk_insert_audited``,
``bulk_update_audited``: who, when, why), and with ``validate`` the submission, the validation
and the campaign's scores. The answer is a summary: counts and the first rows of each kind of
change."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localret.core import audit
from localret.core.audit import audited_save
from localret.core.errors import Conflict
from localret.core.tabular import IssueCollector, parse_decimal, read_table
from localret.territory.interface import Municipality

from .. import engine
from ..models import Answer, Assessment, Campaign, MaturityIndicator, Review
from .assessments import AnswerInput, answers_save, assessment_start, assessment_submit
from .base import AssessmentLocked

# --- Bulk import -------------------------------------------------------------------------

IMPORT_COLUMNS = ("municipality", "indicator", "value")


OPTIONAL_COLUMNS = ("evidence_url", "comment")

# The answer keeps the first rows of each kind of change (in file order), not every row.
KEPT_PER_KIND = 10
ACTIONS = ("create", "update")


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    municipality: Municipality
    indicator: MaturityIndicator
    value: Decimal
    evidence_url: str
    comment: str


@dataclass(frozen=True, slots=True)
class ImportChange:
    """One row of the file that creates or changes an answer."""

    row: int
    action: str  # create | update
    municipality: str  # INE code
    municipality_name: str
    indicator: str
    value: Decimal
    previous: Decimal | None  # the stored value an update replaces

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "municipality": self.municipality,
            "municipality_name": self.municipality_name,
            "indicator": self.indicator,
            "value": self.value,
            "previous": self.previous,
        }


@dataclass
class ImportResult:
    """What an import wrote (or would write): counts, and the first :data:`KEPT_PER_KIND`
    rows of each kind of change (``changes``, in file order). ``answers_updated`` counts the
    answers whose value, evidence URL or comment changes; an answer the file repeats as it is
    stored is ``answers_unchanged`` (and is not written)."""

    rows: int = 0
    assessments_created: int = 0
    answers_created: int = 0
    answers_updated: int = 0
    answers_unchanged: int = 0
    municipalities: int = 0
    dry_run: bool = True
    validated: int = 0
    messages: list[str] = field(default_factory=list)
    changes: list[ImportChange] = field(default_factory=list)
    changes_truncated: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "municipalities": self.municipalities,
            "assessments_created": self.assessments_created,
            "answers_created": self.answers_created,
            "answers_updated": self.answers_updated,
            "answers_unchanged": self.answers_unchanged,
            "validated": self.validated,
            "dry_run": self.dry_run,
            "changes": [c.as_dict() for c in self.changes],
            "changes_truncated": self.changes_truncated,
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
    parsed: list[_Row] = []
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
            comment = values.get("comment", "").strip()
            parsed.append(_Row(row, municipality, indicator, value, url, comment))
    issues.raise_if_any()

    result = ImportResult(rows=len(parsed), dry_run=dry_run)
    plan = _plan(parsed, latest, result)
    if dry_run:
        return result
    reason = f"import {filename}"
    try:
        if audit.bulk_history_supported(Answer) and audit.bulk_history_supported(Assessment):
            result.validated = _write(
                plan, campaign=campaign, by=by, validate=validate, reason=reason
            )
        else:  # a database that does not return the keys of a multi-row insert
            result.validated = _write_per_object(
                parsed, latest, campaign=campaign, by=by, validate=validate
            )
    except IntegrityError as exc:  # an assessment started by someone else meanwhile
        raise Conflict(
            _("the campaign's assessments changed during the import; nothing was written")
        ) from exc
    return result


@dataclass
class _Plan:
    """What the write does: the municipalities without an assessment, the open assessments
    the file touches (``touched``: those with an answer to create or change), the rows whose
    answer is new, and the changed answers (the new value, URL and comment, then the key)."""

    new: dict[str, Municipality] = field(default_factory=dict)
    open: dict[str, Assessment] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    create: list[_Row] = field(default_factory=list)
    update: list[tuple[Decimal, str, str, int]] = field(default_factory=list)


def _plan(parsed: list[_Row], latest: dict[str, Assessment], result: ImportResult) -> _Plan:
    """Sort each row into a new, changed or unchanged answer (one query for the stored
    answers) and fill ``result``'s counts and first rows."""
    plan = _Plan()
    for item in parsed:
        code = item.municipality.code
        if code in latest:
            plan.open[code] = latest[code]
        else:
            plan.new[code] = item.municipality
    stored = {
        (a, i): (pk, v, url, comment)
        for a, i, pk, v, url, comment in Answer.objects.filter(
            assessment_id__in=[a.pk for a in plan.open.values()]
        ).values_list("assessment_id", "indicator_id", "pk", "value", "evidence_url", "comment")
    }
    counts = dict.fromkeys((*ACTIONS, "unchanged"), 0)
    for item in parsed:
        code = item.municipality.code
        current = plan.open.get(code)
        old = stored.get((current.pk, item.indicator.pk)) if current else None
        if old is None:
            action = "create"
            plan.create.append(item)
        elif (old[1], old[2], old[3]) == (item.value, item.evidence_url, item.comment):
            counts["unchanged"] += 1
            continue
        else:
            action = "update"
            plan.update.append((item.value, item.evidence_url, item.comment, old[0]))
        plan.touched.add(code)
        counts[action] += 1
        if counts[action] <= KEPT_PER_KIND:
            result.changes.append(
                ImportChange(
                    row=item.row,
                    action=action,
                    municipality=code,
                    municipality_name=item.municipality.name,
                    indicator=item.indicator.code,
                    value=item.value,
                    previous=None if old is None else old[1],
                )
            )
    result.municipalities = len(plan.new) + len(plan.open)
    result.assessments_created = len(plan.new)
    result.answers_created = counts["create"]
    result.answers_updated = counts["update"]
    result.answers_unchanged = counts["unchanged"]
    result.changes_truncated = any(counts[a] > KEPT_PER_KIND for a in ACTIONS)
    return plan


ANSWER_COLUMNS = (
    "assessment_id",
    "indicator_id",
    "value",
    "evidence_url",
    "evidence_file",
    "comment",
)
ANSWER_CHANGES = ("value", "evidence_url", "comment")
SUBMIT_FIELDS = ("status", "submitted_at", "updated_at")
VALIDATE_FIELDS = ("status", "validated_at", "validated_on", "validated_by_id", "updated_at")


def _write(plan: _Plan, *, campaign: Campaign, by: Any, validate: bool, reason: str) -> int:
    """The import's write in bulk statements, each with its history rows; the same stored
    answers, statuses, reviews and scores as :func:`_write_per_object`. Returns the number of
    assessments validated."""
    now = timezone.now()
    Status = Assessment.Status
    with transaction.atomic():
        # The open assessments may not have been submitted or validated since the check.
        locked = Assessment.objects.select_for_update().filter(
            pk__in=[a.pk for a in plan.open.values()]
        )
        for pk, status in locked.values_list("pk", "status"):
            if status not in (Status.DRAFT, Status.RETURNED):
                raise AssessmentLocked(
                    f"assessment {pk} is {status}; a validated or submitted assessment cannot "
                    "change (start a new revision instead)"
                )
        ids = {code: a.pk for code, a in plan.open.items()}
        if plan.new:
            fresh = [
                Assessment(municipality=m, campaign=campaign, model_id=campaign.model_id)
                for m in plan.new.values()
            ]
            for a in fresh:
                a.created_at = a.updated_at = now
            audit.bulk_insert_audited_objects(fresh, by=by, reason=reason, when=now)
            by_municipality = dict(
                Assessment.objects.filter(
                    campaign=campaign, municipality__in=[m.pk for m in plan.new.values()]
                ).values_list("municipality_id", "pk")
            )
            ids.update({code: by_municipality[m.pk] for code, m in plan.new.items()})
        audit.bulk_insert_audited(
            Answer,
            ANSWER_COLUMNS,
            [
                (ids[r.municipality.code], r.indicator.pk, r.value, r.evidence_url, "", r.comment)
                for r in plan.create
            ],
            by=by,
            reason=reason,
            when=now,
        )
        audit.bulk_update_audited(
            Answer, ANSWER_CHANGES, plan.update, by=by, reason=reason, when=now
        )
        # An assessment whose answers changed is saved too (``updated_at``), as answers_save does.
        audit.bulk_update_audited(
            Assessment,
            ("updated_at",),
            [(now, ids[code]) for code in ids if code in plan.touched],
            by=by,
            reason=reason,
            when=now,
        )
        if not validate:
            return 0
        keys = list(ids.values())
        audit.bulk_update_audited(
            Assessment,
            SUBMIT_FIELDS,
            [(Status.SUBMITTED, now, now, pk) for pk in keys],
            by=by,
            reason="submitted",
            when=now,
        )
        Review.objects.bulk_create(
            [Review(assessment_id=pk, action=Review.Action.SUBMITTED, by=by) for pk in keys]
        )
        today = timezone.localdate()
        by_pk = getattr(by, "pk", None)
        audit.bulk_update_audited(
            Assessment,
            VALIDATE_FIELDS,
            [(Status.VALIDATED, now, today, by_pk, now, pk) for pk in keys],
            by=by,
            reason="validated by import",
            when=now,
        )
        engine.campaign_rescore(campaign)
    return len(keys)


def _write_per_object(
    parsed: list[_Row],
    latest: dict[str, Assessment],
    *,
    campaign: Campaign,
    by: Any,
    validate: bool,
) -> int:
    """The import's write object by object, through the services a person's edits use (one
    statement per answer): for databases the bulk statements cannot serve, and the reference
    the tests compare the bulk write with."""
    by_mun: dict[str, list[_Row]] = {}
    for item in parsed:
        by_mun.setdefault(item.municipality.code, []).append(item)
    validated = 0
    with transaction.atomic():
        for code, items in by_mun.items():
            assessment = latest.get(code) or assessment_start(
                municipality=items[0].municipality, campaign=campaign, by=by
            )
            inputs = {
                r.indicator.pk: AnswerInput(
                    value=r.value, evidence_url=r.evidence_url, comment=r.comment
                )
                for r in items
            }
            answers_save(assessment=assessment, answers=inputs, by=by)
            if validate:
                assessment_submit(assessment=assessment, by=by)
                assessment.status = Assessment.Status.VALIDATED
                assessment.validated_at = timezone.now()
                assessment.validated_on = timezone.localdate()
                assessment.validated_by = by
                audited_save(assessment, by, "validated by import")
                validated += 1
        if validate:
            engine.campaign_rescore(campaign)
    return validated
