"""Services: audited, atomic writes; the plan's life cycle; copy; computed indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from localret.core import hooks
from localret.strategy import computed, selectors, services
from localret.strategy.computed import ComputedValue
from localret.strategy.models import Indicator, Initiative, Measurement, Plan

from .factories import END, START, make_plan, measure

pytestmark = pytest.mark.django_db


def test_plan_create_records_history_with_the_user(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="draft")
    record = plan.history.earliest()
    assert record.history_user == staff_user and record.history_type == "+"
    assert [v.name for v in plan.values.all()] == ["Servei públic"]


def test_approve_then_close_with_board_agreements_and_hooks(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="draft")
    seen: list[dict] = []

    def callback(**kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs)

    hooks.plan_approved.connect(callback)
    hooks.plan_closed.connect(callback)
    try:
        services.plan_approve(plan=plan, by=staff_user, agreement_ref="CA 2024/02")
    finally:
        hooks.plan_approved.disconnect(callback)
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.approval_ref == "CA 2024/02"
    assert seen and seen[0]["plan"].pk == plan.pk and seen[0]["agreement_ref"] == "CA 2024/02"
    with pytest.raises(services.StrategyError):
        services.plan_approve(plan=plan, by=staff_user, agreement_ref="again")
    try:
        services.plan_close(plan=plan, by=staff_user, agreement_ref="CA 2027/12")
    finally:
        hooks.plan_closed.disconnect(callback)
    plan.refresh_from_db()
    assert plan.status == "closed" and plan.closure_ref == "CA 2027/12"
    assert [(s["plan"].pk, s["agreement_ref"]) for s in seen] == [
        (plan.pk, "CA 2024/02"),
        (plan.pk, "CA 2027/12"),
    ]


def test_failing_hook_aborts_the_approval(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="draft")

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("no")

    hooks.plan_approved.connect(boom)
    try:
        with pytest.raises(RuntimeError):
            services.plan_approve(plan=plan, by=staff_user, agreement_ref="CA 1")
    finally:
        hooks.plan_approved.disconnect(boom)
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_close_needs_an_approved_plan_and_a_reference(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="draft")
    with pytest.raises(services.StrategyError):
        services.plan_close(plan=plan, by=staff_user, agreement_ref="CA")
    with pytest.raises(services.StrategyError):
        services.plan_approve(plan=plan, by=staff_user, agreement_ref="  ")


def test_plan_update_refuses_the_status(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="draft")
    with pytest.raises(services.StrategyError):
        services.plan_update(plan=plan, by=staff_user, status="approved")
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_closed_plan_is_read_only(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="closed")
    with pytest.raises(services.StrategyError):
        services.objective_create(plan=plan, by=staff_user, code="OE9", name="x")


def test_duplicate_objective_code_is_a_clear_error(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    with pytest.raises(services.StrategyError) as exc:
        services.objective_create(plan=plan, by=staff_user, code="OE1", name="dup")
    assert exc.value.errors


def test_indicator_attached_to_exactly_one_parent(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    line = plan.objectives.get().action_lines.first()
    initiative = line.initiatives.first()
    with pytest.raises(services.StrategyError):
        services.indicator_create(
            by=staff_user,
            code="X",
            name="x",
            action_line=line,
            initiative=initiative,
            target_value=Decimal(1),
        )
    with pytest.raises(services.StrategyError):
        services.indicator_create(by=staff_user, code="X", name="x", target_value=Decimal(1))


def test_indicator_target_date_defaults_to_mandate_end(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    line = plan.objectives.get().action_lines.first()
    ind = services.indicator_create(
        by=staff_user, code="NEW-1", name="x", action_line=line, target_value=Decimal(5)
    )
    assert ind.target_date == plan.mandate_end and ind.baseline_date == plan.period_start


def test_measurement_on_the_same_day_replaces_the_value(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    ind = Indicator.objects.filter(action_line__objective__plan=plan).first()
    measure(ind, staff_user, dt.date(2024, 6, 30), 10)
    measure(ind, staff_user, dt.date(2024, 6, 30), 12)
    assert list(Measurement.objects.filter(indicator=ind).values_list("value", flat=True)) == [
        Decimal("12.0000")
    ]


def test_measurement_in_the_future_is_refused(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    ind = Indicator.objects.filter(action_line__objective__plan=plan).first()
    with pytest.raises(services.StrategyError):
        services.measurement_create(
            indicator=ind,
            by=staff_user,
            date=dt.date.today() + dt.timedelta(days=3),
            value=Decimal(1),
        )


def test_plan_copy_copies_structure_with_new_codes_and_baselines(staff_user, vic_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, slug="old", lines=2)
    line = plan.objectives.get().action_lines.first()
    initiative = line.initiatives.first()
    from localret.territory.models import Municipality

    initiative.municipalities.set([Municipality.objects.get(code="082981")])
    ind = Indicator.objects.get(code="old-I1.1-1")
    measure(ind, staff_user, dt.date(2024, 3, 31), 40)
    new = services.plan_copy(
        plan=plan,
        by=staff_user,
        slug="new",
        name="New",
        period_start=dt.date(2028, 1, 1),
        period_end=dt.date(2031, 12, 31),
        indicator_code=lambda c: c.replace("old", "new"),
    )
    assert new.status == "draft" and new.copied_from == plan
    assert new.objectives.count() == 1 and new.objectives.get().action_lines.count() == 2
    copied = Indicator.objects.get(code="new-I1.1-1")
    assert copied.baseline_value == Decimal("40.0000")
    assert copied.baseline_date == dt.date(2028, 1, 1) and copied.target_date == dt.date(
        2031, 12, 31
    )
    assert not copied.measurements.exists()
    new_initiative = Initiative.objects.get(action_line__objective__plan=new, code="1.1.1")
    assert [m.code for m in new_initiative.municipalities.all()] == ["082981"]
    assert new.history.exists() and copied.history.exists()
    with pytest.raises(services.StrategyError):  # codes already used
        services.plan_copy(
            plan=plan,
            by=staff_user,
            slug="new2",
            name="x",
            period_start=START,
            period_end=END,
            indicator_code=lambda c: c.replace("old", "new"),
        )


def test_computed_indicator_takes_values_from_the_registry(staff_user) -> None:  # type: ignore[no-untyped-def]
    def compute(as_of: dt.date) -> ComputedValue:
        return ComputedValue(7.0, {"082981": 3.0, "171143": 4.0})

    computed.register(key="test.seven", label="Seven", unit="u", compute=compute)
    plan = make_plan(staff_user)
    line = plan.objectives.get().action_lines.first()
    ind = services.indicator_create(
        by=staff_user,
        code="COMP-1",
        name="c",
        action_line=line,
        computed_key="test.seven",
        baseline_value=Decimal(0),
        target_value=Decimal(10),
    )
    with pytest.raises(services.StrategyError):
        services.measurement_create(
            indicator=ind, by=staff_user, date=dt.date(2024, 5, 1), value=Decimal(1)
        )
    written = services.computed_indicators_refresh(as_of=dt.date(2024, 5, 1))
    assert written["COMP-1"] == 3
    detail = selectors.indicator_detail(ind)
    assert detail.current_value == 7.0
    assert {m.code: m.value for m in detail.by_municipality} == {"082981": 3.0, "171143": 4.0}
    services.computed_snapshot(indicator=ind, as_of=dt.date(2024, 5, 1))  # idempotent
    assert ind.measurements.count() == 3


def test_unknown_computed_key_is_refused(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    line = plan.objectives.get().action_lines.first()
    with pytest.raises(services.StrategyError):
        services.indicator_create(
            by=staff_user,
            code="C-2",
            name="c",
            action_line=line,
            computed_key="nope",
            target_value=Decimal(1),
        )
