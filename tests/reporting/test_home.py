"""Issue 15: after log-in each role lands on its own home."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD, client_for, speaking

pytestmark = pytest.mark.django_db


def _log_in(username: str) -> Client:
    client = Client()
    response = client.post(
        "/comptes/entra/", {"username": username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    return client, response


def test_vic_lands_on_a_page_about_vic(vic_user) -> None:  # type: ignore[no-untyped-def]
    _client, response = _log_in(vic_user.username)
    assert response.redirect_chain[-1][0] == "/inici/"
    html = response.content.decode()
    assert "El meu municipi: Vic" in html
    assert 'href="/maduresa/municipi/082981/full-de-ruta/"' in html


def test_staff_land_on_their_work(staff_user) -> None:  # type: ignore[no-untyped-def]
    page = speaking(client_for(staff_user), "en").get("/inici/")
    html = page.content.decode()
    assert "Your work" in html
    for block in ("Overdue follow-up", "Assessments to review", "without a recent measurement"):
        assert block in html


def test_board_lands_on_the_plan_at_a_glance(board_user) -> None:  # type: ignore[no-untyped-def]
    html = speaking(client_for(board_user), "en").get("/inici/").content.decode()
    assert "The plan at a glance" in html and "Next Board meeting" in html


def test_anonymous_go_to_the_transparency_home() -> None:
    response = Client().get("/inici/")
    assert (response.status_code, response["Location"]) == (302, "/transparencia/")


def test_vic_sees_its_documents_and_the_agreements_that_name_it(vic_user, staff_user) -> None:  # type: ignore[no-untyped-def]
    """The documents block of "El meu municipi": the documents of Vic's projects and the public
    agreements that name Vic; never another town hall's documents, never a private agreement."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from localret.governance import services as governance
    from localret.maturity.models import Project, ProjectDocument
    from localret.territory.models import Municipality
    from tests.governance.factories import board_with_members, meeting_with_quorum

    vic, olot = Municipality.objects.get(code="082981"), Municipality.objects.get(code="171143")
    ours = Project.objects.create(name="Seu electrònica", start_date=dt.date(2025, 1, 1))
    ours.municipalities.set([vic])
    theirs = Project.objects.create(name="Padró en línia", start_date=dt.date(2025, 1, 1))
    theirs.municipalities.set([olot])
    ProjectDocument.objects.create(
        project=ours, title="Acta inicial de Vic", file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )
    ProjectDocument.objects.create(
        project=theirs, title="Acta inicial per a Olot", file=ContentFile(b"%PDF-1.4", name="b.pdf")
    )
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members, day=dt.date(2025, 3, 10))
    public = governance.agreement_record(
        meeting=meeting,
        number="CA 1",
        title="Conveni de fibra amb Vic",
        text="t",
        votes_for=5,
        by=staff_user,
        is_public=True,
    )
    private = governance.agreement_record(
        meeting=meeting,
        number="CA 2",
        title="Acord reservat sobre Vic",
        text="t",
        votes_for=5,
        by=staff_user,
    )
    for agreement in (public, private):
        agreement.municipalities.set([vic])

    html = client_for(vic_user).get("/inici/").content.decode()
    assert "Acta inicial de Vic" in html
    assert "Acta inicial per a Olot" not in html
    assert "Conveni de fibra amb Vic" in html
    assert "Acord reservat sobre Vic" not in html
    doc = ProjectDocument.objects.get(project=ours)
    assert f"/maduresa/projectes/document/{doc.pk}/" in html
    assert client_for(vic_user).get(f"/maduresa/projectes/document/{doc.pk}/").status_code == 200


def test_staff_home_lists_the_coverage_imports_running(staff_user) -> None:  # type: ignore[no-untyped-def]
    from localret.connectivity.models import ImportJob

    running = ImportJob.objects.create(
        filename="cobertura-2026.csv",
        path="x",
        year=2026,
        source="SETID",
        status=ImportJob.Status.RUNNING,
        progress=40,
        stage="checking",
    )
    ImportJob.objects.create(
        filename="antiga.csv", path="y", year=2025, source="SETID", status=ImportJob.Status.DONE
    )
    html = client_for(staff_user).get("/inici/").content.decode()
    assert "cobertura-2026.csv" in html and f"/connectivitat/importacions/{running.pk}/" in html
    assert "comprovant el fitxer" in html.replace("&#x27;", "'") and "40 %" in html
    assert "antiga.csv" not in html
