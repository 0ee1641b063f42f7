"""Issue 19 point 5: maturity's public pages render their content once per data version
(core/fragments.py). A write shows on the next request; what only some viewers may see (the
review queue, the named ranking, a town hall's own position, who adheres to a service, the
staff's forms) reaches them, and never an anonymous visitor, whoever came first."""

from __future__ import annotations

import pytest

from localret.maturity import services
from localret.maturity.models import MaturityIndicator
from localret.territory.models import Municipality

from ..conftest import VIC, client_for
from .factories import answers_for, fill, validated

pytestmark = pytest.mark.django_db


def _body(user, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_model_page_shows_a_renamed_indicator_at_once():
    indicator = MaturityIndicator.objects.order_by("pk").first()
    assert indicator.name in _body(None, "/maduresa/model/")
    indicator.name = "Indicador reanomenat"
    indicator.save()
    assert "Indicador reanomenat" in _body(None, "/maduresa/model/")


def test_the_review_queue_reaches_staff_only(users, campaign, staff_user):
    assessment = services.assessment_start(
        municipality=Municipality.objects.get(code=VIC), campaign=campaign, by=staff_user
    )
    fill(assessment, answers_for(0.5), staff_user)
    public = _body(None, "/maduresa/")  # kept first, for the public
    services.assessment_submit(assessment=assessment, by=staff_user)
    staff = _body(users["staff"], "/maduresa/")
    assert 'id="queue-title"' in staff
    assert f"/maduresa/avaluacio/{assessment.pk}/" in staff  # the submission, at once
    for who in (None, users["vic"], users["board"]):
        body = _body(who, "/maduresa/")
        assert 'id="queue-title"' not in body
        assert f"/maduresa/avaluacio/{assessment.pk}/" not in body
    assert 'id="queue-title"' not in public
    # a municipal user's own link, for that user only
    assert f"/maduresa/municipi/{VIC}/" in _body(users["vic"], "/maduresa/")
    assert f"/maduresa/municipi/{VIC}/" not in _body(None, "/maduresa/")


def test_the_band_page_shows_a_new_assessment_at_once_and_names_to_staff_only(
    users, results, staff_user
):
    band = results[VIC].band
    url = f"/maduresa/comparativa/{band}/?campaign={results[VIC].campaign.slug}"
    count = len([a for a in results.values() if a.band == band])
    assert f"{count} municipis amb una avaluació validada" in _body(None, url)  # kept
    newcomer = (
        Municipality.objects.filter(population_band=band)
        .exclude(code__in=list(results))
        .order_by("code")
        .first()
    )
    validated(newcomer.code, results[VIC].campaign, 0.5, by=staff_user)
    public = _body(None, url)
    assert f"{count + 1} municipis amb una avaluació validada" in public  # at once
    staff = _body(users["staff"], url)
    vic = _body(users["vic"], url)
    # names: staff only; the own position: Vic only; neither for the public
    assert 'id="ranking"' in staff and newcomer.name in staff
    assert 'id="peers"' in vic and newcomer.name not in vic
    assert 'id="ranking"' not in _body(None, url) and 'id="peers"' not in _body(None, url)
    assert newcomer.name not in public


def test_the_services_page_shows_a_new_adhesion_at_once_and_members_to_staff_and_board(
    users,
):
    assert "Vic" not in _body(None, "/maduresa/serveis/").split("<main", 1)[1]
    staff = client_for(users["staff"])
    before = _body(None, "/maduresa/serveis/")
    data = {"action": "add", "service": "CIBER", "municipality": VIC, "since": "2024-03-01"}
    assert staff.post("/maduresa/serveis/", data).status_code == 302
    after = _body(None, "/maduresa/serveis/")
    assert before != after  # the count of adhesions, at once
    for who in ("staff", "board"):
        assert "Vic" in _body(users[who], "/maduresa/serveis/").split("<main", 1)[1]
    assert 'name="adhesion"' in _body(users["staff"], "/maduresa/serveis/")
    for body in (after, _body(users["vic"], "/maduresa/serveis/")):
        main = body.split("<main", 1)[1]
        assert "Vic" not in main and 'name="adhesion"' not in main
