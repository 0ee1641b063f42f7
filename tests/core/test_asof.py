"""The past from the audit history: ``objects_as_of`` and ``values_as_of`` read the very objects
``history_as_of`` gives (a change after the instant is not seen, a deletion by then leaves the
object out, writes at one instant give the last one), from the history rows alone."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.core.asof import history_as_of, objects_as_of, values_as_of
from localret.strategy import services
from localret.strategy.models import ActionLine, Plan, StrategicObjective
from tests.strategy.factories import aware, make_plan

pytestmark = pytest.mark.django_db


def _state(objects) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted((o.pk, o.code, o.name) for o in objects)


def test_objects_as_of_are_the_objects_history_as_of_gives(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, slug="passat", objectives=2, lines=2, created=dt.date(2024, 1, 10))
    first, second = StrategicObjective.objects.filter(plan=plan).order_by("code")
    original = first.name
    with services.recorded_at(aware(dt.date(2024, 3, 1))):
        services.objective_update(objective=first, by=staff_user, name="Nom nou")
    with services.recorded_at(aware(dt.date(2024, 3, 1))):  # a second write at one instant
        services.objective_update(objective=first, by=staff_user, name="Nom definitiu")
    line = ActionLine.objects.filter(objective=second).order_by("code").first()
    with services.recorded_at(aware(dt.date(2024, 4, 1))):
        services.action_line_delete(action_line=line, by=staff_user)

    for day, renamed, lines in [
        (dt.date(2024, 2, 1), original, 4),
        (dt.date(2024, 3, 15), "Nom definitiu", 4),
        (dt.date(2024, 5, 1), "Nom definitiu", 3),
    ]:
        when = aware(day, 23)
        objectives = objects_as_of(StrategicObjective, when, plan_id=plan.pk)
        assert _state(objectives) == _state(
            history_as_of(StrategicObjective, when).filter(plan_id=plan.pk)
        )
        assert all(isinstance(o, StrategicObjective) and not o._state.adding for o in objectives)
        names = {o.pk: o.name for o in objectives}
        assert names[first.pk] == renamed
        ids = [o.pk for o in objectives]
        read = objects_as_of(ActionLine, when, objective_id__in=ids)
        assert len(read) == lines
        assert _state(read) == _state(history_as_of(ActionLine, when).filter(objective_id__in=ids))
        assert sorted(values_as_of(ActionLine, when, ("id",), objective_id__in=ids)) == sorted(
            (o.pk,) for o in read
        )


def test_nothing_is_read_before_the_object_existed(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, slug="nou", created=dt.date(2024, 1, 10))
    assert objects_as_of(Plan, aware(dt.date(2024, 1, 9)), id=plan.pk) == []
    [then] = objects_as_of(Plan, aware(dt.date(2024, 1, 11)), id=plan.pk)
    assert (then.pk, then.slug, then.status) == (plan.pk, plan.slug, plan.status)
