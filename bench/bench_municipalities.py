"""The municipality list page and API with all 947 municipalities, against a trivial view.

Figures: p50/p95 latency (ms) and SQL queries per request, through Django's test client in one
process (no network, so the figures are the application's own cost). ``/health`` answers "ok"
without templates or database; the home page renders the base template with no data.

Targets (issue 16, point 4): a page within 1.5x of the home page at p95 (a page that renders the
base template cannot be within a small factor of a view that renders nothing), an API read
within 3x of ``/health`` at p95, and a number of queries that does not grow with the page size.

What is cached (core/cache.py, keyed by the register's data version, core/versions.py): the API
bodies, the list's table fragment (per query, page and language) and its filter options. The
page around the fragment is rendered on every request (it holds the visitor's CSRF token and
name). "Warm" rows are the steady state; "cold" rows empty the cache before every request (the
first request after the register changed or the process started), shown with their query
counts, which must not grow with the page either.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench import Timing, count_queries, measure, print_table, repeat_factor, setup_django

API_RATIO = 3.0  # API reads against /health
PAGE_RATIO = 1.5  # pages against the home page


def measure_cold(label: str, call: Callable[[], None], repeat: int) -> Timing:
    """Like ``measure``, with the cache emptied before every (timed) request."""
    from django.core.cache import cache

    call()
    samples = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    cache.clear()
    return Timing(label, samples, count_queries(call))


def run() -> dict[str, Any]:
    setup_django()
    from django.test import Client

    from localret.territory.models import Municipality

    client = Client()
    count = Municipality.objects.count()
    assert count == 947, f"expected 947 municipalities, found {count}"
    factor = repeat_factor()

    def n(base: int) -> int:
        return max(5, int(base * factor))

    def get(url: str, **headers: str):  # type: ignore[no-untyped-def]
        def call() -> None:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)

        return call

    trivial = measure("/health (trivial view)", get("/health"), n(400))
    home = measure("/ (home page, base template)", get("/"), n(200))
    page_urls = [
        ("/municipis/ (page 1 of 19)", "/municipis/", {}),
        ("/municipis/?page=10", "/municipis/?page=10", {}),
        ("/municipis/?page=19", "/municipis/?page=19", {}),
        (
            "/municipis/?province=17&order=-population",
            "/municipis/?province=17&order=-population",
            {},
        ),
        (
            "/municipis/?search=sant (HTMX fragment)",
            "/municipis/?search=sant",
            {"HX-Request": "true"},
        ),
    ]
    # 200 samples each: with fewer, the p95 is one or two of the scheduler's hiccups.
    api_urls = [(f"/api/v1/municipalities?limit={limit}", 200) for limit in (10, 100, 500, 1000)]
    pages = [measure(f"warm {label}", get(url, **h), n(200)) for label, url, h in page_urls]
    api = [measure(f"warm {url}", get(url), n(reps)) for url, reps in api_urls]
    detail = measure(
        "warm /api/v1/municipalities/080193", get("/api/v1/municipalities/080193"), n(200)
    )
    cold_pages = [
        measure_cold(f"cold {label}", get(url, **h), n(30)) for label, url, h in page_urls
    ]
    cold_api = [measure_cold(f"cold {url}", get(url), n(20)) for url, _ in api_urls]
    cold_detail = measure_cold(
        "cold /api/v1/municipalities/080193", get("/api/v1/municipalities/080193"), n(30)
    )
    rows = []
    for timing in [trivial, home, *pages, *api, detail, *cold_pages, *cold_api, cold_detail]:
        rows.append(
            [
                timing.label,
                len(timing.samples_ms),
                f"{timing.p50:.2f}",
                f"{timing.p95:.2f}",
                f"{timing.p50 / trivial.p50:.0f}x",
                f"{timing.p95 / trivial.p95:.1f}x",
                f"{timing.p95 / home.p95:.1f}x",
                timing.queries,
            ]
        )
    print_table(
        [
            "request",
            "n",
            "p50 ms",
            "p95 ms",
            "p50 vs /health",
            "p95 vs /health",
            "p95 vs home",
            "queries",
        ],
        rows,
    )

    def fixed(timings: list[Timing]) -> bool:
        return len({t.queries for t in timings}) == 1

    full_pages = [t for t in pages if "HTMX" not in t.label]
    cold_full_pages = [t for t in cold_pages if "HTMX" not in t.label]
    main_page, full_api = pages[0], api[-1]
    checks = {
        "warm pages p95 within 1.5x of the home page": all(
            t.p95 <= PAGE_RATIO * home.p95 for t in full_pages
        ),
        "warm API reads p95 within 3x of /health": all(
            t.p95 <= API_RATIO * trivial.p95 for t in [*api, detail]
        ),
        "warm page queries fixed whatever the page": fixed(full_pages),
        "warm API queries fixed whatever the limit": fixed(api),
        "cold page queries fixed whatever the page": fixed(cold_full_pages),
        "cold API queries fixed whatever the limit": fixed(cold_api),
    }
    print()
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {label}")
    cold_page, cold_full_api = cold_pages[0], cold_api[-1]
    print(
        f"\n/health takes {trivial.p50:.2f} ms (p50) and {trivial.p95:.2f} ms (p95): it renders no "
        "template and reads no database, so a ratio against it is the page's whole cost, and "
        "its p95 is mostly scheduler noise on a busy machine. Warm (cached): /municipis/ is "
        f"{main_page.p95 / trivial.p95:.1f}x /health at p95 ({main_page.p95 / home.p95:.1f}x the "
        f"home page, {main_page.queries} query); the API with 947 items is "
        f"{full_api.p95 / trivial.p95:.1f}x. Cold (first request after a change or a restart, "
        f"not a target): /municipis/ {cold_page.p95:.2f} ms p95 with {cold_page.queries} queries, "
        f"the API with 947 items {cold_full_api.p95:.2f} ms p95 with {cold_full_api.queries}."
    )
    return {
        "ok": all(checks.values()),
        "checks": checks,
        "timings": [
            t.as_dict()
            for t in [trivial, home, *pages, *api, detail, *cold_pages, *cold_api, cold_detail]
        ],
    }


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    run()
