"""Issue 15, point 4: the Board's home gives the next Board meeting with its papers (or, when
none is scheduled, the last one, once), each meeting's date said once; collaborators and
municipal users without a municipality land on a page they can use."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import timezone, translation

from localret.accounts.roles import Role
from localret.core.formatting import date_long
from localret.governance import services
from tests.conftest import client_for, make_user, speaking
from tests.governance.factories import board_with_members, meeting_with_quorum

pytestmark = pytest.mark.django_db


def visible(html: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def meeting_lines(html: str) -> list[str]:
    """The line naming each meeting shown, as read (tags dropped without a space)."""
    lines = re.findall(r'(?s)<p class="meeting"[^>]*>.*?</p>', html)
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", p))).strip() for p in lines]


def english_date(day: dt.date) -> str:
    with translation.override("en"):
        return date_long(day)


def test_the_next_meeting_comes_with_its_papers_and_its_date_once(board_user, staff_user) -> None:  # type: ignore[no-untyped-def]
    body, members = board_with_members(5)
    today = timezone.localdate()
    meeting_with_quorum(body, members, day=today - dt.timedelta(days=60))
    day = today + dt.timedelta(days=20)
    upcoming = services.meeting_create(
        body=body,
        date=day,
        title=f"Consell ca, {day:%d/%m/%Y}",
        agenda=["Aprovació de l'acta anterior", "Informe de seguiment del pla"],
        location="Seu de Localret",
        by=staff_user,
    )
    html = speaking(client_for(board_user), "en").get("/inici/").content.decode()
    text = visible(html)
    assert meeting_lines(html) == [f"Consell ca, {english_date(day)}, Seu de Localret."]
    assert f"{day:%d/%m/%Y}" not in text
    assert "Aprovació de l'acta anterior" in text and "Informe de seguiment del pla" in text
    assert f'href="/governanca/reunions/{upcoming.pk}/"' in html
    assert "No meeting is scheduled" not in text and "Last meeting" not in text


def test_without_a_scheduled_meeting_the_last_one_is_shown_once(board_user, staff_user) -> None:  # type: ignore[no-untyped-def]
    body, members = board_with_members(5)
    today = timezone.localdate()
    meeting_with_quorum(body, members, day=today - dt.timedelta(days=120))
    day = today - dt.timedelta(days=30)
    last = services.meeting_create(
        body=body, date=day, title=f"Consell d'Administració, {day:%d/%m/%Y}", by=staff_user
    )
    services.attendance_record(meeting=last, present=members, by=staff_user)
    services.agreement_record(
        meeting=last,
        number="CA 7",
        title="Catàleg de serveis",
        text="t",
        votes_for=5,
        by=staff_user,
    )
    html = speaking(client_for(board_user), "en").get("/inici/").content.decode()
    text = visible(html)
    assert "No meeting is scheduled." in text and "Last meeting" in text
    assert meeting_lines(html) == [f"Consell d'Administració, {english_date(day)}."]
    assert text.count(str(day.year)) >= 1 and f"{day:%d/%m/%Y}" not in text
    assert "CA 7. Catàleg de serveis" in text
    assert "Not published yet." in text  # no agenda recorded


def test_a_title_without_the_date_keeps_its_words(board_user, staff_user) -> None:  # type: ignore[no-untyped-def]
    body, _members = board_with_members(5)
    day = timezone.localdate() + dt.timedelta(days=3)
    services.meeting_create(body=body, date=day, title="Sessió extraordinària", by=staff_user)
    html = speaking(client_for(board_user), "en").get("/inici/").content.decode()
    assert meeting_lines(html) == [f"Sessió extraordinària, {english_date(day)}."]


def test_no_board_meeting_at_all(board_user) -> None:  # type: ignore[no-untyped-def]
    html = speaking(client_for(board_user), "en").get("/inici/").content.decode()
    assert "No meeting is scheduled." in visible(html) and meeting_lines(html) == []
    assert "No plan is in force." in visible(html)


def test_collaborators_land_on_the_consultations_they_are_invited_to(collaborator_user) -> None:  # type: ignore[no-untyped-def]
    response = client_for(collaborator_user).get("/inici/")
    assert (response.status_code, response["Location"]) == (302, "/participacio/")


def test_a_municipal_user_without_a_municipality_lands_on_the_transparency_home(db) -> None:  # type: ignore[no-untyped-def]
    user = make_user("sense-municipi", Role.MUNICIPAL)
    response = speaking(client_for(user), "en").get("/inici/", follow=True)
    assert response.redirect_chain == [("/transparencia/", 302)]
    assert "not linked to any municipality yet" in visible(response.content.decode())
