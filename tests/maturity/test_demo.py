from __future__ import annotations

import datetime as dt

import pytest

from localret.maturity import demo
from localret.maturity.models import Adhesion, Answer, Assessment, Campaign, Project

from ..conftest import OLOT, VIC

pytestmark = pytest.mark.django_db


def snapshot() -> list:
    return list(
        Assessment.objects.order_by("campaign__year", "municipality__code").values_list(
            "municipality__code", "campaign__slug", "status", "overall"
        )
    )


def test_small_demo_is_deterministic_labelled_and_has_vic_draft():
    summary = demo.load(seed=7, today=dt.date(2025, 6, 1), size=25)
    assert "2 campaigns" in summary
    first = snapshot()
    answers = Answer.objects.count()
    assert Campaign.objects.filter(is_demo=True).count() == 2
    assert not Assessment.objects.filter(is_demo=False).exists()
    assert not Project.objects.filter(is_demo=False).exists()
    assert not Adhesion.objects.filter(is_demo=False).exists()
    vic = dict(
        Assessment.objects.filter(municipality__code=VIC).values_list("campaign__slug", "status")
    )
    assert vic == {"diagnosi-2021": "validated", "diagnosi-2023": "draft"}
    assert Assessment.objects.filter(municipality__code=OLOT, status="validated").count() == 2
    assert Project.objects.exists()
    # Vic's roadmap and project come from its validated 2021 assessment, Olot's from 2023; both
    # have items done and a next step still ahead of today.
    from localret.maturity.models import Milestone, Roadmap

    for code, campaign in ((VIC, "diagnosi-2021"), (OLOT, "diagnosi-2023")):
        roadmap = Roadmap.objects.get(municipality__code=code)
        assert roadmap.assessment.campaign.slug == campaign
        assert roadmap.items.filter(status="done").exists()
        ahead = Milestone.objects.filter(
            project__municipalities__code=code,
            done_on__isnull=True,
            due_date__gt=dt.date(2025, 6, 1),
        )
        assert ahead.exists(), code
    Answer.objects.all().delete()
    for model in (Project, Adhesion):
        model.objects.all().delete()
    from localret.maturity.models import Roadmap

    Roadmap.objects.all().delete()
    Assessment.objects.all().delete()
    Campaign.objects.all().delete()
    demo.load(seed=7, today=dt.date(2025, 6, 1), size=25)
    assert snapshot() == first
    assert Answer.objects.count() == answers
