"""One way to fail (ADR 0007): the error hierarchy, its API and page mappings, the audited save
and the one permission check for pages and API operations."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from localret.api import api
from localret.core.access import allowed, permits
from localret.core.audit import audited_save
from localret.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from localret.core.failures import DomainErrorMiddleware, add_form_errors
from localret.innovation.services import EvaluationLocked, InnovationError
from localret.maturity.services import AssessmentLocked, InvalidTransition
from localret.participation.models import FrozenVersionError
from localret.strategy.selectors import PlanNotFound
from localret.strategy.services import StrategyError
from localret.territory.models import Municipality

from ..conftest import client_for


@pytest.mark.parametrize(
    ("exc", "status", "title"),
    [
        (DomainError("bad"), 422, "Invalid input"),
        (Invalid("bad", field="name", row=3), 422, "Invalid input"),
        (NotFound("No plan x"), 404, "Not found"),
        (Forbidden("Not yours"), 403, "Forbidden"),
        (Conflict("Already decided"), 409, "Conflict"),
    ],
)
def test_the_api_answers_each_kind_with_its_status(exc, status, title):
    response = api.on_exception(RequestFactory().get("/api/v1/x"), exc)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert (body["status"], body["title"], body["detail"]) == (status, title, exc.message)
    assert body["errors"] == exc.errors


def test_invalid_names_field_and_row():
    assert Invalid("must be a number", field="value", row=7).errors == [
        {"field": "value", "row": 7, "message": "must be a number"}
    ]
    assert Invalid("bad").errors == [{"field": None, "message": "bad"}]


def test_every_app_error_is_in_the_hierarchy():
    assert issubclass(StrategyError, Invalid)
    assert issubclass(InnovationError, Invalid)
    assert issubclass(PlanNotFound, NotFound)
    for cls in (AssessmentLocked, InvalidTransition, EvaluationLocked, FrozenVersionError):
        assert issubclass(cls, Conflict), cls
    locked = EvaluationLocked("decided")
    assert (locked.status, locked.title, locked.errors[0]["message"]) == (
        409,
        "Conflict",
        "decided",
    )


def _request(method: str = "get"):
    request = getattr(RequestFactory(), method)("/pla/x/?as_of=2025-01-01")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_pages_answer_not_found_and_forbidden_with_django_errors():
    middleware = DomainErrorMiddleware(lambda r: None)
    with pytest.raises(Http404):
        middleware.process_exception(_request(), NotFound("No plan"))
    with pytest.raises(PermissionDenied):
        middleware.process_exception(_request(), Forbidden("Not yours"))
    assert middleware.process_exception(_request(), ValueError("not ours")) is None


def test_a_refused_post_goes_back_to_the_page_with_its_messages():
    request = _request("post")
    response = DomainErrorMiddleware(lambda r: None).process_exception(
        request, Conflict("The assessment is validated.")
    )
    assert response.status_code == 302
    assert response["Location"] == "/pla/x/?as_of=2025-01-01"
    assert [str(m) for m in get_messages(request)] == ["The assessment is validated."]


def test_a_refused_get_answers_the_status():
    response = DomainErrorMiddleware(lambda r: None).process_exception(_request(), Conflict("no"))
    assert response.status_code == 409


def test_form_errors_land_on_the_field_or_the_form():
    from django import forms

    class F(forms.Form):
        name = forms.CharField()

    form = F(data={"name": "x"})
    form.is_valid()
    add_form_errors(
        form,
        Invalid("bad", [{"field": "name", "message": "taken"}, {"field": "x", "message": "?"}]),
    )
    assert form.errors["name"] == ["taken"]
    assert form.non_field_errors() == ["?"]


def test_permits_passes_only_the_path_parameters_a_predicate_names():
    seen = {}

    def by_code(user, code):
        seen["code"] = code
        return code == "082981"

    assert permits(by_code, object(), {"code": "082981", "other": 1})
    assert seen == {"code": "082981"}
    assert permits(lambda user: True, object(), {"code": "1"})
    assert not permits(lambda user, **kw: kw == {}, object(), {"code": "1"})


@pytest.mark.django_db
def test_the_page_decorator_logs_in_first_then_refuses(users):
    @allowed(lambda user, slug: user.username == "tecnic1" and slug == "p")
    def view(request, slug):
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().get("/pla/p/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert view(request, slug="p").status_code == 302
    request.user = users["staff"]
    assert view(request, slug="p").status_code == 200
    request.user = users["board"]
    with pytest.raises(PermissionDenied):
        view(request, slug="p")


@pytest.mark.django_db
def test_governance_pages_use_the_shared_decorator(users):
    assert client_for(None).get("/governanca/").status_code == 302
    assert client_for(users["vic"]).get("/governanca/").status_code == 403
    assert client_for(users["board"]).get("/governanca/").status_code == 200


@pytest.mark.django_db
def test_audited_save_records_who_and_why(staff_user):
    vic = Municipality.objects.get(code="082981")
    vic.altitude_m = 485
    audited_save(vic, staff_user, "survey correction")
    record = vic.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason, record.altitude_m) == (
        staff_user,
        "survey correction",
        485,
    )


@pytest.mark.django_db
def test_audited_save_with_clean_refuses_naming_the_field_and_writes_nothing(staff_user):
    vic = Municipality.objects.get(code="082981")
    before = vic.history.count()
    vic.name = ""
    with pytest.raises(Invalid) as caught:
        audited_save(vic, staff_user, clean=True)
    assert [e["field"] for e in caught.value.errors] == ["name"]
    assert vic.history.count() == before
    assert Municipality.objects.get(code="082981").name == "Vic"


# Exceptions that are not a service's refusal of a request, each with why.
NOT_DOMAIN_ERRORS = {
    "localret.core.api.Problem": "what a router answers itself (already problem+json)",
    "localret.core.backup.BackupError": "backup and restore commands, not a request",
    "localret.core.forms.LocalizedNumberError": "a form field's parsing, shown as a form error",
    "localret.recovery.WorkerInterrupted": "control flow of the background worker",
    "localret.reporting.tasks.JobCancelled": "control flow of a cancelled report job",
    "localret.connectivity.tasks.JobCancelled": "control flow of a cancelled planner job",
    "localret.strategy.plausibility.InvalidValue": "pure signal, refused as StrategyError",
    "localret.territory.importer._DryRun": "control flow that rolls a dry run back",
    "localret.core.uploads.UploadTooLarge": "Django's upload handler stopping a body (413)",
}


def _app_exception_classes():
    import importlib
    import inspect
    import pkgutil

    import localret

    skip = (".migrations", ".settings", ".management", "localret.wsgi", "localret.asgi")
    for info in pkgutil.walk_packages(localret.__path__, "localret."):
        if any(part in info.name for part in skip):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                yield f"{info.name}.{cls.__qualname__}", cls


def test_every_app_error_class_derives_from_domain_error():
    found = dict(_app_exception_classes())
    strays = sorted(
        name
        for name, cls in found.items()
        if not issubclass(cls, DomainError) and name not in NOT_DOMAIN_ERRORS
    )
    assert strays == []
    # The walk sees the apps' errors (it is not vacuous), and the allow-list is current.
    assert issubclass(found["localret.participation.diffing.DiffError"], Invalid)
    assert issubclass(found["localret.reporting.balance.BalanceError"], Invalid)
    assert issubclass(found["localret.maturity.services.base.AssessmentLocked"], Conflict)
    assert issubclass(found["localret.core.tabular.ImportFailed"], Invalid)
    assert set(NOT_DOMAIN_ERRORS) <= set(found)
