"""Small governance data for tests: a Board of five voting members plus a secretary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localret.governance import services
from localret.governance.models import Body, Member, MemberEntity

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
