"""Walk the site as a person would and read what the pages show.

``crawl`` follows the links of every page it reaches (HTML pages of the site only, no API, no
admin, no log-out), up to a bound, and returns each page's visible text: text nodes outside
``<script>``, ``<style>`` and ``<template>``, plus the ``<title>``. ``problems`` names the codes
and English-style numbers a Catalan reader would meet in that text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# Codes of choices and internal keys that must never be read as words (issue 14).
CODES = (
    "on_track",
    "at_risk",
    "off_track",
    "not_started",
    "no_data",
    "time_limit",
    "action_line",
    "comarca_id",
    "municipality_id",
    "objective_id",
    "partly_achieved",
    "not_achieved",
    "in_progress",
    "in_force",
    "under_review",
    "very_high",
)
CODE_RE = re.compile(r"(?<![\w/.-])(" + "|".join(CODES) + r")(?![\w/.-])")
# Codes that are English words: wrong on a Catalan page only.
WORD_CODES = ("infeasible", "optimal", "scaling", "stopped", "achieved", "pending", "approved")
WORD_CODE_RE = re.compile(r"\b(" + "|".join(WORD_CODES) + r")\b")
# The NGA classes, as English labels (Catalan pages say blanc, gris, negre).
NGA_RE = re.compile(r"\b(white|grey|black)\b", re.IGNORECASE)
# Figures written the English way: 1,234 or 1,234.5 (a thousands comma). "0,125" is a Catalan
# decimal and passes; a Catalan page never shows three decimals after a non-zero whole part.
ENGLISH_NUMBER_RE = re.compile(
    r"(?<![\w.,])(\d,\d{3}\.\d|[1-9]\d{0,2}(,\d{3})+(\.\d+)?)(?![\w,]|\.\d)"
)

SKIP_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/i18n/", "/comptes/sortir")
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf", ".json", ".jsonld", ".geojson", ".zip", ".ics", ".svg")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_title:
            self.title += f"<{tag}>"  # a browser shows a tag inside <title> as text
        if tag in ("script", "style", "template"):
            self._hidden += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._hidden and data.strip():
            self.text.append(data.strip())


@dataclass
class Page:
    url: str
    status: int
    text: list[str] = field(default_factory=list)
    title: str = ""


def read(html: str) -> tuple[list[str], list[str], str]:
    parser = _TextParser()
    parser.feed(html)
    return parser.text, parser.links, parser.title


def _shape(path: str) -> str:
    """The URL pattern a path belongs to: digits and codes collapsed."""
    return re.sub(r"/[^/]*\d[^/]*", "/N", path)


def crawl(client, start: Iterable[str], *, limit: int = 300, per_shape: int = 2) -> list[Page]:  # type: ignore[no-untyped-def]
    """Breadth-first over the site's links; at most ``per_shape`` pages of one URL pattern."""
    queue = list(dict.fromkeys(start))
    seen: set[str] = set(queue)
    shapes: Counter[str] = Counter()
    pages: list[Page] = []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code in (301, 302):
            continue
        page = Page(url=url, status=response.status_code)
        pages.append(page)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page.text, links, page.title = read(response.content.decode())
        for href in links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            path = parts.path
            if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
                continue
            target = path + ("?" + parts.query if parts.query else "")
            if target in seen:
                continue
            shape = _shape(path) + ("?" if parts.query else "")
            if shapes[shape] >= per_shape:
                continue
            shapes[shape] += 1
            seen.add(target)
            queue.append(target)
    return pages


def problems(page: Page, *, catalan: bool = True) -> list[str]:
    found: list[str] = []
    for chunk in [page.title, *page.text]:
        for match in CODE_RE.finditer(chunk):
            found.append(f"{page.url}: code {match.group(0)!r} in {chunk[:120]!r}")
        if catalan:
            for match in WORD_CODE_RE.finditer(chunk):
                found.append(f"{page.url}: code {match.group(0)!r} in {chunk[:120]!r}")
            for match in NGA_RE.finditer(chunk):
                found.append(f"{page.url}: English NGA word {match.group(0)!r} in {chunk[:120]!r}")
            for match in ENGLISH_NUMBER_RE.finditer(chunk):
                found.append(f"{page.url}: English number {match.group(0)!r} in {chunk[:120]!r}")
    if "<" in page.title and ">" in page.title:
        found.append(f"{page.url}: HTML in <title> {page.title[:120]!r}")
    return found
