"""Planner runs as background jobs: a run from the page or the API is a job that the worker's
task solves (called synchronously here), recording its stage, percentage and the solver's
figures; staff cancel it, a transient failure is tried again, a job whose worker died is found
and run again, and every outcome reads in words, with figures in Catalan."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from html import unescape

import pytest
from django.db import OperationalError
from django.utils import timezone

from localret.connectivity import planner, services, tasks
from localret.connectivity.models import PlannerJob, Scenario
from localret.connectivity.services import ScenarioInput
from tests.conftest import api_client, client_for, speaking

from .factories import candidate_set

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
FORM = {
    "candidates": "s1",
    "budget_eur": "90.000",  # a Catalan page: thousands point
    "balance_level": "comarca",
    "min_share": "0,5",
    "time_limit_s": "5",
    "mip_gap": "0",
    "name": "Prova",
}


def visible(html: str) -> str:
    """The text a person reads (no tags, no scripts), entities decoded."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def queued_job(cset_name: str = "s1", **spec: object) -> PlannerJob:
    """A job created while no worker runs: it stays queued until its task is called."""
    cset = candidate_set(cset_name)
    values = {"candidates": cset_name, "budget_eur": 90000.0, **spec}
    return PlannerJob.objects.create(
        candidate_set=cset,
        name="Prova",
        parameters=ScenarioInput(**values).__dict__,  # type: ignore[arg-type]
    )


def test_a_page_run_is_a_job_whose_page_follows_it_to_the_scenario(staff_user):
    candidate_set("s1")
    client = client_for(staff_user)
    r = client.post("/connectivitat/planificador/", FORM)
    job = PlannerJob.objects.get()
    assert r.status_code == 302
    assert r["Location"] == f"/connectivitat/planificador/execucions/{job.pk}/"
    # The tests' task backend ran the worker's task at once: the job is done, with its scenario.
    assert (job.status, job.stage, job.progress, job.attempts) == ("done", "done", 100, 1)
    scenario = Scenario.objects.get()
    assert job.scenario == scenario and sorted(scenario.result["selected"]) == ["A1", "A3"]
    assert job.figures["incumbent"] == scenario.result["objective"]
    page = client.get(r["Location"]).content.decode()
    assert f'href="/connectivitat/planificador/escenari/{scenario.pk}/"' in page
    assert "connectivity/js/planner_job.js" in page and "<script>" not in page
    status = client.get(f"/connectivitat/planificador/execucions/{job.pk}/estat.json").json()
    assert status["status"] == "done" and status["active"] is False
    assert status["status_label"] == "Feta" and status["stage_label"] == "acabat"
    assert status["progress_text"] == f"100{NBSP}%"
    assert status["result_url"] == f"/connectivitat/planificador/escenari/{scenario.pk}/"
    # The recent runs are listed on the planner's page.
    assert f"/execucions/{job.pk}/" in client.get("/connectivitat/planificador/").content.decode()


def test_the_worker_task_runs_a_queued_job_to_the_end_and_records_its_progress(
    staff_user, monkeypatch
):
    job = queued_job(balance_level="comarca", min_share=0.5, time_limit_s=5, mip_gap=0)
    client = client_for(staff_user)
    status = client.get(f"/connectivitat/planificador/execucions/{job.pk}/estat.json").json()
    assert status["active"] and status["status_label"] == "En cua"
    assert status["stage_label"] == "esperant el procés de fons"
    written: list[tuple[str, int]] = []
    record = PlannerJob.objects.filter

    def spy(*args, **kwargs):  # every write of the worker goes through a filtered update
        qs = record(*args, **kwargs)
        original = qs.update

        def update(**fields):
            if "stage" in fields:
                written.append((fields["stage"], fields["progress"]))
            return original(**fields)

        qs.update = update  # type: ignore[method-assign]
        return qs

    monkeypatch.setattr(tasks, "PROGRESS_EVERY_S", 0)
    monkeypatch.setattr(PlannerJob.objects, "filter", spy)
    tasks.run_planner_job.call(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == "done" and job.scenario is not None and job.finished_at
    stages = [s for s, _ in written]
    assert stages[0] == "greedy" and "relaxation" in stages and "milp" in stages
    assert "curve" in stages and stages[-1] == "done"
    percents = [p for _, p in written]
    assert percents == sorted(percents) and percents[-1] == 100
    # Run again by a second worker (or twice): nothing happens, the job is not queued.
    tasks.run_planner_job.call(job.pk)
    assert Scenario.objects.count() == 1


def test_the_solver_reports_its_bound_incumbent_and_gap_as_it_improves():
    # Households nearly proportional to cost: a knapsack HiGHS has to branch on.
    rng = random.Random(1)
    costs = [rng.uniform(1e4, 5e5) for _ in range(2000)]
    cands = [
        planner.PlanCandidate(
            id=f"A{i}",
            households=int(cost / 1000) + rng.randint(0, 20),
            cost=cost,
            region=f"R{i % 10}",
        )
        for i, cost in enumerate(costs)
    ]
    rules = planner.PlanRules(budget=2e7, min_share=0.5)
    seen: list[planner.Progress] = []
    result = planner.solve(cands, rules, time_limit_s=10, mip_gap=0, progress=seen.append)
    assert [p.stage for p in seen[:2]] == ["greedy", "relaxation"]
    branching = [p for p in seen if p.stage == "milp" and p.bound is not None]
    assert branching, "HiGHS's callbacks reported nothing"
    last = branching[-1]
    assert last.incumbent is not None and last.incumbent <= last.bound + 1e-6
    assert all(p.greedy == result.greedy.objective for p in branching)
    assert all(15 <= p.percent <= 85 for p in branching)
    assert seen[-1].incumbent == pytest.approx(result.objective)

    class Stop(Exception):
        pass

    def stop_when_branching(p: planner.Progress) -> None:
        if p.bound is not None:
            raise Stop

    # An exception from ``progress`` (a cancelled job) interrupts HiGHS and comes out of solve.
    with pytest.raises(Stop):
        planner.solve(cands, rules, time_limit_s=60, mip_gap=0, progress=stop_when_branching)


def test_staff_cancel_a_queued_job_and_the_worker_then_leaves_it(staff_user, board_user):
    job = queued_job()
    assert (
        client_for(board_user)
        .post(f"/connectivitat/planificador/execucions/{job.pk}/atura/")
        .status_code
        == 403
    )
    client = client_for(staff_user)
    r = client.post(f"/connectivitat/planificador/execucions/{job.pk}/atura/")
    assert r.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.failure) == ("failed", "cancelled")
    tasks.run_planner_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and not Scenario.objects.exists()
    page = client.get(f"/connectivitat/planificador/execucions/{job.pk}/").content.decode()
    assert "Execució cancel·lada." in page and "cancelled" not in page


def test_a_job_cancelled_while_it_solves_stops_without_saving(staff_user, monkeypatch):
    job = queued_job(time_limit_s=5)
    original = services.scenario_run

    def cancel_during_solve(**kwargs):
        progress = kwargs["progress"]

        def cancelling(p: planner.Progress) -> None:
            if p.stage == "relaxation":  # staff press "Cancel" while it runs
                services.planner_job_cancel(job=PlannerJob.objects.get(pk=job.pk), by=staff_user)
            progress(p)

        return original(**{**kwargs, "progress": cancelling})

    monkeypatch.setattr(services, "scenario_run", cancel_during_solve)
    monkeypatch.setattr(tasks, "PROGRESS_EVERY_S", 0)
    tasks.run_planner_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.failure) == ("failed", "cancelled")
    assert not Scenario.objects.exists()


def test_a_job_whose_worker_died_is_found_and_run_again(staff_user):
    job = queued_job()
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    PlannerJob.objects.filter(pk=job.pk).update(
        status="running", stage="milp", progress=40, started_at=long_ago, heartbeat_at=long_ago
    )
    fresh = queued_job("s2")
    PlannerJob.objects.filter(pk=fresh.pk).update(status="running", heartbeat_at=timezone.now())
    client = client_for(staff_user)
    status = client.get(f"/connectivitat/planificador/execucions/{job.pk}/estat.json").json()
    assert status["status"] == "failed" and status["active"] is False
    assert "va deixar de funcionar" in status["message"]
    assert PlannerJob.objects.get(pk=fresh.pk).status == "running"  # still alive
    api = api_client(staff_user).get(f"/api/v1/connectivity/planner/jobs/{job.pk}").json()
    assert (api["status"], api["failure"]) == ("failed", "worker_died")
    r = client.post(f"/connectivitat/planificador/execucions/{job.pk}/torna-a-executar/")
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.scenario is not None and job.failure == ""


def test_a_transient_failure_is_tried_again(settings, monkeypatch):
    settings.PLANNER_JOB_RETRY_DELAY = 0
    job = queued_job()
    original = services.scenario_run
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return original(**kwargs)

    monkeypatch.setattr(services, "scenario_run", flaky)
    tasks.run_planner_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2) and job.scenario is not None


def test_failures_end_with_a_clear_catalan_message(settings, monkeypatch, staff_user):
    settings.PLANNER_JOB_RETRY_DELAY = 0
    locked, broken = queued_job("s1"), queued_job("s2")

    def always_locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "scenario_run", always_locked)
    tasks.run_planner_job.call(locked.pk)
    locked.refresh_from_db()
    assert (locked.status, locked.failure, locked.attempts) == ("failed", "transient", 3)

    def bug(**kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(services, "scenario_run", bug)
    tasks.run_planner_job.call(broken.pk)
    broken.refresh_from_db()
    assert (broken.status, broken.failure, broken.error) == ("failed", "error", "boom")
    client = client_for(staff_user)
    page = client.get(f"/connectivitat/planificador/execucions/{locked.pk}/").content.decode()
    assert "La base de dades no ha estat disponible" in page and "transient" not in page
    status = client.get(f"/connectivitat/planificador/execucions/{broken.pk}/estat.json").json()
    assert status["message"].startswith("No s'ha pogut resoldre l'escenari")


def test_run_pages_are_for_staff(users):
    job = queued_job()
    for who, expected in (("staff", 200), ("admin", 200), ("board", 403), ("vic", 403)):
        page = client_for(users[who]).get(f"/connectivitat/planificador/execucions/{job.pk}/")
        assert page.status_code == expected, who
    anonymous = client_for(None).get(f"/connectivitat/planificador/execucions/{job.pk}/")
    assert anonymous.status_code == 302


def test_an_infeasible_scenario_says_why_in_catalan_with_formatted_figures(staff_user):
    candidate_set("s1")
    client = client_for(staff_user)
    form = {**FORM, "budget_eur": "60.000", "must_include": "A1, A3", "balance_level": ""}
    client.post("/connectivitat/planificador/", form)
    scenario = Scenario.objects.get()
    assert scenario.result["status"] == "infeasible"
    assert scenario.result["explanation"] == {
        "kind": "include_budget",
        "cost": 90000.0,
        "budget": 60000.0,
    }
    html = client.get(f"/connectivitat/planificador/escenari/{scenario.pk}/").content.decode()
    text = visible(html)
    assert f"costen 90.000{NBSP}€, més que el pressupost de 60.000{NBSP}€" in text
    for code in ("infeasible", "must-include", "time_limit", "optimal", "balance"):
        assert code not in text
    english = speaking(client, "en").get(f"/connectivitat/planificador/escenari/{scenario.pk}/")
    assert "cost €90,000, more than the budget of €60,000" in english.content.decode()


def test_the_scenario_reads_as_words_and_catalan_figures(staff_user):
    candidate_set("s1")
    client = client_for(staff_user)
    client.post("/connectivitat/planificador/", FORM)
    scenario = Scenario.objects.get()
    html = client.get(f"/connectivitat/planificador/escenari/{scenario.pk}/").content.decode()
    text = visible(html)
    assert "Solució òptima" in text and f"90.000{NBSP}€" in text
    assert f"almenys el 50{NBSP}%" in text and "Per comarca" in text
    assert "optimal" not in text and "0.5" not in text
    # Greedy cannot meet the 50 % balance here: said in words, not as 0 households at 0 €.
    assert not scenario.result["greedy"]["feasible"]
    assert "La referència voraç no troba cap selecció que compleixi les regles." in text


# --- API ----------------------------------------------------------------------------------


def test_api_starts_follows_and_links_a_job(staff_user, board_user):
    candidate_set("s1")
    body = {
        "candidates": "s1",
        "budget_eur": 90000,
        "balance": {"level": "comarca", "min_share": 0.5},
        "time_limit_s": 5,
    }
    assert (
        api_client(None)
        .post("/api/v1/connectivity/planner/jobs", body, content_type="application/json")
        .status_code
        == 401
    )
    assert (
        api_client(board_user)
        .post("/api/v1/connectivity/planner/jobs", body, content_type="application/json")
        .status_code
        == 403
    )
    client = api_client(staff_user)
    r = client.post("/api/v1/connectivity/planner/jobs", body, content_type="application/json")
    assert r.status_code == 202, r.content
    created = r.json()
    assert {"id", "status", "stage", "percent", "result_url"} <= set(created)
    job = client.get(f"/api/v1/connectivity/planner/jobs/{created['id']}").json()
    assert (job["status"], job["stage"], job["percent"]) == ("done", "done", 100)
    assert dt.datetime.fromisoformat(job["finished_at"]) and job["created_at"][:4].isdigit()
    assert isinstance(job["figures"]["incumbent"], float)
    assert job["page_url"] == f"/connectivitat/planificador/execucions/{job['id']}/"
    scenario = client.get(job["result_url"])
    assert scenario.status_code == 200 and sorted(scenario.json()["selected"]) == ["A1", "A3"]
    assert client.get("/api/v1/connectivity/planner/jobs/999999").status_code == 404
    assert (
        api_client(board_user).get(f"/api/v1/connectivity/planner/jobs/{job['id']}").status_code
        == 403
    )
    # A finished job cannot be cancelled nor run again.
    assert client.post(f"/api/v1/connectivity/planner/jobs/{job['id']}/cancel").status_code == 409
    assert client.post(f"/api/v1/connectivity/planner/jobs/{job['id']}/retry").status_code == 409
    bad = client.post(
        "/api/v1/connectivity/planner/jobs",
        {**body, "must_include": ["ZZ"]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and [e["field"] for e in bad.json()["errors"]] == ["must_include"]


def test_api_cancels_and_runs_again(staff_user):
    job = queued_job()
    client = api_client(staff_user)
    cancelled = client.post(f"/api/v1/connectivity/planner/jobs/{job.pk}/cancel")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["failure"]) == ("failed", "cancelled")
    again = client.post(f"/api/v1/connectivity/planner/jobs/{job.pk}/retry")
    assert again.status_code == 202
    assert client.get(f"/api/v1/connectivity/planner/jobs/{job.pk}").json()["status"] == "done"


def test_a_running_job_shows_the_solver_figures_in_the_readers_format(staff_user):
    job = queued_job()
    PlannerJob.objects.filter(pk=job.pk).update(
        status="running",
        stage="milp",
        progress=42,
        heartbeat_at=timezone.now(),
        figures={
            "greedy": 1000.5,
            "incumbent": 1022.23,
            "bound": 1100,
            "gap": 0.0705,
            "seconds": 3.25,
        },
    )
    client = client_for(staff_user)
    url = f"/connectivitat/planificador/execucions/{job.pk}/estat.json"
    status = client.get(url).json()
    assert status["active"] and status["stage_label"] == "optimitzant (ramificació i poda)"
    assert status["figures"] == {
        "greedy": "1.000,5",
        "incumbent": "1.022,23",
        "bound": "1.100",
        "gap": f"7,05{NBSP}%",
        "seconds": "3,3",
    }
    assert status["progress_text"] == f"42{NBSP}%" and status["result_url"] == ""
    english = speaking(client, "en").get(url).json()
    assert english["figures"]["incumbent"] == "1,022.23" and english["status_label"] == "Running"
    page = client.get(f"/connectivitat/planificador/execucions/{job.pk}/").content.decode()
    assert 'data-status="running"' in page and "1,022.23" in page


def test_the_scenario_maps_the_budget_by_comarca_with_formatted_tooltips(staff_user):
    from localret.territory.views import boundaries_path

    candidate_set("s1")
    client = client_for(staff_user)
    client.post("/connectivitat/planificador/", FORM)
    scenario = Scenario.objects.get()
    html = client.get(f"/connectivitat/planificador/escenari/{scenario.pk}/").content.decode()
    if boundaries_path("comarques") is None:
        assert "data-conn-selection-map" not in html  # no boundaries: the table alone
        return
    match = re.search(
        r'<script id="scenario-map-data" type="application/json">(.*?)</script>', html
    )
    assert match and "data-conn-selection-map" in html
    items = {i["name"]: i for i in json.loads(match.group(1))["items"]}
    # A1 (Vic, Osona) 50.000 € and A3 (Olot, Garrotxa) 40.000 €: 55,6 % and 44,4 %.
    assert set(items) == {"Osona", "Garrotxa"} and items["Osona"]["code"].isdigit()
    assert items["Osona"]["value"] == pytest.approx(55.56, abs=0.01)
    lines = dict(map(tuple, items["Osona"]["lines"]))
    assert (
        lines["Pressupost"] == f"50.000{NBSP}€" and lines["Part del pressupost"] == f"55,6{NBSP}%"
    )
    assert lines["Llars per milió d'euros"] == "2.000"


def test_a_restarted_worker_marks_its_interrupted_planner_job_failed(staff_user):
    """``recovery.recover`` at a worker slot's start: the task its predecessor was running and
    the planner job it was solving are failed (worker died), so the job can be run again."""
    from django_tasks_db.models import DBTaskResult

    from localret.recovery import PLANNER_TASK, recover

    job = queued_job()
    PlannerJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path=PLANNER_TASK,
        worker_ids=["slot-1"],
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
    )
    assert recover("slot-2").planner_jobs == []  # another slot's task: left alone
    done = recover("slot-1")
    assert done.planner_jobs == [job.pk] and "planner jobs [" in done.summary()
    job.refresh_from_db()
    assert (job.status, job.failure) == ("failed", "worker_died")
    client_for(staff_user).post(
        f"/connectivitat/planificador/execucions/{job.pk}/torna-a-executar/"
    )
    job.refresh_from_db()
    assert job.status == "done"


def test_an_infeasible_solve_reports_its_analysis_and_never_goes_backwards():
    cands = [
        planner.PlanCandidate(id="A", households=100, cost=50_000, region="Osona"),
        planner.PlanCandidate(id="B", households=80, cost=40_000, region="Garrotxa"),
        planner.PlanCandidate(id="C", households=10, cost=90_000, region="Garrotxa"),
    ]
    rules = planner.PlanRules(budget=60_000, min_share=1.0)
    seen: list[planner.Progress] = []
    result = planner.solve(cands, rules, time_limit_s=5, progress=seen.append)
    assert result.status == planner.INFEASIBLE and result.explanation["kind"]
    assert "infeasibility" in [p.stage for p in seen]
    percents = [p.percent for p in seen]
    assert percents == sorted(percents)


def test_the_staff_home_lists_planner_runs_in_progress(staff_user):
    job = queued_job()
    other = queued_job("s2")
    services.planner_job_cancel(job=other, by=staff_user)  # failed: not in progress
    html = visible(speaking(client_for(staff_user), "en").get("/inici/").content.decode())
    assert "Planner run Prova" in html
    assert f'href="/connectivitat/planificador/execucions/{job.pk}/"' in (
        client_for(staff_user).get("/inici/").content.decode()
    )
    assert html.count("Planner run") == 1
    assert "Queued (waiting for the background worker), 0 %" in html


def test_a_running_job_whose_worker_died_is_not_listed_on_the_staff_home(staff_user):
    job = queued_job()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    PlannerJob.objects.filter(pk=job.pk).update(
        status=PlannerJob.Status.RUNNING, stage="milp", progress=40, heartbeat_at=long_ago
    )
    html = visible(speaking(client_for(staff_user), "en").get("/inici/").content.decode())
    assert "Planner run" not in html and "No job is running." in html
    job.refresh_from_db()
    assert job.failure == PlannerJob.Failure.WORKER_DIED


def test_planner_runs_have_a_read_only_admin_page(admin_user, staff_user):
    job = queued_job()
    client = client_for(admin_user)
    listing = client.get("/admin/connectivity/plannerjob/")
    assert listing.status_code == 200 and "Prova" in listing.content.decode()
    detail = client.get(f"/admin/connectivity/plannerjob/{job.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # nothing to save
    assert client.get("/admin/connectivity/plannerjob/add/").status_code == 403
    assert client.post(f"/admin/connectivity/plannerjob/{job.pk}/delete/").status_code == 403
    assert PlannerJob.objects.filter(pk=job.pk).exists()
