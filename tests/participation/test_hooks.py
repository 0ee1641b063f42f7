"""Cross-app hooks: each reaction happens and is audited (issue 16 point 6).

- strategy's ``plan_approve`` -> participation freezes a version and closes the open
  consultations, recorded in the audit history as the approver's change;
- governance provides the last Board meeting to strategy's "what changed";
- reporting provides the maturity publication consents to the lower layers (``core.consent``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from localret.core import consent, hooks
from localret.participation.models import PlanVersion
from localret.reporting.models import PublicationConsent
from localret.strategy import services as strategy
from localret.strategy.hooks import last_board_meeting
from localret.territory.models import Municipality

from ..conftest import client_for
from ..governance.factories import board_with_members, meeting_with_quorum
from .factories import make_consultation, make_plan

pytestmark = pytest.mark.django_db


def test_plan_approval_freezes_a_version_and_closes_consultations_audited(users):
    plan = make_plan("pla-hook")
    consultation = make_consultation(plan, users["staff"])
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 2026/01")

    version = PlanVersion.objects.get(plan=plan, status="approved")
    assert version.agreement_ref == "CA 2026/01"
    plan_record = plan.history.order_by("-history_id").first()
    assert (plan_record.status, plan_record.history_user) == ("approved", users["board"])
    assert plan_record.history_change_reason == "approved: CA 2026/01"
    closing = consultation.history.order_by("-history_id").first()
    assert (closing.status, closing.history_user) == ("closed", users["board"])
    assert closing.history_change_reason == "closed: plan approved (CA 2026/01)"


def test_a_failing_reaction_aborts_the_approval(users):
    plan = make_plan("pla-hook-fail")

    def refuse(**kwargs):
        raise RuntimeError("participation refuses")

    hooks.plan_approved.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 9")
    finally:
        hooks.plan_approved.disconnect(refuse)
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert not PlanVersion.objects.filter(plan=plan, status="approved").exists()


def test_governance_tells_strategy_when_the_board_last_met(users):
    body, members = board_with_members()
    meeting = meeting_with_quorum(body, members, dt.date(2026, 3, 5), by=users["staff"])
    assert last_board_meeting(dt.date(2026, 3, 6)) == dt.date(2026, 3, 5)
    assert last_board_meeting(dt.date(2026, 3, 5)) is None  # strictly before
    assert meeting.history.order_by("-history_id").first().history_user == users["staff"]


def test_reporting_provides_the_maturity_consents_and_the_change_is_audited(users):
    assert "082981" not in consent.consenting("maturity")
    response = client_for(users["vic"]).post(
        "/transparencia/municipis/082981/consentiment/", {"publish_maturity": "on"}
    )
    assert response.status_code in (302, 303), response.status_code
    assert "082981" in consent.consenting("maturity")
    record = (
        PublicationConsent.objects.get(municipality=Municipality.objects.get(code="082981"))
        .history.order_by("-history_id")
        .first()
    )
    assert (record.publish_maturity, record.history_user) == (True, users["vic"])
