"""The platform's own error pages: in the visitor's language (Catalan by default), never a
traceback; the demo settings run without debug, as production does."""

from __future__ import annotations

import importlib

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from tests.conftest import speaking

pytestmark = pytest.mark.django_db


def test_a_bad_date_is_a_400_page_in_catalan(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/pla/pla-estrategic-2024-2027/?as_of=foo")
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="ca">' in html and "Petició incorrecta" in html
    assert "Traceback" not in html


def test_a_missing_page_is_a_404_page_in_the_chosen_language(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no-existeix/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ca">' in html and "No s'ha trobat la pàgina" in html
    html = speaking(client, "es").get("/no-existeix/").content.decode()
    assert '<html lang="es">' in html


def test_the_500_page_needs_no_context_and_speaks_the_language() -> None:
    request = RequestFactory().get("/")
    with translation.override("ca"):
        html = defaults.server_error(request).content.decode()
    assert '<html lang="ca">' in html and "Error del servidor" in html
    with translation.override("en"):
        assert (
            "The request could not be completed" in defaults.server_error(request).content.decode()
        )


def test_the_demo_settings_run_without_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEBUG", raising=False)
    dev = importlib.reload(importlib.import_module("localret.settings.dev"))
    assert dev.DEBUG is False
    monkeypatch.setenv("DEBUG", "true")
    assert importlib.reload(dev).DEBUG is True
