"""Login lock-out (django-axes) with two limits.

``AXES_LOCKOUT_PARAMETERS`` lists two keys: a username tried from one client address, and the
client address alone. Axes compares the larger failure count of the two with one limit; this
handler scales the per-address count so that the address alone locks out only after
``AXES_IP_FAILURE_LIMIT`` failures (password spraying: many usernames, few passwords each),
while a username from one address still locks after ``AXES_FAILURE_LIMIT``. The client address
comes from ``localret.core.clientip`` (trusted proxies, docs/security.md).
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LocalretAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        limit = int(settings.AXES_FAILURE_LIMIT)
        ip_limit = max(int(getattr(settings, "AXES_IP_FAILURE_LIMIT", limit)), limit)
        counts = []
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=False,
        ):
            total = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address" or parameter == ["ip_address"]:
                # Reaches ``limit`` exactly when the address reaches ``ip_limit``.
                total = math.floor(total * limit / ip_limit)
            counts.append(total)
        return max(counts, default=0)
