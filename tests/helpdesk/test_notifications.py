"""Notifications: preferences, e-mails in the user's language (plain text and HTML), daily
digests, overdue requests, and the events of other apps reaching users through hooks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from localret.helpdesk import notifications, services
from localret.helpdesk.models import Notification
from tests.conftest import client_for

from .factories import OLOT, make_request

pytestmark = pytest.mark.django_db


def _answer(request, staff, body="Ja ho tenim", capture=None):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        services.message_post(request=request, body=body, by=staff)


def test_digest_preference_keeps_mails_for_one_daily_summary(
    vic_user, staff_user, django_capture_on_commit_callbacks
):
    services.preferences_save(user=vic_user, language="ca", deliveries={"request_answer": "digest"})
    first = make_request(by=vic_user, subject="Primera")
    second = make_request(by=vic_user, subject="Segona")
    _answer(first, staff_user, capture=django_capture_on_commit_callbacks)
    _answer(second, staff_user, capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(user=vic_user).count() == 2
    out = []
    call_command("send_digests", stdout=_Sink(out))
    (digest,) = mail.outbox
    assert digest.to == [vic_user.email]
    assert "resum diari (2 avisos)" in digest.subject
    assert "Primera" in digest.body and "Segona" in digest.body
    assert digest.alternatives[0][1] == "text/html"
    assert f"/peticions/{first.pk}/" in digest.alternatives[0][0]
    assert "digests: 1" in out[0]
    call_command("send_digests", stdout=_Sink([]))
    assert len(mail.outbox) == 1  # nothing twice


class _Sink:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines.append(text)


def test_never_sends_no_mail_but_keeps_the_in_app_notification(
    vic_user, staff_user, django_capture_on_commit_callbacks
):
    services.preferences_save(user=vic_user, language="ca", deliveries={"request_answer": "never"})
    request = make_request(by=vic_user)
    _answer(request, staff_user, capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(user=vic_user, read_at__isnull=True).count() == 1
    client = client_for(vic_user)
    client.post("/avisos/llegits/")
    assert Notification.objects.filter(user=vic_user, read_at__isnull=True).count() == 0


def test_mails_are_in_the_users_language(vic_user, staff_user, django_capture_on_commit_callbacks):
    client = client_for(vic_user)
    response = client.post(
        "/avisos/preferencies/",
        {
            "language": "es",
            **{f"kind_{k}": "immediate" for k in notifications.NotificationKind.values},
        },
    )
    assert response.status_code == 302
    request = make_request(by=vic_user, subject="Seu electrònica")
    _answer(request, staff_user, capture=django_capture_on_commit_callbacks)
    (email,) = mail.outbox
    assert email.subject.startswith("[Localret] Nueva respuesta a la petición")
    assert "Hola" in email.body and "Véalo en la plataforma" in email.body


def test_a_municipality_is_never_told_about_another_ones_request(
    vic_user, olot_user, staff_user, django_capture_on_commit_callbacks
):
    vic_request = make_request(by=vic_user, subject="Confidencial de Vic")
    olot_request = make_request(by=olot_user, code=OLOT, subject="Consulta d'Olot")
    _answer(
        vic_request, staff_user, "Detalls del contracte de Vic", django_capture_on_commit_callbacks
    )
    _answer(olot_request, staff_user, "Resposta per a Olot", django_capture_on_commit_callbacks)
    to_olot = [m for m in mail.outbox if olot_user.email in m.to]
    assert len(to_olot) == 1
    for message in to_olot:
        text = message.body + message.alternatives[0][0]
        assert "Vic" not in text and "Confidencial" not in text
    assert not Notification.objects.filter(user=olot_user, body__contains="Vic").exists()


def test_overdue_requests_are_notified_once_to_the_person_responsible(
    vic_user, staff_user, admin_user, django_capture_on_commit_callbacks
):
    request = make_request(by=vic_user, opened=timezone.localdate() - dt.timedelta(days=40))
    services.request_update(request=request, assignee=staff_user, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        figures = notifications.daily_run()
    assert figures["overdue_requests"] == 1
    (email,) = mail.outbox
    assert email.to == [staff_user.email]
    assert "ha vençut" in email.subject
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.daily_run()["overdue_requests"] == 0
    assert len(mail.outbox) == 1


def test_an_assessment_returned_reaches_its_municipality_only(
    vic_user, olot_user, staff_user, django_capture_on_commit_callbacks
):
    from localret.maturity import services as maturity
    from localret.territory.models import Municipality
    from tests.maturity.factories import make_campaign

    assessment = maturity.assessment_start(
        municipality=Municipality.objects.get(code="082981"), campaign=make_campaign(), by=vic_user
    )
    maturity.assessment_submit(assessment=assessment, by=vic_user)
    with django_capture_on_commit_callbacks(execute=True):
        maturity.assessment_return(
            assessment=assessment, comment="Falta l'evidència 3", by=staff_user
        )
    (email,) = mail.outbox
    assert email.to == [vic_user.email]
    assert "retornat" in email.subject and "Falta l'evidència 3" in email.body
    assert f"/maduresa/avaluacio/{assessment.pk}/" in email.body
    assert not Notification.objects.filter(user=olot_user).exists()


def test_an_overdue_follow_up_reaches_the_person_responsible(
    staff_user, board_user, django_capture_on_commit_callbacks
):
    from localret.governance import services as governance
    from tests.governance.factories import board_with_members, meeting_with_quorum

    body, members = board_with_members()
    meeting = meeting_with_quorum(body, members, by=staff_user)
    agreement = governance.agreement_record(
        meeting=meeting, number="CA-1", title="Acord", text="Text", votes_for=5, by=staff_user
    )
    governance.follow_up_create(
        agreement=agreement,
        title="Enviar l'acord als ajuntaments",
        due_date=timezone.localdate() - dt.timedelta(days=3),
        responsible=board_user,
        by=staff_user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.daily_run()["overdue_follow_ups"] == 1
        notifications.daily_run()
    (email,) = mail.outbox
    assert email.to == [board_user.email]
    assert "Enviar l'acord" in email.subject


def test_a_participation_proposal_answered_reaches_its_author(
    users, django_capture_on_commit_callbacks
):
    from localret.participation import services as participation
    from tests.participation.factories import make_consultation, make_plan

    consultation = make_consultation(
        make_plan("pla-avisos"), users["staff"], (users["collaborator"],)
    )
    proposal = participation.proposal_create(
        consultation=consultation,
        by=users["collaborator"],
        kind="remove",
        element="action_line:2.1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_decide(
            proposal=proposal, by=users["staff"], accept=False, answer="Es manté la línia."
        )
    (email,) = mail.outbox
    assert email.to == [users["collaborator"].email]
    assert "Es manté la línia." in email.body


def test_a_board_report_ready_reaches_who_asked_for_it(
    board_user, django_capture_on_commit_callbacks
):
    from localret.core.hooks import report_ready
    from localret.reporting.models import ReportJob

    job = ReportJob.objects.create(
        plan_slug="pla",
        as_of=dt.date(2026, 1, 1),
        format="pdf",
        created_by=board_user,
        status="done",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_ready.run(job=job)
    (email,) = mail.outbox
    assert email.to == [board_user.email]
    assert f"/informes/feines/{job.pk}/" in email.body


def test_unread_badge_is_per_user(vic_user, olot_user, staff_user):
    request = make_request(by=vic_user)
    services.message_post(request=request, body="Hola", by=staff_user)
    assert ">1<" in client_for(vic_user).get("/avisos/comptador/").content.decode()
    assert ">1<" not in client_for(olot_user).get("/avisos/comptador/").content.decode()
    assert client_for(None).get("/avisos/comptador/").content == b""
