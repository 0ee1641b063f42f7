"""Rendered fragments (core/fragments.py): rendered once per data version, language and parts;
a write to a domain they read shows at once; nothing of one visitor (CSRF token) is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.utils import translation

from localret.core.fragments import fragment
from localret.territory.models import Comarca

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    "{% load i18n %}<p>{{ name }}</p><p>{% translate 'Municipalities' %}</p>"
)


def _counting(calls: list[str]):
    def context():
        comarca = Comarca.objects.order_by("pk").first()
        calls.append(comarca.name)
        return {"name": comarca.name}

    return context


def test_rendered_once_per_version_and_again_after_a_write():
    calls: list[str] = []
    first = fragment("test:one", template=TEMPLATE, reads=("territory",), context=_counting(calls))
    again = fragment("test:one", template=TEMPLATE, reads=("territory",), context=_counting(calls))
    assert first == again
    assert len(calls) == 1
    comarca = Comarca.objects.order_by("pk").first()
    comarca.name = "Comarca <Nova>"
    comarca.save()
    after = fragment("test:one", template=TEMPLATE, reads=("territory",), context=_counting(calls))
    assert len(calls) == 2
    assert "Comarca &lt;Nova&gt;" in after  # escaped by the engine, kept as safe HTML
    assert "<Nova>" not in after


def test_a_write_to_another_domain_keeps_the_fragment():
    calls: list[str] = []
    fragment("test:two", template=TEMPLATE, reads=("strategy",), context=_counting(calls))
    comarca = Comarca.objects.order_by("pk").first()
    comarca.name = comarca.name + " bis"
    comarca.save()
    fragment("test:two", template=TEMPLATE, reads=("strategy",), context=_counting(calls))
    assert len(calls) == 1


def test_language_and_parts_are_in_the_key():
    calls: list[str] = []
    with translation.override("ca"):
        catalan = fragment(
            "test:three", template=TEMPLATE, reads=("territory",), context=_counting(calls)
        )
    with translation.override("es"):
        spanish = fragment(
            "test:three", template=TEMPLATE, reads=("territory",), context=_counting(calls)
        )
    with translation.override("es"):
        fragment(
            "test:three",
            template=TEMPLATE,
            reads=("territory",),
            context=_counting(calls),
            parts=("staff",),
        )
    assert "Municipis" in catalan
    assert "Municipios" in spanish
    assert len(calls) == 3


def test_a_form_with_a_csrf_token_is_refused():
    template = engines["django"].from_string(
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>'
    )
    with pytest.raises(ImproperlyConfigured, match="CSRF"):
        fragment("test:form", template=template, reads=("territory",), context=dict)
