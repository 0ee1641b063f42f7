"""The diagnosis and participation demos on a small stand-in of the 2020-2023 plan."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.accounts.roles import Role
from localret.diagnosis import demo as diagnosis_demo
from localret.diagnosis.models import Finding, Stakeholder
from localret.participation import demo, diffing
from localret.participation.models import Comment, Consultation, PlanVersion, Proposal
from localret.strategy import services as strategy
from localret.strategy.models import ActionLine, StrategicObjective

from ..conftest import make_user
from .factories import make_plan

pytestmark = pytest.mark.django_db


def _stand_in():
    staff = make_user("tecnic", Role.STAFF)
    make_user("collaborador", Role.COLLABORATOR)
    plan = make_plan(demo.PLAN)
    oe2 = StrategicObjective.objects.get(plan=plan, code="OE2")
    ActionLine.objects.create(objective=oe2, code="2.4", name="Replicació de bones pràctiques")
    oe3 = StrategicObjective.objects.create(
        plan=plan, code="OE3", name="Connectivitat", description="Fibra. I 5G."
    )
    ActionLine.objects.create(objective=oe3, code="3.1", name="Fibra òptica")
    strategy.plan_approve(plan=plan, by=staff, agreement_ref="CA 2020/07")
    strategy.plan_close(plan=plan, by=staff, agreement_ref="CA 2023/12")
    return plan


def test_demo_drafts_three_versions_before_the_approved_one():
    plan = _stand_in()
    assert "findings" in diagnosis_demo.load(seed=2020, today=dt.date(2026, 1, 1))
    summary = demo.load(seed=2020, today=dt.date(2026, 1, 1))
    versions = list(PlanVersion.objects.filter(plan=plan))
    assert [(v.number, v.status) for v in versions] == [
        (1, "draft"),
        (2, "draft"),
        (3, "draft"),
        (4, "approved"),
    ]
    assert [v.created_at.date() < dt.date(2020, 7, 1) for v in versions[:3]] == [True] * 3
    assert all(v.is_demo for v in versions[:3])
    d12 = diffing.diff(versions[0].snapshot, versions[1].snapshot)
    assert [(c["kind"], c["element"]) for c in d12] == [("changed", "action_line:1.2")]
    d23 = diffing.diff(versions[1].snapshot, versions[2].snapshot)
    assert [(c["kind"], c["element"]) for c in d23] == [("added", "action_line:2.4")]
    assert diffing.diff(versions[2].snapshot, versions[3].snapshot)
    consultation = Consultation.objects.get(plan=plan)
    assert consultation.opens_on == dt.date(2020, 3, 16) and consultation.is_demo
    assert consultation.invitations.get().user.username == "collaborador"
    accepted = Proposal.objects.filter(status="accepted").order_by("created_at")
    assert [p.resulting_version.number for p in accepted] == [2, 3]
    assert {p.author.username for p in Proposal.objects.all()} == {"tecnic", "collaborador"}
    assert Comment.objects.filter(consultation=consultation).count() == 6
    assert plan.lessons.count() == 4  # OE1-OE3 of the stand-in and one general
    assert "3 drafts before approved version 4" in summary
    assert Finding.objects.filter(plan=plan, is_demo=True).count() == 14
    assert Stakeholder.objects.filter(plan=plan, is_demo=True).count() == 10
    # Once loaded, loading again changes nothing.
    assert demo.load(seed=2020, today=dt.date(2026, 1, 1)) == "participation already present"
    assert PlanVersion.objects.filter(plan=plan).count() == 4


def test_demo_is_deterministic():
    plan = _stand_in()
    demo.load(seed=7, today=dt.date(2026, 1, 1))
    first = [v.snapshot for v in PlanVersion.objects.filter(plan=plan)]
    Consultation.objects.all().delete()
    PlanVersion.objects.filter(status="draft").delete()
    approved = PlanVersion.objects.get(plan=plan)
    from django.db import models

    models.QuerySet(model=PlanVersion).filter(pk=approved.pk).update(number=1)
    plan.lessons.all().delete()
    demo.load(seed=7, today=dt.date(2026, 1, 1))
    assert [v.snapshot for v in PlanVersion.objects.filter(plan=plan)] == first


def test_demo_skips_without_the_plan():
    assert demo.load(seed=1, today=dt.date(2026, 1, 1)).startswith("skipped")
    assert diagnosis_demo.load(seed=1, today=dt.date(2026, 1, 1)).startswith("skipped")
