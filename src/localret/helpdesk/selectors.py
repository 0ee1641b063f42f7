"""Every read of the helpdesk, scoped to what the requesting user may see."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from localret.accounts.interface import roles

from . import calendar, disclosure, permissions
from .models import (
    OPEN_STATUSES,
    Attachment,
    Message,
    Notification,
    Request,
    ServiceLevel,
    Status,
)


def overdue_q(today: dt.date) -> Q:
    """Requests past a due date while Localret has them in hand (waiting pauses the clock)."""
    in_hand = [s for s in OPEN_STATUSES if s != Status.WAITING]
    return Q(status__in=in_hand) & (
        Q(first_answered_on__isnull=True, first_answer_due__lt=today) | Q(resolution_due__lt=today)
    )


def requests_for(
    user: Any,
    *,
    municipality: str | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    today: dt.date,
) -> QuerySet[Request]:
    """The requests the user may see (staff: all; municipal users: their municipalities')."""
    qs = Request.objects.select_related("municipality", "assignee")
    if not roles.is_staff_member(user):
        qs = qs.filter(municipality__code__in=sorted(roles.municipality_codes(user)))
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if status:
        qs = qs.filter(status=status)
    if overdue is True:
        qs = qs.filter(overdue_q(today))
    elif overdue is False:
        qs = qs.exclude(overdue_q(today))
    return qs.order_by("-created_at", "-pk")


def open_requests_of(municipality_code: str) -> QuerySet[Request]:
    """A municipality's requests still open (Localret's or the town hall's turn), the nearest
    resolution date first. Confidential: callers check ``permissions.can_open_for``."""
    return (
        Request.objects.filter(municipality__code=municipality_code, status__in=OPEN_STATUSES)
        .select_related("municipality")
        .order_by("resolution_due", "pk")
    )


def request_get(user: Any, pk: int) -> Request:
    """One request, or 404 (no such request) / 403 (not the user's)."""
    request = (
        Request.objects.select_related(
            "municipality",
            "assignee",
            "action_line",
            "service",
            "created_by",
            "created_adhesion__service",
            "created_project",
            "created_idea",
        )
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    if not permissions.can_view_request(user, request):
        raise PermissionDenied("This request belongs to another municipality.")
    return request


def messages_for(user: Any, request: Request) -> list[Message]:
    """The thread as the user may read it: internal notes for staff only."""
    qs = request.messages.select_related("author")
    if not permissions.can_see_internal(user):
        qs = qs.filter(internal=False)
    return list(qs)


def attachments_for(user: Any, request: Request) -> list[Attachment]:
    qs = request.attachments.all()
    if not permissions.can_see_internal(user):
        qs = qs.filter(internal=False)
    return list(qs)


def attachment_get(user: Any, pk: int) -> Attachment:
    attachment = Attachment.objects.select_related("request__municipality").filter(pk=pk).first()
    if attachment is None or not permissions.can_view_request(user, attachment.request):
        raise Http404("No such file.")
    if attachment.internal and not permissions.can_see_internal(user):
        raise Http404("No such file.")
    return attachment


def service_levels() -> list[ServiceLevel]:
    return list(ServiceLevel.objects.all())


def staff_users() -> list[Any]:
    from localret.accounts.interface import User

    return list(
        User.objects.filter(is_active=True, role__in=[roles.Role.STAFF, roles.Role.ADMIN]).order_by(
            "username"
        )
    )


def to_answer(user: Any, *, today: dt.date) -> QuerySet[Request]:
    """A technician's queue: open requests assigned to them or to nobody, in hand."""
    in_hand = [s for s in OPEN_STATUSES if s != Status.WAITING]
    return (
        Request.objects.select_related("municipality")
        .filter(status__in=in_hand)
        .filter(Q(assignee=user) | Q(assignee__isnull=True))
        .order_by("first_answer_due", "pk")
    )


# --- Notifications ---------------------------------------------------------------------------


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    if not roles.is_authenticated(user):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- Figures (indicators and public statistics) ----------------------------------------------


def _rows(as_of: dt.date) -> list[dict[str, Any]]:
    """Requests opened by ``as_of`` with what the figures need (one query), as they stood then
    as far as dates tell (resolved/first answer after ``as_of`` count as not yet)."""
    rows: list[dict[str, Any]] = []
    for r in Request.objects.filter(opened_on__lte=as_of).values(
        "opened_on",
        "first_answered_on",
        "resolved_on",
        "resolution_due",
        "status",
        "satisfaction",
        "municipality__code",
        "municipality__population",
        "municipality__population_band",
        "municipality__comarca__code",
        "municipality__comarca__name",
    ):
        if r["resolved_on"] is not None and r["resolved_on"] > as_of:
            r["resolved_on"] = None
        if r["first_answered_on"] is not None and r["first_answered_on"] > as_of:
            r["first_answered_on"] = None
        rows.append(dict(r))
    return rows


def within_target_share(as_of: dt.date) -> tuple[float | None, dict[str, float]]:
    """Percentage of requests resolved by ``as_of`` that were resolved by their due date, and
    the same per municipality."""
    by: dict[str, list[bool]] = {}
    for r in _rows(as_of):
        if r["resolved_on"] is not None:
            by.setdefault(r["municipality__code"], []).append(
                r["resolved_on"] <= r["resolution_due"]
            )
    flat = [v for values in by.values() for v in values]
    if not flat:
        return None, {}
    return (
        round(100 * sum(flat) / len(flat), 1),
        {code: round(100 * sum(v) / len(v), 1) for code, v in by.items()},
    )


def first_answer_median(as_of: dt.date) -> tuple[float | None, dict[str, float]]:
    """Median working days from opening to the first answer (answered requests), overall and
    per municipality."""
    by: dict[str, list[int]] = {}
    for r in _rows(as_of):
        if r["first_answered_on"] is not None:
            days = calendar.working_days_between(r["opened_on"], r["first_answered_on"])
            by.setdefault(r["municipality__code"], []).append(days)
    flat = [v for values in by.values() for v in values]
    if not flat:
        return None, {}
    return float(statistics.median(flat)), {
        code: float(statistics.median(v)) for code, v in by.items()
    }


def requests_per_1000(
    as_of: dt.date, band: str | None = None
) -> tuple[float | None, dict[str, float]]:
    """Requests opened in the twelve months to ``as_of`` per 1,000 inhabitants: of Catalonia
    (the value) and of each municipality that asked (the breakdown); with ``band``, of the
    municipalities of that population band only."""
    from localret.territory.interface import Municipality

    since = as_of - dt.timedelta(days=365)
    counts: dict[str, int] = {}
    population: dict[str, int] = {}
    for r in _rows(as_of):
        if r["opened_on"] > since and (band is None or r["municipality__population_band"] == band):
            code = r["municipality__code"]
            counts[code] = counts.get(code, 0) + 1
            population[code] = r["municipality__population"] or 0
    municipalities = Municipality.objects.all()
    if band is not None:
        municipalities = municipalities.filter(population_band=band)
    total_population = sum(p for p in municipalities.values_list("population", flat=True) if p)
    if not total_population:
        return None, {}
    by = {
        code: round(1000 * n / population[code], 3)
        for code, n in counts.items()
        if population[code]
    }
    return round(1000 * sum(counts.values()) / total_population, 3), by


def satisfaction_mean(as_of: dt.date) -> tuple[float | None, dict[str, float]]:
    by: dict[str, list[int]] = {}
    for r in _rows(as_of):
        if r["satisfaction"] is not None and r["resolved_on"] is not None:
            by.setdefault(r["municipality__code"], []).append(r["satisfaction"])
    flat = [v for values in by.values() for v in values]
    if not flat:
        return None, {}
    return round(sum(flat) / len(flat), 2), {
        code: round(sum(v) / len(v), 2) for code, v in by.items()
    }


def public_figures(as_of: dt.date) -> dict[str, Any]:
    """Aggregates for the public (API ``/requests/stats`` and the transparency portal): per
    comarca and per population band, the number of requests, of municipalities that asked, the
    requests per 1,000 inhabitants and the share resolved within target. No subject,
    description, person or municipality; groups are suppressed by disclosure control (their
    figures are ``None``), and so is a share computed on too few resolved requests."""
    from localret.territory.interface import BANDS, Comarca, Municipality

    rows = _rows(as_of)
    minimum = disclosure.minimum()
    population_by_comarca: dict[str, int] = {}
    population_by_band: dict[str, int] = {}
    for comarca_code, band, population in Municipality.objects.values_list(
        "comarca__code", "population_band", "population"
    ):
        population_by_comarca[comarca_code] = population_by_comarca.get(comarca_code, 0) + (
            population or 0
        )
        if band:
            population_by_band[band] = population_by_band.get(band, 0) + (population or 0)

    def group(items: list[dict[str, Any]], population: int, hidden: bool) -> dict[str, Any]:
        if hidden:
            return {
                "requests": None,
                "municipalities": None,
                "per_1000_inhabitants": None,
                "resolved": None,
                "within_target_pct": None,
                "suppressed": True,
            }
        n = len(items)
        resolved = [r for r in items if r["resolved_on"] is not None]
        within = sum(1 for r in resolved if r["resolved_on"] <= r["resolution_due"])
        share_ok = bool(resolved) and disclosure.allowed(len(resolved), minimum)
        return {
            "requests": n,
            "municipalities": len({r["municipality__code"] for r in items}),
            "per_1000_inhabitants": round(1000 * n / population, 2) if population else None,
            "resolved": len(resolved) if disclosure.allowed(len(resolved), minimum) else None,
            "within_target_pct": round(100 * within / len(resolved), 1) if share_ok else None,
            "suppressed": False,
        }

    by_comarca: dict[str, list[dict[str, Any]]] = {}
    by_band: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_comarca.setdefault(r["municipality__comarca__code"], []).append(r)
        by_band.setdefault(r["municipality__population_band"] or "", []).append(r)
    comarca_list = list(Comarca.objects.order_by("name").values("code", "name"))
    hidden_comarques = disclosure.suppressed(
        {c["code"]: len(by_comarca.get(c["code"], [])) for c in comarca_list}, minimum
    )
    hidden_bands = disclosure.suppressed(
        {b.code: len(by_band.get(b.code, [])) for b in BANDS}, minimum
    )
    comarques = [
        {
            "code": c["code"],
            "name": c["name"],
            **group(
                by_comarca.get(c["code"], []),
                population_by_comarca.get(c["code"], 0),
                c["code"] in hidden_comarques,
            ),
        }
        for c in comarca_list
    ]
    bands = [
        {
            "code": band.code,
            "label": band.label,
            **group(
                by_band.get(band.code, []),
                population_by_band.get(band.code, 0),
                band.code in hidden_bands,
            ),
        }
        for band in BANDS
    ]
    total = group(
        rows, sum(population_by_comarca.values()), not disclosure.allowed(len(rows), minimum)
    )
    return {
        "as_of": as_of,
        "minimum_group": minimum,
        "total": total,
        "comarques": comarques,
        "bands": bands,
    }
