"""Pages: permission matrix for every view, HTMX board moves, forms, municipality section."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localret.innovation.models import CriterionResult, Idea, Offer, Pilot

from ..conftest import client_for, speaking
from .factories import OLOT, TORELLO, VIC, make_pilot

pytestmark = pytest.mark.django_db

ROLES = ("admin", "staff", "board", "vic", "olot", "collaborator", "public")
MANAGERS = ("admin", "staff")


@pytest.fixture
def data(staff_user):
    scaling = make_pilot(by=staff_user, name="Scaled sensors", codes=(VIC,), stage="scaling")
    return {
        "running": make_pilot(by=staff_user, name="Citizen app", stage="pilot"),
        "evaluation": make_pilot(by=staff_user, name="Open data", stage="evaluation"),
        "scaling": scaling,
        "internal": make_pilot(by=staff_user, name="Secret pilot", stage="pilot", is_public=False),
    }


def _write_status(who: str, ok: int = 302) -> int:
    if who == "public":
        return 302  # to the login page
    return ok if who in MANAGERS else 403


@pytest.mark.parametrize("who", ROLES)
def test_read_pages_matrix(users, data, who):
    client = client_for(users[who])
    internal = who in ("admin", "staff", "board")
    board = speaking(client, "en").get(reverse("innovation:board"))
    assert board.status_code == 200
    assert ("Secret pilot" in board.content.decode()) == internal
    assert ("Move to" in board.content.decode()) == (who in MANAGERS)
    detail = client.get(reverse("innovation:pilot_detail", args=[data["scaling"].pk]))
    assert detail.status_code == 200
    hidden = client.get(reverse("innovation:pilot_detail", args=[data["internal"].pk]))
    assert hidden.status_code == (200 if internal else 404)
    open_eval = data["evaluation"].evaluations.get()
    response = client.get(reverse("innovation:evaluation_detail", args=[open_eval.pk]))
    assert response.status_code == (200 if internal else 404)
    decided = data["scaling"].evaluations.get()
    assert client.get(reverse("innovation:evaluation_detail", args=[decided.pk])).status_code == 200
    ideas = client.get(reverse("innovation:idea_list"))
    expected = {"public": 302, "collaborator": 403}.get(who, 200)
    assert ideas.status_code == expected
    form = client.get(reverse("innovation:pilot_create"))
    assert form.status_code == _write_status(who, 200)
    edit = client.get(reverse("innovation:pilot_edit", args=[data["running"].pk]))
    assert edit.status_code == _write_status(who, 200)


@pytest.mark.parametrize("who", ROLES)
def test_board_move_matrix_and_htmx(users, data, who):
    client = client_for(users[who])
    pilot = data["running"]
    response = speaking(client, "en").post(
        reverse("innovation:pilot_move", args=[pilot.pk]),
        {"stage": "evaluation"},
        HTTP_HX_REQUEST="true",
    )
    pilot.refresh_from_db()
    if who in MANAGERS:
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="board-status"' in html and "moved to Evaluation" in html
        assert pilot.stage == "evaluation"
    else:
        assert response.status_code == (302 if who == "public" else 403)
        assert pilot.stage == "pilot"


def test_invalid_move_shows_error_and_changes_nothing(staff_user, data):
    pilot = data["running"]
    response = speaking(client_for(staff_user), "en").post(
        reverse("innovation:pilot_move", args=[pilot.pk]),
        {"stage": "scaling"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'class="status-error"' in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.stage == "pilot"


@pytest.mark.parametrize("who", ROLES)
def test_pilot_form_matrix(users, who):
    client = client_for(users[who])
    response = client.post(
        reverse("innovation:pilot_create"),
        {
            "name": "Smart lighting",
            "challenge": "Energy bills",
            "solution": "LED + sensors",
            "municipalities": f"{VIC}, {OLOT}",
            "budget": "9000",
            "is_public": "on",
        },
    )
    assert response.status_code == _write_status(who)
    created = Pilot.objects.filter(name="Smart lighting").first()
    assert (created is not None) == (who in MANAGERS)
    if created:
        assert sorted(m.code for m in created.municipalities.all()) == sorted([VIC, OLOT])


def test_pilot_form_bad_input_names_field_and_writes_nothing(staff_user):
    response = speaking(client_for(staff_user), "en").post(
        reverse("innovation:pilot_create"),
        {
            "name": "Bad",
            "challenge": "c",
            "solution": "s",
            "municipalities": f"{VIC}, 123456",
            "budget": "-1",
            "start_date": "2022-02-01",
            "end_date": "2021-01-01",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"municipalities", "budget", "end_date"} <= set(form.errors)
    assert "123456" in str(form.errors["municipalities"])
    assert not Pilot.objects.filter(name="Bad").exists()


@pytest.mark.parametrize("who", ROLES)
def test_evaluation_results_and_decision_matrix(users, data, who):
    client = client_for(users[who])
    pilot = data["evaluation"]
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    results = client.post(
        reverse("innovation:evaluation_results", args=[evaluation.pk]),
        {f"r_{criterion.pk}_{VIC}": "25", f"r_{criterion.pk}_{OLOT}": "12,5"},
    )
    assert results.status_code == _write_status(who)
    decide = client.post(
        reverse("innovation:evaluation_decide", args=[evaluation.pk]),
        {"decision": "scale", "reasons": "Worked in Vic", "lessons": "Train staff"},
    )
    assert decide.status_code == _write_status(who)
    evaluation.refresh_from_db()
    if who in MANAGERS:
        assert evaluation.decision == "scale"
        values = {r.municipality.code: str(r.value) for r in evaluation.results.all()}
        assert values == {VIC: "25.000", OLOT: "12.500"}
    else:
        assert (
            not evaluation.is_decided
            and not CriterionResult.objects.filter(evaluation=evaluation).exists()
        )


def test_non_numeric_result_writes_nothing(staff_user, data):
    pilot = data["evaluation"]
    evaluation = pilot.evaluations.get()
    criterion = pilot.criteria.get()
    client = client_for(staff_user)
    response = speaking(client, "en").post(
        reverse("innovation:evaluation_results", args=[evaluation.pk]),
        {f"r_{criterion.pk}_{VIC}": "25", f"r_{criterion.pk}_{OLOT}": "many"},
        follow=True,
    )
    assert "is not a number" in response.content.decode()
    assert not CriterionResult.objects.filter(evaluation=evaluation).exists()
    odd = client.post(
        reverse("innovation:evaluation_results", args=[evaluation.pk]),
        {"r_": "3", f"r_{criterion.pk}_{VIC}": "25"},
    )
    assert odd.status_code == 302
    assert not CriterionResult.objects.filter(evaluation=evaluation).exists()


@pytest.mark.parametrize("who", ROLES)
def test_offer_views_matrix(users, data, who):
    client = client_for(users[who])
    pilot = data["scaling"]
    response = client.post(
        reverse("innovation:offer_create", args=[pilot.pk]), {"municipality": TORELLO}
    )
    assert response.status_code == _write_status(who)
    offer = Offer.objects.filter(pilot=pilot, municipality__code=TORELLO).first()
    assert (offer is not None) == (who in MANAGERS)
    if offer:
        assert offer.reasons and offer.score is not None
        status = client.post(
            reverse("innovation:offer_status", args=[offer.pk]), {"status": "accepted"}
        )
        assert status.status_code == 302
        offer.refresh_from_db()
        assert offer.status == "accepted"


@pytest.mark.parametrize("who", ("board", "vic", "collaborator", "public"))
def test_offer_status_refused_to_non_staff(users, staff_user, data, who):
    pilot = data["scaling"]
    client_for(staff_user).post(
        reverse("innovation:offer_create", args=[pilot.pk]), {"municipality": TORELLO}
    )
    offer = Offer.objects.get()
    response = client_for(users[who]).post(
        reverse("innovation:offer_status", args=[offer.pk]), {"status": "declined"}
    )
    assert response.status_code == _write_status(who)
    offer.refresh_from_db()
    assert offer.status == "offered"


@pytest.mark.parametrize(
    "who,municipality,created",
    [
        ("staff", "", True),
        ("vic", VIC, True),
        ("vic", OLOT, False),
        ("board", "", False),
    ],
)
def test_idea_form(users, who, municipality, created):
    response = client_for(users[who]).post(
        reverse("innovation:idea_list"),
        {"title": "Drone inspections", "municipality": municipality},
    )
    assert response.status_code in (200, 302, 403)
    if who == "board":
        assert response.status_code == 403
    assert Idea.objects.filter(title="Drone inspections").exists() == created


@pytest.mark.parametrize("who", ROLES)
def test_idea_status_matrix(users, staff_user, who):
    client_for(staff_user).post(reverse("innovation:idea_list"), {"title": "Chatbot"})
    idea = Idea.objects.get()
    response = client_for(users[who]).post(
        reverse("innovation:idea_status", args=[idea.pk]), {"status": "rejected"}
    )
    assert response.status_code == _write_status(who)
    idea.refresh_from_db()
    assert (idea.status == "rejected") == (who in MANAGERS)


@pytest.mark.parametrize("who", ROLES)
def test_criterion_add_matrix(users, data, who):
    pilot = data["running"]
    response = client_for(users[who]).post(
        reverse("innovation:criterion_add", args=[pilot.pk]),
        {"metric": "Complaints", "baseline": "40", "target": "20", "direction": "decrease"},
    )
    assert response.status_code == _write_status(who)
    assert pilot.criteria.filter(metric="Complaints").exists() == (who in MANAGERS)


def test_pilot_from_idea_accepts_the_idea(staff_user):
    client = client_for(staff_user)
    client.post(reverse("innovation:idea_list"), {"title": "Wifi in squares"})
    idea = Idea.objects.get()
    response = client.post(
        reverse("innovation:pilot_create") + f"?idea={idea.pk}",
        {"name": "Wifi in squares", "challenge": "c", "solution": "s", "idea": idea.pk},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "accepted" and idea.pilots.get().name == "Wifi in squares"


def test_detail_shows_replication_explained_and_excludes_participants(client, data):
    response = speaking(client, "en").get(
        reverse("innovation:pilot_detail", args=[data["scaling"].pk])
    )
    replication = response.context["replication"]
    codes = [i["municipality"] for i in replication.items]
    assert codes and VIC not in codes
    assert "Similar because" in response.content.decode()


def test_municipality_page_lists_public_pilots_only(client, data):
    page = client.get(reverse("territory:municipality_detail", args=[VIC]))
    html = page.content.decode()
    assert "Scaled sensors" in html and "Citizen app" in html
    assert "Secret pilot" not in html
    torello = client.get(reverse("territory:municipality_detail", args=[TORELLO]))
    assert "/innovacio/pilots/" not in torello.content.decode()
    assert "/innovacio/pilots/" in html


def test_history_page_of_a_pilot_for_staff(staff_user, data):
    url = reverse("audit:history", args=["innovation", "pilot", data["running"].pk])
    assert client_for(staff_user).get(url).status_code == 200


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("https://evil.example/phish", "/innovacio/"),
        ("//evil.example/", "/innovacio/"),
        ("/innovacio/idees/", "/innovacio/idees/"),
    ],
)
def test_move_redirects_only_to_a_page_of_this_site(staff_user, data, target, expected):
    response = client_for(staff_user).post(
        reverse("innovation:pilot_move", args=[data["running"].pk]),
        {"stage": "evaluation", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == expected
