"""Diagnosis reads and rules with factory-built data: filters, grouping, tracing through an
initiative, the stakeholder grid, the 1-5 scales, and who may read and edit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from localret.accounts.roles import Role
from localret.diagnosis import permissions, selectors
from localret.diagnosis.models import Finding

from ..accounts.factories import UserFactory
from ..strategy.factories import ActionLineFactory, IndicatorFactory, InitiativeFactory, PlanFactory
from .factories import FindingFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_finding_list_filters_by_framework_and_category_within_the_plan():
    plan = PlanFactory()
    weakness = FindingFactory(plan=plan, category=Finding.Category.WEAKNESS)
    threat = FindingFactory(plan=plan, category=Finding.Category.THREAT)
    legal = FindingFactory(plan=plan, category=Finding.Category.LEGAL)
    FindingFactory(category=Finding.Category.WEAKNESS)  # another plan

    assert set(selectors.finding_list(plan)) == {weakness, threat, legal}
    assert set(selectors.finding_list(plan, framework="swot")) == {weakness, threat}
    assert list(selectors.finding_list(plan, framework="pestel")) == [legal]
    assert list(selectors.finding_list(plan, framework="swot", category="threat")) == [threat]
    assert selectors.finding_get(plan, legal.pk) == legal
    assert selectors.finding_get(PlanFactory(), legal.pk) is None


def test_grouped_findings_lists_every_category_even_when_empty():
    plan = PlanFactory()
    strength = FindingFactory(plan=plan, category=Finding.Category.STRENGTH)
    groups = selectors.grouped_findings(plan)
    assert list(groups) == list(Finding.Category.values)
    assert groups["strength"] == [strength]
    assert all(groups[c] == [] for c in Finding.Category.values if c != "strength")


def test_findings_trace_to_an_initiative_and_its_indicators_through_their_action_line():
    line = ActionLineFactory(code="3.2")
    plan = line.objective.plan
    initiative = InitiativeFactory(action_line=line, code="3.2.1")
    IndicatorFactory(action_line=None, initiative=initiative, code="IND-SEU")
    finding = FindingFactory(plan=plan, action_lines=[line])
    FindingFactory(plan=plan)  # motivates nothing

    assert selectors.findings_for_element(plan, "initiative:3.2.1") == [finding]
    assert selectors.findings_for_element(plan, "indicator:IND-SEU") == [finding]
    assert selectors.findings_for_element(plan, "initiative:9.9.9") == []
    assert selectors.findings_for_element(plan, "unknown:3.2") == []


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (5, 4, "manage_closely"),
        (3, 2, "keep_satisfied"),
        (2, 3, "keep_informed"),
        (1, 1, "monitor"),
    ],
)
def test_stakeholder_quadrant_follows_influence_and_interest(influence, interest, quadrant):
    stakeholder = StakeholderFactory(influence=influence, interest=interest)
    assert stakeholder.quadrant == quadrant
    chart = selectors.stakeholder_chart(stakeholder.plan)
    assert chart == [
        {
            "name": stakeholder.name,
            "interest": interest,
            "influence": influence,
            "scope": "external",
            "sector": "public",
        }
    ]


@pytest.mark.parametrize("field", ["interest", "influence"])
@pytest.mark.parametrize("value", [0, 6])
def test_stakeholder_scales_outside_1_to_5_are_refused(field, value):
    stakeholder = StakeholderFactory.build(plan=PlanFactory(), **{field: value})
    with pytest.raises(ValidationError):
        stakeholder.full_clean()


@pytest.mark.parametrize(
    ("role", "superuser", "reads", "edits"),
    [
        (Role.STAFF, True, True, True),
        (Role.ADMIN, False, True, True),
        (Role.STAFF, False, True, True),
        (Role.BOARD, False, True, False),
        (Role.MUNICIPAL, False, False, False),
        (Role.COLLABORATOR, False, False, False),
    ],
)
def test_only_staff_edit_and_only_staff_and_board_read_the_diagnosis(role, superuser, reads, edits):
    user = UserFactory(role=role, is_superuser=superuser)
    assert permissions.can_view_diagnosis(user) is reads
    assert permissions.can_edit_diagnosis(user) is edits


def test_the_public_and_inactive_users_neither_read_nor_edit_the_diagnosis():
    inactive = UserFactory(role=Role.STAFF, is_active=False)
    for user in (AnonymousUser(), None, inactive):
        assert not permissions.can_view_diagnosis(user)
        assert not permissions.can_edit_diagnosis(user)
