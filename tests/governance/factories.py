"""Small governance data for tests: a Board of five voting members plus a secretary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from localret.governance import services
from localret.governance.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Body,
    FollowUp,
    Meeting,
    Member,
    MemberEntity,
)

from ..accounts.factories import UserFactory
from ..territory.factories import registered

DAY = dt.date(2024, 3, 15)


def board_with_members(n: int = 5, code: str = "ca") -> tuple[Body, list[Member]]:
    body = Body.objects.create(code=code, name=f"Consell {code}", kind=Body.Kind.BOARD)
    members = []
    for i in range(n + 1):
        entity = MemberEntity.objects.create(
            name=f"Entitat {code} {i}",
            kind=MemberEntity.Kind.OTHER,
            adhesion_date=dt.date(2000, 1, 1),
        )
        role = Member.Role.CHAIR if i == 0 else Member.Role.MEMBER
        if i == n:
            role = Member.Role.SECRETARY
        members.append(
            services.member_create(
                body=body,
                entity=entity,
                person_name=f"Persona {code} {i}",
                role=role,
                term_start=dt.date(2020, 1, 1),
            )
        )
    return body, members


def meeting_with_quorum(body: Body, members: list[Member], day: dt.date = DAY, by: Any = None):
    meeting = services.meeting_create(
        body=body, date=day, title=f"Sessió {day}", agenda=["A"], by=by
    )
    services.attendance_record(meeting=meeting, present=members, by=by)
    return meeting


def make_plan(slug: str = "pla-test", status: str = "draft") -> Any:
    from localret.strategy.models import Plan

    return Plan.objects.create(
        slug=slug,
        name=f"Pla {slug}",
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2023, 12, 31),
        mandate_end=dt.date(2023, 10, 1),
        status=status,
    )


# factory_boy factories: rows written directly (the services check quorum and votes); each
# passes ``full_clean()``. Pass ``plan=...`` etc. to tie an agreement to the plan.


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    code = factory.Sequence(lambda n: f"consell-prova-{n}")
    name = factory.Sequence(lambda n: f"Consell d'Administració de prova {n}")
    kind = Body.Kind.BOARD
    description = "Òrgan de govern del consorci."


class MemberEntityFactory(factory.django.DjangoModelFactory):
    """The town hall of Vic as a member of the consortium (a sequence keeps names unique)."""

    class Meta:
        model = MemberEntity

    name = factory.Sequence(lambda n: f"Ajuntament de Vic ({n})")
    kind = MemberEntity.Kind.AJUNTAMENT
    municipality = factory.LazyFunction(registered)
    adhesion_date = dt.date(1997, 5, 12)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    body = factory.SubFactory(BodyFactory)
    entity = factory.SubFactory(MemberEntityFactory)
    person_name = factory.Sequence(lambda n: f"Montserrat Puigdollers {n}")
    email = factory.Sequence(lambda n: f"regidoria{n}@example.org")
    role = Member.Role.MEMBER
    term_start = dt.date(2023, 7, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = DAY
    title = "Sessió ordinària del Consell d'Administració"
    location = "Seu de Localret, Barcelona"
    call = Meeting.Call.FIRST


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = "Aprovació de l'acta de la sessió anterior"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory, body=factory.SelfAttribute("..meeting.body"))
    present = True


class AgreementFactory(factory.django.DjangoModelFactory):
    """An approved, published general agreement (5 votes in favour, 1 abstention)."""

    class Meta:
        model = Agreement

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"CA-2024/{n + 1:03d}")
    title = "Adhesió al servei de ciberseguretat municipal"
    text = "S'aprova l'adhesió dels municipis sol·licitants al servei de ciberseguretat."
    kind = Agreement.Kind.GENERAL
    votes_for = 5
    votes_against = 0
    abstentions = 1
    result = Agreement.Result.APPROVED
    is_public = True


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    agreement = factory.SubFactory(AgreementFactory)
    title = "Comunicar l'acord als ajuntaments"
    responsible = factory.SubFactory(UserFactory)
    due_date = dt.date(2024, 4, 15)
    status = FollowUp.Status.PENDING
