"""Maturity scores (issue 5).

1. Pure: scores, levels, gaps and band percentiles of all 947 municipalities x 42 indicators
   (the default model) with NumPy. Target: under 1 s (it takes milliseconds).
2. With the database: the demo data for every municipality, then the whole campaign re-scored
   from its answers (query, arrays, scores, bulk update), the benchmark page of the largest band,
   the public benchmark API and one municipality's result API. Targets: the re-score under 1 s
   beyond its database writes is reported; the band page at most 15 SQL queries.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import numpy as np

import bench

TARGET_SECONDS = 1.0
MAX_BAND_PAGE_QUERIES = 15


def _pure() -> dict:
    from localret.maturity import default_model, scoring
    from localret.territory.bands import BAND_CODES

    indicators = [
        (d_index, ind)
        for d_index, dim in enumerate(default_model.DIMENSIONS)
        for ind in dim["indicators"]
    ]
    spec = scoring.ModelSpec.build(
        kinds=[i["kind"] for _, i in indicators],
        weights=[i["weight"] for _, i in indicators],
        dimension_of=[d for d, _ in indicators],
        bands_of=[i["bands"] for _, i in indicators],
        band_codes=BAND_CODES,
        dimension_weights=[1.0] * len(default_model.DIMENSIONS),
    )
    rng = np.random.default_rng(5)
    n = 947
    answers = np.empty((n, spec.n_indicators))
    for j, kind in enumerate(spec.kinds):
        if kind == scoring.CHECK:
            answers[:, j] = rng.integers(0, 2, n)
        elif kind == scoring.SELF:
            answers[:, j] = rng.integers(0, 5, n)
        else:
            answers[:, j] = rng.lognormal(4, 1, n)
    answers[rng.random(answers.shape) < 0.05] = np.nan
    bands = rng.integers(0, len(BAND_CODES), n)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        result = scoring.score(spec, answers, bands)
        timings.append(time.perf_counter() - started)
    worst = max(timings)
    print(f"pure scoring: {n} municipalities x {spec.n_indicators} indicators")
    print(
        f"  p50 {np.median(timings) * 1000:.1f} ms, max {worst * 1000:.1f} ms "
        f"(target < {TARGET_SECONDS * 1000:.0f} ms); levels {np.bincount(result.levels)[1:]}"
    )
    return {"ok": worst < TARGET_SECONDS, "pure_max_s": worst}


def _with_database() -> dict:
    bench.setup_django()
    from django.test import Client

    from localret.maturity import demo, engine
    from localret.maturity.models import Campaign

    started = time.perf_counter()
    random.seed(1)
    demo.load(seed=2020, today=dt.date.today(), size=947)
    load_s = time.perf_counter() - started
    campaign = Campaign.objects.get(slug="diagnosi-2023")
    timings = []
    for _ in range(3):
        t = time.perf_counter()
        scored = engine.campaign_rescore(campaign)
        timings.append(time.perf_counter() - t)
    client = Client()
    repeat = max(3, int(20 * bench.repeat_factor()))
    rows = [
        bench.measure(
            "band page /maduresa/comparativa/1-500/",
            lambda: client.get("/maduresa/comparativa/1-500/"),
            repeat,
        ),
        bench.measure(
            "GET /api/v1/maturity/benchmark",
            lambda: client.get("/api/v1/maturity/benchmark"),
            repeat,
        ),
        bench.measure(
            "GET /api/v1/maturity/benchmark?band=50001%2B",
            lambda: client.get("/api/v1/maturity/benchmark?band=50001%2B"),
            repeat,
        ),
    ]
    print(f"demo load for all municipalities: {load_s:.1f} s")
    print(
        f"campaign re-score from the database ({scored} assessments): "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
    )
    bench.print_table(
        ["request", "p50 ms", "p95 ms", "queries"],
        [[t.label, f"{t.p50:.1f}", f"{t.p95:.1f}", t.queries] for t in rows],
    )
    ok = rows[0].queries <= MAX_BAND_PAGE_QUERIES
    return {
        "ok": ok,
        "demo_load_s": load_s,
        "rescore_max_s": max(timings),
        "requests": [t.as_dict() for t in rows],
    }


def run() -> dict:
    pure = _pure()
    db = _with_database()
    return {**pure, **db, "ok": pure["ok"] and db["ok"]}


if __name__ == "__main__":
    run()
