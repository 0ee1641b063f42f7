"""Whole-page cache for public pages whose content depends only on data, language and role.

A view wraps its rendering in :func:`cached_page` with ``parts`` that hold everything the page
depends on besides the URL, the language and the viewer's role (at least a data fingerprint read
from the database on every request, e.g. ``territory.cache.register_fingerprint()``). The key is
(path and query string, language, HTMX headers, the viewer's ``(authenticated, role)``, parts).

The two things in a page that belong to one visitor are never stored:

- the CSRF token: while a page is rendered for the cache, the ``platform`` context processor gives
  templates a placeholder as ``csrf_token``; every response, the first one included, has it
  replaced by this request's own token (``get_token``, which also sets the CSRF cookie as
  rendering normally would);
- the user name in the header (``viewer_name``): a placeholder as well, replaced by the
  visitor's name.

Both placeholders are derived from ``SECRET_KEY`` (the same in every process of a deployment, so
a shared cache backend works; unguessable, so no page content can forge them).

Not cached, rendered as usual: anything but GET/HEAD, a request with pending messages (flash
messages are shown once), and any response that is not a plain 200 or that sets a cookie.
A view must therefore put into ``parts`` whatever else it reads (the date for "today", a
municipality membership...), and must not use it for pages that show other personal data.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.translation import get_language

from localret.accounts import roles

TIMEOUT = 60 * 60  # seconds; freshness comes from the fingerprint in ``parts``, not from expiry
_PREFIX = "page:v1"
_RENDERING = "_localret_page_cache_rendering"
_SKIP_HEADERS = frozenset({"content-length", "set-cookie"})


@lru_cache(maxsize=4)
def _placeholders(secret: str) -> tuple[str, str]:
    def mark(name: str) -> str:
        digest = hmac.new(secret.encode(), f"page-cache:{name}".encode(), hashlib.sha256)
        return f"lrpc{name}{digest.hexdigest()[:32]}"

    return mark("csrf"), mark("user")


def placeholders() -> tuple[str, str]:
    """(CSRF token placeholder, user name placeholder): letters and digits, nothing to escape."""
    return _placeholders(settings.SECRET_KEY)


def rendering_for_cache(request: HttpRequest) -> bool:
    """True while ``request``'s page is being rendered to be stored (see the context processor)."""
    return bool(getattr(request, _RENDERING, False))


def viewer_key(user: Any) -> tuple[bool, str]:
    """What of the viewer a cached page may depend on: logged in or not, and the role."""
    return bool(getattr(user, "is_authenticated", False)), str(roles.role_of(user) or "")


def page_key(request: HttpRequest, parts: Hashable) -> str:
    material = (
        request.get_full_path(),
        get_language(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        viewer_key(getattr(request, "user", None)),
        parts,
    )
    digest = hashlib.blake2b(repr(material).encode(), digest_size=16).hexdigest()
    return f"{_PREFIX}:{digest}"


def _has_pending_messages(request: HttpRequest) -> bool:
    if not hasattr(request, "_messages"):
        return False
    return len(get_messages(request)) > 0


def cached_page(
    request: HttpRequest, *, parts: Hashable, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page ``render()`` would give, from the cache when an equal request was answered."""
    if request.method not in ("GET", "HEAD") or _has_pending_messages(request):
        return render()
    key = page_key(request, parts)
    entry = cache.get(key)
    if entry is None:
        setattr(request, _RENDERING, True)
        try:
            response = render()
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse: render it while the placeholders apply
        finally:
            setattr(request, _RENDERING, False)
        entry = _entry_of(response)
        if entry is None:
            return _personalise_response(request, response)
        cache.set(key, entry, TIMEOUT)
    return _response_of(request, entry)


def _entry_of(response: HttpResponse) -> dict[str, Any] | None:
    """What to store of a response, or None when it must not be stored."""
    if (
        response.status_code != 200
        or getattr(response, "streaming", False)
        or response.cookies
        or not isinstance(response.content, bytes)
    ):
        return None
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _SKIP_HEADERS]
    return {"content": response.content, "headers": headers}


def _personalise(request: HttpRequest, content: bytes) -> bytes:
    csrf_mark, user_mark = placeholders()
    csrf = csrf_mark.encode()
    if csrf in content:
        content = content.replace(csrf, get_token(request).encode())
    user = user_mark.encode()
    if user in content:
        name = getattr(request, "user", None)
        username = name.get_username() if getattr(name, "is_authenticated", False) else ""  # type: ignore[union-attr]
        content = content.replace(user, str(escape(username)).encode())
    return content


def _personalise_response(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A response rendered for the cache but not stored still carries the placeholders."""
    if not getattr(response, "streaming", False) and isinstance(response.content, bytes):
        response.content = _personalise(request, response.content)
    return response


def _response_of(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(_personalise(request, entry["content"]))
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response
