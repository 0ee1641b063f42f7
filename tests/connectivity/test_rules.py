"""Connectivity reads and permissions on factory data: one area's figures, the coverage year
as of a date, investment split over areas, planner runs still going, scenarios of a set,
cost overrides and who may plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from localret.accounts.roles import Role
from localret.connectivity import permissions, selectors
from localret.connectivity.models import DeploymentStatus, PlannerJob

from ..accounts.factories import UserFactory
from ..territory.factories import registered
from .factories import (
    OLOT,
    VIC,
    AreaCoverageFactory,
    AreaFactory,
    CandidateFactory,
    CandidateSetFactory,
    DeploymentFactory,
    PlannerJobFactory,
    ScenarioFactory,
    VintageFactory,
)

pytestmark = pytest.mark.django_db


def test_a_municipality_summary_estimates_households_with_gigabit_from_premises():
    AreaCoverageFactory()  # Vic: 104 households, 120 premises, 96 with gigabit
    summary = selectors.municipality_summary(VIC)
    assert summary is not None
    assert (summary["year"], summary["premises"], summary["covered_gigabit"]) == (2024, 120, 96)
    assert summary["households_gigabit"] == 83  # 104 x 96 / 120 = 83,2
    assert summary["gigabit_share"] == 0.8
    assert summary["white_households"] == 0
    assert selectors.municipality_summary(OLOT) is None
    assert selectors.uncovered_households_by_municipality() == {VIC: 21}


def test_the_coverage_year_as_of_a_date_is_the_latest_not_after_it():
    assert selectors.year_for() is None
    VintageFactory(year=2022, source="Informe 2022")
    VintageFactory(year=2024, source="Informe 2024")
    assert selectors.coverage_years() == [2022, 2024]
    assert selectors.year_for() == 2024
    assert selectors.year_for(dt.date(2023, 12, 31)) == 2022
    assert selectors.year_for(dt.date(2021, 6, 1)) is None


def test_investment_is_split_over_areas_by_premises_and_dated_by_its_start():
    vic_area = AreaFactory(premises=300)
    olot_area = AreaFactory(municipality=registered(OLOT), premises=100)
    DeploymentFactory(
        areas=[vic_area, olot_area], cost_eur=Decimal("400000"), start_date=dt.date(2025, 4, 1)
    )
    DeploymentFactory(
        areas=[vic_area],
        cost_eur=Decimal("90000"),
        public_funding_eur=Decimal(0),
        status=DeploymentStatus.CANCELLED,
    )
    DeploymentFactory(areas=[vic_area], start_date=None, end_date=None)  # undated: skipped
    DeploymentFactory()  # no areas: skipped

    assert selectors.deployment_investment_by_municipality_year() == {
        VIC: {2025: Decimal("300000.00")},
        OLOT: {2025: Decimal("100000.00")},
    }
    with_cancelled = selectors.deployment_investment_by_municipality_year(include_cancelled=True)
    assert with_cancelled[VIC] == {2025: Decimal("390000.00")}


def test_planner_runs_still_going_are_listed_with_labels_and_a_name():
    unnamed = PlannerJobFactory(name="")
    running = PlannerJobFactory(status=PlannerJob.Status.RUNNING, stage="milp", progress=40)
    PlannerJobFactory(status=PlannerJob.Status.DONE, progress=100)
    PlannerJobFactory(status=PlannerJob.Status.FAILED, failure=PlannerJob.Failure.CANCELLED)

    with translation.override("en"):
        jobs = {j.pk: j for j in selectors.planner_jobs_running()}
    assert set(jobs) == {unnamed.pk, running.pk}
    assert jobs[unnamed.pk].name == unnamed.candidate_set.name
    assert jobs[running.pk].stage == "optimising (branch and bound)"
    assert jobs[running.pk].status == "Running"
    assert jobs[running.pk].url.endswith(f"/{running.pk}/")
    assert len(selectors.planner_jobs_running(limit=1)) == 1


def test_scenarios_of_one_candidate_set_and_a_cost_override_wins():
    cset = CandidateSetFactory()
    mine = ScenarioFactory(candidate_set=cset)
    ScenarioFactory()
    assert list(selectors.scenarios(cset)) == [mine]
    assert selectors.scenarios().count() == 2
    assert selectors.candidate_set_get(cset.name) == cset

    candidate = CandidateFactory(candidate_set=cset)
    assert candidate.effective_cost == Decimal("84000.00")
    candidate.cost_override_eur = Decimal(0)
    assert candidate.effective_cost == Decimal(0)  # an override of 0 still wins


@pytest.mark.parametrize(
    ("role", "plans", "reads"),
    [
        (Role.ADMIN, True, True),
        (Role.STAFF, True, True),
        (Role.BOARD, False, True),
        (Role.MUNICIPAL, False, False),
        (Role.COLLABORATOR, False, False),
    ],
)
def test_staff_plan_and_import_and_the_board_only_reads_plans(role, plans, reads):
    user = UserFactory(role=role)
    assert permissions.can_plan(user) is plans
    assert permissions.can_import_coverage(user) is plans
    assert permissions.can_read_plans(user) is reads


def test_the_public_neither_plans_nor_reads_plans():
    assert not permissions.can_plan(AnonymousUser())
    assert not permissions.can_read_plans(AnonymousUser())
