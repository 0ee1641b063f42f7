"""Board report jobs through the API: ask, follow, download, cancel, run again, dead workers,
transient failures (the ImmediateBackend runs the task at once in tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone

from localret.reporting import services
from localret.reporting.models import ReportJob
from tests.conftest import api_client, client_for, speaking
from tests.reporting.factories import small_plan

pytestmark = pytest.mark.django_db


def test_post_job_answers_id_status_progress_and_get_gives_download_url(board_user):
    plan = small_plan()
    client = api_client(board_user)
    response = client.post(
        "/api/v1/reports/jobs",
        {"plan": plan.slug, "format": "pdf", "as_of": "2021-01-31"},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert {"id", "status", "progress"} <= set(body)
    assert body["status"] in {"queued", "running", "done", "failed"}
    job = client.get(f"/api/v1/reports/jobs/{body['id']}").json()
    assert (job["status"], job["progress"]) == ("done", 100)
    assert job["download_url"].endswith(f"/api/v1/reports/jobs/{body['id']}/download")
    document = client.get(job["download_url"])
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    assert document.content.startswith(b"%PDF")


def test_as_of_is_optional_and_bad_input_names_the_field(board_user):
    plan = small_plan()
    client = api_client(board_user)
    ok = client.post(
        "/api/v1/reports/jobs",
        {"plan": plan.slug, "format": "xlsx"},
        content_type="application/json",
    )
    assert ok.status_code == 202
    assert ok.json()["as_of"] == timezone.localdate().isoformat()
    bad = client.post(
        "/api/v1/reports/jobs", {"plan": "nope", "format": "pdf"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["plan"]
    bad_format = client.post(
        "/api/v1/reports/jobs",
        {"plan": plan.slug, "format": "doc"},
        content_type="application/json",
    )
    assert bad_format.status_code == 422
    assert bad_format.json()["errors"][0]["field"] == "format"


def test_jobs_are_for_staff_and_board_and_each_sees_their_own(board_user, vic_user, staff_user):
    plan = small_plan()
    assert (
        api_client(None)
        .post("/api/v1/reports/jobs", {}, content_type="application/json")
        .status_code
        == 401
    )
    assert (
        api_client(vic_user)
        .post("/api/v1/reports/jobs", {"plan": plan.slug}, content_type="application/json")
        .status_code
        == 403
    )
    job_id = (
        api_client(staff_user)
        .post("/api/v1/reports/jobs", {"plan": plan.slug}, content_type="application/json")
        .json()["id"]
    )
    assert api_client(board_user).get(f"/api/v1/reports/jobs/{job_id}").status_code == 404
    assert api_client(board_user).get(f"/api/v1/reports/jobs/{job_id}/download").status_code == 404
    assert api_client(staff_user).get(f"/api/v1/reports/jobs/{job_id}").status_code == 200


def _queued_job(user, plan) -> ReportJob:
    return ReportJob.objects.create(
        plan_slug=plan.slug, as_of=dt.date(2021, 1, 31), format="pdf", created_by=user
    )


def test_staff_cancel_a_queued_job_and_the_worker_then_leaves_it(staff_user, board_user):
    from localret.reporting.tasks import build_report_job

    plan = small_plan()
    job = _queued_job(board_user, plan)
    response = api_client(staff_user).post(f"/api/v1/reports/jobs/{job.pk}/cancel")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancelled"]) == ("failed", True)
    build_report_job.call(job.pk)  # the worker picks the task up later: it does nothing
    job.refresh_from_db()
    assert (job.status, job.progress, job.content) == ("failed", 0, None)
    again = api_client(staff_user).post(f"/api/v1/reports/jobs/{job.pk}/cancel")
    assert again.status_code == 422  # nothing to cancel any more


def test_a_running_job_cancelled_stops_at_its_next_step(board_user, monkeypatch):
    from localret.reporting import report

    plan = small_plan()
    real = report.generate

    def cancel_midway(plan, as_of, language, fmt, progress):  # type: ignore[no-untyped-def]
        progress(10, "plan")
        ReportJob.objects.update(status="failed", cancelled=True, error=services.CANCELLED)
        return real(plan, as_of, language, fmt, progress)

    monkeypatch.setattr(report, "generate", cancel_midway)
    body = (
        api_client(board_user)
        .post("/api/v1/reports/jobs", {"plan": plan.slug}, content_type="application/json")
        .json()
    )
    job = ReportJob.objects.get(pk=body["id"])
    assert (job.status, job.cancelled, job.content) == ("failed", True, None)


def test_a_job_whose_worker_died_is_failed_with_a_message_and_runs_again(board_user):
    plan = small_plan()
    job = _queued_job(board_user, plan)
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", progress=30, started_at=long_ago, heartbeat_at=long_ago
    )
    client = api_client(board_user)
    seen = client.get(f"/api/v1/reports/jobs/{job.pk}").json()
    assert (seen["status"], seen["error"]) == ("failed", services.WORKER_DIED)
    page = speaking(client_for(board_user), "en").get(f"/informes/feines/{job.pk}/")
    assert "stopped without finishing" in page.content.decode()
    again = client.post(f"/api/v1/reports/jobs/{job.pk}/retry")
    assert again.status_code == 202
    assert client.get(f"/api/v1/reports/jobs/{job.pk}").json()["status"] == "done"


def test_a_recent_heartbeat_keeps_a_running_job_running(board_user):
    plan = small_plan()
    job = _queued_job(board_user, plan)
    ReportJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    assert services.report_jobs_mark_stale() == 0
    assert (
        api_client(board_user).get(f"/api/v1/reports/jobs/{job.pk}").json()["status"] == "running"
    )


def test_a_transient_failure_is_tried_again(board_user, monkeypatch, settings):
    from localret.reporting import report

    settings.REPORT_JOB_RETRY_DELAY = 0
    plan = small_plan()
    real = report.generate
    calls = []

    def flaky(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args)

    monkeypatch.setattr(report, "generate", flaky)
    body = (
        api_client(board_user)
        .post("/api/v1/reports/jobs", {"plan": plan.slug}, content_type="application/json")
        .json()
    )
    job = ReportJob.objects.get(pk=body["id"])
    assert (job.status, job.attempts, len(calls)) == ("done", 2, 2)


def test_a_real_failure_ends_with_a_clear_message(board_user, monkeypatch):
    from localret.reporting import report

    plan = small_plan()

    def broken(*args):  # type: ignore[no-untyped-def]
        raise ValueError("no font for the cover")

    monkeypatch.setattr(report, "generate", broken)
    body = (
        api_client(board_user)
        .post("/api/v1/reports/jobs", {"plan": plan.slug}, content_type="application/json")
        .json()
    )
    job = api_client(board_user).get(f"/api/v1/reports/jobs/{body['id']}").json()
    assert job["status"] == "failed"
    assert job["error"] == "The report could not be built: no font for the cover"
    assert job["attempts"] == 1
    page = speaking(client_for(board_user), "en").get(f"/informes/feines/{body['id']}/")
    assert "no font for the cover" in page.content.decode()
    assert "Run it again" in page.content.decode()


def test_page_buttons_cancel_and_run_again(board_user):
    plan = small_plan()
    job = _queued_job(board_user, plan)
    client = client_for(board_user)
    page = speaking(client, "en").get(f"/informes/feines/{job.pk}/")
    assert "Cancel the job" in page.content.decode()
    assert client.post(f"/informes/feines/{job.pk}/atura").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.cancelled) == ("failed", True)
    assert client.post(f"/informes/feines/{job.pk}/torna-hi").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.cancelled) == ("done", False)


def test_the_list_of_jobs_reads_limit_and_offset_as_every_list(board_user):
    import datetime as dt

    from localret.reporting.models import ReportJob

    for day in (1, 2, 3):
        ReportJob.objects.create(
            plan_slug="pla", as_of=dt.date(2024, 1, day), format="xlsx", created_by=board_user
        )
    client = api_client(board_user)
    assert len(client.get("/api/v1/reports/jobs").json()) == 3
    assert len(client.get("/api/v1/reports/jobs?limit=&offset=").json()) == 3  # empty: absent
    first, second = (client.get(f"/api/v1/reports/jobs?limit=1&offset={n}").json() for n in (0, 1))
    assert len(first) == len(second) == 1 and first[0]["id"] != second[0]["id"]
    for bad in ("limit=abc", "limit=0", "offset=-1"):
        refused = client.get(f"/api/v1/reports/jobs?{bad}")
        assert refused.status_code == 422, bad
        assert bad.split("=")[0] in refused.content.decode()
