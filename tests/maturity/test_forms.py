"""maturity.forms reads each page's POST into typed values, writing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from localret.maturity import forms, selectors, services
from localret.maturity.models import Adhesion, Answer, Project, RoadmapItem, Service
from localret.territory.models import Municipality

from ..conftest import VIC
from .factories import answers_for


def _post(**values: str | list[str]) -> QueryDict:
    post = QueryDict(mutable=True)
    for key, value in values.items():
        post.setlist(key, value if isinstance(value, list) else [value])
    return post


def test_review_returns_only_when_asked_and_strips_the_comment():
    assert forms.review_from_post(_post(action="return", comment="  falta  ")) == forms.Review(
        returned=True, comment="falta"
    )
    assert forms.review_from_post(_post(action="validate")) == forms.Review(False, "")


@pytest.mark.django_db
def test_adhesion_form_refuses_what_does_not_exist():
    with pytest.raises(Adhesion.DoesNotExist):
        forms.adhesion_from_post(_post(action="end", adhesion="999999", until="2024-01-01"))
    with pytest.raises(Service.DoesNotExist):
        forms.adhesion_from_post(_post(service="NO-SUCH", municipality=VIC, since="2024-01-01"))
    service = Service.objects.create(code="S1", name="Servei", category="tic")
    with pytest.raises(ValueError, match="Codi de municipi desconegut"):
        forms.adhesion_from_post(_post(service="S1", municipality="000000", since="2024-01-01"))
    start = forms.adhesion_from_post(
        _post(service="S1", municipality=f" {VIC} ", since="2024-02-01")
    )
    assert start == forms.AdhesionStart(
        service=service, municipality=Municipality.objects.get(code=VIC), since=dt.date(2024, 2, 1)
    )
    assert not Adhesion.objects.exists()


@pytest.mark.django_db
def test_adhesion_form_names_the_date_it_cannot_read():
    service = Service.objects.create(code="S1", name="Servei", category="tic")
    for since in ["", "31/12/2025", "2025-13-01"]:
        with pytest.raises(ValueError, match=r"^Data d'inici: cal una data"):
            forms.adhesion_from_post(_post(service=service.code, municipality=VIC, since=since))
    with pytest.raises(ValueError, match=r"^Data de finalització: cal una data"):
        forms.adhesion_from_post(_post(action="end", adhesion="1", until="ahir"))
    assert not Adhesion.objects.exists()


def test_answers_form_reports_each_invalid_answer_and_skips_what_does_not_apply(
    campaign, staff_user
):
    assessment = services.assessment_start(
        municipality=Municipality.objects.get(code=VIC), campaign=campaign, by=staff_user
    )
    sections = selectors.assessment_sections(assessment)
    items = [item for section in sections for item in section["items"]]
    applying = [item["indicator"] for item in items if item["applies"]]
    first, second = applying[0], applying[1]
    valid = answers_for(0.5)
    post = _post(
        **{
            f"v_{first.pk}": str(valid[first.code]).replace(".", ","),
            f"c_{first.pk}": " ok ",
            f"v_{second.pk}": str(valid[second.code]).replace(".", ","),
            f"u_{second.pk}": "ftp://example.org/x",
        }
    )
    inputs, errors = forms.answers_from_post(post, MultiValueDict(), sections)
    assert errors == {second.pk: "L'URL de l'evidència no és una adreça http(s) vàlida."}
    assert inputs[first.pk].value == valid[first.code] and inputs[first.pk].comment == "ok"
    assert second.pk not in inputs
    # Every applicable indicator has an input (empty when not answered); the others none.
    assert set(inputs) == {i.pk for i in applying} - {second.pk}
    assert not Answer.objects.filter(assessment=assessment).exclude(value=None).exists()


def test_roadmap_form_keeps_changes_and_problems_in_order(results, staff_user):
    services.roadmap_generate(assessment=results[VIC], by=staff_user)
    roadmap = selectors.roadmap_for(VIC)
    first, second, third = list(roadmap.items.all())[:3]
    changes = forms.roadmap_changes_from_post(
        _post(
            **{
                f"s_{first.pk}": "agreed",
                f"d_{second.pk}": "31/12/2025",
                f"s_{third.pk}": third.status,
            }
        ),
        roadmap,
    )
    assert changes == [
        forms.RoadmapItemChange(first, status="agreed"),
        forms.RoadmapItemChange(
            second, problem=f"{second.indicator.name}: «31/12/2025» no és una data."
        ),
    ]
    assert RoadmapItem.objects.get(pk=first.pk).status == first.status


def test_project_form_names_the_project_after_the_municipality_by_default(results, staff_user):
    services.roadmap_generate(assessment=results[VIC], by=staff_user)
    roadmap = selectors.roadmap_for(VIC)
    item = roadmap.items.all()[0]
    item.target_date = dt.date(2025, 6, 30)
    item.save()
    vic = Municipality.objects.get(code=VIC)
    new = forms.project_from_post(
        _post(items=[str(item.pk), "x"]), roadmap, vic, dt.date(2025, 1, 1)
    )
    assert vic.name in new.name
    assert new.items == [item]
    assert (new.start_date, new.end_date) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert new.milestones == [(item.indicator.name[:200], dt.date(2025, 6, 30))]
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_project_action_form():
    project = Project.objects.create(name="P", start_date=dt.date(2024, 1, 1), notes="n")
    no_file = MultiValueDict()
    assert forms.project_action_from_post(_post(action="document"), no_file, project) is None
    assert forms.project_action_from_post(
        _post(action="status", status="completed"), no_file, project
    ) == forms.ProjectStatus(status="completed", notes="n")
    with pytest.raises(Exception, match="does not exist"):
        forms.project_action_from_post(_post(action="milestone", milestone="9"), no_file, project)
