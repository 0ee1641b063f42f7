"""Pages through real HTTP: permission matrix, private evidence files, exports, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from localret.maturity import services
from localret.maturity.models import Answer, MaturityIndicator

from ..conftest import OLOT, VIC, client_for, speaking

pytestmark = pytest.mark.django_db

ROLES = ["public", "collaborator", "vic", "olot", "board", "staff", "admin"]


def status_of(response) -> int:  # type: ignore[no-untyped-def]
    if response.status_code == 302 and "/comptes/" in response.url:
        return 401
    return response.status_code


@pytest.mark.parametrize("who", ROLES)
def test_public_pages_for_everyone(users, results, who):
    client = client_for(users[who])
    band = results[VIC].band
    for url in [
        "/maduresa/",
        "/maduresa/model/",
        "/maduresa/serveis/",
        "/maduresa/mapa/dades.json",
        f"/maduresa/comparativa/{band}/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "who,expected",
    [
        ("public", 401),
        ("collaborator", 403),
        ("olot", 403),
        ("vic", 200),
        ("board", 200),
        ("staff", 200),
        ("admin", 200),
    ],
)
def test_municipality_pages_matrix(users, results, who, expected):
    client = client_for(users[who])
    pk = results[VIC].pk
    for url in [
        f"/maduresa/municipi/{VIC}/",
        f"/maduresa/avaluacio/{pk}/",
        f"/maduresa/avaluacio/{pk}/respostes.csv",
        f"/maduresa/municipi/{VIC}/full-de-ruta/",
    ]:
        assert status_of(client.get(url)) == expected, url


@pytest.mark.parametrize(
    "who,expected",
    [
        ("public", 401),
        ("vic", 403),
        ("olot", 403),
        ("collaborator", 403),
        ("board", 200),
        ("staff", 200),
    ],
)
def test_project_board_matrix(users, who, expected):
    assert status_of(client_for(users[who]).get("/maduresa/projectes/")) == expected


@pytest.mark.parametrize(
    "who,expected", [("public", 401), ("vic", 403), ("board", 403), ("staff", 200)]
)
def test_import_page_matrix(users, campaign, who, expected):
    assert status_of(client_for(users[who]).get("/maduresa/importa/")) == expected


def test_band_page_names_only_for_staff_and_board(users, results):
    band = results[VIC].band
    names = [
        a.municipality.name
        for a in results.values()
        if a.band == band and a.municipality.code != VIC
    ]
    url = f"/maduresa/comparativa/{band}/"
    for who in ("staff", "board"):
        body = client_for(users[who]).get(url).content.decode()
        assert 'id="ranking"' in body and all(n in body for n in names)
    vic_body = client_for(users["vic"]).get(url).content.decode()
    assert 'id="peers"' in vic_body and "Vic" in vic_body
    assert not any(n in vic_body for n in names)
    public = client_for(None).get(url).content.decode()
    assert 'id="ranking"' not in public and not any(n in public for n in names + ["Vic"])


def test_band_page_query_count_does_not_grow(
    users, results, django_assert_max_num_queries, staff_user
):
    band = results[VIC].band
    client = client_for(users["staff"])
    with django_assert_max_num_queries(15):
        client.get(f"/maduresa/comparativa/{band}/")
    from localret.territory.models import Municipality

    from .factories import validated

    more = (
        Municipality.objects.filter(population_band=band)
        .exclude(code__in=list(results))
        .values_list("code", flat=True)[:4]
    )
    for code in more:
        validated(code, results[VIC].campaign, 0.5, by=staff_user)
    with django_assert_max_num_queries(15):
        response = client.get(f"/maduresa/comparativa/{band}/")
    assert response.context["aggregate"]["count"] == len(
        [a for a in results.values() if a.band == band]
    ) + len(more)


@pytest.fixture
def evidence(tmp_path, users, campaign):
    with override_settings(MEDIA_ROOT=tmp_path):
        from localret.territory.models import Municipality

        a = services.assessment_start(
            municipality=Municipality.objects.get(code=OLOT), campaign=campaign, by=users["olot"]
        )
        indicator = MaturityIndicator.objects.get(code="EST01", dimension__model=campaign.model)
        client_for(users["olot"]).post(
            f"/maduresa/avaluacio/{a.pk}/",
            {
                f"v_{indicator.pk}": "1",
                f"f_{indicator.pk}": SimpleUploadedFile("pla-digital.pdf", b"%PDF-1.4 secret"),
                "action": "save",
            },
        )
        yield Answer.objects.get(assessment=a, indicator=indicator)


@pytest.mark.parametrize(
    "who,expected",
    [
        ("public", 401),
        ("vic", 403),
        ("collaborator", 403),
        ("olot", 200),
        ("board", 200),
        ("staff", 200),
    ],
)
def test_evidence_file_only_through_the_permission_checked_view(users, evidence, who, expected):
    assert evidence.evidence_file.name.startswith("private/maturity/evidence/")
    client = client_for(users[who])
    response = client.get(f"/maduresa/evidencia/{evidence.pk}/")
    assert status_of(response) == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
        assert response["Cache-Control"] == "private, no-store"
    # Never from a public media URL.
    assert client.get("/media/" + evidence.evidence_file.name).status_code == 404


def test_other_municipality_cannot_read_answers_anywhere(users, evidence):
    vic = client_for(users["vic"])
    a = evidence.assessment
    for url in [
        f"/maduresa/avaluacio/{a.pk}/",
        f"/maduresa/avaluacio/{a.pk}/respostes.csv",
        f"/maduresa/evidencia/{evidence.pk}/",
        f"/maduresa/municipi/{OLOT}/",
        f"/api/v1/maturity/assessments/{a.pk}",
    ]:
        assert vic.get(url).status_code in (401, 403), url


def test_evidence_file_type_is_checked(users, campaign, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        from localret.territory.models import Municipality

        a = services.assessment_start(
            municipality=Municipality.objects.get(code=VIC), campaign=campaign, by=users["vic"]
        )
        indicator = MaturityIndicator.objects.get(code="EST01", dimension__model=campaign.model)
        r = client_for(users["vic"]).post(
            f"/maduresa/avaluacio/{a.pk}/",
            {
                f"v_{indicator.pk}": "1",
                f"f_{indicator.pk}": SimpleUploadedFile("x.exe", b"MZ"),
                "action": "save",
            },
        )
        assert r.status_code == 200
        assert not Answer.objects.filter(assessment=a).exists()


def test_export_is_the_import_format(users, results):
    body = client_for(users["vic"]).get(f"/maduresa/avaluacio/{results[VIC].pk}/respostes.csv")
    assert body.streaming  # written line by line, never built in memory
    lines = body.getvalue().decode().splitlines()
    assert lines[0] == "municipality,indicator,value,evidence_url,comment"
    assert len(lines) == 1 + Answer.objects.filter(assessment=results[VIC]).count()
    assert all(line.startswith(VIC) for line in lines[1:])


def test_municipality_section_respects_permissions(users, results):
    url = f"/municipis/{VIC}/"
    public = speaking(client_for(None), "en").get(url).content.decode()
    assert "Localret services adhered to" in public
    assert 'id="maturity-level"' not in public
    for who in ("vic", "staff", "board"):
        body = speaking(client_for(users[who]), "en").get(url).content.decode()
        assert 'id="maturity-level"' in body
    olot = client_for(users["olot"]).get(url).content.decode()
    assert 'id="maturity-level"' not in olot


def test_municipality_page_has_radar_and_peer_medians(users, results):
    response = client_for(users["vic"]).get(f"/maduresa/municipi/{VIC}/")
    radar = response.context["radar"]
    assert len(radar["indicators"]) == 6
    assert radar["own"] == [d["score"] or 0 for d in response.context["results"]["dimensions"]]
    assert b'id="radar"' in response.content and b'id="dimension-table"' in response.content


def test_map_data_suppresses_small_comarques(client, results):
    items = {i["code"]: i for i in client.get("/maduresa/mapa/dades.json").json()["items"]}
    assert len(items) == 947
    assert items[OLOT]["band"] == "none"  # Garrotxa has fewer than 3 assessed municipalities


def test_roadmap_generate_agree_and_project(users, results, tmp_path):
    staff, vic = client_for(users["staff"]), client_for(users["vic"])
    assert (
        vic.post(f"/maduresa/municipi/{VIC}/full-de-ruta/", {"action": "generate"}).status_code
        == 403
    )
    staff.post(f"/maduresa/municipi/{VIC}/full-de-ruta/", {"action": "generate"})
    from localret.maturity.selectors import roadmap_for, roadmap_progress

    roadmap = roadmap_for(VIC)
    items = list(roadmap.items.all())
    assert items and [i.priority for i in items] == list(range(1, len(items) + 1))
    assert all(i.impact > 0 for i in items)
    first, second = items[0], items[1]
    target = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    vic.post(
        f"/maduresa/municipi/{VIC}/full-de-ruta/",
        {
            "action": "update",
            f"s_{first.pk}": "agreed",
            f"d_{first.pk}": target,
            f"s_{second.pk}": "agreed",
            f"d_{second.pk}": target,
        },
    )
    roadmap = roadmap_for(VIC)
    assert roadmap_progress(roadmap) == 0
    # Olot cannot agree Vic's items.
    assert (
        client_for(users["olot"])
        .post(f"/maduresa/municipi/{VIC}/full-de-ruta/", {"action": "update"})
        .status_code
        == 403
    )
    response = staff.post(
        f"/maduresa/municipi/{VIC}/full-de-ruta/",
        {"action": "project", "items": [first.pk, second.pk], "name": "Acompanyament Vic"},
    )
    from localret.maturity.models import Project

    project = Project.objects.get()
    assert response.url == f"/maduresa/projectes/{project.pk}/"
    assert project.milestones.count() == 2
    assert [m.code for m in project.municipalities.all()] == [VIC]
    with override_settings(MEDIA_ROOT=tmp_path):
        staff.post(
            f"/maduresa/projectes/{project.pk}/",
            {
                "action": "document",
                "title": "Acta",
                "file": SimpleUploadedFile("acta.pdf", b"%PDF"),
            },
        )
        doc = project.documents.get()
        assert (
            client_for(users["vic"]).get(f"/maduresa/projectes/document/{doc.pk}/").status_code
            == 200
        )
        assert (
            client_for(users["olot"]).get(f"/maduresa/projectes/document/{doc.pk}/").status_code
            == 403
        )
    assert client_for(users["olot"]).get(f"/maduresa/projectes/{project.pk}/").status_code == 403
    assert (
        vic.post(
            f"/maduresa/projectes/{project.pk}/", {"action": "status", "status": "completed"}
        ).status_code
        == 403
    )
    vic.post(
        f"/maduresa/municipi/{VIC}/full-de-ruta/",
        {"action": "update", f"s_{first.pk}": "done", f"d_{first.pk}": target},
    )
    assert roadmap_progress(roadmap_for(VIC)) == 0.5


def test_project_board_highlights_overdue_milestones(users, results):
    from localret.maturity.models import Milestone, Project

    p = Project.objects.create(name="Projecte", start_date=dt.date(2024, 1, 1))
    p.municipalities.set(results[VIC].municipality.__class__.objects.filter(code=VIC))
    Milestone.objects.create(
        project=p, name="Fita vençuda", due_date=dt.date.today() - dt.timedelta(days=3)
    )
    Milestone.objects.create(
        project=p, name="Fita futura", due_date=dt.date.today() + dt.timedelta(days=3)
    )
    response = client_for(users["staff"]).get("/maduresa/projectes/")
    assert response.context["overdue_count"] == 1
    assert [m.name for m in response.context["projects"][0].overdue] == ["Fita vençuda"]
    assert b'class="overdue"' in response.content


@pytest.mark.parametrize(
    "who,expected", [("public", 403), ("vic", 403), ("board", 403), ("staff", 302)]
)
def test_staff_record_and_end_adhesions(users, who, expected):
    from localret.maturity.models import Adhesion

    client = client_for(users[who])
    data = {"action": "add", "service": "CIBER", "municipality": VIC, "since": "2024-03-01"}
    assert client.post("/maduresa/serveis/", data).status_code == expected
    assert Adhesion.objects.filter(service__code="CIBER", municipality__code=VIC).exists() == (
        expected == 302
    )
    if expected == 302:
        adhesion = Adhesion.objects.get()
        client.post(
            "/maduresa/serveis/", {"action": "end", "adhesion": adhesion.pk, "until": "2025-01-01"}
        )
        adhesion.refresh_from_db()
        assert adhesion.until == dt.date(2025, 1, 1)
        assert adhesion.history.count() == 2


def test_public_sees_the_level_only_with_the_municipalitys_consent(users, results):
    from localret.reporting.models import PublicationConsent
    from localret.territory.models import Municipality

    url = f"/municipis/{OLOT}/"
    assert b'id="maturity-public-level"' not in client_for(None).get(url).content
    PublicationConsent.objects.create(
        municipality=Municipality.objects.get(code=OLOT), publish_maturity=True
    )
    body = client_for(None).get(url).content.decode()
    assert 'id="maturity-public-level"' in body
    assert f"{results[OLOT].level}" in body and 'id="maturity-level"' not in body
    assert f"{results[OLOT].overall}" not in body


def test_answers_csv_writes_a_hostile_comment_as_text(users, results):
    Answer.objects.filter(assessment=results[VIC]).update(comment="=cmd|' /C calc'!A0")
    body = client_for(users["vic"]).get(f"/maduresa/avaluacio/{results[VIC].pk}/respostes.csv")
    lines = body.getvalue().decode().splitlines()[1:]
    assert lines and all(line.endswith(",'=cmd|' /C calc'!A0") for line in lines)


def test_a_review_without_reviewer_never_prints_none(users, campaign):
    """Issue 14: a review recorded by no one (the demo's, or its user deleted) shows its action
    and comment, never "None"."""
    from localret.maturity.models import Assessment, Review

    from .factories import AssessmentFactory

    assessment = AssessmentFactory(campaign=campaign, status=Assessment.Status.SUBMITTED)
    Review.objects.create(assessment=assessment, action=Review.Action.RETURNED, comment="demo")
    page = client_for(users["staff"]).get(f"/maduresa/avaluacio/{assessment.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert " · Retornada: demo</li>" in html
    assert "None" not in html
