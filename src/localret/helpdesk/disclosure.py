"""Disclosure control of public statistics (pure: no Django import besides the setting).

Until the platform's shared module lands, the helpdesk applies the platform's rule here: no
published group smaller than the minimum (5 by default, ``LOCALRET_DISCLOSURE_MINIMUM``). A
group with 1 to minimum-1 items is suppressed; a group of 0 is shown (it is nobody). When only
one group of a dimension is suppressed, the next smallest shown group is suppressed too, so
that the total minus the others cannot give it back (secondary suppression).
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_MINIMUM = 5


def minimum() -> int:
    from django.conf import settings

    return int(getattr(settings, "LOCALRET_DISCLOSURE_MINIMUM", DEFAULT_MINIMUM))


def allowed(count: int, minimum: int) -> bool:
    """Whether a group of ``count`` items may be shown."""
    return count == 0 or count >= minimum


def suppressed(counts: Mapping[str, int], minimum: int) -> set[str]:
    """Keys of the groups to hide: the small ones, plus one more when only one is small."""
    small = {key for key, n in counts.items() if not allowed(n, minimum)}
    if len(small) == 1:
        shown = sorted((n, key) for key, n in counts.items() if key not in small and n > 0)
        if shown:
            small.add(shown[0][1])
    return small
