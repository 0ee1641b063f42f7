"""The contract of /api/v1/requests (issue 18) against every role."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.test import Client

from localret.helpdesk.models import Message, Request
from tests.conftest import api_client

from .factories import OLOT, VIC, make_request

pytestmark = pytest.mark.django_db

BODY = {
    "municipality": VIC,
    "kind": "incident",
    "subject": "La seu no carrega",
    "description": "Error 500",
}


def post(client: Client, path: str, body: dict) -> object:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def patch(client: Client, path: str, body: dict) -> object:
    return client.patch(path, data=json.dumps(body), content_type="application/json")


def test_municipal_user_opens_a_request_for_their_municipality(vic_user):
    response = post(api_client(vic_user), "/api/v1/requests", BODY)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "new"
    assert data["municipality"] == VIC
    assert data["id"] == Request.objects.get().pk
    opened = dt.date.fromisoformat(data["opened_on"])
    assert dt.date.fromisoformat(data["first_answer_due"]) > opened
    assert dt.date.fromisoformat(data["resolution_due"]) >= dt.date.fromisoformat(
        data["first_answer_due"]
    )
    # Recorded in the audit, by whom.
    assert Request.objects.get().history.first().history_user == vic_user


def test_municipal_user_cannot_open_for_another_municipality(olot_user):
    response = post(api_client(olot_user), "/api/v1/requests", BODY)
    assert response.status_code == 403
    assert not Request.objects.exists()


def test_anonymous_is_401_and_board_is_403_whatever_the_body(board_user, collaborator_user):
    assert post(Client(), "/api/v1/requests", BODY).status_code == 401
    for user in (board_user, collaborator_user):
        assert post(api_client(user), "/api/v1/requests", {"junk": 1}).status_code == 403


def test_staff_opens_on_behalf_of_a_town_hall_and_bad_input_is_422(staff_user):
    assert post(api_client(staff_user), "/api/v1/requests", BODY).status_code == 201
    response = post(api_client(staff_user), "/api/v1/requests", {**BODY, "kind": "wish"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    response = post(api_client(staff_user), "/api/v1/requests", {**BODY, "municipality": "999999"})
    assert response.status_code == 422


def test_read_one_request_staff_and_own_municipality_only(users):
    request = make_request(by=users["vic"])
    path = f"/api/v1/requests/{request.pk}"
    assert api_client(users["vic"]).get(path).status_code == 200
    assert api_client(users["staff"]).get(path).status_code == 200
    assert api_client(users["olot"]).get(path).status_code in (403, 404)
    assert api_client(users["board"]).get(path).status_code in (403, 404)
    assert Client().get(path).status_code == 401
    assert api_client(users["staff"]).get("/api/v1/requests/999999").status_code == 404


def test_list_filters_and_pagination_and_scope(users):
    make_request(by=users["vic"])
    make_request(by=users["vic"], subject="Segona")
    make_request(by=users["olot"], code=OLOT)
    staff = api_client(users["staff"])
    data = staff.get("/api/v1/requests?municipality=&status=&overdue=").json()
    assert data["count"] == 3
    assert staff.get(f"/api/v1/requests?municipality={OLOT}").json()["count"] == 1
    assert staff.get(f"/api/v1/requests?municipality={OLOT[:5]}").json()["count"] == 1  # INE 5
    wrong_digit = OLOT[:5] + str((int(OLOT[5]) + 1) % 10)
    for bad in ("zz", wrong_digit, "1711400"):  # not a code; a wrong check digit; 7 digits
        wrong = staff.get(f"/api/v1/requests?municipality={bad}")
        assert wrong.status_code == 422, bad
        assert "municipality" in wrong.content.decode()
        assert "not a municipality code" in wrong.content.decode()
    assert staff.get("/api/v1/requests?status=resolved").json()["count"] == 0
    assert staff.get("/api/v1/requests?overdue=true").json()["count"] == 0
    page = staff.get("/api/v1/requests?limit=2&offset=0").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert staff.get("/api/v1/requests?limit=0").status_code == 422
    assert staff.get("/api/v1/requests?status=lost").status_code == 422
    vic = api_client(users["vic"]).get("/api/v1/requests").json()
    assert vic["count"] == 2
    assert {i["municipality"] for i in vic["items"]} == {VIC}
    # Asking for another municipality gives nothing of it.
    assert (
        api_client(users["vic"]).get(f"/api/v1/requests?municipality={OLOT}").json()["count"] == 0
    )
    assert api_client(users["board"]).get("/api/v1/requests").status_code == 403
    assert Client().get("/api/v1/requests").status_code == 401


def test_overdue_filter(users):
    old = make_request(by=users["vic"], opened=dt.date(2025, 1, 7))
    make_request(by=users["vic"])
    data = api_client(users["staff"]).get("/api/v1/requests?overdue=true").json()
    assert [i["id"] for i in data["items"]] == [old.pk]
    assert data["items"][0]["overdue"] is True
    assert api_client(users["staff"]).get("/api/v1/requests?overdue=false").json()["count"] == 1


def test_internal_notes_only_for_staff_and_never_shown_to_the_municipality(users):
    request = make_request(by=users["vic"])
    path = f"/api/v1/requests/{request.pk}/messages"
    vic = api_client(users["vic"])
    staff = api_client(users["staff"])
    response = post(vic, path, {"body": "Secret?", "internal": True})
    assert response.status_code == 403
    assert (
        post(staff, path, {"body": "Nota interna: revisar contracte", "internal": True}).status_code
        == 201
    )
    assert post(staff, path, {"body": "Ho mirem avui", "internal": False}).status_code == 201
    assert post(vic, path, {"body": "Gràcies", "internal": False}).status_code == 201
    seen = vic.get(path).json()
    assert [m["body"] for m in seen] == ["Ho mirem avui", "Gràcies"]
    assert all(not m["internal"] for m in seen)
    assert len(staff.get(path).json()) == 3
    # Nor by e-mail or in-app notification.
    assert all("Nota interna" not in m.body for m in mail.outbox)
    assert post(
        api_client(users["olot"]), path, {"body": "hola", "internal": False}
    ).status_code in (403, 404)
    assert Message.objects.count() == 3


def test_patch_is_staff_only_and_checked_before_the_body(users):
    request = make_request(by=users["vic"])
    path = f"/api/v1/requests/{request.pk}"
    assert patch(api_client(users["vic"]), path, {"status": "nonsense"}).status_code == 403
    assert patch(api_client(users["board"]), path, {"status": "closed"}).status_code == 403
    assert patch(Client(), path, {"status": "closed"}).status_code == 401
    staff = api_client(users["staff"])
    response = patch(
        staff,
        path,
        {"status": "triaged", "priority": "high", "team": "security", "assignee": "tecnic1"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["priority"], data["team"], data["assignee"]) == (
        "triaged",
        "high",
        "security",
        "tecnic1",
    )
    # Not a possible move: 422 naming the field.
    response = patch(staff, path, {"status": "new"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
    assert patch(staff, path, {"assignee": "vic1"}).status_code == 422


def test_stats_are_public_aggregates_without_small_groups(users):
    for i in range(6):
        make_request(by=users["vic"], subject=f"Assumpte secret {i}")
    make_request(by=users["olot"], code=OLOT, subject="Olot secret")
    for i in range(5):
        make_request(by=users["staff"], code="080193", subject=f"Barcelona secret {i}")
    response = Client().get("/api/v1/requests/stats")
    assert response.status_code == 200
    text = response.content.decode()
    assert "secret" not in text and "vic1" not in text and "Volem" not in text
    data = response.json()
    assert data["minimum_group"] == 5
    by = {c["name"]: c for c in data["comarques"]}
    assert by["Osona"]["requests"] == 6 and not by["Osona"]["suppressed"]
    assert by["Garrotxa"]["requests"] is None and by["Garrotxa"]["suppressed"]
    # Only one group would be hidden: the next smallest is hidden too, so that the total minus
    # the others does not give Garrotxa's figure back.
    assert by["Barcelonès"]["suppressed"]
    assert data["total"]["requests"] == 12
    for group in [*data["comarques"], *data["bands"], data["total"]]:
        assert group["requests"] is None or group["requests"] == 0 or group["requests"] >= 5


def test_attachments_through_the_api(users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    request = make_request(by=users["vic"])
    path = f"/api/v1/requests/{request.pk}/attachments"
    upload = SimpleUploadedFile("acta.pdf", b"%PDF-1.4", "application/pdf")
    response = api_client(users["vic"]).post(path, {"file": upload})
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "acta.pdf"
    upload = SimpleUploadedFile("nota.pdf", b"%PDF-1.4", "application/pdf")
    response = api_client(users["vic"]).post(path, {"file": upload, "internal": "true"})
    assert response.status_code == 403
    upload = SimpleUploadedFile("nota.pdf", b"%PDF-1.4", "application/pdf")
    assert api_client(users["olot"]).post(path, {"file": upload}).status_code in (403, 404)
    upload = SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")
    response = api_client(users["vic"]).post(path, {"file": upload})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "file"
