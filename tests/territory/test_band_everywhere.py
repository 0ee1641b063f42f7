"""Issue 15: every endpoint that takes a population band reads it with the same parser, so
``50001+`` sent unencoded (its ``+`` arrives as a space) works everywhere. The endpoints are
found by walking the OpenAPI schema, so a new one is covered without editing this test."""

from __future__ import annotations

import pytest

from tests.conftest import api_client

pytestmark = pytest.mark.django_db
BAND_NAMES = {"band", "population_band"}


def _band_endpoints() -> list[tuple[str, str]]:
    from localret.api import api

    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] in BAND_NAMES:
                    found.append((method, path, parameter["name"]))
    return found


def test_the_schema_has_band_endpoints() -> None:
    names = {(path, name) for _m, path, name in _band_endpoints()}
    assert ("/api/v1/municipalities", "population_band") in names
    assert ("/api/v1/maturity/benchmark", "band") in names


@pytest.mark.parametrize("method,path,name", _band_endpoints())
def test_every_band_endpoint_accepts_the_unencoded_band(staff_user, method, path, name) -> None:  # type: ignore[no-untyped-def]
    assert method == "get", f"{path}: only GET endpoints take a band in the query"
    assert "{" not in path, f"{path}: give this test a value for its path parameters"
    client = api_client(staff_user)
    for raw in ("50001+", "50001%2B", " 50001+ "):
        response = client.get(f"{path}?{name}={raw}")
        assert response.status_code != 422, (path, raw, response.content)
        assert response.status_code in (200, 404), (path, raw, response.status_code)
    bad = client.get(f"{path}?{name}=huge")
    assert bad.status_code == 422
    assert name in [e["field"] for e in bad.json()["errors"]]
    empty = client.get(f"{path}?{name}=")
    assert empty.status_code in (200, 404)
