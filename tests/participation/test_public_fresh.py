"""Issue 19 point 5: the pages of a plan's versions and its evaluation render their content once
per data version (core/fragments.py). A write shows on the next visit; the names of
contributors reach only those who may see them, whoever visited first; the staff's forms
(with their CSRF token) stay outside what is kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from localret.accounts.interface import User
from localret.participation import services
from localret.participation.models import PlanVersion
from localret.strategy import services as strategy
from localret.strategy.models import ActionLine, Indicator, Measurement

from ..conftest import client_for
from .factories import make_consultation, make_plan

pytestmark = pytest.mark.django_db

CSRF = "csrfmiddlewaretoken"


def _get(user, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def public_plan(users):
    """An approved plan with a collaborator's comment on OE1 and two versions."""
    plan = make_plan("pla-public")
    consultation = make_consultation(plan, users["staff"], invited=(users["collaborator"],))
    services.comment_create(
        consultation=consultation, by=users["collaborator"], element="objective:OE1", text="Hola"
    )
    services.version_record(plan=plan, by=users["staff"], note="Primera versió")
    line = ActionLine.objects.get(objective__plan=plan, code="1.1")
    strategy.action_line_update(action_line=line, by=users["staff"], name="Oficina digital nova")
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 9")
    return plan


@pytest.mark.parametrize("first", ["staff", "public"])
def test_names_of_contributors_only_for_who_may_see_them_whoever_came_first(
    public_plan, users, first
):
    element = "/participacio/plans/pla-public/elements/objective:OE1/"
    versions = "/participacio/plans/pla-public/versions/"
    order = [first, "public" if first == "staff" else "staff"]
    for who in order * 2:
        page, listing = _get(users[who], element), _get(users[who], versions)
        assert "Hola" in page
        named = who == "staff"
        assert ("collab1" in page) == named, who
        assert ("tecnic1" in listing) == named, who


def test_a_renamed_user_shows_at_once_to_staff(public_plan, users):
    url = "/participacio/plans/pla-public/versions/"
    assert "tecnic1" in _get(users["staff"], url)
    User.objects.filter(pk=users["staff"].pk).update(first_name="Tècnica", last_name="Nova")
    page = _get(users["staff"], url)
    assert "Tècnica Nova" in page
    assert "Tècnica Nova" not in _get(None, url)


def test_a_new_version_shows_at_once_in_the_list_the_diff_and_the_element(public_plan, users):
    versions = "/participacio/plans/pla-public/versions/"
    element = "/participacio/plans/pla-public/elements/action_line:1.2/"
    last = PlanVersion.objects.filter(plan=public_plan).count()
    diff = f"/participacio/plans/pla-public/versions/{last}/diff/{last + 1}/"
    assert "Nota de la tercera" not in _get(None, versions)
    assert f"Versió {last + 1}" not in _get(None, element)
    assert client_for(None).get(diff).status_code == 404
    line = ActionLine.objects.get(objective__plan=public_plan, code="1.2")
    line.name = "Dades obertes a tot arreu"
    line.save()
    services.version_record(plan=public_plan, by=users["staff"], note="Nota de la tercera")
    assert "Nota de la tercera" in _get(None, versions)
    page = _get(None, element)
    assert f"Versió {last + 1}" in page and "Dades obertes a tot arreu" in page
    assert "<title>1.2. Dades obertes a tot arreu · " in page  # the title names it as it is
    assert "Dades obertes a tot arreu" in _get(None, diff)


def test_the_element_title_names_it(public_plan):
    page = _get(None, "/participacio/plans/pla-public/elements/action_line:1.1/")
    assert "<title>1.1. Oficina digital nova · Pla pla-public" in page
    missing = client_for(None).get("/participacio/plans/pla-public/elements/action_line:9.9/")
    assert missing.status_code == 404


def test_the_staff_form_to_record_a_version_is_theirs_only(users):
    make_plan("pla-esborrany")
    url = "/participacio/plans/pla-esborrany/versions/"
    staff = _get(users["staff"], url)
    assert CSRF in staff and 'name="note"' in staff
    board = _get(users["board"], url)
    assert CSRF not in board.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'name="note"' not in board
    assert client_for(None).get(url).status_code == 403  # a draft: not public


def test_a_comment_shows_at_once_to_staff_on_a_draft(users):
    plan = make_plan("pla-esborrany")
    consultation = make_consultation(plan, users["staff"], invited=(users["collaborator"],))
    url = "/participacio/plans/pla-esborrany/elements/objective:OE2/"
    services.version_record(plan=plan, by=users["staff"])
    assert "Comentari-nou" not in _get(users["staff"], url)
    services.comment_create(
        consultation=consultation,
        by=users["collaborator"],
        element="objective:OE2",
        text="Comentari-nou",
    )
    page = _get(users["staff"], url)
    assert "Comentari-nou" in page and "collab1" in page


@pytest.fixture
def closed_plan(users):
    plan = make_plan("pla-tancat")
    plan.period_end = dt.date.today() + dt.timedelta(days=30)
    plan.save()
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 5")
    strategy.plan_close(plan=plan, by=users["board"], agreement_ref="CA 6")
    return plan


def test_the_evaluation_shows_a_new_lesson_and_measurement_at_once(closed_plan, users):
    page_url = "/participacio/plans/pla-tancat/avaluacio/"
    document_url = "/participacio/plans/pla-tancat/avaluacio.html"
    before = _get(None, page_url)
    assert "Comencem abans" not in before and "Comencem abans" not in _get(None, document_url)
    services.lesson_create(
        plan=closed_plan, by=users["staff"], text="Comencem abans", objective_code="OE1"
    )
    assert "Comencem abans" in _get(None, page_url)
    assert "Comencem abans" in _get(None, document_url)
    reached = _get(None, page_url)
    # A correction of the closed plan's figures (its services refuse changes; a data fix
    # does not go through them).
    Measurement.objects.create(
        indicator=Indicator.objects.get(code="pla-tancat-I1"),
        date=dt.date.today(),
        value=Decimal("100"),
    )
    assert _get(None, page_url) != reached
    assert "100" in _get(None, page_url)


def test_the_lesson_form_is_the_staffs_only(closed_plan, users):
    url = "/participacio/plans/pla-tancat/avaluacio/"
    staff = _get(users["staff"], url)
    assert CSRF in staff and "lesson-text" in staff
    for who in ("board", "public"):
        page = _get(users[who], url)
        assert "lesson-text" not in page
    assert "lesson-text" in _get(users["staff"], url)
