"""The OpenAPI schema names each request and response schema by its class name: two schemas of
the same name in two apps would be published as one (the second silently documented as the
first). Every schema class of the platform has a name of its own."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from localret.api import api


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def test_every_schema_class_of_the_platform_has_its_own_name() -> None:
    api.get_openapi_schema()  # imports every router and its schemas
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("localret."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    duplicates = {name: places for name, places in by_name.items() if len(places) > 1}
    assert duplicates == {}


def test_the_plan_indicator_is_documented_with_its_forecast() -> None:
    components = api.get_openapi_schema()["components"]["schemas"]
    properties = components["PlanIndicatorOut"]["properties"]
    assert {"measurements", "progress", "status", "forecast", "defined_later"} <= set(properties)


def test_error_responses_are_documented_as_problem_json() -> None:
    schema = api.get_openapi_schema()
    errors = [
        (path, method, status, set(response.get("content", {})))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for status, response in operation["responses"].items()
        if str(status)[:1] in "45"
    ]
    assert len(errors) > 100
    assert all(types <= {"application/problem+json"} for *_, types in errors), [
        e for e in errors if e[3] - {"application/problem+json"}
    ][:5]
    ok = schema["paths"]["/api/v1/plans"]["get"]["responses"][200]["content"]
    assert set(ok) == {"application/json"}
