"""Issue 15, point 3: a parameter sent empty counts as absent on every API endpoint and page,
and a bad value gets an error that names the parameter. The endpoints are found by walking the
OpenAPI schema, so a new one is covered without editing this test."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import api_client

pytestmark = pytest.mark.django_db


def _get_endpoints() -> list[tuple[str, list[str]]]:
    from localret.api import api

    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
        if names:
            found.append((path, names))
    return found


def test_the_walk_finds_the_endpoints_with_parameters() -> None:
    paths = {path for path, _names in _get_endpoints()}
    assert {"/api/v1/plans", "/api/v1/connectivity/gaps", "/api/v1/territorial-balance"} <= paths


@pytest.mark.parametrize("path,names", _get_endpoints())
def test_every_parameter_sent_empty_counts_as_absent(staff_user, path, names) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    absent = client.get(path)
    for name in names:
        empty = client.get(f"{path}?{name}=")
        assert empty.status_code == absent.status_code, (path, name, empty.content[:300])
        blank = client.get(f"{path}?{name}=%20")
        assert blank.status_code == absent.status_code, (path, name, blank.content[:300])


@pytest.mark.parametrize(
    "path,name",
    [
        ("/api/v1/plans", "as_of"),
        ("/api/v1/plans", "limit"),
        ("/api/v1/connectivity/gaps", "year"),
        ("/api/v1/territorial-balance", "year"),
    ],
)
def test_a_bad_value_is_422_naming_the_parameter(staff_user, path, name) -> None:  # type: ignore[no-untyped-def]
    response = api_client(staff_user).get(f"{path}?{name}=zzz")
    assert response.status_code == 422
    assert name in [error["field"] for error in response.json()["errors"]]


def test_the_other_parameters_of_a_request_are_kept(staff_user) -> None:  # type: ignore[no-untyped-def]
    client = api_client(staff_user)
    response = client.get("/api/v1/municipalities?q=&limit=1&offset=")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    bad = client.get("/api/v1/municipalities?q=&limit=zzz")
    assert bad.status_code == 422


@pytest.mark.parametrize(
    "url",
    ["/municipis/?q=&population_band=&comarca=", "/pla/?as_of=", "/maduresa/?campaign=&band="],
)
def test_pages_take_empty_parameters_as_absent(url: str) -> None:
    assert Client().get(url).status_code == 200
    assert Client().get(url.split("?")[0]).status_code == 200
