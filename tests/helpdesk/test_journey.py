"""The whole journey of issue 18 through pages and API: Vic asks, a technician answers, Vic is
notified and replies, the request is resolved within (or after) its target, and the plan's
indicators and the public figures move."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from localret.helpdesk import computed, services
from localret.helpdesk.models import Notification, Request
from localret.strategy.computed import get as computed_get
from tests.conftest import api_client, client_for

from .factories import VIC, make_request

pytestmark = pytest.mark.django_db


def _patch(client: Client, path: str, body: dict):  # type: ignore[no-untyped-def]
    return client.patch(path, data=json.dumps(body), content_type="application/json")


def test_vic_asks_tecnic_answers_vic_is_notified_replies_and_it_is_resolved(
    vic_user, staff_user, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    # Earlier Osona requests, so that the comarca's public figures are published.
    for i in range(5):
        make_request(by=staff_user, code="081120", subject=f"Manlleu {i}")

    vic = client_for(vic_user)
    response = vic.post(
        "/peticions/nova/",
        {
            "municipality": VIC,
            "kind": "advice",
            "subject": "Assessorament sobre la seu electrònica",
            "description": "Volem renovar la seu.",
        },
    )
    assert response.status_code == 302
    request = Request.objects.get(subject__startswith="Assessorament")
    assert response["Location"] == f"/peticions/{request.pk}/"
    assert request.created_by == vic_user and request.status == "new"

    # The technician sees it to answer and answers on the page.
    tecnic = client_for(staff_user)
    assert "Assessorament sobre la seu" in tecnic.get("/peticions/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = tecnic.post(
            f"/peticions/{request.pk}/missatges/", {"body": "Us proposem una reunió dimarts."}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.first_answered_on == today and request.status == "in_progress"

    # Vic is told by e-mail (plain text and HTML, in Catalan, with the link) and in the app.
    (email,) = [m for m in mail.outbox if vic_user.email in m.to]
    assert "Nova resposta a la petició" in email.subject
    assert f"/peticions/{request.pk}/" in email.body
    assert email.alternatives[0][1] == "text/html"
    badge = vic.get("/avisos/comptador/").content.decode()
    assert ">1<" in badge
    assert "Us proposem una reunió" in vic.get("/avisos/").content.decode()

    # Vic replies through the API.
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(vic_user).post(
            f"/api/v1/requests/{request.pk}/messages",
            data=json.dumps({"body": "Dimarts ens va bé.", "internal": False}),
            content_type="application/json",
        )
    assert response.status_code == 201
    assert Notification.objects.filter(user=staff_user, kind="request_answer").count() == 1

    # Resolved within target; Vic answers the satisfaction question on the page.
    response = _patch(
        api_client(staff_user), f"/api/v1/requests/{request.pk}", {"status": "resolved"}
    )
    assert response.status_code == 200
    assert response.json()["within_target"] is True
    page = vic.get(f"/peticions/{request.pk}/").content.decode()
    assert "Resolta" in page
    assert vic.post(f"/peticions/{request.pk}/valoracio/", {"rating": "4"}).status_code == 302
    request.refresh_from_db()
    assert request.satisfaction == 4

    assert computed.within_target(today).value == 100.0
    assert computed.within_target(today).by_municipality == {VIC: 100.0}
    assert computed.first_answer_median(today).value == 0.0
    assert computed.satisfaction(today).value == 4.0
    assert computed_get("helpdesk.within_target") is not None
    stats = Client().get("/api/v1/requests/stats").json()
    osona = next(c for c in stats["comarques"] if c["name"] == "Osona")
    assert osona["requests"] == 6

    # A second request resolved after its target moves the share down.
    late = make_request(by=vic_user, opened=today - dt.timedelta(days=60))
    services.request_update(request=late, status="resolved", by=staff_user)
    assert computed.within_target(today).value == 50.0
    public = Client().get("/transparencia/peticions/").content.decode()
    assert "Osona" in public and "secret" not in public


def test_resolving_an_adhesion_creates_the_catalogue_adhesion_linked_both_ways(
    vic_user, staff_user
):
    from localret.maturity.models import Service

    service = Service.objects.get(code="EADM")
    request = make_request(by=vic_user, kind="adhesion", subject="Volem adherir-nos")
    with pytest.raises(services.DomainError):
        services.request_update(request=request, status="resolved", by=staff_user)
    request.refresh_from_db()
    assert request.status == "new"  # nothing half-written
    response = _patch(
        api_client(staff_user),
        f"/api/v1/requests/{request.pk}",
        {"status": "resolved", "service": "EADM"},
    )
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    adhesion = request.created_adhesion
    assert adhesion.service == service and adhesion.municipality.code == VIC
    assert adhesion.helpdesk_origin.get() == request


def test_a_project_proposal_becomes_a_project_and_a_pilot_proposal_an_idea(vic_user, staff_user):
    project_request = make_request(by=vic_user, kind="project", subject="Projecte de dades")
    pilot_request = make_request(by=vic_user, kind="pilot", subject="Pilot de sensors")
    services.request_update(request=project_request, status="resolved", by=staff_user)
    services.request_update(request=pilot_request, status="resolved", by=staff_user)
    project_request.refresh_from_db()
    pilot_request.refresh_from_db()
    project = project_request.created_project
    assert project.name == "Projecte de dades"
    assert list(project.municipalities.values_list("code", flat=True)) == [VIC]
    assert project.helpdesk_origin.get() == project_request
    idea = pilot_request.created_idea
    assert idea.title == "Pilot de sensors" and idea.municipality.code == VIC
    assert idea.source == "municipality" and idea.proposer == vic_user
    assert idea.helpdesk_origin.get() == pilot_request
    # Reopening and resolving again creates nothing twice.
    services.request_update(request=pilot_request, status="reopened", by=staff_user)
    services.request_update(request=pilot_request, status="resolved", by=staff_user)
    from localret.innovation.models import Idea

    assert Idea.objects.filter(title="Pilot de sensors").count() == 1


def test_pages_are_scoped_by_role(users):
    request = make_request(by=users["vic"])
    path = f"/peticions/{request.pk}/"
    assert client_for(users["vic"]).get(path).status_code == 200
    assert client_for(users["staff"]).get(path).status_code == 200
    assert client_for(users["olot"]).get(path).status_code == 403
    assert client_for(users["board"]).get("/peticions/").status_code == 403
    assert client_for(None).get(path).status_code == 302
    assert client_for(users["vic"]).get("/peticions/nivells-de-servei/").status_code == 403
    assert client_for(users["staff"]).get("/peticions/nivells-de-servei/").status_code == 200
    olot_list = client_for(users["olot"]).get("/peticions/").content.decode()
    assert request.subject not in olot_list
    # A municipal user cannot post an internal note through the page either.
    response = client_for(users["vic"]).post(
        f"/peticions/{request.pk}/missatges/", {"body": "x", "internal": "on"}
    )
    assert response.status_code == 403


def test_attachments_have_a_size_limit_and_unguessable_names(vic_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.LOCALRET_MAX_UPLOAD_BYTES = 1024
    request = make_request(by=vic_user)
    vic = client_for(vic_user)
    big = SimpleUploadedFile("informe.pdf", b"%PDF" + b"0" * 2000, "application/pdf")
    vic.post(f"/peticions/{request.pk}/fitxers/", {"file": big})
    assert not request.attachments.exists()
    # A body announced larger than the limit is refused before it is read.
    huge = SimpleUploadedFile("informe.pdf", b"%PDF" + b"0" * 200_000, "application/pdf")
    response = vic.post(f"/peticions/{request.pk}/fitxers/", {"file": huge}, follow=True)
    assert "massa gran" in response.content.decode()
    assert not request.attachments.exists()
    exe = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    vic.post(f"/peticions/{request.pk}/fitxers/", {"file": exe})
    assert not request.attachments.exists()
    small = SimpleUploadedFile("informe.pdf", b"%PDF-1.4 small", "application/pdf")
    vic.post(f"/peticions/{request.pk}/fitxers/", {"file": small})
    attachment = request.attachments.get()
    assert attachment.name == "informe.pdf"
    assert "informe" not in attachment.file.name and attachment.file.name.startswith("private/")
    response = vic.get(f"/peticions/fitxers/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 small"


def test_an_adhesion_asked_on_the_page_names_its_service(vic_user, olot_user):
    response = client_for(vic_user).post(
        "/peticions/nova/",
        {
            "municipality": VIC,
            "kind": "adhesion",
            "subject": "Adhesió a l'administració electrònica",
            "description": "Volem adherir-nos.",
            "service": "EADM",
        },
    )
    assert response.status_code == 302
    assert Request.objects.get().service.code == "EADM"
    # Olot's user cannot choose Vic in the form.
    response = client_for(olot_user).post(
        "/peticions/nova/",
        {"municipality": VIC, "kind": "advice", "subject": "x", "description": "y"},
    )
    assert response.status_code == 200 and Request.objects.count() == 1
