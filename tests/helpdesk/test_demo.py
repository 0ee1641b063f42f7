"""The demo's requests: Vic and Olot in several states, one overdue, work for the technician,
public figures that show something; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from localret.accounts import demo as accounts_demo
from localret.core.demo import DEMO_SEED
from localret.helpdesk import demo, selectors
from localret.helpdesk.models import Request

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def test_demo_requests(django_capture_on_commit_callbacks):
    accounts_demo.load(seed=DEMO_SEED, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load(seed=DEMO_SEED, today=TODAY).endswith("demo requests")
    assert mail.outbox == []  # the history's notifications are not e-mailed
    vic = Request.objects.filter(municipality__code="082981")
    olot = Request.objects.filter(municipality__code="171143")
    assert vic.values("status").distinct().count() >= 4
    assert olot.values("status").distinct().count() >= 3
    assert any(r.is_overdue(TODAY) for r in vic)
    assert all(r.is_demo for r in Request.objects.all())
    from localret.accounts.models import User

    tecnic = User.objects.get(username="tecnic")
    assert selectors.to_answer(tecnic, today=TODAY).exists()
    figures = selectors.public_figures(TODAY)
    shown = [c for c in figures["comarques"] if c["requests"]]
    assert len(shown) >= 3
    assert figures["total"]["within_target_pct"] is not None
    assert 0 < figures["total"]["within_target_pct"] < 100
    assert olot.get(kind="pilot").created_idea is not None
    assert vic.get(kind="adhesion").created_adhesion is not None
