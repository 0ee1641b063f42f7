"""An import its worker left unfinished can be run again by staff from its page; a file refused
for its content cannot (it would be refused again)."""

from __future__ import annotations

import pytest
from django.test import Client

from localret.connectivity.models import AreaCoverage, ImportJob

from .test_imports import P_OK, premise_csv

pytestmark = pytest.mark.django_db


def _interrupted(tmp_path, staff_user, **fields) -> ImportJob:  # type: ignore[no-untyped-def]
    path = tmp_path / "premises.csv"
    path.write_bytes(premise_csv(*P_OK))
    values = {
        "kind": "premises",
        "filename": "premises.csv",
        "path": str(path),
        "year": 2025,
        "source": "premises",
        "dry_run": False,
        "status": ImportJob.Status.FAILED,
        "stage": "interrupted",
        "errors": [{"field": None, "message": "Interrupted"}],
        "created_by": staff_user,
    }
    values.update(fields)
    return ImportJob.objects.create(**values)


def test_staff_run_an_interrupted_import_again_from_its_page(
    tmp_path, staff_user, django_capture_on_commit_callbacks
) -> None:
    job = _interrupted(tmp_path, staff_user)
    client = Client()
    client.force_login(staff_user)
    page = client.get(f"/connectivitat/importacions/{job.pk}/").content.decode()
    assert f"/connectivitat/importacions/{job.pk}/torna-a-executar/" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/connectivitat/importacions/{job.pk}/torna-a-executar/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["premises"] == 4
    assert AreaCoverage.objects.filter(area__code__in=["082981", "171143"]).count() == 2


def test_a_file_refused_for_its_content_is_not_run_again(tmp_path, staff_user) -> None:
    job = _interrupted(tmp_path, staff_user, stage="finished")
    client = Client()
    client.force_login(staff_user)
    assert (
        "torna-a-executar"
        not in client.get(f"/connectivitat/importacions/{job.pk}/").content.decode()
    )

    response = client.post(f"/connectivitat/importacions/{job.pk}/torna-a-executar/", follow=True)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not AreaCoverage.objects.exists()
    [message] = list(response.context["messages"])
    assert message.level_tag == "error" and "Carregueu el fitxer de nou" in str(message)


def test_only_staff_may_run_an_import_again(tmp_path, staff_user, users) -> None:  # type: ignore[no-untyped-def]
    job = _interrupted(tmp_path, staff_user)
    for user in (users["vic"], users["board"]):
        client = Client()
        client.force_login(user)
        assert (
            client.post(f"/connectivitat/importacions/{job.pk}/torna-a-executar/").status_code
            == 403
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
