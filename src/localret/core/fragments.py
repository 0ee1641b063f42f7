"""Rendered fragments of public pages, kept once per data version (issue 19, point 5).

A page is the base template (header, menu, the visitor's name and CSRF token, messages) around
its content. The base template is rendered for every request; the content, which is the same
for every visitor of one kind, is rendered once per version of the data it reads and per
language and date, through the one cache of the platform (:func:`localret.core.cache.cached`),
and read as HTML afterwards.

What a fragment may hold: what the data and ``parts`` decide. It is rendered without the
request, so it has no ``request``, ``user`` or CSRF token: a form that posts belongs outside the
fragment (:func:`fragment` refuses content with a CSRF field). What differs between viewers
(staff links, a municipal user's own data) goes in ``parts`` (for example the viewer's role), or
is rendered outside the fragment.

The context is a callable, so a page whose fragment is cached computes nothing more than the
key: the version of the domains read (one query per request) and the parts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from . import cache

CSRF_FIELD = "csrfmiddlewaretoken"
T = TypeVar("T")


class _Template(Protocol):
    def render(self, context: dict[str, Any] | None = ...) -> str: ...


def fragment(
    name: str,
    *,
    template: str | _Template,
    reads: Iterable[str],
    context: Callable[[], Mapping[str, Any]],
    parts: Hashable = (),
) -> SafeString:
    """The HTML of ``template`` rendered with ``context()``, once per version of ``reads``, per
    language, per day and per ``parts``.

    ``name`` names the fragment in the cache (``"reporting:transparency-home"``); ``reads`` the
    data domains the content shows (core/versions.py; ``versions.EVERY`` for a summary of
    everything); ``parts`` whatever else the content depends on (a plan, a date asked for, a
    page number, the viewer's role)."""

    def build() -> str:
        values = dict(context())
        html: str = (
            render_to_string(template, values)
            if isinstance(template, str)
            else template.render(values)
        )
        if CSRF_FIELD in html:
            raise ImproperlyConfigured(
                f"Fragment {name!r} holds a form with a CSRF token: render the form outside "
                "the fragment, the token belongs to one visitor."
            )
        return html

    key_parts = (translation.get_language() or "", timezone.localdate().isoformat(), parts)
    html = cache.cached(f"fragment:{name}", reads=tuple(reads), parts=key_parts, build=build)
    # Rendered by the template engine, which escaped every value it put in (autoescape on).
    return mark_safe(html)  # noqa: S308


def fragment_with_head(
    name: str,
    *,
    template: str | _Template,
    reads: Iterable[str],
    context: Callable[[], Mapping[str, Any]],
    head: Callable[[Mapping[str, Any]], T],
    parts: Hashable = (),
) -> tuple[SafeString, T]:
    """:func:`fragment`, and a small value computed from the same context (``head(context)``:
    the page's title, which the page template renders outside the fragment), kept under the
    same key. The context is computed at most once, and not at all when both are cached; an
    exception it raises (``Http404`` for an element that does not exist) stores nothing."""
    computed: list[Mapping[str, Any]] = []

    def once() -> Mapping[str, Any]:
        if not computed:
            computed.append(context())
        return computed[0]

    html = fragment(name, template=template, reads=reads, context=once, parts=parts)
    key_parts = (translation.get_language() or "", timezone.localdate().isoformat(), parts)
    value = cache.cached(
        f"fragment-head:{name}", reads=tuple(reads), parts=key_parts, build=lambda: head(once())
    )
    return html, value
