"""Demo participatory drafting of the 2020-2023 plan (deterministic, labelled demo).

Spring 2020: the first draft after the diagnosis (version 1), a consultation with staff
(``tecnic``) and the outside collaborator (``collaborador``), two accepted proposals that
produced versions 2 and 3, rejected proposals with their public answers, comments and
supports; then the Board's approval in July 2020 (the approved version, frozen by the
``plan_approve`` hook when the strategy demo approved the plan). The drafts are derived from
the approved structure by undoing the changes the consultation made. Lessons learned are
recorded for the evaluation once the plan is closed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from . import diffing, services
from .models import Comment, Consultation, Invitation, Lesson, PlanVersion, Proposal, Support

PLAN = "pla-estrategic-2020-2023"


def _at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, 0))


def _older_name(name: str) -> str:
    if " i " in name:
        return name.split(" i ")[0]
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 2 else f"{name} (esborrany)"


def _changed(elements: dict[str, Any], key: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "changed",
        "element": key,
        "before": elements[key],
        "after": {**elements[key], **fields},
    }


def _pick(elements: dict[str, Any], etype: str, prefer: str) -> str:
    if prefer in elements:
        return prefer
    return next(k for k, e in elements.items() if e.get("type") == etype)


def load(*, seed: int, today: dt.date) -> str:
    from localret.accounts.interface import User
    from localret.strategy.interface import Plan

    plan = Plan.objects.filter(slug=PLAN).first()
    if plan is None:
        return f"skipped: plan {PLAN} not found"
    if Consultation.objects.filter(plan=plan).exists():
        return "participation already present"
    rng = random.Random(seed)
    staff = User.objects.filter(username="tecnic").first()
    collaborator = User.objects.filter(username="collaborador").first()

    approved = PlanVersion.objects.filter(plan=plan, status="approved").order_by("number").first()
    if approved is None:  # the strategy demo approved the plan before this app's hook existed
        approved = services.version_record(
            plan=plan,
            by=staff,
            note="Aprovat pel Consell d'Administració",
            status=PlanVersion.Status.APPROVED,
            created_at=plan.approved_at or _at(2020, 7, 30),
            agreement_ref=plan.approval_ref or "CA 2020/07",
            is_demo=True,
        )
    final = approved.snapshot
    elements = final["elements"]

    renamed = _pick(elements, "action_line", "action_line:1.2")
    added = _pick(elements, "action_line", "action_line:2.4")
    reworded = _pick(elements, "objective", "objective:OE3")
    indicators = sorted(
        (k for k, e in elements.items() if e.get("type") == "indicator" and e.get("target_value")),
        key=diffing.element_sort_key,
    )
    retargeted = rng.sample(indicators, min(2, len(indicators)))

    # Version 3 = approved minus the last edits before the Board (descendants of the added line,
    # the reworded objective, two targets); version 2 = v3 without the added line; version 1 =
    # v2 with the original name of the renamed line.
    from . import drafting

    late = [
        {"kind": "removed", "element": k, "before": elements[k], "after": None}
        for k in drafting.descendants(elements, added)
    ]
    description = elements[reworded].get("description") or ""
    late.append(
        _changed(
            elements,
            reworded,
            description=(description.split(".")[0] if "." in description else "")
            or "Connectivitat per a tots els municipis.",
        )
    )
    for key in retargeted:
        old = float(elements[key]["target_value"])
        late.append(_changed(elements, key, target_value=format(round(old * 0.9, 2), "g")))
    v3 = diffing.apply(final, late)
    v2 = diffing.apply(
        v3, [{"kind": "removed", "element": added, "before": v3["elements"][added], "after": None}]
    )
    v1 = diffing.apply(
        v2,
        [_changed(v2["elements"], renamed, name=_older_name(v2["elements"][renamed]["name"]))],
    )
    drafts = services.versions_prepend_drafts(
        plan=plan,
        drafts=[
            {
                "snapshot": v1,
                "created_at": _at(2020, 3, 13),
                "by": staff,
                "note": "Primer esborrany després de la diagnosi",
            },
            {
                "snapshot": v2,
                "created_at": _at(2020, 4, 22),
                "by": staff,
                "note": "Proposta acceptada: nom de la línia " + renamed.partition(":")[2],
            },
            {
                "snapshot": v3,
                "created_at": _at(2020, 5, 8),
                "by": staff,
                "note": "Proposta acceptada: nova línia " + added.partition(":")[2],
            },
        ],
        is_demo=True,
    )

    consultation = Consultation.objects.create(
        plan=plan,
        title="Consulta sobre l'esborrany del Pla Estratègic 2020-2023",
        description="Consulta al personal i a col·laboradors externs (dades de demostració).",
        opens_on=dt.date(2020, 3, 16),
        closes_on=dt.date(2020, 5, 31),
        status=Consultation.Status.CLOSED,
        created_by=staff,
        is_demo=True,
    )
    if collaborator is not None:
        Invitation.objects.create(consultation=consultation, user=collaborator, invited_by=staff)
    author_out = collaborator or staff

    def proposal(author: Any, when: dt.datetime, **fields: Any) -> Proposal:
        return Proposal.objects.create(
            consultation=consultation, author=author, created_at=when, is_demo=True, **fields
        )

    p1 = proposal(
        author_out,
        _at(2020, 3, 30),
        kind="change",
        element=renamed,
        fields={"name": elements[renamed]["name"]},
        rationale="El nom ha de dir que l'objectiu és eliminar el paper, no només digitalitzar.",
        status="accepted",
        answer="Acceptada: el nou nom expressa millor l'abast de la línia.",
        decided_by=staff,
        decided_at=_at(2020, 4, 22),
        resulting_version=drafts[1],
    )
    p2 = proposal(
        author_out,
        _at(2020, 4, 6),
        kind="add",
        element=added,
        parent=elements[added]["parent"],
        fields={"name": elements[added]["name"], "description": "Estendre el que funciona."},
        rationale="Les proves pilot només tenen sentit si el que funciona arriba a més municipis.",
        status="accepted",
        answer="Acceptada: s'afegeix la línia i se'n concretaran les iniciatives.",
        decided_by=staff,
        decided_at=_at(2020, 5, 8),
        resulting_version=drafts[2],
    )
    removable = _pick(elements, "action_line", "action_line:4.3")
    p3 = proposal(
        author_out,
        _at(2020, 4, 15),
        kind="remove",
        element=removable,
        rationale="El model econòmic és una qüestió interna, no estratègica.",
        status="rejected",
        answer="No acceptada: la sostenibilitat econòmica és condició del pla.",
        decided_by=staff,
        decided_at=_at(2020, 5, 12),
    )
    other_objective = _pick(elements, "objective", "objective:OE2")
    p4 = proposal(
        staff,
        _at(2020, 4, 28),
        kind="change",
        element=other_objective,
        fields={"name": "Innovació digital al servei dels municipis"},
        rationale="Redacció més directa.",
        status="rejected",
        answer="No acceptada: es manté la redacció alineada amb els estatuts.",
        decided_by=staff,
        decided_at=_at(2020, 5, 20),
    )
    Support.objects.bulk_create(
        [Support(proposal=p, user=staff) for p in (p1, p2, p3) if p.author != staff]
        + ([Support(proposal=p4, user=collaborator)] if collaborator else [])
    )
    comment_specs = [
        (staff, "plan", "La missió recull bé el paper de Localret.", (2020, 3, 18)),
        (author_out, renamed, "Cal incloure els municipis sense personal TIC.", (2020, 3, 25)),
        (staff, reworded, "Cal parlar de nuclis, no només de municipis.", (2020, 4, 2)),
        (
            author_out,
            "objective:OE4",
            "La governança ha d'incloure els petits municipis.",
            (2020, 4, 9),
        ),
        (staff, added, "Relacionar amb la diagnosi de maduresa.", (2020, 4, 21)),
        (
            author_out,
            retargeted[0] if retargeted else "plan",
            "L'objectiu sembla ambiciós.",
            (2020, 5, 4),
        ),
    ]
    bulk_create_with_history(
        [
            Comment(
                consultation=consultation,
                element=key if key in v1["elements"] or key in elements else "plan",
                author=author,
                text=text,
                created_at=_at(*day),
                is_demo=True,
            )
            for author, key, text, day in comment_specs
        ],
        Comment,
        default_user=staff,
    )
    lessons = 0
    if plan.status == "closed":
        texts = {
            "OE1": "L'acompanyament presencial als municipis petits és el que més ha funcionat.",
            "OE2": "Les proves pilot necessiten criteris d'èxit abans de començar.",
            "OE3": "La coordinació amb operadors condiciona els terminis de desplegament.",
            "OE4": "Publicar els acords del Consell ha millorat la confiança dels ens.",
            "": "Mesurar des del primer dia: els indicadors sense línia de base costen d'avaluar.",
        }
        rows = [
            Lesson(plan=plan, objective_code=code, text=text, author=staff, is_demo=True)
            for code, text in texts.items()
            if not code or plan.objectives.filter(code=code).exists()
        ]
        bulk_create_with_history(rows, Lesson, default_user=staff)
        lessons = len(rows)
    approved.refresh_from_db()
    return (
        f"consultation with 4 proposals and {len(comment_specs)} comments; "
        f"{len(drafts)} drafts before approved version {approved.number}; {lessons} lessons"
    )
