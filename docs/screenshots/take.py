"""Screenshots of the main pages, as each kind of reader sees them (issue 14: the pages in
docs/ show the result). Against a running demo (``uv run localret demo``):

    uv run python docs/screenshots/take.py [--base http://127.0.0.1:8000]

Writes ``docs/screenshots/<name>.png`` (Debian's Chromium through Playwright, Catalan, 1280
pixels wide, the first 1,600 pixels of each page).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "localret-demo"  # noqa: S105 - the documented demo password (README)
# (file name, who, path): who is None for a citizen, else a demo account.
PAGES = [
    ("transparencia", None, "/transparencia/"),
    ("pla-2020-2023", None, "/pla/pla-estrategic-2020-2023/"),
    ("avaluacio-2020-2023", None, "/participacio/plans/pla-estrategic-2020-2023/avaluacio/"),
    ("equilibri-territorial", None, "/transparencia/equilibri-territorial/"),
    ("connectivitat", None, "/connectivitat/"),
    ("municipi-vic", None, "/municipis/082981/"),
    ("inici-vic", "vic", "/inici/"),
    ("inici-consell", "consell", "/inici/"),
    ("inici-tecnic", "tecnic", "/inici/"),
    ("pla-2024-2027-tecnic", "tecnic", "/pla/pla-estrategic-2024-2027/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        for name, who, path in PAGES:
            context = browser.new_context(locale="ca-ES", viewport={"width": 1280, "height": 1600})
            page = context.new_page()
            if who:
                page.goto(base + "/comptes/entra/")
                page.fill("input[name=username]", who)
                page.fill("input[name=password]", PASSWORD)
                page.click("form:has(#id_username) button[type=submit]")
                page.wait_for_load_state("networkidle")
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)  # charts and maps draw after the page loads
            page.screenshot(path=str(HERE / f"{name}.png"))
            print(f"{name}.png  {who or 'ciutadà'}  {path}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
