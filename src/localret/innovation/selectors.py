"""Reads of the innovation portfolio, for this app's views and API and for other apps.

Public reads for other apps (governance's territorial-balance index, the transparency portal):

- :func:`pilots_by_municipality` -> ``{code: [PilotRef, ...]}``: the pilots each municipality
  took part in (``role="participant"``) or adopted through an offer (``role="adopter"``).
  By default only public pilots that have started (stage pilot, evaluation, scaling, stopped).
- :func:`pilot_counts_by_municipality` -> ``{code: n}``: the same, counted.

Both take no user: they only return public information unless ``public_only=False`` is passed
by a caller that has already checked that its user may read internal data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from localret.core import cache as data_cache
from localret.core.formatting import sentence
from localret.territory.interface import BANDS, band_label

from . import permissions
from .features import FeatureSet, load_features
from .models import CriterionResult, Evaluation, Idea, Offer, Participation, Pilot
from .replication import Reason, criterion_met, rank, worked_in

Stage = Pilot.Stage
STARTED_STAGES = (Stage.PILOT, Stage.EVALUATION, Stage.SCALING, Stage.STOPPED)
BOARD_STAGES = (Stage.IDEA, Stage.PILOT, Stage.EVALUATION, Stage.SCALING, Stage.STOPPED)


def _base() -> QuerySet[Pilot]:
    return Pilot.objects.select_related("action_line", "action_line__objective").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("municipality").order_by(
                "municipality__search_name"
            ),
        )
    )


def pilot_list(*, user: Any, stage: str = "") -> QuerySet[Pilot]:
    """Pilots the user may see (public ones; all for staff and Board), optionally one stage."""
    qs = _base()
    if not permissions.can_view_internal(user):
        qs = qs.filter(is_public=True)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("name", "pk")


def pilot_get(*, user: Any, pk: int) -> Pilot | None:
    pilot = _base().filter(pk=pk).first()
    if pilot is None or not permissions.can_view_pilot(user, pilot):
        return None
    return pilot


def public_pilot_name(pk: int) -> str | None:
    """The name of a public pilot (what anyone may read of it), None for any other: from the
    names kept once per version of the portfolio in each process (core/cache.py), so that a
    page whose content is a kept fragment has its title and its 404 without a query."""
    names: dict[int, str] = data_cache.cached(
        "innovation:public-pilot-names",
        reads=("innovation",),
        build=lambda: dict(Pilot.objects.filter(is_public=True).values_list("pk", "name")),
        local=True,
    )
    return names.get(pk)


def participant_codes(pilot: Pilot) -> list[str]:
    return [p.municipality.code for p in pilot.participations.all()]


def board(*, user: Any) -> list[dict[str, Any]]:
    """Columns of the board: one per stage, with the pilots the user may see."""
    columns: dict[str, list[Pilot]] = {s: [] for s in BOARD_STAGES}
    for pilot in pilot_list(user=user):
        columns[pilot.stage].append(pilot)
    return [
        {"stage": s, "label": Stage(s).label, "pilots": columns[s], "moves": _moves_from(s)}
        for s in BOARD_STAGES
    ]


def _moves_from(stage: str) -> list[tuple[str, str]]:
    from .services import MANUAL_MOVES

    return [(str(s), str(Stage(s).label)) for s in BOARD_STAGES if s in MANUAL_MOVES[stage]]


def evaluations_for(*, user: Any, pilot: Pilot) -> list[Evaluation]:
    qs = pilot.evaluations.select_related("decided_by").prefetch_related(
        Prefetch(
            "results",
            queryset=CriterionResult.objects.select_related("criterion", "municipality"),
        )
    )
    if not permissions.can_view_internal(user):
        qs = qs.exclude(decision="")
    return list(qs)


def evaluation_get(*, user: Any, pk: int) -> Evaluation | None:
    evaluation = Evaluation.objects.select_related("pilot").filter(pk=pk).first()
    if evaluation is None or not permissions.can_view_evaluation(user, evaluation):
        return None
    return evaluation


def evaluation_table(evaluation: Evaluation) -> dict[str, Any]:
    """Results per criterion (rows) and participating municipality (columns), each cell with
    its value and whether it met the target; plus where the pilot worked."""
    pilot = evaluation.pilot
    criteria = list(pilot.criteria.all())
    municipalities = [p.municipality for p in pilot.participations.select_related("municipality")]
    results = {
        (r.criterion_id, r.municipality_id): r
        for r in evaluation.results.all()  # prefetched when available
    }
    rows = []
    for criterion in criteria:
        cells = []
        for municipality in municipalities:
            result = results.get((criterion.pk, municipality.pk))
            met = (
                None
                if result is None
                else criterion_met(
                    criterion.direction,
                    float(criterion.baseline),
                    float(criterion.target),
                    float(result.value),
                )
            )
            cells.append({"municipality": municipality, "result": result, "met": met})
        rows.append({"criterion": criterion, "cells": cells})
    worked = set(_worked_codes(evaluation))
    return {
        "municipalities": municipalities,
        "rows": rows,
        "worked_in": worked,
        "worked_names": [m.name for m in municipalities if m.code in worked],
    }


def _result_tuples(evaluation: Evaluation) -> list[tuple[str, str, float, float, float]]:
    return [
        (
            r.municipality.code,
            r.criterion.direction,
            float(r.criterion.baseline),
            float(r.criterion.target),
            float(r.value),
        )
        for r in evaluation.results.select_related("criterion", "municipality")
    ]


def _worked_codes(evaluation: Evaluation) -> list[str]:
    return worked_in(_result_tuples(evaluation), participant_codes(evaluation.pilot))


def seeds_for(pilot: Pilot) -> tuple[list[str], str]:
    """Where the pilot worked, and on what basis: ``"worked"`` (every criterion met there in
    the latest evaluation with results, decided ones first) or ``"participants"`` (no result
    yet, or it worked nowhere: all participants, a provisional basis)."""
    evaluations = list(pilot.evaluations.filter(results__isnull=False).distinct())
    evaluations.sort(key=lambda e: (e.is_decided, e.decided_on or e.started_on, e.pk))
    if evaluations:
        codes = _worked_codes(evaluations[-1])
        if codes:
            return codes, "worked"
    return sorted(participant_codes(pilot)), "participants"


def adopter_codes(pilot: Pilot) -> list[str]:
    return sorted(
        pilot.offers.filter(status=Offer.Status.ADOPTED).values_list(
            "municipality__code", flat=True
        )
    )


def excluded_codes(pilot: Pilot) -> set[str]:
    """Municipalities that must never be recommended: participants and adopters."""
    return set(participant_codes(pilot)) | set(adopter_codes(pilot))


def reason_text(reason: Reason) -> str:
    """One clause of "similar because ...", in the active language (with Catalan elision and
    contraction: "a menys de 5,4 del d'Olot", "semblant al Masnou")."""
    return sentence(_reason_text(reason))


def _reason_text(reason: Reason) -> str:
    seed = reason.seed_name
    c, s = reason.candidate_value, reason.seed_value

    def num(value: Any, digits: int = 0) -> str:
        if value is None:
            return "–"
        return number_format(round(float(value), digits), digits, force_grouping=True)

    if reason.kind == "band":
        # the band in the page's figures (the features are cached, whatever the language)
        code = next((b.code for b in BANDS if c in (b.code, b.label)), None)
        band = band_label(code) if code else c
        return _("population band like %(seed)s (%(band)s)") % {"seed": seed, "band": band}
    if reason.kind == "population":
        return _("population close to %(seed)s (%(c)s vs %(s)s inhabitants)") % {
            "seed": seed,
            "c": num(c),
            "s": num(s),
        }
    if reason.kind == "comarca":
        return _("same comarca as %(seed)s (%(comarca)s)") % {"seed": seed, "comarca": c}
    if reason.kind == "density":
        return _("density like %(seed)s (%(c)s vs %(s)s inhabitants/km²)") % {
            "seed": seed,
            "c": num(c, 1),
            "s": num(s, 1),
        }
    if reason.kind == "ageing":
        gap = abs(float(c or 0) - float(s or 0))
        return _("ageing index within %(gap)s of %(seed)s (%(c)s vs %(s)s)") % {
            "gap": num(gap, 1),
            "seed": seed,
            "c": num(c, 1),
            "s": num(s, 1),
        }
    if reason.kind == "income":
        return _("income per person like %(seed)s (%(c)s € vs %(s)s €)") % {
            "seed": seed,
            "c": num(c),
            "s": num(s),
        }
    if reason.kind == "maturity":
        return _("digital maturity like %(seed)s (%(c)s vs %(s)s)") % {
            "seed": seed,
            "c": num(c),
            "s": num(s),
        }
    return _("closest overall to %(seed)s") % {"seed": seed}


@dataclass
class ReplicationResult:
    items: list[dict[str, Any]]
    basis: str
    seeds: list[dict[str, str]]
    features_used: tuple[str, ...]
    notes: list[str] = field(default_factory=list)


def feature_notes(features: FeatureSet) -> list[str]:
    notes = []
    if "emex_missing" in features.notes:
        notes.append(
            _(
                "The EMEX indicators file is not in the data directory: similarity uses the "
                "register only (population, density from the register's area, comarca)."
            )
        )
    if "maturity_missing" in features.notes:
        notes.append(_("No maturity profiles are available: maturity is left out."))
    return notes


def replication(
    *, pilot: Pilot, limit: int = 20, features: FeatureSet | None = None
) -> ReplicationResult:
    """Municipalities that resemble those where the pilot worked, best first, each explained.
    Participants and adopters are never included; existing offers are shown with their
    status."""
    features = features or load_features()
    seed_codes, basis = seeds_for(pilot)
    seeds = [features.rows[c] for c in seed_codes if c in features.rows]
    ranking = rank(
        features.rows.values(),
        seeds,
        exclude=excluded_codes(pilot),
        limit=limit,
    )
    offers = dict(pilot.offers.values_list("municipality__code", "status"))
    offer_labels = {code: str(label) for code, label in Offer.Status.choices}
    items = [
        {
            "municipality": rec.code,
            "name": rec.name,
            "score": round(rec.score, 3),
            "nearest": rec.nearest_code,
            "nearest_name": rec.nearest_name,
            "reasons": [reason_text(r) for r in rec.reasons],
            "offer_status": offers.get(rec.code, ""),
            "offer_status_label": offer_labels.get(offers.get(rec.code, ""), ""),
        }
        for rec in ranking
    ]
    return ReplicationResult(
        items=items,
        basis=basis,
        seeds=[{"code": s.code, "name": s.name} for s in seeds],
        features_used=features.used,
        notes=feature_notes(features),
    )


def offers_for(*, user: Any, pilot: Pilot) -> list[Offer]:
    qs = pilot.offers.select_related("municipality")
    if not permissions.can_view_internal(user):
        from localret.accounts.interface import municipality_codes

        qs = qs.filter(municipality__code__in=municipality_codes(user))
    return list(qs)


def idea_list(*, user: Any) -> QuerySet[Idea]:
    qs = Idea.objects.select_related("municipality", "proposer").prefetch_related("pilots")
    if permissions.can_view_internal(user):
        return qs
    from localret.accounts.interface import municipality_codes

    return qs.filter(municipality__code__in=municipality_codes(user))


@dataclass(frozen=True)
class PilotRef:
    id: int
    name: str
    stage: str
    role: str  # "participant" | "adopter"
    start_date: dt.date | None = None  # the pilot's start (participants) or adoption date


def pilots_by_municipality(
    *,
    codes: Iterable[str] | None = None,
    public_only: bool = True,
    stages: Iterable[str] = STARTED_STAGES,
    as_of: dt.date | None = None,
) -> dict[str, list[PilotRef]]:
    """Pilots per municipality code: participations, then adoptions (see the module doc).

    ``codes`` limits the municipalities; ``stages`` the pilot stages (default: started ones);
    ``public_only`` (default) keeps public pilots only; ``as_of`` keeps participations in
    pilots started by then and adoptions dated by then (stages are today's). Two queries
    whatever the size."""
    stage_list = list(stages)
    part = Participation.objects.filter(pilot__stage__in=stage_list)
    adopt = Offer.objects.filter(status=Offer.Status.ADOPTED, pilot__stage__in=stage_list)
    if as_of is not None:
        part = part.filter(pilot__start_date__lte=as_of)
        adopt = adopt.filter(adopted_on__lte=as_of)
    if public_only:
        part = part.filter(pilot__is_public=True)
        adopt = adopt.filter(pilot__is_public=True)
    if codes is not None:
        code_list = list(codes)
        part = part.filter(municipality__code__in=code_list)
        adopt = adopt.filter(municipality__code__in=code_list)
    out: dict[str, list[PilotRef]] = defaultdict(list)
    for code, pk, name, stage, start in part.values_list(
        "municipality__code", "pilot_id", "pilot__name", "pilot__stage", "pilot__start_date"
    ).order_by("municipality__code", "pilot__name"):
        out[code].append(PilotRef(pk, name, stage, "participant", start))
    for code, pk, name, stage, adopted in adopt.values_list(
        "municipality__code", "pilot_id", "pilot__name", "pilot__stage", "adopted_on"
    ).order_by("municipality__code", "pilot__name"):
        out[code].append(PilotRef(pk, name, stage, "adopter", adopted))
    return dict(out)


def pilot_counts_by_municipality(**kwargs: Any) -> dict[str, int]:
    return {code: len(refs) for code, refs in pilots_by_municipality(**kwargs).items()}


# Computed indicators for the plan (registered in apps.InnovationConfig.ready()).


def _run_by(as_of: dt.date) -> tuple[set[int], dict[str, float]]:
    rows = Participation.objects.filter(
        pilot__start_date__lte=as_of, pilot__stage__in=STARTED_STAGES
    ).values_list("pilot_id", "municipality__code")
    pilots: set[int] = set()
    by: dict[str, float] = defaultdict(float)
    for pk, code in rows:
        pilots.add(pk)
        by[code] += 1
    return pilots, dict(by)


def _scaled_pilot_ids(as_of: dt.date) -> set[int]:
    return set(
        Evaluation.objects.filter(
            decision=Evaluation.Decision.SCALE, decided_on__lte=as_of
        ).values_list("pilot_id", flat=True)
    )


def computed_pilots_run(as_of: dt.date) -> tuple[float, dict[str, float]]:
    """Pilots that had started by ``as_of``; per municipality: pilots it took part in."""
    pilots, by = _run_by(as_of)
    return float(len(pilots)), by


def computed_pilots_scaled(as_of: dt.date) -> tuple[float, dict[str, float]]:
    """Pilots with a decision to scale by ``as_of``; per municipality: those it took part in."""
    scaled = _scaled_pilot_ids(as_of)
    by: dict[str, float] = defaultdict(float)
    for code in Participation.objects.filter(pilot_id__in=scaled).values_list(
        "municipality__code", flat=True
    ):
        by[code] += 1
    return float(len(scaled)), dict(by)


def computed_municipalities_reached(as_of: dt.date) -> tuple[float, dict[str, float]]:
    """Municipalities reached by scaled solutions by ``as_of``: participants of pilots decided
    to scale, and municipalities that adopted one; 1 per municipality reached."""
    scaled = _scaled_pilot_ids(as_of)
    codes = set(
        Participation.objects.filter(pilot_id__in=scaled).values_list(
            "municipality__code", flat=True
        )
    )
    codes |= set(
        Offer.objects.filter(Q(status=Offer.Status.ADOPTED) & Q(adopted_on__lte=as_of)).values_list(
            "municipality__code", flat=True
        )
    )
    return float(len(codes)), dict.fromkeys(sorted(codes), 1.0)
