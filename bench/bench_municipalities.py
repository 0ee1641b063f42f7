"""The municipality list page and API with all 947 municipalities, against a trivial view.

Figures: p50/p95 latency (ms) and SQL queries per request, through Django's test client in one
process (no network, so the figures are the application's own cost). Targets from issue 3:
p95 within 3x of the trivial view, and a number of queries that does not grow with the page
size. ``/health`` answers "ok" without templates or database, so the ratio against it is the
whole cost of a real page; the home page (base template, no data) is shown as a second
reference.
"""

from __future__ import annotations

from typing import Any

from bench import measure, print_table, repeat_factor, setup_django

TARGET_RATIO = 3.0


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
    pages = [
        measure("/municipis/ (page 1 of 19)", get("/municipis/"), n(200)),
        measure("/municipis/?page=10", get("/municipis/?page=10"), n(100)),
        measure("/municipis/?page=19", get("/municipis/?page=19"), n(100)),
        measure(
            "/municipis/?province=17&order=-population",
            get("/municipis/?province=17&order=-population"),
            n(100),
        ),
        measure(
            "/municipis/?search=sant (HTMX fragment)",
            get("/municipis/?search=sant", **{"HX-Request": "true"}),
            n(100),
        ),
    ]
    api = [
        measure(
            f"/api/v1/municipalities?limit={limit}",
            get(f"/api/v1/municipalities?limit={limit}"),
            n(reps),
        )
        for limit, reps in ((10, 200), (100, 100), (500, 50), (1000, 50))
    ]
    rows = []
    for timing in [trivial, home, *pages, *api]:
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

    page_queries = {t.queries for t in pages if "HTMX" not in t.label}
    api_queries = {t.queries for t in api}
    main_page, full_api = pages[0], api[-1]
    checks = {
        "page p95 within 3x of /health": main_page.p95 <= TARGET_RATIO * trivial.p95,
        "API limit=1000 p95 within 3x of /health": full_api.p95 <= TARGET_RATIO * trivial.p95,
        "page p95 within 3x of the home page": main_page.p95 <= TARGET_RATIO * home.p95,
        "page queries fixed whatever the page": len(page_queries) == 1,
        "API queries fixed whatever the limit": len(api_queries) == 1,
    }
    print()
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {label}")
    print(
        f"\n/health takes {trivial.p50:.2f} ms (p50) and {trivial.p95:.2f} ms (p95): it renders no "
        "template and reads no database, so a ratio against it is the page's whole cost, and "
        "its p95 is mostly scheduler noise on a busy machine. Compare the p50 ratios too: "
        f"/municipis/ is {main_page.p50 / trivial.p50:.0f}x /health at p50 "
        f"({main_page.p95 / trivial.p95:.1f}x at p95, {main_page.p95 / home.p95:.1f}x the home "
        f"page); the API with 947 items is {full_api.p50 / trivial.p50:.0f}x at p50."
    )
    return {
        "ok": all(checks.values()),
        "checks": checks,
        "timings": [t.as_dict() for t in [trivial, home, *pages, *api]],
    }


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    run()
