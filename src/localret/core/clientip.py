"""The client's address, for the login lock-out (django-axes) and rate limits.

Without a reverse proxy the client is ``REMOTE_ADDR``. Behind one, every request comes from the
proxy's address, so keying a lock-out on ``REMOTE_ADDR`` would let anyone lock any named user
out for everyone. Set ``LOCALRET_TRUSTED_PROXY_COUNT`` (environment) to the number of proxies in
front of the application that append to ``X-Forwarded-For``; the client is then read from that
header counting from the right (each proxy appends the address it received the request from, and
the last proxy is ``REMOTE_ADDR``), so that addresses a client writes into the header itself are
ignored. ``LOCALRET_TRUSTED_PROXIES`` (comma-separated addresses or prefixes)
additionally requires the last hop to be one of them; otherwise ``REMOTE_ADDR`` is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "LOCALRET_TRUSTED_PROXY_COUNT", 0) or 0)
    trusted = list(getattr(settings, "LOCALRET_TRUSTED_PROXIES", []) or [])
    if count <= 0 and not trusted:
        return remote
    if trusted and not any(remote.startswith(prefix) for prefix in trusted):
        return remote  # not sent by our proxy: the header may be forged
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    hops = max(count, 1)
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
