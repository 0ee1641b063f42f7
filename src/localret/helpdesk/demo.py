"""Demo requests (deterministic from the seed; every request is labelled demo).

Vic and Olot have a history in every state (one of Vic's is overdue, one waits for the
municipality, Olot's pilot proposal became an innovation idea); the demo technician
(``tecnic``) has new requests to answer; and some eighty requests of town halls of six
comarques, opened on their behalf over the last year, make the public figures non-trivial.
The requests, their texts and their dates are illustrative. The history's notifications are
recorded in the app without sending e-mails.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from localret.territory.interface import Municipality

from . import calendar, notifications, services
from .models import Kind, Status

VIC = "082981"
OLOT = "171143"
COMARQUES = ("Osona", "Garrotxa", "Barcelonès", "Vallès Occidental", "Segrià", "Baix Empordà")
SUBJECTS = {
    Kind.ADVICE: [
        "Assessorament sobre el pla de transformació digital",
        "Com adaptem la seu electrònica a l'ENS?",
        "Dubtes sobre la publicació de dades obertes",
        "Contractació d'un servei de núvol",
    ],
    Kind.INCIDENT: [
        "La seu electrònica no carrega",
        "Error en la signatura de decrets",
        "Correu electrònic municipal caigut",
        "Certificat del servidor caducat",
    ],
    Kind.OTHER: ["Formació per al personal", "Sol·licitud de reunió", "Consulta general"],
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _user(username: str) -> Any:
    from localret.accounts.interface import User

    return User.objects.filter(username=username).first()


def _history(rng: random.Random, today: dt.date, staff: Any) -> int:
    municipalities = list(
        Municipality.objects.filter(comarca__name__in=COMARQUES)
        .exclude(code__in=[VIC, OLOT])
        .order_by("code")
    )
    if not municipalities:
        return 0
    created = 0
    for _i in range(80):
        municipality = rng.choice(municipalities)
        kind = rng.choice([Kind.ADVICE, Kind.ADVICE, Kind.INCIDENT, Kind.INCIDENT, Kind.OTHER])
        opened = today - dt.timedelta(days=rng.randint(20, 330))
        if not calendar.is_working_day(opened):
            opened = calendar.add_working_days(opened, 1)
        request = services.request_open(
            municipality=municipality,
            kind=kind,
            subject=rng.choice(SUBJECTS[kind]),
            description="Petició de demostració oberta per telèfon en nom de l'ajuntament.",
            priority=rng.choice(["normal", "normal", "high", "low"]),
            by=staff,
            now=_at(opened),
            is_demo=True,
        )
        created += 1
        answered = calendar.add_working_days(opened, rng.choice([0, 1, 1, 2, 3, 5]))
        services.message_post(
            request=request,
            body="Hem rebut la petició i ens en fem càrrec.",
            by=staff,
            now=_at(answered, 12),
        )
        late = rng.random() < 0.25
        spent = request.resolution_due
        days = calendar.working_days_between(opened, spent)
        resolved = calendar.add_working_days(
            opened, days + rng.randint(1, 8) if late else rng.randint(1, max(1, days))
        )
        if resolved < today:
            services.request_update(
                request=request, status=Status.RESOLVED, by=staff, today=resolved
            )
            request.refresh_from_db()
            if rng.random() < 0.6:
                services.survey_answer_recorded(request=request, rating=rng.choice([3, 4, 4, 5, 5]))
    return created


def _own(today: dt.date, staff: Any) -> int:
    """Vic's and Olot's requests, one per state, opened by their users."""
    vic, olot = _user("vic"), _user("olot")
    if vic is None or olot is None:
        return 0
    vic_m = Municipality.objects.get(code=VIC)
    olot_m = Municipality.objects.get(code=OLOT)

    def opened(days_ago: int) -> dt.date:
        day = today - dt.timedelta(days=days_ago)
        return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)

    def open_(by: Any, m: Any, kind: str, subject: str, text: str, days_ago: int) -> Any:
        return services.request_open(
            municipality=m,
            kind=kind,
            subject=subject,
            description=text,
            by=by,
            now=_at(opened(days_ago), 9),
            is_demo=True,
        )

    def answer(request: Any, body: str, day: dt.date) -> None:
        services.message_post(request=request, body=body, by=staff, now=_at(day, 11))

    from localret.maturity.interface import Service

    # Vic: resolved adhesion (with the satisfaction answer), in progress, waiting, overdue, new.
    adhesion = open_(
        vic,
        vic_m,
        Kind.ADHESION,
        "Adhesió al servei de ciberseguretat",
        "Volem adherir-nos al servei de ciberseguretat gestionada.",
        60,
    )
    answer(adhesion, "Us enviem el conveni d'adhesió per signar.", opened(58))
    service = Service.objects.filter(category="security").order_by("code").first()
    services.request_update(
        request=adhesion,
        by=staff,
        status=Status.RESOLVED,
        service=service,
        team="security",
        assignee=staff,
        today=opened(45),
    )
    adhesion.refresh_from_db()
    services.survey_answer_recorded(request=adhesion, rating=5)
    incident = open_(
        vic,
        vic_m,
        Kind.INCIDENT,
        "La seu electrònica no mostra els tràmits",
        "Des de dilluns la seu electrònica no mostra el catàleg de tràmits.",
        4,
    )
    answer(incident, "Ho estem revisant amb el proveïdor de la plataforma.", opened(3))
    services.request_update(
        request=incident, by=staff, status=Status.IN_PROGRESS, assignee=staff, team="services"
    )
    waiting = open_(
        vic,
        vic_m,
        Kind.ADVICE,
        "Assessorament per a l'arxiu electrònic",
        "Necessitem criteris per a l'arxiu electrònic únic.",
        15,
    )
    answer(waiting, "Ens podeu enviar el quadre de classificació actual?", opened(13))
    services.request_update(
        request=waiting, by=staff, status=Status.WAITING, assignee=staff, today=opened(13)
    )
    overdue = open_(
        vic,
        vic_m,
        Kind.ADVICE,
        "Pla d'acció de dades obertes",
        "Volem un pla per publicar dades obertes el 2027.",
        45,
    )
    services.request_update(
        request=overdue, by=staff, status=Status.TRIAGED, assignee=staff, priority="high"
    )
    open_(
        vic,
        vic_m,
        Kind.OTHER,
        "Formació en signatura electrònica",
        "Formació per a 12 persones de l'ajuntament.",
        1,
    )
    # Olot: a new project proposal (to answer), a pilot proposal resolved as an idea, a closed
    # incident and a reopened one.
    open_(
        olot,
        olot_m,
        Kind.PROJECT,
        "Projecte de gestió de la via pública",
        "Proposem un projecte per digitalitzar les llicències d'ocupació de la via pública.",
        2,
    )
    pilot = open_(
        olot,
        olot_m,
        Kind.PILOT,
        "Pilot de sensors d'aparcament",
        "Proposem provar sensors d'aparcament al centre.",
        90,
    )
    answer(pilot, "La passem a l'equip d'innovació.", opened(88))
    services.request_update(
        request=pilot, by=staff, status=Status.RESOLVED, team="innovation", today=opened(70)
    )
    closed = open_(
        olot,
        olot_m,
        Kind.INCIDENT,
        "No arriben les notificacions electròniques",
        "Els ciutadans no reben els avisos de notificació.",
        120,
    )
    answer(closed, "Resolt: la bústia de sortida estava plena.", opened(119))
    services.request_update(request=closed, by=staff, status=Status.RESOLVED, today=opened(118))
    services.request_update(request=closed, by=staff, status=Status.CLOSED, today=opened(110))
    reopened = open_(
        olot,
        olot_m,
        Kind.INCIDENT,
        "Errors en el padró en línia",
        "El certificat de padró en línia surt en blanc.",
        30,
    )
    answer(reopened, "Hem corregit la plantilla.", opened(29))
    services.request_update(request=reopened, by=staff, status=Status.RESOLVED, today=opened(27))
    services.message_post(
        request=reopened, body="Torna a sortir en blanc.", by=olot, now=_at(opened(8), 9)
    )
    services.request_update(request=reopened, by=staff, status=Status.REOPENED, today=opened(8))
    return 10


def load(*, seed: int, today: dt.date) -> str:
    staff = _user("tecnic")
    if staff is None:
        return "no demo technician: no demo requests"
    rng = random.Random(seed + 18)
    with notifications.emails_muted():
        own = _own(today, staff)
        history = _history(rng, today, staff)
    return f"{own + history} demo requests"
