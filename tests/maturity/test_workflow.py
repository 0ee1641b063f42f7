"""Assessment workflow through real HTTP and services: fill, save, submit, return, validate;
validated assessments are immutable; history is recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from localret.maturity import services
from localret.maturity.models import Answer, Assessment, MaturityIndicator

from ..conftest import OLOT, VIC, client_for

pytestmark = pytest.mark.django_db


def ind(code: str) -> MaturityIndicator:
    return MaturityIndicator.objects.get(code=code, dimension__model__version="2021")


def test_vic_user_fills_saves_submits_staff_returns_then_validates(users, results, campaign):
    from localret.maturity.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(is_open=False)
    from .factories import make_campaign

    current = make_campaign("diagnosi-2025", 2025)
    vic = client_for(users["vic"])
    response = vic.post(f"/maduresa/municipi/{VIC}/avaluacio/")
    assessment = Assessment.objects.get(municipality__code=VIC, campaign=current)
    assert response.status_code == 302 and response.url == f"/maduresa/avaluacio/{assessment.pk}/"
    est01, ser03, act01 = ind("EST01"), ind("SER03"), ind("ACT01")
    vic.post(
        response.url,
        {
            f"v_{est01.pk}": "1",
            f"u_{est01.pk}": "https://www.vic.cat/pla",
            f"v_{ser03.pk}": "3",
            "action": "save",
        },
    )
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert Answer.objects.get(assessment=assessment, indicator=est01).evidence_url.endswith("/pla")
    # An invalid value: nothing saved, the error is shown.
    bad = vic.post(response.url, {f"v_{act01.pk}": "-5", f"v_{ser03.pk}": "1", "action": "save"})
    assert bad.status_code == 200
    assert Answer.objects.get(assessment=assessment, indicator=ser03).value == 3
    vic.post(response.url, {f"v_{est01.pk}": "1", f"v_{act01.pk}": "50000", "action": "submit"})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    # Vic cannot review; after submission Vic cannot edit either.
    assert (
        vic.post(
            f"/maduresa/avaluacio/{assessment.pk}/revisio/", {"action": "validate"}
        ).status_code
        == 403
    )
    assert vic.post(response.url, {f"v_{est01.pk}": "0", "action": "save"}).status_code == 403
    staff = client_for(users["staff"])
    staff.post(f"/maduresa/avaluacio/{assessment.pk}/revisio/", {"action": "return", "comment": ""})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"  # a return needs a comment
    staff.post(
        f"/maduresa/avaluacio/{assessment.pk}/revisio/",
        {"action": "return", "comment": "Afegiu l'evidència de SER03"},
    )
    assessment.refresh_from_db()
    assert assessment.status == "returned"
    page = vic.get(response.url)
    assert "evidència de SER03" in page.content.decode()
    vic.post(response.url, {f"v_{ser03.pk}": "4", "action": "submit"})
    staff.post(f"/maduresa/avaluacio/{assessment.pk}/revisio/", {"action": "validate"})
    assessment.refresh_from_db()
    assert assessment.status == "validated" and assessment.overall is not None
    assert list(assessment.reviews.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "validated",
    ]
    assert assessment.history.count() >= 5


def test_validated_assessment_is_immutable_in_services_and_pages(users, results):
    assessment = results[VIC]
    before = {a.indicator_id: a.value for a in assessment.answers.all()}
    with pytest.raises(services.AssessmentLocked):
        services.answers_save(
            assessment=assessment,
            answers={ind("EST01").pk: services.AnswerInput(value=None)},
            by=users["staff"],
        )
    with pytest.raises(services.AssessmentLocked):
        services.assessment_submit(assessment=assessment, by=users["staff"])
    response = client_for(users["staff"]).post(
        f"/maduresa/avaluacio/{assessment.pk}/", {f"v_{ind('EST01').pk}": "0", "action": "save"}
    )
    assert response.status_code == 403
    assert {a.indicator_id: a.value for a in assessment.answers.all()} == before


def test_a_change_after_validation_is_a_new_revision(users, results, staff_user):
    old = results[VIC]
    client = client_for(users["vic"])
    response = client.post(f"/maduresa/avaluacio/{old.pk}/nova-revisio/")
    new = Assessment.objects.get(municipality__code=VIC, revision=2)
    assert response.url == f"/maduresa/avaluacio/{new.pk}/"
    assert new.status == "draft" and new.answers.count() == old.answers.count()
    services.answers_save(
        assessment=new, answers={ind("EST01").pk: services.AnswerInput(value=None)}, by=staff_user
    )
    services.assessment_submit(assessment=new, by=staff_user)
    services.assessment_validate(assessment=new, by=staff_user)
    old.refresh_from_db()
    assert old.superseded and old.status == "validated"
    assert Answer.objects.get(assessment=old, indicator=ind("EST01")).value is not None


def test_municipal_user_cannot_start_or_edit_another_municipality(users, campaign):
    assert client_for(users["olot"]).post(f"/maduresa/municipi/{VIC}/avaluacio/").status_code == 403
    assert (
        client_for(users["board"]).post(f"/maduresa/municipi/{VIC}/avaluacio/").status_code == 403
    )
    assert not Assessment.objects.exists()
    client_for(users["vic"]).post(f"/maduresa/municipi/{VIC}/avaluacio/")
    a = Assessment.objects.get()
    r = client_for(users["olot"]).post(f"/maduresa/avaluacio/{a.pk}/", {"action": "save"})
    assert r.status_code == 403
    assert (
        client_for(users["board"])
        .post(f"/maduresa/avaluacio/{a.pk}/", {"action": "save"})
        .status_code
        == 403
    )
    assert OLOT != VIC


def test_refusals_are_domain_errors_and_write_nothing(users, results):
    """A refused write raises the core hierarchy (422 Invalid, 409 Conflict), never a bare
    ValueError, and leaves the object as it was."""
    from localret.core.errors import Conflict, Invalid

    assessment = results[VIC]
    with pytest.raises(Conflict):  # only a submitted assessment can be returned
        services.assessment_return(assessment=assessment, comment="", by=users["staff"])
    with pytest.raises(Invalid) as refused:
        services.project_create_for(
            name="  ",
            municipalities=[assessment.municipality],
            technician=users["staff"],
            start_date=dt.date(2025, 1, 1),
            by=users["staff"],
        )
    assert refused.value.errors == [{"field": "name", "message": "a project needs a name"}]
    assessment.refresh_from_db()
    assert assessment.status == "validated"
