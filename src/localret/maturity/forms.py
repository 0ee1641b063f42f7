"""Forms of the maturity pages: what each POST says, read and checked before any write.

Each function reads one page's POST (and files) into typed values; it writes nothing and sends
no message. The view checks permission, calls a function here, then one service, and reports
the outcome. Errors a person can fix are returned (per indicator, per roadmap item) or raised
as ``ValueError`` / ``DoesNotExist``, exactly as the pages show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from localret.core.formatting import sentence
from localret.core.params import BadParameter, date_value
from localret.core.tabular import parse_decimal
from localret.territory.interface import municipality_get

from . import engine, selectors, services
from .models import (
    Adhesion,
    Campaign,
    MaturityIndicator,
    Milestone,
    Project,
    Roadmap,
    RoadmapItem,
    Service,
)

Files = MultiValueDict[str, UploadedFile]


# --- Service adhesions -----------------------------------------------------------------------


@dataclass(frozen=True)
class AdhesionEnd:
    """End an adhesion on a date."""

    adhesion: Adhesion
    until: dt.date


@dataclass(frozen=True)
class AdhesionStart:
    """A municipality adheres to a service from a date."""

    service: Service
    municipality: Any
    since: dt.date


def adhesion_from_post(post: QueryDict) -> AdhesionEnd | AdhesionStart:
    """The adhesion form of the services page. Raises ``ValueError`` (a date or municipality
    code that is not valid), ``Adhesion.DoesNotExist`` or ``Service.DoesNotExist``."""
    if post.get("action") == "end":
        until = _date(post, "until", _("End date"))
        return AdhesionEnd(adhesion=Adhesion.objects.get(pk=post.get("adhesion") or 0), until=until)
    since = _date(post, "since", _("Start date"))
    service = Service.objects.get(code=post.get("service", ""))
    municipality = municipality_get(post.get("municipality", "").strip())
    if municipality is None:
        raise ValueError(_("Unknown municipality code."))
    return AdhesionStart(service=service, municipality=municipality, since=since)


def _date(post: QueryDict, name: str, label: str) -> dt.date:
    """The required date of field ``name`` through the platform's one date parser
    (core/params.py); a ``ValueError`` that names the field by its label otherwise."""
    try:
        value = date_value(post.get(name), name, required=True)
    except BadParameter as exc:
        raise ValueError(
            _("%(field)s: a date is required (day/month/year).") % {"field": label}
        ) from exc
    assert value is not None  # noqa: S101 - required
    return value


# --- Assessments -----------------------------------------------------------------------------


def answers_from_post(
    post: QueryDict, files: Files, sections: list[dict[str, Any]]
) -> tuple[dict[int, services.AnswerInput], dict[int, str]]:
    """The answers of the assessment form, by indicator id, and the error of each answer that
    is not valid (a value out of range, a URL that is not http(s), an evidence file refused).
    Indicators that do not apply to the municipality are skipped."""
    inputs: dict[int, services.AnswerInput] = {}
    errors: dict[int, str] = {}
    url_ok = URLValidator(schemes=["http", "https"])
    for section in sections:
        for item in section["items"]:
            ind: MaturityIndicator = item["indicator"]
            if not item["applies"]:
                continue
            raw = post.get(f"v_{ind.pk}", "").strip()
            value: Decimal | None = None
            if raw:
                try:
                    value = parse_decimal(raw)
                except ValueError as exc:
                    errors[ind.pk] = str(exc)
                    continue
                problem = engine.validate_value(ind, value)
                if problem:
                    errors[ind.pk] = problem
                    continue
            url = post.get(f"u_{ind.pk}", "").strip()
            if url:
                try:
                    url_ok(url)
                except Exception:
                    errors[ind.pk] = _("The evidence URL is not a valid http(s) address.")
                    continue
            upload = files.get(f"f_{ind.pk}")
            if upload is not None:
                problem = services.check_evidence_file(upload)
                if problem:
                    errors[ind.pk] = problem
                    continue
            inputs[ind.pk] = services.AnswerInput(
                value=value,
                evidence_url=url,
                comment=post.get(f"c_{ind.pk}", "").strip(),
                evidence_file=upload,
                clear_file=bool(post.get(f"x_{ind.pk}")),
            )
    return inputs, errors


@dataclass(frozen=True)
class Review:
    """Staff's decision on a submitted assessment: return it (with the comment) or validate."""

    returned: bool
    comment: str


def review_from_post(post: QueryDict) -> Review:
    return Review(returned=post.get("action") == "return", comment=post.get("comment", "").strip())


@dataclass(frozen=True)
class AnswersImport:
    """The answers import form: the campaign, the file, and whether to apply or only check."""

    campaign: Campaign | None
    upload: UploadedFile | None
    dry_run: bool
    validate: bool


def answers_import_from_post(post: QueryDict, files: Files) -> AnswersImport:
    return AnswersImport(
        campaign=selectors.campaign_get(post.get("campaign", "")),
        upload=files.get("file"),
        dry_run=post.get("action") != "apply",
        validate=bool(post.get("validate")),
    )


# --- Roadmaps and projects -------------------------------------------------------------------


@dataclass(frozen=True)
class RoadmapItemChange:
    """What the roadmap form asks of one item: a status and target date, or a ``problem``
    (a date that is not valid, shown with the indicator's name and the typed text)."""

    item: RoadmapItem
    status: str = ""
    target_date: dt.date | None = None
    problem: str = ""


def roadmap_changes_from_post(post: QueryDict, roadmap: Roadmap) -> list[RoadmapItemChange]:
    """The roadmap items the form changes, in the roadmap's order (unchanged items left out)."""
    changes: list[RoadmapItemChange] = []
    for item in roadmap.items.all():
        status = post.get(f"s_{item.pk}", item.status)
        raw = post.get(f"d_{item.pk}", "").strip()
        try:
            target = date_value(raw, f"d_{item.pk}")
        except BadParameter:
            problem = _("%(indicator)s: «%(value)s» is not a date.") % {
                "indicator": item.indicator.name,
                "value": raw,
            }
            changes.append(RoadmapItemChange(item, problem=problem))
            continue
        if status == item.status and target == item.target_date:
            continue
        changes.append(RoadmapItemChange(item, status=status, target_date=target))
    return changes


@dataclass(frozen=True)
class NewProject:
    """A project drawn from roadmap items: its name, items, dates and one milestone per item
    with a target date."""

    name: str
    items: list[RoadmapItem]
    start_date: dt.date
    end_date: dt.date | None
    milestones: list[tuple[str, dt.date]]


def project_from_post(
    post: QueryDict, roadmap: Roadmap | None, municipality: Any, start: dt.date
) -> NewProject:
    """The project form of the roadmap page: the chosen items of the roadmap; the name defaults
    to "Accompaniment of <municipality>"."""
    ids = {int(x) for x in post.getlist("items") if x.isdigit()}
    items = [i for i in roadmap.items.all() if i.pk in ids] if roadmap else []
    return NewProject(
        name=post.get("name", "").strip()
        or sentence(_("Accompaniment of %(name)s") % {"name": municipality.name}),
        items=items,
        start_date=start,
        end_date=max((i.target_date for i in items if i.target_date), default=None),
        milestones=[(i.indicator.name[:200], d) for i in items if (d := i.target_date)],
    )


@dataclass(frozen=True)
class ProjectStatus:
    status: str
    notes: str


@dataclass(frozen=True)
class MilestoneDone:
    milestone: Milestone


@dataclass(frozen=True)
class NewDocument:
    title: str
    upload: UploadedFile


def project_action_from_post(
    post: QueryDict, files: Files, project: Project
) -> ProjectStatus | MilestoneDone | NewDocument | None:
    """What the project page's form asks: a new status and notes, a milestone ticked, or a
    document added; None when it asks nothing (a document action without a file). Raises
    ``Milestone.DoesNotExist`` for a milestone of another project."""
    action = post.get("action")
    if action == "status":
        return ProjectStatus(
            status=post.get("status", project.status), notes=post.get("notes", project.notes)
        )
    if action == "milestone":
        return MilestoneDone(Milestone.objects.get(pk=post.get("milestone") or 0, project=project))
    if action == "document" and files.get("file"):
        return NewDocument(title=post.get("title", ""), upload=cast(UploadedFile, files["file"]))
    return None
