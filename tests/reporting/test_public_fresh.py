"""Issue 19 point 5: the transparency pages render their content once per data version
(core/fragments.py); a write to what a page shows appears on the next visit, what is not
public never enters a page, and a second visit renders nothing again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from localret.governance import services as governance
from localret.governance.models import Agreement
from localret.strategy.models import ActionLine, Measurement, StrategicObjective
from localret.territory.models import Comarca
from tests.governance.factories import board_with_members, meeting_with_quorum
from tests.helpdesk.factories import make_request

from .factories import small_plan

pytestmark = pytest.mark.django_db


def _get(url: str, client: Client | None = None) -> str:
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(url)
    return len(queries)


@pytest.fixture
def agreements(staff_user):
    plan = small_plan()
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members, day=dt.date(2021, 3, 1))

    def record(number: str, title: str, *, public: bool = True) -> Agreement:
        return governance.agreement_record(
            meeting=meeting,
            number=number,
            title=title,
            text=f"Text {title}",
            votes_for=5,
            is_public=public,
            plan=plan,
            by=staff_user,
        )

    return plan, record


def test_a_new_public_agreement_shows_at_once_and_a_private_one_never(agreements):
    _plan, record = agreements
    first = record("CA 1", "Primer acord")
    assert "Primer acord" in _get("/transparencia/acords/")
    record("CA 2", "Segon acord")
    record("CA 3", "ACORD-RESERVAT", public=False)
    page = _get("/transparencia/acords/")
    assert "Segon acord" in page
    assert "ACORD-RESERVAT" not in page
    assert f"/transparencia/acords/{first.pk}/" in page


def test_an_edited_agreement_shows_at_once_and_a_withdrawn_one_is_gone(agreements):
    _plan, record = agreements
    agreement = record("CA 7", "Acord original")
    url = f"/transparencia/acords/{agreement.pk}/"
    page = _get(url)
    assert "Acord original" in page and "CA 7 · " in page  # the title names the agreement
    Agreement.objects.filter(pk=agreement.pk).update(title="Acord esmenat", number="CA 7 bis")
    page = _get(url)
    assert "Acord esmenat" in page and "CA 7 bis · " in page
    Agreement.objects.filter(pk=agreement.pk).update(is_public=False)
    assert Client().get(url).status_code == 404
    assert "Acord esmenat" not in _get("/transparencia/acords/")


def test_the_plan_named_by_an_agreement_is_shown_as_it_is_now(agreements):
    plan, record = agreements
    agreement = record("CA 8", "Acord amb pla")
    url = f"/transparencia/acords/{agreement.pk}/"
    assert "Pla informe" in _get(url)
    plan.name = "Pla reanomenat"
    plan.save()
    assert "Pla reanomenat" in _get(url)


def test_a_private_agreement_is_never_stored_for_the_public(agreements):
    _plan, record = agreements
    hidden = record("CA 9", "ACORD-RESERVAT", public=False)
    url = f"/transparencia/acords/{hidden.pk}/"
    assert Client().get(url).status_code == 404
    assert Client().get(url).status_code == 404
    Agreement.objects.filter(pk=hidden.pk).update(is_public=True)
    assert "ACORD-RESERVAT" in _get(url)


def test_the_plan_and_objective_pages_show_a_renamed_element_at_once():
    small_plan()
    plan_url = "/transparencia/plans/pla-informe/"
    objective_url = "/transparencia/plans/pla-informe/OE1/"
    assert "Acompanyar" in _get(plan_url)
    page = _get(objective_url)
    assert "Diagnosi" in page and "<title>OE1. Acompanyar" in page
    StrategicObjective.objects.filter(code="OE1").update(name="Acompanyar millor")
    ActionLine.objects.filter(code="1.1").update(name="Diagnosi nova")
    assert "Acompanyar millor" in _get(plan_url)
    page = _get(objective_url)
    assert "Diagnosi nova" in page and "<title>OE1. Acompanyar millor" in page
    assert Client().get("/transparencia/plans/pla-informe/OE9/").status_code == 404


def test_a_new_measurement_changes_the_objective_page_at_once():
    small_plan()
    url = "/transparencia/plans/pla-informe/OE2/"
    before = _get(url)
    indicator = StrategicObjective.objects.get(code="OE2").action_lines.get().indicators.get()
    Measurement.objects.create(indicator=indicator, date=dt.date(2021, 6, 1), value=Decimal(77))
    after = _get(url)
    assert after != before
    assert "77" in after


def test_a_draft_plan_stays_out_of_the_portal():
    small_plan(slug="pla-esborrany", status="draft", name="PLA-ESBORRANY")
    assert Client().get("/transparencia/plans/pla-esborrany/").status_code == 404
    assert Client().get("/transparencia/plans/pla-esborrany/OE1/").status_code == 404


def test_the_balance_page_renders_each_choice_of_its_own():
    comarca = _get("/transparencia/equilibri-territorial/?level=comarca")
    vegueria = _get("/transparencia/equilibri-territorial/?level=vegueria")
    assert comarca != vegueria
    assert "Osona" in comarca and "Osona" not in vegueria
    # The map asks for the choice the page shows, and nothing else of the address.
    page = _get("/transparencia/equilibri-territorial/?level=vegueria&basis=uncovered&x=<b>")
    assert "mapa.json?level=vegueria&amp;basis=uncovered" in page
    assert "&lt;b&gt;" not in page and "<b>" not in page


def test_the_municipality_page_shows_a_renamed_comarca_at_once():
    before = _get("/transparencia/municipis/082981/")
    assert "Osona" in before
    Comarca.objects.filter(name="Osona").update(name="Osona Nova")
    assert "Osona Nova" in _get("/transparencia/municipis/082981/")


def test_the_requests_figures_show_a_new_request_at_once(vic_user):
    for _ in range(5):
        make_request(by=vic_user)
    first = _get("/transparencia/peticions/")
    assert ">5<" in first
    make_request(by=vic_user)
    assert ">6<" in _get("/transparencia/peticions/")


@pytest.mark.parametrize(
    "url",
    [
        "/transparencia/acords/",
        "/transparencia/plans/pla-informe/",
        "/transparencia/plans/pla-informe/OE1/",
        "/transparencia/municipis/082981/",
        "/transparencia/peticions/",
    ],
)
def test_a_second_visit_renders_nothing_again(url):
    small_plan()
    cold = _queries(url)
    warm = _queries(url)
    # The data versions, and the page's own lookup (the plan, the municipality) for its 404.
    assert warm < cold, (url, cold, warm)
    assert warm <= 2, (url, warm)
