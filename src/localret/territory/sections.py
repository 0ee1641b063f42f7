"""Blocks other apps add to a municipality's page (maturity, connectivity, pilots, ...).

An app registers a provider in its ``AppConfig.ready()``::

    from localret.territory.interface import register_section

    def _section(request, municipality):
        from .views import municipality_section  # imported when the page is drawn

        return municipality_section(request, municipality)

    register_section("maturity", _section, order=10)

A provider returns ``{"title", "template", "context"}`` or ``None`` (nothing to show to this
visitor). The page shows the blocks in ``order`` (then name).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

SectionProvider = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    name: str
    provider: SectionProvider
    order: int


_SECTIONS: dict[str, Section] = {}


def register_section(name: str, provider: SectionProvider, order: int) -> None:
    """Register ``provider(request, municipality) -> dict | None`` under ``name`` (usually the
    app label); registering a name again replaces its provider."""
    _SECTIONS[name] = Section(name=name, provider=provider, order=order)


def registered_sections() -> list[Section]:
    """The providers registered, in the order the page shows them."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))


def municipality_sections(
    request: HttpRequest, municipality: Any, *, exclude: Collection[str] = ()
) -> list[dict[str, Any]]:
    """The blocks of every registered app for this visitor, in order; those named in
    ``exclude`` are left out (a page that shows that app's figures in its own way)."""
    sections = []
    for section in registered_sections():
        if section.name in exclude:
            continue
        block = section.provider(request, municipality)
        if block:
            sections.append(block)
    return sections
