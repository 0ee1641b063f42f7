"""No page loads or links anything from another host: no CDN, every asset is served by the app."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from ..conftest import client_for

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/municipis/",
    "/municipis/082981/",
    "/municipis/mapa/",
    "/api/docs",
    "/comptes/entra/",
]
ATTRIBUTE = re.compile(r"""\b(src|href)\s*=\s*(["']?)([^"'\s>]+)\2""", re.IGNORECASE)


def references(html: str) -> list[tuple[str, str]]:
    return [(m.group(1).lower(), m.group(3)) for m in ATTRIBUTE.finditer(html)]


def is_external(url: str) -> bool:
    parsed = urlparse(url)
    if url.startswith("//"):
        return True
    return parsed.scheme in ("http", "https") and parsed.hostname not in ("testserver", None)


def test_reference_parser_catches_every_form():
    html = (
        '<script src="https://cdn.example/x.js"></script><link href=//cdn.example/y.css>'
        "<img SRC='http://img.example/z.png'><a href=\"/municipis/\">x</a>"
    )
    assert [url for _, url in references(html) if is_external(url)] == [
        "https://cdn.example/x.js",
        "//cdn.example/y.css",
        "http://img.example/z.png",
    ]


@pytest.mark.parametrize("who", ["public", "staff"])
@pytest.mark.parametrize("url", PAGES)
def test_pages_reference_no_external_host(users, url, who):
    client = client_for(users[who])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    found = references(html)
    assert found, "the parser found no src/href at all"
    external = [ref for ref in found if is_external(ref[1])]
    assert external == [], f"{url} loads or links external resources: {external}"


@pytest.mark.parametrize("url", PAGES)
def test_every_script_and_stylesheet_is_served_by_the_app(client, url):
    html = client.get(url).content.decode()
    assets = {
        value
        for value in re.findall(r"""<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)""", html)
        if value.startswith("/static/")
    }
    assert assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        if hasattr(response, "streaming_content"):
            response.close()


def test_api_docs_use_the_vendored_swagger_ui(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
