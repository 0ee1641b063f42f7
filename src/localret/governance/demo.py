"""Demo governance: bodies with members, quarterly Board meetings from July 2020 to today,
yearly General Assemblies, a monitoring committee, agreements (the July 2020 one approves the
2020-2023 plan) and follow-up tasks, some of them overdue. Deterministic from the seed; every
row is labelled ``is_demo``. The names of people are invented."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from localret.core import catalan

from . import selectors, services
from .models import Agreement, Body, FollowUp, Member, MemberEntity

PLAN_2020 = "pla-estrategic-2020-2023"
PLAN_2024 = "pla-estrategic-2024-2027"
APPROVAL_2020 = "CA 2020/07"

FIRST = [
    "Anna",
    "Jordi",
    "Marta",
    "Pere",
    "Laia",
    "Joan",
    "Núria",
    "Xavier",
    "Montse",
    "Oriol",
    "Carme",
    "Albert",
    "Mireia",
    "Ramon",
    "Gemma",
    "Sergi",
    "Rosa",
    "Enric",
    "Sílvia",
    "Pau",
]
LAST = [
    "Puig",
    "Soler",
    "Vidal",
    "Ferrer",
    "Serra",
    "Font",
    "Roca",
    "Casas",
    "Pujol",
    "Riera",
    "Mas",
    "Camps",
    "Vila",
    "Bosch",
    "Sala",
    "Costa",
    "Grau",
    "Prat",
    "Rovira",
    "Coll",
]
ENTITY_MUNICIPALITIES = [
    "080193",
    "082981",
    "171143",
    "250907",
    "431482",
    "170792",
    "081213",
    "082009",
    "080736",
    "252077",
    "431233",
    "171607",
]
TOPICS = [
    ("Pressupost de l'exercici", "Aprovar el pressupost del consorci i les tarifes dels serveis."),
    (
        "Contractació agregada de telecomunicacions",
        "Adjudicar el contracte agregat de telecomunicacions municipals.",
    ),
    (
        "Oficina de ciberseguretat",
        "Estendre l'oficina municipal de ciberseguretat a més ajuntaments.",
    ),
    ("Pla de formació", "Aprovar el pla de formació del personal municipal i dels electes."),
    (
        "Conveni de connectivitat",
        "Signar el conveni amb la xarxa pública catalana de fibra òptica.",
    ),
    ("Catàleg de serveis", "Actualitzar el catàleg de serveis i les seves condicions."),
    ("Comptes anuals", "Aprovar els comptes anuals i l'informe de gestió."),
    (
        "Proves pilot d'innovació",
        "Obrir una convocatòria de proves pilot d'innovació digital amb els ajuntaments.",
    ),
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)} (demo)"


def _quarters(start: dt.date, today: dt.date) -> list[dt.date]:
    dates = []
    year, month = start.year, start.month
    while True:
        day = dt.date(year, month, 15 if month != 7 else 21)
        if day > today:
            break
        dates.append(day)
        month += 3
        if month > 12:
            month -= 12
            year += 1
    return dates


def _ref_date(ref: str, fallback: dt.date) -> dt.date:
    """The meeting date an agreement reference such as "CA 2024/02" points to (the 20th)."""
    match = re.search(r"(\d{4})/(\d{2})", ref)
    if match is None:
        return fallback
    return dt.date(int(match.group(1)), int(match.group(2)), 20)


def _plan_item(plan: Any, kind: str) -> dict[str, Any] | None:
    """The Board agreement that approved or closed a plan in strategy's demo (same reference,
    so that it is linked, not approved twice), at the date its reference names."""
    if plan is None:
        return None
    ref = plan.closure_ref if kind == "closure" else plan.approval_ref
    if not ref or Agreement.objects.filter(number=ref).exists():
        return None
    closure = kind == "closure"
    return {
        "day": _ref_date(ref, plan.period_end if closure else plan.period_start),
        "number": ref,
        "title": f"{'Tancament' if closure else 'Aprovació'} del {plan.name}",
        "text": f"El Consell d'Administració {'tanca' if closure else 'aprova'} el {plan.name}.",
        "kind": Agreement.Kind.PLAN_CLOSURE if closure else Agreement.Kind.PLAN_APPROVAL,
        "plan": plan,
        "public": True,
        "tasks": 0,
    }


def load(*, seed: int, today: dt.date) -> str:
    from localret.territory.interface import Comarca, Municipality

    rng = random.Random(seed + 7)
    board = Body.objects.create(
        code="consell-administracio",
        name="Consell d'Administració",
        kind=Body.Kind.BOARD,
        is_demo=True,
    )
    assembly = Body.objects.create(
        code="assemblea-general", name="Assemblea General", kind=Body.Kind.ASSEMBLY, is_demo=True
    )
    committee = Body.objects.create(
        code="comissio-seguiment-pla",
        name="Comissió de seguiment del Pla estratègic",
        kind=Body.Kind.COMMITTEE,
        is_demo=True,
    )
    entities: list[MemberEntity] = []
    for code in ENTITY_MUNICIPALITIES:
        m = Municipality.objects.filter(code=code).first()
        if m is None:
            continue
        entities.append(
            services.entity_create(
                name=f"Ajuntament {catalan.de(m.name)}",
                kind=MemberEntity.Kind.AJUNTAMENT,
                adhesion_date=dt.date(1997 + rng.randint(0, 20), rng.randint(1, 12), 1),
                municipality=m,
                is_demo=True,
            )
        )
    for comarca in Comarca.objects.order_by("code")[:4]:
        entities.append(
            services.entity_create(
                name=f"Consell Comarcal {catalan.de(catalan.comarca_with_article(comarca.name))}",
                kind=MemberEntity.Kind.CONSELL_COMARCAL,
                adhesion_date=dt.date(2005, 1, 1),
                comarca=comarca,
                is_demo=True,
            )
        )
    for name, year in (("Diputació de Barcelona", 1997), ("Diputació de Girona", 2001)):
        entities.append(
            services.entity_create(
                name=name,
                kind=MemberEntity.Kind.DIPUTACIO,
                adhesion_date=dt.date(year, 1, 1),
                is_demo=True,
            )
        )
    entities.append(
        services.entity_create(
            name="Associació Catalana de Municipis",
            kind=MemberEntity.Kind.OTHER,
            adhesion_date=dt.date(1997, 1, 1),
            is_demo=True,
        )
    )

    terms = [(dt.date(2019, 7, 1), dt.date(2023, 6, 30)), (dt.date(2023, 7, 1), None)]

    def seat(body: Body, size: int) -> None:
        for start, end in terms:
            chosen = rng.sample(entities, size)
            for i, entity in enumerate(chosen):
                role = (
                    Member.Role.CHAIR
                    if i == 0
                    else (Member.Role.VICE_CHAIR if i == 1 else Member.Role.MEMBER)
                )
                services.member_create(
                    body=body,
                    entity=entity,
                    person_name=_person(rng),
                    role=role,
                    term_start=start,
                    term_end=end,
                    is_demo=True,
                    email=f"membre{rng.randint(100, 999)}@example.invalid",
                )
            services.member_create(
                body=body,
                entity=entities[-1],
                person_name=_person(rng),
                role=Member.Role.SECRETARY,
                term_start=start,
                term_end=end,
                is_demo=True,
            )

    seat(board, 9)
    seat(assembly, 15)
    seat(committee, 5)

    from localret.strategy.interface import Plan

    plan_2020 = Plan.objects.filter(slug=PLAN_2020).first()
    plan_2024 = Plan.objects.filter(slug=PLAN_2024).first()

    counters: dict[str, int] = {}
    n_agreements = n_follow = 0

    def hold(body: Body, day: dt.date, prefix: str, items: list[dict[str, Any]]) -> None:
        nonlocal n_agreements, n_follow
        meeting = services.meeting_create(
            body=body,
            date=day,
            title=f"{body.name}, {day:%d/%m/%Y}",
            agenda=["Aprovació de l'acta de la sessió anterior"]
            + [i["title"] for i in items]
            + ["Precs i preguntes"],
            location="Seu de Localret, Barcelona",
            by=None,
            is_demo=True,
        )
        members = list(selectors.members_on(body, day))
        voting = [m for m in members if m.votes]
        absent = set(
            rng.sample(
                [m.pk for m in voting if m.role != Member.Role.CHAIR],
                k=rng.randint(0, max(0, len(voting) // 2 - 1)),
            )
        )
        present = [m for m in members if m.pk not in absent]
        services.attendance_record(meeting=meeting, present=present, by=None)
        n_present = sum(1 for m in present if m.votes)
        for item in items:
            key = f"{prefix} {day.year}"
            counters[key] = counters.get(key, 0) + 1
            number = item.get("number") or f"{prefix} {day.year}/{day.month:02d}-{counters[key]}"
            against = rng.randint(0, 1) if n_present > 3 else 0
            abst = rng.randint(0, 1)
            agreement = services.agreement_record(
                meeting=meeting,
                number=number,
                title=item["title"],
                text=item["text"],
                kind=item.get("kind", Agreement.Kind.GENERAL),
                votes_for=n_present - against - abst,
                votes_against=against,
                abstentions=abst,
                is_public=item.get("public", rng.random() < 0.8),
                plan=item.get("plan"),
                by=None,
                is_demo=True,
            )
            n_agreements += 1
            for k in range(item.get("tasks", rng.randint(0, 2))):
                due = day + dt.timedelta(days=rng.randint(30, 200))
                if due < today - dt.timedelta(days=300) or rng.random() < 0.3:
                    status, done = FollowUp.Status.DONE, min(due, today)
                elif rng.random() < 0.5:
                    status, done = FollowUp.Status.IN_PROGRESS, None
                else:
                    status, done = FollowUp.Status.PENDING, None
                fu = services.follow_up_create(
                    agreement=agreement,
                    title=f"{item['title']}: tasca {k + 1}",
                    due_date=due,
                    by=None,
                    is_demo=True,
                )
                if status != FollowUp.Status.PENDING:
                    services.follow_up_set_status(
                        follow_up=fu, status=status, by=None, today=done or today
                    )
                n_follow += 1

    for day in _quarters(dt.date(2020, 7, 1), today):
        items: list[dict[str, Any]] = []
        if day == dt.date(2020, 7, 21):
            items.append(
                {
                    "number": (plan_2020.approval_ref if plan_2020 else "") or APPROVAL_2020,
                    "title": "Aprovació del Pla estratègic 2020-2023",
                    "text": "El Consell d'Administració aprova el Pla estratègic 2020-2023 de "
                    "Localret, amb la seva missió, visió, valors i quatre objectius.",
                    "kind": Agreement.Kind.PLAN_APPROVAL if plan_2020 else Agreement.Kind.GENERAL,
                    "plan": plan_2020,
                    "public": True,
                    "tasks": 1,
                }
            )
        for title, text in rng.sample(TOPICS, rng.randint(1, 3)):
            items.append({"title": title, "text": text})
        hold(board, day, "CA", items)
        if day.month == 7:
            hold(
                assembly,
                day + dt.timedelta(days=7),
                "AG",
                [{"title": "Comptes anuals", "text": "Aprovar els comptes anuals."}],
            )
        if day.month in (1, 7):
            hold(
                committee,
                day + dt.timedelta(days=14),
                "CS",
                [
                    {
                        "title": "Informe de seguiment del pla",
                        "text": "Prendre coneixement de l'informe de seguiment del pla estratègic.",
                        "tasks": 1,
                    }
                ],
            )
    for ref_plan, kind in ((plan_2020, "closure"), (plan_2024, "approval")):
        item = _plan_item(ref_plan, kind)
        if item is not None and item["day"] <= today:
            hold(board, item.pop("day"), "CA", [item])
    return f"{Body.objects.count()} bodies, {n_agreements} agreements, {n_follow} follow-ups (demo)"
