"""Walk the site as a person would and read what the pages show.

``crawl`` follows the links of every page it reaches (HTML pages of the site only, no API, no
admin, no log-out), up to a bound, and returns each page's visible text: text nodes outside
``<script>``, ``<style>`` and ``<template>``, plus the ``<title>``. ``problems`` names the codes,
English-style numbers and ISO dates a Catalan reader would meet in that text (codes and ISO
dates in every language).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from localret.core import catalan as grammar

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

# A date written the ISO way (2026-11-30): people read 30 de novembre de 2026 or 30/11/2026
# (issue 14, point 2). ISO stays in values a machine reads (``<input type=date value>``,
# ``<time datetime>``, URLs, the API, CSV), which are attributes, never text nodes.
ISO_DATE_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

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
    linked_from: str | None = None  # the page whose link led here (None: a start URL)


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
    referrer: dict[str, str] = {}
    shapes: Counter[str] = Counter()
    pages: list[Page] = []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code in (301, 302):
            continue
        page = Page(url=url, status=response.status_code, linked_from=referrer.get(url))
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
            referrer[target] = url
            queue.append(target)
    return pages


def broken_links(pages: Iterable[Page]) -> list[str]:
    """Links the site offers that answer 403 or 404 to the one who was shown them."""
    return [
        f"{p.url} answers {p.status}, linked from {p.linked_from}"
        for p in pages
        if p.linked_from is not None and p.status in (403, 404)
    ]


def _model_codes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The stored values of every choice of the project's models that differ from their label:
    snake_case keys (``on_track``, ``digital_lead``) and band codes (``5001-20000``), wrong in
    any language; single English words (``scaling``, ``pending``), wrong on a Catalan page."""
    from django.apps import apps

    keys: set[str] = set(CODES)
    words: set[str] = set(WORD_CODES)
    for model in apps.get_models():
        if not model.__module__.startswith("localret"):
            continue
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or ():
                if not isinstance(value, str) or value == str(label):
                    continue
                if "_" in value or re.fullmatch(r"\d+-\d+|\d+\+", value):
                    keys.add(value)
                elif re.fullmatch(r"[a-z]{4,}", value) and value not in CATALAN_WORDS:
                    words.add(value)
    key_re = re.compile(
        r"(?<![\w/.-])("
        + "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
        + r")(?![\w/.-])"
    )
    word_re = re.compile(r"(?<![\w'’-])(" + "|".join(sorted(words)) + r")(?![\w'’-])")
    return key_re, word_re


# Choice values that are also Catalan words (or read the same in Catalan).
CATALAN_WORDS = {"general", "social", "legal", "idea", "normal", "urgent", "industrial"}
CATALAN_WORDS |= {"municipal", "data", "unico", "pilot", "incident", "ajuntament"}
_CODES: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def model_codes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    global _CODES
    if _CODES is None:
        _CODES = _model_codes()
    return _CODES


# A figure of five digits or more without its thousands point (12345, 1754350): a Catalan
# reader's figures are grouped. Codes that are identifiers (a municipality's INE code, a postal
# code) are preceded by their name and are listed in IDENTIFIER_BEFORE.
UNGROUPED_RE = re.compile(r"(?<![\w.,/:#-])\d{5,}(?:,\d+)?(?![\w-]|[.,]\d)")
# A municipality's INE code (6 digits, or 5 without the check digit) starts with its
# province's: 08, 17, 25, 43; an area's code adds "-NN" (082981-01).
INE_CODE_RE = re.compile(r"(08|17|25|43)\d{3,4}")
# A list of a file's columns (import help) names the documented column names, not labels.
COLUMNS_RE = re.compile(r"\b(columns|columnes|columnas)\b", re.IGNORECASE)
IDENTIFIER_BEFORE = re.compile(r"(codi|code|código|ine|cp|postal|núm\.|ref\.)\W*$", re.IGNORECASE)


def problems(page: Page, *, catalan: bool = True) -> list[str]:
    found: list[str] = []
    keys, words = model_codes()
    for chunk in [page.title, *page.text]:
        for match in CODE_RE.finditer(chunk):
            found.append(f"{page.url}: code {match.group(0)!r} in {chunk[:120]!r}")
        for match in keys.finditer(chunk):
            if not CODE_RE.fullmatch(match.group(0)):
                found.append(f"{page.url}: code {match.group(0)!r} in {chunk[:120]!r}")
        for match in ISO_DATE_RE.finditer(chunk):  # in every language
            found.append(f"{page.url}: ISO date {match.group(0)!r} in {chunk[:120]!r}")
        if catalan:
            for match in words.finditer(chunk):
                if not WORD_CODE_RE.fullmatch(match.group(0)) and not COLUMNS_RE.search(chunk):
                    found.append(f"{page.url}: code {match.group(0)!r} in {chunk[:120]!r}")
            for match in UNGROUPED_RE.finditer(chunk):
                if INE_CODE_RE.fullmatch(match.group(0)):
                    continue
                if not IDENTIFIER_BEFORE.search(chunk[: match.start()]):
                    found.append(
                        f"{page.url}: ungrouped number {match.group(0)!r} in {chunk[:120]!r}"
                    )
            for match in WORD_CODE_RE.finditer(chunk):
                found.append(f"{page.url}: code {match.group(0)!r} in {chunk[:120]!r}")
            for match in NGA_RE.finditer(chunk):
                found.append(f"{page.url}: English NGA word {match.group(0)!r} in {chunk[:120]!r}")
            for match in ENGLISH_NUMBER_RE.finditer(chunk):
                found.append(f"{page.url}: English number {match.group(0)!r} in {chunk[:120]!r}")
            fixed = grammar.fix(chunk)
            if fixed != chunk:
                found.append(f"{page.url}: Catalan grammar {chunk[:120]!r} -> {fixed[:120]!r}")
    if "<" in page.title and ">" in page.title:
        found.append(f"{page.url}: HTML in <title> {page.title[:120]!r}")
    return found
