"""Issue 13, finding 8 (with finding 1): every public URL, fetched anonymously on the demo data,
holds no personal marker: no contact's e-mail or phone, no demo user's or Board member's e-mail,
and no maturity score (or "assessed" flag) of a municipality that has not consented, even
once staff attach the computed indicator ``maturity.mean_overall_score`` to the plan.

The demo is loaded once for the module (in a transaction rolled back at the end). A few
non-consenting municipalities get distinctive scores (sentinels) so that a leak is found by
plain text search in pages, JSON and CSV alike; staff see them (the positive control)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client

from ..conftest import OLOT, VIC, api_client

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
SENTINELS = [Decimal("13.57"), Decimal("24.68"), Decimal("35.79")]
MAX_PER_SHAPE = 2
MAX_PAGES = 260
SKIP = ("/static/", "/media/", "/admin", "/api/docs", "/i18n/", "/comptes/sortir")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from localret.accounts.models import User
    from localret.core.demo import load_demo
    from localret.maturity.models import Assessment
    from localret.reporting.models import PublicationConsent
    from localret.strategy import services
    from localret.strategy.computed import confidential
    from localret.strategy.demo import SLUG_2024
    from localret.strategy.models import Indicator, Plan
    from localret.territory.models import Municipality
    from localret.territory.services import profile_update

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(today=TODAY, log=lambda _line: None)
            consenting = set(
                PublicationConsent.objects.filter(publish_maturity=True).values_list(
                    "municipality__code", flat=True
                )
            )
            assessed = set(
                Assessment.objects.filter(status="validated").values_list(
                    "municipality__code", flat=True
                )
            )
            staff = User.objects.filter(role="staff").first()
            # Staff attach the mean score to the plan, as the interface offers.
            plan = Plan.objects.get(slug=SLUG_2024)
            line = plan.objectives.order_by("code").first().action_lines.first()
            services.indicator_create(
                by=staff,
                code="MAT-PRIV",
                name="Mean digital maturity score",
                action_line=line,
                unit="points",
                computed_key="maturity.mean_overall_score",
                aggregation=Indicator.Aggregation.MEAN,
                baseline_value=Decimal(0),
                target_value=Decimal(100),
            )
            targets = [OLOT, *sorted(assessed - consenting - {OLOT})[:2]]
            for code, value in zip(targets, SENTINELS, strict=True):
                Assessment.objects.filter(
                    municipality__code=code, status="validated", superseded=False
                ).update(overall=value)
            for ind in Indicator.objects.filter(computed_key__startswith="maturity."):
                services.computed_snapshot(indicator=ind, as_of=dt.date.today(), by=staff)
            contacts = [
                {
                    "name": "Anna Demo",
                    "role": "dpo",
                    "email": "anna.dpo@olot.example.cat",
                    "phone": "972 27 91 00",
                },
                {
                    "name": "Pere Demo",
                    "role": "it",
                    "email": "pere.it@vic.example.cat",
                    "phone": "938861100",
                },
            ]
            for code, contact in ((OLOT, contacts[0]), (VIC, contacts[1])):
                profile_update(
                    municipality=Municipality.objects.get(code=code),
                    contacts=[contact],
                    notes="Private note: call the mayor's office first",
                    by=staff,
                )
            user_emails = [e for e in User.objects.values_list("email", flat=True) if e]
            yield {
                "consenting": consenting,
                "non_consenting_assessed": assessed - consenting,
                "sentinels": [f"{s:.2f}" for s in SENTINELS],
                "contacts": contacts,
                "user_emails": user_emails,
                "confidential_keys": set(confidential()),
                "staff": staff,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return body.decode("utf-8", errors="replace")


def _links(text: str) -> list[str]:
    found = re.findall(r'(?:href|src|data-[a-z-]+|action)="(/[^"#]*)"', text)
    return [u.replace("&amp;", "&") for u in found]


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + ("?" if parts.query else "")


def _seeds(demo: dict[str, Any]) -> list[str]:
    from localret.strategy.models import Indicator, Plan

    seeds = ["/", f"/municipis/{OLOT}/", f"/municipis/{VIC}/", "/dades-obertes/"]
    seeds += [f"/transparencia/municipis/{c}/" for c in (OLOT, VIC)]
    public = Plan.objects.filter(status__in=["approved", "closed"])
    for ind in Indicator.objects.exclude(computed_key="").filter(
        action_line__objective__plan__in=public
    ):
        seeds += [f"/pla/indicadors/{ind.code}/", f"/pla/indicadors/{ind.code}/mapa.json"]
    return seeds


def _api_urls(client: Client) -> list[str]:
    from localret.innovation.models import Pilot
    from localret.strategy.models import Indicator, Plan

    schema = client.get("/api/openapi.json").json()
    codes = [VIC, OLOT]
    slugs = list(Plan.objects.values_list("slug", flat=True))
    indicators = list(Indicator.objects.exclude(computed_key="").values_list("code", flat=True))
    pilots = [str(p) for p in Pilot.objects.values_list("pk", flat=True)[:3]] or ["1"]
    urls = []
    for path, ops in schema["paths"].items():
        if "get" not in ops:
            continue
        values: list[dict[str, str]] = [{}]
        for name in re.findall(r"{(\w+)}", path):
            if name == "code":
                pool = indicators if path.startswith("/api/v1/indicators") else codes
            elif name == "slug":
                pool = slugs
            elif name == "pilot_id":
                pool = pilots
            else:
                pool = ["1", "2"]
            values = [{**v, name: p} for v in values for p in pool]
        for v in values:
            url = path
            for name, p in v.items():
                url = url.replace("{" + name + "}", p)
            urls.append(url)
    urls += [
        "/api/v1/territorial-balance?basis=maturity_gap&level=comarca",
        "/api/v1/territorial-balance?basis=maturity_gap&level=vegueria",
        "/api/v1/maturity/benchmark?comarca=" + _comarca_of(OLOT),
    ]
    return urls


def _comarca_of(code: str) -> str:
    from localret.territory.models import Municipality

    return Municipality.objects.get(code=code).comarca.code


def _crawl(client: Client, demo: dict[str, Any]) -> dict[str, str]:
    pages: dict[str, str] = {}
    shapes: Counter[str] = Counter()
    queue = _seeds(demo)
    seen = set(queue)
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url.startswith(SKIP) or url.endswith((".geojson", ".pdf", ".xlsx")):
            continue
        shape = _shape(url)
        if shapes[shape] >= MAX_PER_SHAPE and url not in _seeds(demo)[:6]:
            continue
        shapes[shape] += 1
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text(response)
        pages[url] = text
        if "html" in response.get("Content-Type", "") or url.endswith("catalog.jsonld"):
            for link in _links(text):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    for url in _api_urls(client):
        response = client.get(url)
        if response.status_code == 200:
            pages[url] = _text(response)
    return pages


@pytest.fixture(scope="module")
def crawled(demo, django_db_blocker) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        return _crawl(Client(), demo)


def _markers(demo: dict[str, Any]) -> list[re.Pattern[str]]:
    out = []
    for contact in demo["contacts"]:
        out.append(re.compile(re.escape(contact["email"]), re.I))
        digits = re.sub(r"\D", "", contact["phone"])
        out.append(re.compile(r"\D?".join(digits)))
    out += [re.compile(re.escape(e), re.I) for e in demo["user_emails"]]
    out.append(re.compile("Private note: call the mayor"))
    for s in demo["sentinels"]:
        whole, frac = s.split(".")
        out.append(re.compile(rf"(?<![\d.,]){whole}[.,]{frac}(?!\d)"))
    return out


def test_the_demo_has_some_consenting_municipalities_and_most_have_not(demo):
    assert 5 <= len(demo["consenting"]) <= 8
    assert VIC in demo["consenting"] and OLOT not in demo["consenting"]
    assert len(demo["non_consenting_assessed"]) > 10 * len(demo["consenting"])


def test_staff_see_the_sentinel_scores(demo, django_db_blocker):
    with django_db_blocker.unblock():
        body = api_client(demo["staff"]).get("/api/v1/indicators/MAT-PRIV").json()
    values = {f"{m['value']:.2f}" for m in body["by_municipality"]}
    assert set(demo["sentinels"]) <= values


def test_no_anonymous_answer_holds_a_personal_marker(demo, crawled):
    assert len(crawled) > 100
    assert any(u.startswith("/api/v1/indicators/MAT-PRIV") for u in crawled)
    assert any(u.endswith("mesures.csv") for u in crawled)
    leaks = []
    for url, text in crawled.items():
        for marker in _markers(demo):
            if marker.search(text):
                leaks.append((url, marker.pattern))
    assert leaks == []


def test_no_anonymous_answer_says_which_non_consenting_municipality_was_assessed(demo, crawled):
    """Structural: confidential indicators break down only into consenting municipalities."""
    from localret.strategy.models import Indicator

    confidential = set(
        Indicator.objects.filter(computed_key__in=demo["confidential_keys"]).values_list(
            "code", flat=True
        )
    )
    assert confidential
    for url, text in crawled.items():
        if url.startswith("/api/v1/indicators/"):
            body = json.loads(text)
            if body["code"] in confidential:
                shown = {m["municipality"] for m in body["by_municipality"]}
                shown |= {m["municipality"] for m in body["measurements"]} - {None}
                assert shown <= demo["consenting"], url
        if url.endswith("mesures.csv"):
            for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
                if len(row) > 4 and row[1] in confidential and row[4]:
                    assert row[4] in demo["consenting"], row
