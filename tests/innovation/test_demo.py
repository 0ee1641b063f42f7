"""The innovation demo alone (small: twelve pilots), deterministic and labelled demo."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.innovation import demo, selectors
from localret.innovation.models import Evaluation, Offer, Pilot

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return sorted(
        (p.name, p.stage, tuple(sorted(selectors.participant_codes(p))))
        for p in Pilot.objects.prefetch_related("participations__municipality")
    )


def test_demo_has_a_dozen_pilots_at_every_stage_and_one_scaled_with_offers(staff_user):
    summary = demo.load(seed=2020, today=dt.date(2025, 6, 1))
    assert "12 demo pilots" in summary
    assert set(Pilot.objects.values_list("stage", flat=True)) == set(Pilot.Stage.values)
    assert not Pilot.objects.filter(is_demo=False).exists()
    assert not Evaluation.objects.filter(is_demo=False).exists()
    sentilo = Pilot.objects.get(name__startswith="Xarxa de sensors Sentilo")
    assert sentilo.stage == "scaling"
    offers = Offer.objects.filter(pilot=sentilo)
    assert offers.count() == 5 and offers.filter(status="adopted").count() == 2
    codes = [i["municipality"] for i in selectors.replication(pilot=sentilo, limit=947).items]
    assert not set(codes) & set(selectors.excluded_codes(sentilo))
    assert len(codes) == 947 - 4 - 2
    assert all(e.decision == "" or e.reasons for e in Evaluation.objects.all())


def test_demo_is_deterministic(staff_user, django_db_blocker):
    demo.load(seed=7, today=dt.date(2025, 6, 1))
    first = _snapshot()
    first_offers = sorted(Offer.objects.values_list("municipality__code", "status"))
    Pilot.objects.all().delete()
    from localret.innovation.models import Idea

    Idea.objects.all().delete()
    demo.load(seed=7, today=dt.date(2025, 6, 1))
    assert _snapshot() == first
    assert sorted(Offer.objects.values_list("municipality__code", "status")) == first_offers
