"""Every anonymous page of the site, read one after another (issue 19 point 5).

The demo data of every app is loaded; the pages an anonymous visitor can reach are found by
walking the site's links from the home page (at most two URLs per route, so that 947
municipality pages count as one kind of page), and each is then read as a citizen arriving from
a press release would: anonymous, one request at a time, after a first visit (the figures a page
shows are computed once per data version, core/cache.py), through a real server (gunicorn,
2 workers, as bench_server), since the target compares pages with the same server's
``/health``. Target: every page within 10x of ``/health`` at p50.

The pages of :data:`FOCUS` are also read cold (the first visit after a write to every domain)
and printed beside their warm figure and ``/health``'s: no target for the cold figure, which
one visitor per data version pays.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter, deque
from html import unescape
from typing import Any
from urllib.parse import urldefrag, urlsplit

from bench import Timing, print_table, repeat_factor, setup_django
from bench.bench_server import _request, running_server

TARGET = 10.0
# The pages a press release sends people to (issue 19): also read cold, the first visit after a
# write (their figures are computed once per data version, core/cache.py).
FOCUS = (
    "/connectivitat/",
    "/transparencia/equilibri-territorial/",
    "/transparencia/",
    "/maduresa/",
)
MAX_PER_ROUTE = 2
MAX_PAGES = 120
_HREF = re.compile(r'href="([^"]+)"')
_SKIP = (".pdf", ".csv", ".xlsx", ".json", ".geojson", ".xml", ".ics", ".png", ".svg")


def _get(base: str, url: str) -> tuple[int, str, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(base + url, timeout=60) as response:  # noqa: S310
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as exc:
        return exc.code, "", ""


def _time(base: str, url: str, repeat: int) -> Timing:
    _request(base + url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        _request(base + url)
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(url, samples, 0)


def _bump_every_domain() -> None:
    """A write to every domain, as the next import or edit would make: every cached value is
    computed again at its next read, by the server's processes too (the versions are read from
    the database)."""
    from django.db import connection, transaction

    from localret.core import versions

    with transaction.atomic():
        for domain in sorted(set(versions.domain_tables().values())):
            versions.bump(domain)
    connection.close()


def _cold(base: str, url: str, repeat: int) -> Timing:
    samples = []
    for _ in range(repeat):
        _bump_every_domain()
        start = time.perf_counter()
        _request(base + url)
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(url, samples, 0)


def _crawl(base: str) -> list[str]:
    from django.urls import Resolver404, resolve

    seen: set[str] = set()
    per_route: Counter[str] = Counter()
    pages: list[str] = []
    queue = deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        route = match.route or path
        if per_route[route] >= MAX_PER_ROUTE or path.startswith(("/admin", "/api", "/static")):
            continue
        status, content_type, html = _get(base, url)
        if status != 200 or "text/html" not in content_type:
            continue
        per_route[route] += 1
        pages.append(url)
        for href in _HREF.findall(html):
            link = urldefrag(unescape(href))[0]
            if link.startswith("/") and not link.startswith("//") and not link.endswith(_SKIP):
                queue.append(link)
    return pages


def run() -> dict[str, Any]:
    setup_django()
    from django.db import connection

    from localret.core.demo import load_demo

    start = time.perf_counter()
    load_demo(seed=2020, today=dt.date.today(), log=lambda _: None)
    print(f"demo load: {time.perf_counter() - start:.1f} s")
    connection.close()
    n = max(5, int(40 * repeat_factor()))
    with running_server() as base:
        pages = _crawl(base)
        trivial = _time(base, "/health", n * 3)
        timings = [_time(base, url, n) for url in pages]
        focus = [(_time(base, url, n), _cold(base, url, max(3, n // 4))) for url in FOCUS]
    rows = [
        [t.label[:70], len(t.samples_ms), f"{t.p50:.2f}", f"{t.p95:.2f}",
         f"{t.p50 / trivial.p50:.1f}x"]
        for t in [trivial, *timings]
    ]  # fmt: skip
    print_table(["anonymous page", "n", "p50 ms", "p95 ms", "p50 vs /health"], rows)
    print_table(
        ["press-release page", "warm p50 ms", "vs /health", "cold p50 ms", "vs /health"],
        [
            [warm.label, f"{warm.p50:.2f}", f"{warm.p50 / trivial.p50:.1f}x",
             f"{cold.p50:.2f}", f"{cold.p50 / trivial.p50:.1f}x"]
            for warm, cold in focus
        ],
    )  # fmt: skip
    missed = [t.label for t in timings if t.p50 > TARGET * trivial.p50]
    checks = {
        f"{len(timings)} anonymous pages, each within {TARGET:.0f}x of /health at p50": not missed,
    }
    for label in missed:
        print(f"MISS  {label}")
    for label, ok in checks.items():
        print(f"{'PASS' if ok else 'MISS'}  {label}")
    return {
        "ok": all(checks.values()),
        "checks": checks,
        "missed": missed,
        "timings": [t.as_dict() for t in [trivial, *timings]],
        "focus": [{"warm": w.as_dict(), "cold": c.as_dict()} for w, c in focus],
    }


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    run()
