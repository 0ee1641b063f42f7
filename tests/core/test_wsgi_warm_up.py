"""The WSGI application builds at boot what the first request would otherwise build."""

from __future__ import annotations

from django.urls import clear_url_caches, get_resolver
from django.utils.translation import trans_real


def test_warm_up_loads_the_url_configuration_and_every_catalogue(settings) -> None:  # type: ignore[no-untyped-def]
    from localret.wsgi import warm_up

    clear_url_caches()  # as a new process: nothing resolved yet
    trans_real._translations.pop("es", None)
    assert "url_patterns" not in get_resolver().__dict__
    warm_up()
    resolver = get_resolver()
    assert "url_patterns" in resolver.__dict__
    assert resolver.resolve("/api/v1/measurements/import").func is not None
    assert {code for code, _name in settings.LANGUAGES} <= set(trans_real._translations)
