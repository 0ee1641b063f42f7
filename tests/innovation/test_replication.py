"""Pure-function tests of similarity and ranking (no database)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from localret.innovation.replication import (
    Features,
    Standardiser,
    criterion_met,
    criterion_progress,
    distance,
    explain,
    rank,
    similarity,
    worked_in,
)

positive = st.floats(min_value=1, max_value=1e6, allow_nan=False)
maybe = st.one_of(st.none(), positive)


@st.composite
def features(draw, code=None):  # type: ignore[no-untyped-def]
    return Features(
        code=code or draw(st.text("0123456789", min_size=6, max_size=6)),
        name="M",
        comarca=draw(st.sampled_from(["01", "02", "24"])),
        band=draw(st.sampled_from(["1-500", "501-1000", "5001-20000"])),
        population=draw(maybe),
        density=draw(maybe),
        ageing=draw(maybe),
        income=draw(st.one_of(st.none(), st.floats(min_value=5000, max_value=40000))),
        maturity=draw(st.one_of(st.none(), st.floats(min_value=0, max_value=100))),
    )


def town(code: str, population: float, comarca: str = "24", **kw: float) -> Features:
    return Features(code=code, name=f"T{code}", comarca=comarca, population=population, **kw)


@settings(max_examples=200, deadline=None)
@given(features(), features(), st.lists(features(), min_size=0, max_size=5))
def test_similarity_is_symmetric_in_range_and_self_is_highest(a, b, others):
    std = Standardiser.fit([a, b, *others])
    sab, sba = similarity(a, b, std), similarity(b, a, std)
    assert math.isclose(sab, sba, rel_tol=1e-12)
    assert 0 < sab <= 1
    assert similarity(a, a, std) == 1.0
    assert similarity(a, a, std) >= sab


def test_identical_features_in_another_comarca_are_less_similar_than_in_the_same():
    a = town("000001", 5000, density=100, ageing=120)
    same = town("000002", 5000, density=100, ageing=120)
    other = town("000003", 5000, comarca="01", density=100, ageing=120)
    std = Standardiser.fit([a, same, other, town("000004", 50)])
    assert similarity(a, same, std) == 1.0
    assert similarity(a, other, std) < 1.0


def test_closer_population_is_more_similar():
    rows = [town("000001", 1000), town("000002", 1200), town("000003", 90000)]
    std = Standardiser.fit(rows)
    assert similarity(rows[0], rows[1], std) > similarity(rows[0], rows[2], std)


def test_population_distance_is_on_log_scale():
    """100 vs 1,000 is as far as 1,000 vs 10,000 (same ratio)."""
    rows = [town("1", 100), town("2", 1000), town("3", 10000)]
    std = Standardiser.fit(rows)
    za, zb, zc = (std.z(r) for r in rows)
    assert math.isclose(distance(za, zb, True), distance(zb, zc, True))


def test_missing_features_are_skipped_not_treated_as_zero():
    a = town("1", 1000, income=20000)
    b = town("2", 1000)  # no income
    std = Standardiser.fit([a, b, town("3", 5000, income=10000)])
    assert similarity(a, b, std) == 1.0


def test_weights_change_what_counts():
    a = town("1", 1000, ageing=100)
    b = town("2", 1000, ageing=300)
    c = town("3", 3000, ageing=100)
    std = Standardiser.fit([a, b, c])
    ageing_heavy = {"population": 0.1, "ageing": 5.0, "comarca": 1.0}
    population_heavy = {"population": 5.0, "ageing": 0.1, "comarca": 1.0}
    assert similarity(a, c, std, ageing_heavy) > similarity(a, b, std, ageing_heavy)
    assert similarity(a, b, std, population_heavy) > similarity(a, c, std, population_heavy)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(features(), min_size=1, max_size=25, unique_by=lambda f: f.code),
    st.data(),
)
def test_ranking_excludes_seeds_and_excluded_and_is_sorted(rows, data):
    seeds = data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=3))
    excluded = set(data.draw(st.lists(st.sampled_from([r.code for r in rows]), max_size=5)))
    ranking = rank(rows, seeds, exclude=excluded, limit=None)
    codes = [r.code for r in ranking]
    assert not set(codes) & (excluded | {s.code for s in seeds})
    assert len(codes) == len(set(codes))
    assert set(codes) == {r.code for r in rows} - excluded - {s.code for s in seeds}
    scores = [r.score for r in ranking]
    assert scores == sorted(scores, reverse=True)
    for rec in ranking:
        assert rec.reasons, "every recommendation is explained"
        assert rec.nearest_code in {s.code for s in seeds}


def test_ranking_score_is_similarity_to_the_nearest_seed():
    seeds = [town("100000", 1000), town("200000", 80000, comarca="01")]
    rows = [*seeds, town("300000", 1100), town("400000", 75000, comarca="01")]
    std = Standardiser.fit(rows)
    ranking = rank(rows, seeds, standardiser=std, limit=None)
    by_code = {r.code: r for r in ranking}
    assert by_code["300000"].nearest_code == "100000"
    assert by_code["400000"].nearest_code == "200000"
    assert math.isclose(by_code["300000"].score, similarity(rows[2], seeds[0], std))


def test_no_seeds_ranks_nothing():
    assert rank([town("1", 10)], []) == []


def test_limit_cuts_the_list():
    rows = [town(f"{i:06d}", 100 + i) for i in range(30)]
    assert len(rank(rows, rows[:1], limit=5)) == 5


def test_explanations_name_the_seed_and_what_is_alike():
    seed = Features(
        code="1",
        name="Vic",
        comarca="24",
        comarca_name="Osona",
        band="20001-50000",
        band_label="20.001–50.000",
        population=48000,
        ageing=110,
        density=1500,
    )
    cand = Features(
        code="2",
        name="Manlleu",
        comarca="24",
        comarca_name="Osona",
        band="20001-50000",
        band_label="20.001–50.000",
        population=21000,
        ageing=105,
        density=1000,
    )
    far = Features(code="3", name="Far", comarca="01", population=100, ageing=400, density=2)
    std = Standardiser.fit([seed, cand, far])
    reasons = explain(cand, seed, std.z(cand), std.z(seed))
    kinds = [r.kind for r in reasons]
    assert "band" in kinds and "comarca" in kinds and "ageing" in kinds
    assert all(r.seed_name == "Vic" for r in reasons)
    assert [r.kind for r in explain(far, seed, std.z(far), std.z(seed))] == ["overall"]


def test_criterion_met_and_progress_follow_direction():
    assert criterion_met("increase", 10, 20, 20)
    assert not criterion_met("increase", 10, 20, 19.9)
    assert criterion_met("decrease", 20, 10, 9)
    assert not criterion_met("decrease", 20, 10, 11)
    assert criterion_progress("increase", 10, 20, 15) == 0.5
    assert criterion_progress("decrease", 20, 10, 15) == 0.5
    assert criterion_progress("increase", 10, 20, 50) == 1.0
    assert criterion_progress("increase", 10, 20, 0) == 0.0


def test_worked_in_needs_every_result_met_and_at_least_one():
    results = [
        ("A", "increase", 0, 10, 12),
        ("A", "decrease", 10, 5, 4),
        ("B", "increase", 0, 10, 12),
        ("B", "decrease", 10, 5, 6),
        ("X", "increase", 0, 10, 99),  # not a participant
    ]
    assert worked_in(results, ["A", "B", "C"]) == ["A"]
