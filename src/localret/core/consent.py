"""Which municipalities have consented to publish data that is confidential by default.

The consent records live in the reporting app (``reporting.models.PublicationConsent``), which
sits above every domain app in the layers; the apps that publish (strategy's indicators, the
maturity pages) sit below it. This module is the typed hook between them: reporting registers a
provider in its ``AppConfig.ready()``, and the lower layers ask :func:`consenting`::

    from localret.core import consent

    consent.provide("maturity", lambda: frozenset(codes_that_consented))  # reporting.ready()
    consent.consenting("maturity")  # -> frozenset of 6-digit INE codes

Without a provider nobody has consented (confidential by default). See docs/privacy.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

# What a municipality may consent to publish: its maturity assessment results (scores, levels
# and whether it has been assessed at all).
Topic = Literal["maturity"]
Provider = Callable[[], frozenset[str]]

_PROVIDERS: dict[str, Provider] = {}


def provide(topic: Topic, provider: Provider) -> None:
    """Register ``provider() -> frozenset of INE codes`` for ``topic`` (one per topic;
    registering another replaces it)."""
    _PROVIDERS[topic] = provider


def consenting(topic: Topic) -> frozenset[str]:
    """The municipalities (INE codes) that consented to publish ``topic``; empty without a
    provider."""
    provider = _PROVIDERS.get(topic)
    return provider() if provider is not None else frozenset()
