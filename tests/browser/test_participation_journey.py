"""A collaborator proposes a change to an action line, staff accept it, a new version appears
and the diff shows it; axe checks every page on the way."""

from __future__ import annotations

import pytest

from localret.participation.models import PlanVersion, Proposal
from tests.browser.conftest import assert_no_axe_violations, login
from tests.participation.factories import make_consultation, make_plan

pytestmark = pytest.mark.browser


def test_collaborator_proposal_accepted_makes_a_version_and_a_diff(
    browser, live_server, staff_user, collaborator_user
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    plan = make_plan("pla-esborrany")
    consultation = make_consultation(plan, staff_user, invited=(collaborator_user,))
    url = f"{base}/participacio/consultes/{consultation.pk}/"

    # The invited collaborator proposes a new name for action line 1.2.
    context = browser.new_context(locale="ca-ES", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, collaborator_user.username)
    page.goto(url)
    assert_no_axe_violations(page)
    page.select_option("#id_proposal-kind", "change")
    page.select_option("#id_proposal-target", "action_line:1.2")
    page.fill("#id_proposal-name", "Open data and transparency for every town")
    page.fill("#id_proposal-rationale", "Transparency matters")
    page.locator("form[action$='/propostes/'] button[type=submit]").click()
    page.wait_for_url(f"{url}#contributions")
    proposal = Proposal.objects.get(consultation=consultation)
    page.locator(f"#proposal-{proposal.pk}").wait_for()
    assert_no_axe_violations(page)
    # Elsewhere the collaborator is refused: a staff page answers 403.
    response = page.goto(f"{base}/participacio/consultes/{consultation.pk}/gestio/")
    assert response is not None and response.status == 403
    context.close()

    # Staff accept it with a public answer.
    context = browser.new_context(locale="ca-ES", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, staff_user.username)
    page.goto(url)
    assert_no_axe_violations(page)
    page.fill(f"#answer-{proposal.pk}", "Accepted: clearer.")
    page.locator(f"#proposal-{proposal.pk} button[value=accept]").click()
    page.wait_for_url(f"{url}#proposal-{proposal.pk}")
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]

    # The new version is listed and the diff shows the change, marked word by word.
    page.goto(f"{base}/participacio/plans/{plan.slug}/versions/")
    assert page.locator("table tbody tr").count() == 2
    assert_no_axe_violations(page)
    page.locator("a[href$='/versions/1/diff/2/']").click()
    page.wait_for_url(f"{base}/participacio/plans/{plan.slug}/versions/1/diff/2/")
    change = page.locator("section.diff-changed")
    assert change.count() == 1
    assert "Línia d'actuació 1.2" in change.inner_text()
    assert "action_line" not in change.inner_text()  # the reader sees a label, not the key
    assert "transparency" in change.locator("ins").all_inner_texts()[0]
    assert_no_axe_violations(page)
    context.close()


def test_diagnosis_trace_and_evaluation_pages_pass_axe(
    page, live_server, staff_user, board_user
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from localret.participation import services
    from localret.strategy import services as strategy
    from tests.diagnosis.factories import make_finding, make_stakeholder

    base = live_server.url
    plan = make_plan("pla-avaluat")
    make_finding(plan, staff_user)
    make_stakeholder(plan, staff_user)
    make_stakeholder(plan, staff_user, name="Ciutadania", scope="external", sector="private")
    consultation = make_consultation(plan, staff_user)
    plan.period_end = dt.date.today() + dt.timedelta(days=10)
    plan.save()
    strategy.plan_approve(plan=plan, by=board_user, agreement_ref="CA 1")
    strategy.plan_close(plan=plan, by=board_user, agreement_ref="CA 2")
    services.lesson_create(plan=plan, by=staff_user, text="Measure from day one")

    login(page, live_server, staff_user.username)
    for path in (
        f"/diagnosi/{plan.slug}/",
        f"/diagnosi/{plan.slug}/troballes/nova/",
        "/participacio/",
        f"/participacio/consultes/{consultation.pk}/gestio/",
        f"/participacio/plans/{plan.slug}/versions/",
        f"/participacio/plans/{plan.slug}/elements/action_line:1.1/",
        f"/participacio/plans/{plan.slug}/avaluacio/",
    ):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(page)
    # The stakeholder chart is drawn (canvas) next to its table alternative.
    page.goto(f"{base}/diagnosi/{plan.slug}/")
    page.locator("#stakeholder-chart canvas").wait_for()
    assert page.locator("#stakeholders table tbody tr").count() == 2
