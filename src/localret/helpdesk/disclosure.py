"""Disclosure control of the help desk's public statistics, through the platform's rule
(``core.disclosure``): no published group smaller than the minimum
(``LOCALRET_DISCLOSURE_MIN_GROUP``, never below 5), and secondary suppression so that the
published total minus the shown groups cannot give a hidden one back. A group of 0 is shown:
it describes nobody.
"""

from __future__ import annotations

from collections.abc import Mapping

from localret.core import disclosure as rule

TOTAL = ("total",)


def minimum() -> int:
    from django.conf import settings

    return rule.effective_min_group(
        getattr(settings, "LOCALRET_DISCLOSURE_MIN_GROUP", rule.MIN_GROUP_FLOOR)
    )


def allowed(count: int, minimum: int) -> bool:
    """Whether a group of ``count`` items may be shown."""
    return count == 0 or count >= rule.effective_min_group(minimum)


def suppressed(counts: Mapping[str, int], minimum: int) -> set[str]:
    """Keys of the groups to hide: the small ones, and as many more as the published total
    needs so that none of them can be recovered by differencing."""
    groups = {key: n for key, n in counts.items() if n}
    table: dict[rule.Key, int] = {key: n for key, n in groups.items()}  # noqa: C416
    table[TOTAL] = sum(groups.values())
    equations = [rule.Equation(total=TOTAL, parts=tuple(groups))]
    hidden = rule.suppress(table, equations, min_group=minimum, keep=[TOTAL])
    return {key for key in groups if key in hidden}
