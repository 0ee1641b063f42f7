"""Writes of the diagnosis: keyword-only, atomic, audited (history user set)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from localret.core.audit import audited_save, stamp
from localret.core.errors import Invalid

from .models import Finding, Source, Stakeholder


class InvalidInput(Invalid):
    """Input that cannot be saved (``core.errors.Invalid``, 422); ``errors`` are
    ``[{field, message}]``."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors), errors)


def _action_lines(plan: Any, codes: Iterable[str]) -> list[Any]:
    from localret.strategy.interface import ActionLine

    codes = [str(c).strip() for c in codes if str(c).strip()]
    found = {a.code: a for a in ActionLine.objects.filter(objective__plan=plan, code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidInput(
            [
                {
                    "field": "action_lines",
                    "message": _("no action line %(codes)s in this plan")
                    % {"codes": ", ".join(missing)},
                }
            ]
        )
    return list(found.values())


def _check_finding(data: dict[str, Any]) -> list[dict[str, str]]:
    errors = []
    if data.get("category") not in Finding.Category.values:
        errors.append(
            {
                "field": "category",
                "message": _("must be one of: %(values)s")
                % {"values": ", ".join(Finding.Category.values)},
            }
        )
    if data.get("source") not in Source.values:
        errors.append(
            {
                "field": "source",
                "message": _("must be one of: %(values)s") % {"values": ", ".join(Source.values)},
            }
        )
    title = str(data.get("title") or "").strip()
    if not title:
        errors.append({"field": "title", "message": _("is required")})
    elif len(title) > 200:
        errors.append({"field": "title", "message": _("too long")})
    return errors


@transaction.atomic
def finding_save(
    *,
    plan: Any,
    by: Any,
    category: str,
    title: str,
    source: str,
    description: str = "",
    action_line_codes: Iterable[str] = (),
    finding: Finding | None = None,
    is_demo: bool = False,
) -> Finding:
    """Create (``finding=None``) or update a SWOT/PESTEL finding and its action lines."""
    errors = _check_finding({"category": category, "title": title, "source": source})
    if errors:
        raise InvalidInput(errors)
    lines = _action_lines(plan, action_line_codes)
    if finding is None:
        finding = Finding(plan=plan, created_by=by, is_demo=is_demo)
    finding.category = category
    finding.title = title.strip()
    finding.source = source
    finding.description = description
    audited_save(finding, by)
    finding.action_lines.set(lines)
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, by: Any) -> None:
    stamp(finding, by)
    finding.delete()


@transaction.atomic
def stakeholder_save(
    *,
    plan: Any,
    by: Any,
    name: str,
    scope: str,
    sector: str,
    interest: int,
    influence: int,
    source: str,
    notes: str = "",
    action_line_codes: Iterable[str] = (),
    stakeholder: Stakeholder | None = None,
    is_demo: bool = False,
) -> Stakeholder:
    """Create or update a stakeholder of the map."""
    errors = []
    name = (name or "").strip()
    if not name:
        errors.append({"field": "name", "message": _("is required")})
    elif (
        Stakeholder.objects.filter(plan=plan, name=name)
        .exclude(pk=stakeholder.pk if stakeholder is not None else 0)
        .exists()
    ):
        errors.append(
            {"field": "name", "message": _("this plan already has a stakeholder so named")}
        )
    if scope not in Stakeholder.Scope.values:
        errors.append({"field": "scope", "message": _("must be internal or external")})
    if sector not in Stakeholder.Sector.values:
        errors.append({"field": "sector", "message": _("must be public or private")})
    for field, value in (("interest", interest), ("influence", influence)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors.append({"field": field, "message": _("must be a whole number from 1 to 5")})
    if source not in Source.values:
        errors.append(
            {
                "field": "source",
                "message": _("must be one of: %(values)s") % {"values": ", ".join(Source.values)},
            }
        )
    if errors:
        raise InvalidInput(errors)
    lines = _action_lines(plan, action_line_codes)
    if stakeholder is None:
        stakeholder = Stakeholder(plan=plan, is_demo=is_demo)
    stakeholder.name = name
    stakeholder.scope = scope
    stakeholder.sector = sector
    stakeholder.interest = interest
    stakeholder.influence = influence
    stakeholder.source = source
    stakeholder.notes = notes
    audited_save(stakeholder, by)
    stakeholder.action_lines.set(lines)
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder, by: Any) -> None:
    stamp(stakeholder, by)
    stakeholder.delete()
