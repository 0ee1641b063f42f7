"""Services: stage rules, immutable decided evaluations, offers, computed indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from localret.innovation import selectors, services
from localret.innovation.models import CriterionResult, Evaluation, Offer, Pilot
from localret.strategy.computed import get as computed_get

from .factories import MANLLEU, OLOT, TORELLO, VIC, make_pilot, municipalities

pytestmark = pytest.mark.django_db


def test_pilot_cannot_start_without_participants_or_criteria(staff_user):
    pilot = make_pilot(by=staff_user, codes=(), criteria=0)
    with pytest.raises(services.InnovationError) as exc:
        services.pilot_move(pilot=pilot, stage="pilot", by=staff_user)
    assert {e["field"] for e in exc.value.errors} == {"municipalities", "criteria"}
    pilot.refresh_from_db()
    assert pilot.stage == "idea"


def test_moving_to_evaluation_opens_one_evaluation(staff_user):
    pilot = make_pilot(by=staff_user, stage="pilot")
    services.pilot_move(pilot=pilot, stage="evaluation", by=staff_user)
    assert pilot.evaluations.filter(decision="").count() == 1
    with pytest.raises(services.InnovationError):
        services.pilot_move(pilot=pilot, stage="scaling", by=staff_user)


def test_stage_cannot_skip_or_go_back_by_hand(staff_user):
    pilot = make_pilot(by=staff_user)
    for stage in ("evaluation", "scaling", "bogus"):
        with pytest.raises(services.InnovationError):
            services.pilot_move(pilot=pilot, stage=stage, by=staff_user)
    pilot.refresh_from_db()
    assert pilot.stage == "idea"


def test_decided_evaluation_is_immutable(staff_user):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    services.evaluation_record_results(
        evaluation=evaluation,
        results=[{"criterion": criterion.pk, "municipality": VIC, "value": Decimal("30")}],
        by=staff_user,
    )
    services.evaluation_decide(
        evaluation=evaluation, decision="scale", reasons="Worked in Vic", by=staff_user
    )
    pilot.refresh_from_db()
    assert pilot.stage == "scaling"
    evaluation.refresh_from_db()
    with pytest.raises(services.EvaluationLocked):
        services.evaluation_record_results(
            evaluation=evaluation,
            results=[{"criterion": criterion.pk, "municipality": VIC, "value": Decimal("1")}],
            by=staff_user,
        )
    with pytest.raises(services.EvaluationLocked):
        services.evaluation_update(evaluation=evaluation, lessons="rewrite", by=staff_user)
    with pytest.raises(services.EvaluationLocked):
        services.evaluation_decide(
            evaluation=evaluation, decision="stop", reasons="changed mind", by=staff_user
        )
    evaluation.refresh_from_db()
    assert evaluation.decision == "scale"
    assert CriterionResult.objects.get(evaluation=evaluation).value == Decimal("30")


def test_decision_needs_reasons_and_valid_choice(staff_user):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    evaluation = pilot.evaluations.get()
    with pytest.raises(services.InnovationError) as exc:
        services.evaluation_decide(evaluation=evaluation, decision="maybe", reasons=" ", by=None)
    assert {e["field"] for e in exc.value.errors} == {"decision", "reasons"}
    evaluation.refresh_from_db()
    assert not evaluation.is_decided


@pytest.mark.parametrize("decision,stage", [("iterate", "pilot"), ("stop", "stopped")])
def test_decision_moves_the_pilot(staff_user, decision, stage):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    services.evaluation_decide(
        evaluation=pilot.evaluations.get(), decision=decision, reasons="r", by=staff_user
    )
    pilot.refresh_from_db()
    assert pilot.stage == stage


def test_results_all_or_nothing_and_only_for_participants(staff_user):
    pilot = make_pilot(by=staff_user, stage="evaluation")
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    with pytest.raises(services.InnovationError) as exc:
        services.evaluation_record_results(
            evaluation=evaluation,
            results=[
                {"criterion": criterion.pk, "municipality": VIC, "value": Decimal("3")},
                {"criterion": criterion.pk, "municipality": MANLLEU, "value": Decimal("3")},
                {"criterion": 999999, "municipality": OLOT, "value": Decimal("3")},
            ],
            by=staff_user,
        )
    fields = {(e["row"], e["field"]) for e in exc.value.errors}
    assert fields == {(2, "municipality"), (3, "criterion")}
    assert not CriterionResult.objects.filter(evaluation=evaluation).exists()


def test_criterion_target_must_match_direction(staff_user):
    pilot = make_pilot(by=staff_user, criteria=0)
    with pytest.raises(services.InnovationError) as exc:
        services.criterion_add(
            pilot=pilot,
            metric="Waiting time",
            baseline=Decimal(10),
            target=Decimal(20),
            direction="decrease",
            by=staff_user,
        )
    assert exc.value.errors[0]["field"] == "target"
    assert not pilot.criteria.exists()


def test_history_records_who_changed_a_pilot(staff_user):
    pilot = make_pilot(by=staff_user, stage="pilot")
    latest = pilot.history.first()
    assert latest.history_user == staff_user
    assert latest.stage == "pilot"


def test_seeds_are_where_it_worked_and_replication_excludes_participants_and_adopters(
    staff_user,
):
    pilot = make_pilot(by=staff_user, codes=(VIC, OLOT), stage="evaluation")
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    services.evaluation_record_results(
        evaluation=evaluation,
        results=[
            {"criterion": criterion.pk, "municipality": VIC, "value": Decimal("25")},
            {"criterion": criterion.pk, "municipality": OLOT, "value": Decimal("11")},
        ],
        by=staff_user,
    )
    assert selectors.seeds_for(pilot) == ([VIC], "worked")
    services.evaluation_decide(evaluation=evaluation, decision="scale", reasons="r", by=None)
    pilot.refresh_from_db()
    result = selectors.replication(pilot=pilot, limit=947)
    codes = [i["municipality"] for i in result.items]
    assert VIC not in codes and OLOT not in codes
    assert len(codes) == 947 - 2
    top = result.items[0]
    assert top["nearest"] == VIC and top["reasons"]
    # adopt the top recommendation: it disappears from the ranking
    (m,) = municipalities(top["municipality"])
    offer = services.offer_create(pilot=pilot, municipality=m, by=staff_user)
    services.offer_set_status(offer=offer, status="accepted", by=staff_user)
    services.offer_set_status(offer=offer, status="adopted", by=staff_user)
    after = [i["municipality"] for i in selectors.replication(pilot=pilot, limit=947).items]
    assert m.code not in after and len(after) == 947 - 3


def test_replication_works_without_emex(staff_user, settings, tmp_path):
    settings.LOCALRET_DATA_DIR = tmp_path
    pilot = make_pilot(by=staff_user, codes=(VIC,), stage="pilot")
    result = selectors.replication(pilot=pilot, limit=5)
    assert result.basis == "participants"
    assert "ageing" not in result.features_used and "income" not in result.features_used
    assert result.notes and len(result.items) == 5


def test_offer_rules(staff_user):
    pilot = make_pilot(by=staff_user, codes=(VIC,), stage="scaling")
    (vic,) = municipalities(VIC)
    (torello,) = municipalities(TORELLO)
    with pytest.raises(services.InnovationError):
        services.offer_create(pilot=pilot, municipality=vic, by=staff_user)
    offer = services.offer_create(pilot=pilot, municipality=torello, by=staff_user)
    with pytest.raises(services.InnovationError):
        services.offer_create(pilot=pilot, municipality=torello, by=staff_user)
    with pytest.raises(services.InnovationError):
        services.offer_set_status(offer=offer, status="adopted", by=staff_user)
    services.offer_set_status(offer=offer, status="accepted", by=staff_user)
    offer = services.offer_set_status(
        offer=offer, status="adopted", by=staff_user, today=dt.date(2023, 2, 1)
    )
    assert offer.adopted_on == dt.date(2023, 2, 1)
    with pytest.raises(services.InnovationError):
        services.offer_set_status(offer=offer, status="declined", by=staff_user)
    running = make_pilot(by=staff_user, name="Other", stage="pilot")
    with pytest.raises(services.InnovationError):
        services.offer_create(pilot=running, municipality=torello, by=staff_user)


def test_computed_indicators_with_breakdown(staff_user):
    scaled = make_pilot(by=staff_user, codes=(VIC, OLOT), stage="scaling")
    make_pilot(by=staff_user, name="Running", codes=(VIC,), stage="pilot")
    make_pilot(by=staff_user, name="Only an idea", codes=(MANLLEU,))
    (torello,) = municipalities(TORELLO)
    offer = services.offer_create(
        pilot=scaled, municipality=torello, by=staff_user, today=dt.date(2022, 7, 1)
    )
    services.offer_set_status(offer=offer, status="accepted", by=staff_user)
    services.offer_set_status(
        offer=offer, status="adopted", by=staff_user, today=dt.date(2022, 9, 1)
    )
    run = computed_get("innovation.pilots_run").compute(dt.date(2023, 1, 1))
    assert run.value == 2 and run.by_municipality == {VIC: 2, OLOT: 1}
    sc = computed_get("innovation.pilots_scaled").compute(dt.date(2023, 1, 1))
    assert sc.value == 1 and sc.by_municipality == {VIC: 1, OLOT: 1}
    assert computed_get("innovation.pilots_scaled").compute(dt.date(2022, 5, 31)).value == 0
    reached = computed_get("innovation.municipalities_reached").compute(dt.date(2023, 1, 1))
    assert reached.value == 3 and set(reached.by_municipality) == {VIC, OLOT, TORELLO}
    early = computed_get("innovation.municipalities_reached").compute(dt.date(2022, 8, 1))
    assert set(early.by_municipality) == {VIC, OLOT}


def test_pilots_by_municipality_public_started_only(staff_user):
    make_pilot(by=staff_user, name="Public running", codes=(VIC,), stage="pilot")
    make_pilot(by=staff_user, name="Internal", codes=(VIC,), stage="pilot", is_public=False)
    make_pilot(by=staff_user, name="Idea", codes=(VIC,))
    refs = selectors.pilots_by_municipality(codes=[VIC])[VIC]
    assert [r.name for r in refs] == ["Public running"]
    internal = selectors.pilots_by_municipality(codes=[VIC], public_only=False)[VIC]
    assert {r.name for r in internal} == {"Public running", "Internal"}
    assert selectors.pilot_counts_by_municipality(codes=[VIC, OLOT]) == {VIC: 1}
    assert refs[0].start_date == dt.date(2021, 3, 1) and refs[0].role == "participant"
    assert selectors.pilots_by_municipality(codes=[VIC], as_of=dt.date(2021, 2, 28)) == {}


def test_evaluation_decision_requires_evaluation_stage(staff_user):
    pilot = make_pilot(by=staff_user, stage="pilot")
    evaluation = services.evaluation_open(pilot=pilot, started_on=dt.date(2022, 1, 1), by=None)
    with pytest.raises(services.InnovationError):
        services.evaluation_decide(evaluation=evaluation, decision="scale", reasons="r", by=None)
    assert Evaluation.objects.get(pk=evaluation.pk).decision == ""
    assert Pilot.objects.get(pk=pilot.pk).stage == "pilot"
    assert not Offer.objects.exists()
