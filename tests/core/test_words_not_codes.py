"""Issue 14, contract: every page of the site, in every role, reads as words and Catalan figures.

The demo data is loaded once for this module (inside a transaction rolled back at the end, so
other tests never see it). A crawler walks the site map from the home page, the transparency
portal and every page of Vic (082981) reachable by URL pattern, as the public, ``tecnic``,
``consell`` and ``vic``, and fails on any code (``on_track``, ``action_line``, ``comarca_id``,
``time_limit``...), English NGA class (white/grey/black) or English-style figure (``1,234.5``)
in the visible text, on Catalan that elision and contraction would change ("de OE1",
"a El Masnou"), and on HTML inside a ``<title>``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from localret.accounts.models import User

from .crawler import CODE_RE, broken_links, crawl, problems

VIC = "082981"
DEMO_TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from localret.core.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(today=DEMO_TODAY, log=lambda _line: None)
        yield
        transaction.set_rollback(True)


def _patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            out += _patterns(p, ns)
        elif p.name:
            out.append((namespace + p.name, p))
    return out


def vic_pages() -> list[str]:
    """Every page whose only parameter is a municipality code, for Vic."""
    urls = []
    for name, pattern in _patterns(get_resolver()):
        keys = set(pattern.pattern.regex.groupindex)
        if keys == {"code"} and not name.startswith(("api", "admin")):
            url = reverse(name, kwargs={"code": VIC})
            if not url.endswith((".csv", ".json", ".xlsx", ".pdf", ".geojson")):
                urls.append(url)
    return urls


def start_urls() -> list[str]:
    """The home page, the transparency portal, the role's own home (``/inici/``, where log-in
    lands: no page links to it), and Vic's pages."""
    return ["/", "/inici/", "/transparencia/", "/connectivitat/canvis/", *vic_pages()]


def client_as(username: str | None, language: str = "ca") -> Client:
    from django.conf import settings

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", [None, "tecnic", "consell", "vic"])
def test_every_page_reads_words_and_catalan_figures(demo, db, username):  # type: ignore[no-untyped-def]
    pages = crawl(client_as(username), start_urls(), limit=400)
    assert len(pages) > 40, [p.url for p in pages]
    assert not [p for p in pages if p.status >= 500], [p.url for p in pages if p.status >= 500]
    found = sorted({problem for page in pages for problem in problems(page)})
    assert not found, "\n".join(found[:2000])
    broken = broken_links(pages)
    assert not broken, "\n".join(broken[:2000])


@pytest.mark.parametrize("language", ["es", "en"])
def test_public_pages_in_spanish_and_english_show_no_codes(demo, db, language):  # type: ignore[no-untyped-def]
    pages = crawl(client_as(None, language), start_urls(), limit=150)
    found = sorted({problem for page in pages for problem in problems(page, catalan=False)})
    assert not found, "\n".join(found[:2000])


def test_the_crawler_sees_the_codes_it_looks_for():
    """The checks themselves: a code, an English NGA class, an English figure and an ISO date
    are caught; Catalan figures, dates, a plan's period (2024-2027) and plain words pass."""
    from .crawler import Page

    bad = Page(
        url="/x/",
        status=200,
        title="<form>Reunió</form>",
        text=[
            "Estat: on_track",
            "grey → black",
            "1,754.35 hores",
            "action_line:1.2",
            "180,000 €",
            "Fites de OE4",
            "semblant a El Masnou",
            "Xifres a data de 2023-10-31.",
        ],
    )
    assert len(problems(bad)) == 10
    good = Page(
        url="/y/",
        status=200,
        title="Reunió del Consell",
        text=[
            "Estat: en bon camí",
            "gris → negre",
            "1.754,35 hores",
            "45,3 %",
            "30/11/2026",
            "0,125",
            "Fites d'OE4, semblant al Masnou, de l'Hospitalet",
            "Xifres a data de 31 d'octubre de 2023. Del 15/01/2026 al 06/12/2026.",
            "Pla estratègic 2024-2027",
        ],
    )
    assert problems(good) == []
    assert CODE_RE.search("comarca_id") and not CODE_RE.search("/pla/on_track/")


def test_the_crawler_reads_model_codes_ungrouped_figures_and_broken_links(db):  # type: ignore[no-untyped-def]
    """Codes come from the models' choices (a key, a band code, an English status word); a
    figure of five digits or more is grouped; a municipality's code and a file's column list
    are identifiers, not words; a link that answers 403 or 404 is broken."""
    from .crawler import Page

    bad = Page(
        url="/x/",
        status=200,
        text=["Rol: digital_lead", "Tram 5001-20000", "Oferta: declined", "Llars: 16979"],
    )
    assert [p.split(": ", 1)[1].split(" in ")[0] for p in problems(bad)] == [
        "code 'digital_lead'",
        "code '5001-20000'",
        "code 'declined'",
        "ungrouped number '16979'",
    ]
    good = Page(
        url="/y/",
        status=200,
        text=[
            "Vic (082981)",
            "Nucli 1 (Vic) (082981-02)",
            "Fitxers per àrees: columnes area_id, municipality, year",
            "Llars: 16.979",
            "Tram 5.001–20.000",
            "any 2026",
        ],
    )
    assert problems(good) == []
    pages = [
        Page(url="/a/", status=200),
        Page(url="/b/", status=403, linked_from="/a/"),
        Page(url="/c/", status=404, linked_from="/a/"),
        Page(url="/d/", status=403),  # a start URL: not a link the site offers
    ]
    assert broken_links(pages) == [
        "/b/ answers 403, linked from /a/",
        "/c/ answers 404, linked from /a/",
    ]


def test_history_reads_reasons_and_figures(db):  # type: ignore[no-untyped-def]
    """The reasons the services record and the audited figures read as words and Catalan
    figures: "status triaged" is "estat: Classificada", a population 16979 is 16.979."""
    from django.utils import translation

    from localret.core.audit import _value_text, reason_text
    from localret.helpdesk.models import Request
    from localret.territory.models import Municipality

    with translation.override("ca"):
        assert reason_text(Request, "status triaged") == "estat: Classificada"
        assert reason_text(Request, "opened") == "oberta"
        assert reason_text(Request, "a note typed by staff") == "a note typed by staff"
        population = Municipality._meta.get_field("population")
        assert _value_text(population, 16979) == "16.979"
        assert _value_text(population, 2026) == "2026"
    with translation.override("en"):
        assert reason_text(Request, "status triaged") == "status: Triaged"


def test_history_reads_moments_on_the_local_clock_and_meetings_by_their_date():
    """An audited moment reads on the clock of the "When" column (Europe/Madrid, not UTC), and
    a meeting named in a history reads its date the Catalan way, never 2026-01-15."""
    from django.utils import translation

    from localret.core.audit import _value_text
    from localret.governance.models import Body, Meeting
    from localret.strategy.models import Measurement

    created_at = Measurement._meta.get_field("created_at")
    winter = dt.datetime(2026, 12, 6, 2, 23, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 1, 22, 5, tzinfo=dt.UTC)
    meeting = Meeting(body=Body(name="Consell d'Administració"), date=dt.date(2026, 1, 15))
    with translation.override("ca"):
        assert _value_text(created_at, winter) == "06/12/2026 3:23"
        assert _value_text(created_at, summer) == "02/07/2026 0:05"
        assert str(meeting) == "Consell d'Administració 15/01/2026"
