"""An indicator's fields are declared once (``strategy.models.INDICATOR_FIELDS``, issue 16):
the edit form, the services, the API's input schemas and participation's frozen versions
follow that one list."""

from __future__ import annotations

import pytest

from localret.participation.structure import INTERNAL_INDICATOR_FIELDS, plan_snapshot
from localret.strategy import services
from localret.strategy.forms import IndicatorForm
from localret.strategy.interface import INDICATOR_FIELDS
from localret.strategy.schemas import IndicatorIn, IndicatorPatch

from .factories import make_plan

PLACEMENT = {"plan", "action_line", "initiative", "milestones"}


def test_the_form_edits_the_declared_fields_in_order() -> None:
    assert list(IndicatorForm().fields) == list(INDICATOR_FIELDS)


def test_the_services_accept_the_declared_fields_and_the_place_in_the_plan() -> None:
    assert (
        *INDICATOR_FIELDS,
        "position",
        "action_line",
        "initiative",
    ) == services.INDICATOR_FIELDS


def test_the_api_schemas_follow_the_declared_fields() -> None:
    assert set(IndicatorIn.model_fields) - PLACEMENT == set(INDICATOR_FIELDS)
    # A patch changes any declared field but the code and the computed source.
    assert set(IndicatorPatch.model_fields) - PLACEMENT == set(INDICATOR_FIELDS) - {
        "code",
        "computed_key",
    }


@pytest.mark.django_db
def test_a_frozen_version_keeps_the_declared_fields_but_the_internal_ones(staff_user) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(staff_user, status="draft")
    snapshot = plan_snapshot(plan)
    kept = [
        [k for k in element if k not in ("type", "parent")]
        for key, element in snapshot["elements"].items()
        if key.startswith("indicator:")
    ]
    assert kept
    assert all(
        keys == [f for f in INDICATOR_FIELDS if f not in INTERNAL_INDICATOR_FIELDS] for keys in kept
    )
