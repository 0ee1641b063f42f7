"""Territorial-balance indices, as pure functions (no Django import). Method: docs/territorial-
balance.md.

Given, for each region, Localret's *effort* (any non-negative amount) and a *reference* (the
population, or the need), the question is whether effort follows the reference.

- ``theil(effort, reference)``: T = sum_i s_i ln(s_i / p_i), where s_i is the region's share of
  the effort and p_i its share of the reference (0 ln 0 = 0). T = 0 when every region gets effort
  exactly in proportion to its reference; the maximum, ln(1 / p_min), is reached when all the
  effort goes to the region with the smallest reference share (ln N for N equal regions).
- ``gini(effort, reference)``: reference-weighted Gini of effort per unit of reference (1 minus
  twice the area under the Lorenz curve, regions sorted by effort per unit of reference). 0 when
  proportional; 1 - p_k when everything goes to region k (1 - 1/N for N equal regions).
- ``theil_decomposition``: T = between groups + sum_g S_g T_g (within groups), exact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from localret.core.errors import Invalid


class BalanceError(Invalid):
    """Values on which a balance index is not defined (422)."""


def _shares(values: Sequence[float]) -> list[float]:
    if any(v < 0 or math.isnan(v) for v in values):
        raise BalanceError("values must be non-negative numbers")
    total = float(sum(values))
    if total <= 0:
        raise BalanceError("values add up to zero")
    return [v / total for v in values]


def _check(effort: Sequence[float], reference: Sequence[float]) -> tuple[list[float], list[float]]:
    if len(effort) != len(reference):
        raise BalanceError("effort and reference must have the same length")
    if not effort:
        raise BalanceError("no regions")
    s, p = _shares(effort), _shares(reference)
    for si, pi in zip(s, p, strict=True):
        if si > 0 and pi == 0:
            raise BalanceError("effort in a region whose reference is zero")
    return s, p


def theil(effort: Sequence[float], reference: Sequence[float]) -> float:
    s, p = _check(effort, reference)
    value = sum(si * math.log(si / pi) for si, pi in zip(s, p, strict=True) if si > 0)
    return max(0.0, value)


def theil_max(reference: Sequence[float]) -> float:
    """The largest Theil index possible for these reference shares."""
    p = [x for x in _shares(reference) if x > 0]
    return math.log(1.0 / min(p))


def gini(effort: Sequence[float], reference: Sequence[float]) -> float:
    s, p = _check(effort, reference)
    pairs = [(si, pi) for si, pi in zip(s, p, strict=True) if pi > 0]
    pairs.sort(key=lambda sp: sp[0] / sp[1])
    area = 0.0
    cum_s = 0.0
    for si, pi in pairs:
        area += pi * (2 * cum_s + si)  # trapezoid: width pi, heights cum_s and cum_s + si
        cum_s += si
    return max(0.0, min(1.0, 1.0 - area))


@dataclass(frozen=True)
class Decomposition:
    total: float
    between: float
    within: float
    by_group: dict[str, float]  # group -> its own within-group Theil


def theil_decomposition(
    effort: Sequence[float], reference: Sequence[float], groups: Sequence[str]
) -> Decomposition:
    s, p = _check(effort, reference)
    if len(groups) != len(s):
        raise BalanceError("one group per region")
    S: dict[str, float] = {}
    P: dict[str, float] = {}
    for si, pi, g in zip(s, p, groups, strict=True):
        S[g] = S.get(g, 0.0) + si
        P[g] = P.get(g, 0.0) + pi
    between = sum(S[g] * math.log(S[g] / P[g]) for g in S if S[g] > 0)
    by_group: dict[str, float] = {}
    within = 0.0
    for g in S:
        idx = [i for i, gg in enumerate(groups) if gg == g]
        if S[g] <= 0:
            by_group[g] = 0.0
            continue
        tg = sum((s[i] / S[g]) * math.log((s[i] / S[g]) / (p[i] / P[g])) for i in idx if s[i] > 0)
        by_group[g] = tg
        within += S[g] * tg
    return Decomposition(
        total=theil(effort, reference), between=between, within=within, by_group=by_group
    )


def combine_components(components: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Add effort components measured in different units (projects, adhesions, euros, pilots):
    each component is turned into shares of its own total, and the shares are averaged with
    equal weight over the components that have any effort. The result adds up to 1 (or is
    empty when there is no effort at all)."""
    live = {k: v for k, v in components.items() if sum(v.values()) > 0}
    if not live:
        return {}
    combined: dict[str, float] = {}
    for values in live.values():
        total = float(sum(values.values()))
        for region, amount in values.items():
            combined[region] = combined.get(region, 0.0) + amount / total / len(live)
    return combined
