"""Selectors other apps read: changes since a date, the municipality block, the command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from localret.strategy import computed, selectors, services
from localret.strategy.computed import ComputedValue
from localret.strategy.models import Indicator
from localret.territory.models import Municipality
from tests.conftest import client_for

from .factories import aware, make_plan, measure

pytestmark = pytest.mark.django_db


def test_changes_since_lists_status_changes_edits_and_measurements(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user)
    ind = Indicator.objects.get(code="pla-test-I1.1-1")
    measure(ind, staff_user, dt.date(2024, 3, 31), 1)
    with services.recorded_at(aware(dt.date(2024, 5, 1))):
        services.objective_update(objective=plan.objectives.get(), by=staff_user, name="Renamed")
    measure(ind, staff_user, dt.date(2024, 6, 30), 100)
    changes = selectors.changes_since(plan, dt.date(2024, 4, 15), dt.date(2024, 7, 31))
    line = next(c for c in changes if c.kind == "action_line" and c.code == "1.1")
    assert (line.before, line.after) == ("off_track", "achieved")
    assert any(e.kind == "objective" and "name" in e.fields for e in changes.edits)
    assert [(m.code, m.count) for m in changes.measurements] == [("pla-test-I1.1-1", 1)]
    quiet = selectors.changes_since(plan, dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    assert quiet.empty


def test_municipality_page_shows_the_plan_block_for_readable_plans(staff_user) -> None:  # type: ignore[no-untyped-def]
    approved = make_plan(staff_user, slug="a")
    draft = make_plan(staff_user, slug="d", status="draft", lines=1)
    vic = Municipality.objects.get(code="082981")
    measure(Indicator.objects.get(code="a-I1.1-1"), staff_user, dt.date(2024, 3, 31), 4, vic)
    measure(Indicator.objects.get(code="d-I1.1-1"), staff_user, dt.date(2024, 3, 31), 9, vic)
    body = client_for(None).get("/municipis/082981/").content.decode()
    assert "a-I1.1-1" in body and "d-I1.1-1" not in body
    assert approved and draft


def test_municipality_block_leaves_out_its_value_of_a_count_of_municipalities(staff_user) -> None:  # type: ignore[no-untyped-def]
    """One town hall's value of "municipalities that ..." is whether it counts (1), not a
    figure: its page never reads "1 municipis"."""
    make_plan(staff_user, slug="a")
    vic = Municipality.objects.get(code="082981")
    counted, own = Indicator.objects.filter(code__in=["a-I1.1-1", "a-I1.2-1"]).order_by("code")
    Indicator.objects.filter(pk=counted.pk).update(unit="municipis")
    Indicator.objects.filter(pk=own.pk).update(unit="persones formades")
    measure(counted, staff_user, dt.date(2024, 3, 31), 1, vic)
    measure(own, staff_user, dt.date(2024, 3, 31), 12, vic)
    body = client_for(None).get("/municipis/082981/").content.decode()
    assert "a-I1.2-1" in body and "persones formades" in body
    assert "a-I1.1-1" not in body and "municipis</" not in body


def test_compute_indicators_command(staff_user) -> None:  # type: ignore[no-untyped-def]
    computed.register(
        key="test.cmd", label="Cmd", unit="u", compute=lambda d: ComputedValue(3.0, {})
    )
    plan = make_plan(staff_user)
    services.indicator_create(
        by=staff_user,
        code="CMD-1",
        name="c",
        action_line=plan.objectives.get().action_lines.first(),
        computed_key="test.cmd",
        target_value=10,
    )
    out = StringIO()
    call_command("compute_indicators", "--as-of", "2024-02-01", stdout=out)
    assert "CMD-1: 1 measurements" in out.getvalue()
    assert float(Indicator.objects.get(code="CMD-1").measurements.get().value) == 3.0


def test_compute_indicators_refuses_a_date_that_is_not_iso() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--as-of: '01/02/2024' is not a date YYYY-MM-DD"):
        call_command("compute_indicators", "--as-of", "01/02/2024", stdout=StringIO())


def test_writes_recorded_at_one_instant_give_one_node_each_as_of_later(staff_user) -> None:  # type: ignore[no-untyped-def]
    """A copy and an update recorded at the same instant (as the demo's successor plan is
    made) leave two history records per object with one date: the as-of tree shows each
    object once, with the later write's values."""
    from simple_history.utils import bulk_update_with_history

    from localret.strategy.models import Initiative

    source = make_plan(staff_user, slug="origen", objectives=2, lines=2, indicators_per_line=2)
    when = aware(dt.date(2024, 1, 10))
    with services.recorded_at(when):
        copy = services.plan_copy(
            plan=source,
            by=staff_user,
            slug="copia",
            name="Còpia",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2027, 12, 31),
            mandate_end=dt.date(2027, 10, 31),
        )
        inds = list(Indicator.objects.filter(action_line__objective__plan=copy))
        for ind in inds:
            ind.target_value = Decimal("250")
        bulk_update_with_history(
            inds, Indicator, ["target_value"], default_user=staff_user, default_date=when
        )
        inis = list(Initiative.objects.filter(action_line__objective__plan=copy))
        for ini in inis:
            ini.name = "Reanomenada"
        bulk_update_with_history(
            inis, Initiative, ["name"], default_user=staff_user, default_date=when
        )
    live = selectors.plan_tree(copy)
    past = selectors.plan_tree(copy, dt.date(2024, 6, 30))
    for tree in (live, past):
        kinds = [n.kind for n in tree.nodes()]
        assert kinds.count("initiative") == len(inis)
        assert kinds.count("indicator") == len(inds)
        keys = [n.key for n in tree.nodes()]
        assert len(keys) == len(set(keys))
    assert {n.name for n in past.nodes() if n.kind == "initiative"} == {"Reanomenada"}
    assert {float(n.obj.target_value) for n in past.nodes() if n.kind == "indicator"} == {250.0}
