"""The registries that replace lookups by name (issue 16): each app fills them in its
``AppConfig.ready()``, and a Board agreement approves a plan only through strategy's service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from localret.core import hooks
from localret.core.demo import demo_steps
from localret.territory.sections import registered_sections


def test_every_app_with_demo_data_registers_its_loader_in_order() -> None:
    assert [step.name for step in demo_steps()] == [
        "territory",
        "accounts",
        "strategy",
        "diagnosis",
        "participation",
        "maturity",
        "innovation",
        "connectivity",
        "governance",
        "helpdesk",
        "reporting",
        # The plan's computed indicators read every other app's data: last.
        "strategy-computed",
    ]


def test_every_app_with_a_block_on_the_municipality_page_registers_it_in_order() -> None:
    assert [section.name for section in registered_sections()] == [
        "maturity",
        "connectivity",
        "innovation",
        "strategy",
        "helpdesk",
        "reporting",
    ]


@pytest.mark.django_db
def test_the_municipality_page_shows_the_registered_blocks(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/municipis/082981/").content.decode()
    # The transparency block (reporting) is the last; it used to be reached through
    # governance's views by name.
    assert 'href="/transparencia/municipis/082981/"' in page


def test_helpdesk_listens_to_the_events_declared_in_core() -> None:
    from localret.helpdesk import notifications

    assert hooks.follow_up_overdue.callbacks() == [notifications.notify_follow_up_overdue]
    assert hooks.proposal_answered.callbacks() == [notifications.notify_proposal_answered]
    assert hooks.report_ready.callbacks() == [notifications.notify_report_ready]


def test_a_hook_calls_its_callbacks_once_each_in_order_and_forgets_them() -> None:
    event: hooks.Hook[Any] = hooks.Hook("test")
    calls: list[tuple[str, int]] = []

    def first(*, n: int) -> None:
        calls.append(("first", n))

    def second(*, n: int) -> None:
        calls.append(("second", n))

    event.connect(first)
    event.connect(second)
    event.connect(first)  # twice: no effect
    event.run(n=1)
    event.disconnect(first)
    event.run(n=2)
    assert calls == [("first", 1), ("second", 1), ("second", 2)]


@pytest.mark.django_db
def test_a_board_approval_runs_strategys_service_with_its_hooks(staff_user) -> None:  # type: ignore[no-untyped-def]
    from localret.governance import services
    from localret.governance.models import Agreement
    from localret.participation.models import PlanVersion

    from ..governance.factories import board_with_members, make_plan, meeting_with_quorum

    plan = make_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)
    heard: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        heard.append(kwargs)

    hooks.plan_approved.connect(listen)
    try:
        services.agreement_record(
            meeting=meeting,
            number="CA 2026/01",
            title="Aprovació del pla",
            text="t",
            votes_for=5,
            kind=Agreement.Kind.PLAN_APPROVAL,
            plan=plan,
            by=staff_user,
        )
    finally:
        hooks.plan_approved.disconnect(listen)
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approval_ref == "CA 2026/01"
    assert [(h["plan"].pk, h["by"], h["agreement_ref"]) for h in heard] == [
        (plan.pk, staff_user, "CA 2026/01")
    ]
    # participation's own hook froze the approved version; the audit says who approved.
    assert PlanVersion.objects.filter(plan=plan).exists()
    last = plan.history.order_by("-history_id").first()
    assert last.status == "approved" and last.history_user == staff_user


@pytest.mark.django_db
def test_a_hook_that_refuses_leaves_the_plan_draft_and_no_agreement(staff_user) -> None:  # type: ignore[no-untyped-def]
    """No fallback approves a plan behind strategy's back: when strategy's hooks refuse, the
    approval and the agreement are both undone."""
    from localret.governance import services
    from localret.governance.models import Agreement

    from ..governance.factories import board_with_members, make_plan, meeting_with_quorum

    plan = make_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members)

    def refuse(**kwargs: Any) -> None:
        raise RuntimeError("refused by a hook")

    hooks.plan_approved.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            services.agreement_record(
                meeting=meeting,
                number="CA 2026/02",
                title="Aprovació del pla",
                text="t",
                votes_for=5,
                kind=Agreement.Kind.PLAN_APPROVAL,
                plan=plan,
                by=staff_user,
            )
    finally:
        hooks.plan_approved.disconnect(refuse)
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.approval_ref == ""
    assert not Agreement.objects.filter(number="CA 2026/02").exists()


def test_reporting_reads_other_apps_only_through_their_interfaces() -> None:
    """No lookup by name is left in reporting's adapter (the old fallbacks are gone)."""
    from localret.reporting import sources

    for name in ("plan_approve", "plan_close", "_plan_set_status", "_fn", "_module", "_call"):
        assert not hasattr(sources, name), name
    assert sources.changes_since(None, None, dt.date(2026, 1, 1)) == []
