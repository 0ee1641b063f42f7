"""Board approval freezes a version (strategy's plan_approve hook); evaluation of a closed plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from localret.participation import evaluation, services
from localret.participation.models import FrozenVersionError, PlanVersion
from localret.strategy import services as strategy
from localret.strategy.models import Indicator

from ..conftest import api_client, client_for, speaking
from .factories import make_consultation, make_plan

pytestmark = pytest.mark.django_db


def test_approval_promotes_the_identical_latest_draft_and_freezes_baselines(users):
    plan = make_plan("pla-a")
    consultation = make_consultation(plan, users["staff"])
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 2020/07")
    versions = list(PlanVersion.objects.filter(plan=plan))
    assert [(v.number, v.status) for v in versions] == [(1, "approved")]
    frozen = versions[0]
    assert frozen.agreement_ref == "CA 2020/07" and frozen.approved_at is not None
    assert frozen.baselines == {"pla-a-I1": {"baseline_value": "10", "baseline_date": "2020-01-01"}}
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_approval_records_a_new_version_when_the_draft_moved_on(users):
    plan = make_plan("pla-b")
    make_consultation(plan, users["staff"])
    line = plan.objectives.get(code="OE1").action_lines.get(code="1.1")
    strategy.action_line_update(action_line=line, by=users["staff"], name="Edited by staff")
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 1")
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", "status")) == [
        (1, "draft"),
        (2, "approved"),
    ]
    diff = api_client(users["public"] or None).get("/api/v1/plans/pla-b/versions/1/diff/2")
    assert diff.status_code == 200  # approved plans are public
    assert [c["element"] for c in diff.json()["changes"]] == ["action_line:1.1"]


def test_frozen_version_is_immutable_and_keeps_its_baseline(users):
    plan = make_plan("pla-c")
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 2")
    frozen = PlanVersion.objects.get(plan=plan)
    frozen.note = "tampered"
    with pytest.raises(FrozenVersionError):
        frozen.save()
    with pytest.raises(FrozenVersionError):
        frozen.delete()
    with pytest.raises(FrozenVersionError):
        PlanVersion.objects.filter(plan=plan).update(note="bulk")
    with pytest.raises(FrozenVersionError):
        PlanVersion.objects.filter(plan=plan).delete()
    indicator = Indicator.objects.get(code="pla-c-I1")
    strategy.indicator_update(indicator=indicator, by=users["staff"], baseline_value=Decimal("55"))
    frozen.refresh_from_db()
    assert frozen.note != "tampered" and frozen.baselines["pla-c-I1"]["baseline_value"] == "10"
    element = frozen.snapshot["elements"]["indicator:pla-c-I1"]
    assert element["baseline_value"] == "10"


def test_failed_hook_aborts_nothing_else_when_plan_not_draft(users):
    plan = make_plan("pla-d", status="approved")
    with pytest.raises(strategy.StrategyError):
        strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 3")
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_accepting_after_approval_is_refused_and_writes_nothing(users):
    plan = make_plan("pla-e")
    consultation = make_consultation(plan, users["staff"])
    proposal = services.proposal_create(
        consultation=consultation,
        by=users["staff"],
        kind="remove",
        element="action_line:2.1",
    )
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 4")
    with pytest.raises(services.InvalidInput) as exc:
        services.proposal_decide(proposal=proposal, by=users["staff"], accept=True, answer="ok")
    assert exc.value.errors[0]["field"] == "proposal"
    assert plan.objectives.get(code="OE2").action_lines.filter(code="2.1").exists()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_accepted_additions_and_removals_reach_the_plan(users):
    plan = make_plan("pla-f")
    consultation = make_consultation(plan, users["staff"])
    add = services.proposal_create(
        consultation=consultation,
        by=users["staff"],
        kind="add",
        element="action_line:2.2",
        parent="objective:OE2",
        fields={"name": "Living labs", "description": "Test with citizens"},
    )
    services.proposal_decide(proposal=add, by=users["admin"], accept=True, answer="Yes")
    remove = services.proposal_create(
        consultation=consultation, by=users["staff"], kind="remove", element="objective:OE1"
    )
    services.proposal_decide(proposal=remove, by=users["admin"], accept=True, answer="Merged")
    v1, v2, v3 = PlanVersion.objects.filter(plan=plan)
    assert "action_line:2.2" in v2.snapshot["elements"]
    assert v2.snapshot["elements"]["action_line:2.2"]["description"] == "Test with citizens"
    from localret.participation.diffing import diff

    removed = {c["element"] for c in diff(v2.snapshot, v3.snapshot) if c["kind"] == "removed"}
    assert removed == {"objective:OE1", "action_line:1.1", "action_line:1.2", "indicator:pla-f-I1"}
    assert not plan.objectives.filter(code="OE1").exists()


def test_evaluation_summary_is_pure_and_counts_reached_targets():
    summary = evaluation.summarise(
        [
            {
                "code": "OE1",
                "name": "A",
                "progress": 0.8,
                "status": "at_risk",
                "indicators": [
                    {"code": "I1", "progress": 1.0, "status": "achieved"},
                    {"code": "I2", "progress": 0.6, "status": "at_risk"},
                    {"code": "I3", "progress": None, "status": "no_data"},
                ],
            }
        ]
    )
    row = summary["objectives"][0]
    assert (row["n_indicators"], row["n_reached"], row["n_without_data"]) == (3, 1, 1)
    assert row["mean_indicator_progress"] == pytest.approx(0.8)
    assert [i["code"] for i in row["shortfalls"]] == ["I2"]
    assert row["verdict"] == "largely reached"
    assert summary["share_reached"] == pytest.approx(1 / 3)
    assert evaluation.verdict(None) == "no data" and evaluation.verdict(1.0) == "reached"


@pytest.fixture
def closed_plan(users):
    plan = make_plan("pla-tancat")
    plan.period_end = dt.date.today() + dt.timedelta(days=30)
    plan.save()
    indicator = Indicator.objects.get(code="pla-tancat-I1")
    strategy.measurement_create(
        indicator=indicator, by=users["staff"], date=dt.date.today(), value=Decimal("100")
    )
    strategy.plan_approve(plan=plan, by=users["board"], agreement_ref="CA 5")
    strategy.plan_close(plan=plan, by=users["board"], agreement_ref="CA 6")
    services.lesson_create(plan=plan, by=users["staff"], text="Start earlier", objective_code="OE1")
    return plan


@pytest.mark.parametrize(
    "who,status",
    [
        ("admin", 200),
        ("staff", 200),
        ("board", 200),
        ("vic", 200),
        ("collaborator", 200),
        ("public", 200),
    ],
)
def test_evaluation_of_a_closed_plan_is_public(closed_plan, users, who, status):
    client = client_for(users[who])
    page = client.get("/participacio/plans/pla-tancat/avaluacio/")
    assert page.status_code == status
    assert b"Start earlier" in page.content
    document = client.get("/participacio/plans/pla-tancat/avaluacio.html")
    assert document.status_code == status
    assert "attachment" in document["Content-Disposition"]
    assert b"Start earlier" in document.content


def test_evaluation_shows_reached_indicators_and_pdf(closed_plan, users):
    client = client_for(users["staff"])
    page = speaking(client, "en").get("/participacio/plans/pla-tancat/avaluacio/")
    assert b"1 of 1 indicators reached their target" in page.content
    pdf = client.get("/participacio/plans/pla-tancat/avaluacio.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_lessons_only_by_staff_and_named_errors(closed_plan, users):
    url = "/participacio/plans/pla-tancat/avaluacio/"
    assert client_for(users["board"]).post(url, {"lesson-text": "x"}).status_code == 403
    bad = client_for(users["staff"]).post(url, {"lesson-text": " "})
    assert b"lesson-text-error" in bad.content
    ok = client_for(users["staff"]).post(
        url, {"lesson-text": "Involve municipalities", "lesson-objective_code": "OE2"}
    )
    assert ok.status_code == 302
    assert closed_plan.lessons.filter(objective_code="OE2").count() == 1


def test_evaluation_of_an_open_plan_is_404_or_403(users):
    make_plan("pla-obert")
    assert (
        client_for(users["staff"]).get("/participacio/plans/pla-obert/avaluacio/").status_code
        == 404
    )
    assert client_for(None).get("/participacio/plans/pla-obert/avaluacio/").status_code == 403


def test_anonymous_evaluation_pdf_is_rendered_once_and_rate_limited(closed_plan, monkeypatch):
    import weasyprint

    from localret.participation import views

    renders = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        renders.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    client = client_for(None)
    url = "/participacio/plans/pla-tancat/avaluacio.pdf"
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(renders) == 1  # the same document is rendered once, then served from the cache
    # A client that makes the server render new documents again and again is stopped.
    monkeypatch.setattr(views, "PDF_RENDERS_PER_WINDOW", 1)
    english = speaking(client_for(None), "en").get(url)  # another document: a new render
    assert english.status_code == 429 and english["Retry-After"] == "60"


def test_evaluation_pdf_is_rendered_again_after_a_write_and_shows_it(closed_plan, users):
    """The PDF is kept per version of the data it shows: a lesson recorded makes the next
    request render a new document, which holds the lesson."""
    from io import BytesIO

    import weasyprint
    from pypdf import PdfReader

    renders = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        renders.append(1)
        return real(self, *args, **kwargs)

    url = "/participacio/plans/pla-tancat/avaluacio.pdf"
    staff = client_for(users["staff"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", counting)
        first = staff.get(url).content
        assert client_for(None).get(url).content == first  # one document for every reader
        assert len(renders) == 1
        ok = staff.post(
            "/participacio/plans/pla-tancat/avaluacio/",
            {"lesson-text": "Implicar els ajuntaments petits", "lesson-objective_code": "OE2"},
        )
        assert ok.status_code == 302
        second = staff.get(url).content
    assert len(renders) == 2
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(second)).pages)
    assert "Implicar els ajuntaments petits" in " ".join(text.split())
