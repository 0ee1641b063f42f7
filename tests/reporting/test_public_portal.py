"""The transparency portal and the open data never show personal data or unpublished items:
a crawler follows every link from the public entry points, as the public, over a database that
holds both public and private/unpublished data with unique markers."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from localret.governance import services
from localret.reporting.models import PublicationConsent
from localret.territory.models import Contact, Municipality, MunicipalProfile

from ..governance.factories import board_with_members, meeting_with_quorum
from .factories import small_plan

pytestmark = pytest.mark.django_db

SECRET = [
    "PERSONA-SECRETA",
    "ACORD-NO-PUBLICAT",
    "PLA-ESBORRANY",
    "correu-secret@example.org",
    "TASCA-INTERNA",
    "Persona ca",
]
START = ["/transparencia/", "/dades-obertes/", "/dades-obertes/catalog.jsonld"]
PREFIXES = ("/transparencia/", "/dades-obertes/", "/municipis/082981/", "/municipis/171143/")


@pytest.fixture
def mixed_data(staff_user):
    plan = small_plan()
    small_plan(slug="pla-esborrany", status="draft", name="PLA-ESBORRANY")
    body, members = board_with_members(5)
    meeting = meeting_with_quorum(body, members, day=dt.date(2021, 3, 1))
    vic = Municipality.objects.get(code="082981")
    public = services.agreement_record(
        meeting=meeting,
        number="CA P1",
        title="Acord públic",
        text="Text públic",
        votes_for=5,
        is_public=True,
        plan=plan,
        municipalities=[vic],
        by=staff_user,
    )
    hidden = services.agreement_record(
        meeting=meeting,
        number="CA S1",
        title="ACORD-NO-PUBLICAT",
        text="ACORD-NO-PUBLICAT",
        votes_for=5,
        is_public=False,
        municipalities=[vic],
        by=staff_user,
    )
    services.follow_up_create(
        agreement=public,
        title="TASCA-INTERNA",
        due_date=dt.date(2021, 4, 1),
        responsible=staff_user,
        by=staff_user,
    )
    members[1].person_name = "PERSONA-SECRETA"
    members[1].email = "correu-secret@example.org"
    members[1].save()
    profile = MunicipalProfile.objects.create(municipality=vic, notes="PERSONA-SECRETA notes")
    Contact.objects.create(
        profile=profile, name="PERSONA-SECRETA", role="dpo", email="correu-secret@example.org"
    )
    PublicationConsent.objects.create(
        municipality=Municipality.objects.get(code="171143"), publish_maturity=False
    )
    return plan, public, hidden


def crawl(client) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(START) + ["/municipis/082981/", "/transparencia/municipis/082981/"]
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8", "replace")
        seen[url] = body
        for href in re.findall(r'(?:href|"@id")\s*[=:]\s*"([^"#]+)', body):
            path = urlsplit(href).path if href.startswith("http://testserver") else href
            if path.startswith(PREFIXES) and path not in seen:
                queue.append(path + (("?" + urlsplit(href).query) if urlsplit(href).query else ""))
    return seen


def test_public_pages_never_show_personal_or_unpublished(client, mixed_data):
    _, public, hidden = mixed_data
    pages = crawl(client)
    assert f"/transparencia/acords/{public.pk}/" in pages
    assert "/dades-obertes/mesures.csv" in pages
    assert "/transparencia/plans/pla-informe/OE1/" in pages
    for url, body in pages.items():
        for marker in SECRET:
            assert marker not in body, (url, marker)
    assert client.get(f"/transparencia/acords/{hidden.pk}/").status_code == 404
    assert client.get("/transparencia/plans/pla-esborrany/").status_code == 404


def test_public_agreement_and_municipality_page_show_public_items(client, mixed_data):
    _, public, _ = mixed_data
    page = client.get("/transparencia/municipis/082981/").content.decode()
    assert "CA P1" in page
    assert "CA S1" not in page


def test_maturity_level_only_with_consent(client, mixed_data, monkeypatch):
    from localret.reporting import sources

    monkeypatch.setattr(
        sources, "municipality_maturity_level", lambda code: {"level": 4, "campaign": "NIVELL-X"}
    )
    assert "NIVELL-X" not in client.get("/transparencia/municipis/171143/").content.decode()
    PublicationConsent.objects.filter(municipality__code="171143").update(publish_maturity=True)
    assert "NIVELL-X" in client.get("/transparencia/municipis/171143/").content.decode()


@pytest.mark.parametrize(
    "who", ["admin", "staff", "board", "vic", "olot", "collaborator", "public"]
)
def test_portal_permission_matrix(users, who, mixed_data):
    from ..conftest import client_for

    _, public, _ = mixed_data
    c = client_for(users[who])
    for url in [
        "/transparencia/",
        "/transparencia/plans/pla-informe/",
        "/transparencia/plans/pla-informe/OE1/",
        "/transparencia/acords/",
        f"/transparencia/acords/{public.pk}/",
        "/transparencia/municipis/082981/",
        "/dades-obertes/",
    ]:
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "who,status,published",
    [
        ("staff", 302, True),
        ("olot", 302, True),
        ("vic", 403, False),
        ("board", 403, False),
        ("collaborator", 403, False),
        ("public", 302, False),
    ],
)
def test_consent_matrix(users, who, status, published):
    from ..conftest import client_for

    response = client_for(users[who]).post(
        "/transparencia/municipis/171143/consentiment/", {"publish_maturity": "on"}
    )
    assert response.status_code == status
    assert (
        PublicationConsent.objects.filter(
            municipality__code="171143", publish_maturity=True
        ).exists()
        == published
    )


def test_consent_form_only_for_allowed_users(users):
    from ..conftest import client_for

    assert (
        "publish_maturity" in client_for(users["olot"]).get("/municipis/171143/").content.decode()
    )
    assert (
        "publish_maturity"
        not in client_for(users["vic"]).get("/municipis/171143/").content.decode()
    )
    assert "publish_maturity" not in client_for(None).get("/municipis/171143/").content.decode()


def test_consent_is_written_by_the_service_and_audited(users):
    from ..conftest import client_for

    client_for(users["olot"]).post(
        "/transparencia/municipis/171143/consentiment/", {"publish_maturity": "on"}
    )
    consent = PublicationConsent.objects.get(municipality__code="171143")
    latest = consent.history.order_by("-history_id").first()
    assert (latest.history_user, latest.publish_maturity) == (users["olot"], True)
    assert consent.agreed_on is not None
