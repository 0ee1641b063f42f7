"""A Board member asks for the Board report in the page and downloads the PDF, in the setup that
`localret demo` starts: the development server *and* the task worker (db_worker) in another
process, on a fresh SQLite database (no ImmediateBackend: the real worker builds the report)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """`localret demo` in a child process (its own var directory), until it answers."""
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(
        LOCALRET_VAR_DIR=str(tmp_path), LOCALRET_TASKS_BACKEND="django_tasks_db.DatabaseBackend"
    )
    log = (tmp_path / "demo.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "localret.cli", "demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 480  # a fresh demo database: migrate and load the data
        while True:
            if process.poll() is not None:
                pytest.fail((tmp_path / "demo.log").read_text(errors="replace")[-3000:])
            try:
                urllib.request.urlopen(f"{url}/comptes/entra/", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    tail = (tmp_path / "demo.log").read_text(errors="replace")[-3000:]
                    pytest.fail(f"localret demo did not answer within 8 minutes:\n{tail}")
                time.sleep(1)
        yield SimpleNamespace(url=url, process=process, log=tmp_path / "demo.log")
    finally:
        process.terminate()  # SIGTERM: the command stops its worker with it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _worker_pids(parent: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(parent)],  # noqa: S607 - the system ps
        capture_output=True,
        text=True,
    ).stdout
    return [int(line.split()[0]) for line in out.splitlines() if "localret.cli worker" in line]


def test_board_report_from_the_button_to_the_pdf_with_the_demo_worker(
    demo_server: SimpleNamespace, page: Any, tmp_path: Path
) -> None:
    workers = _worker_pids(demo_server.process.pid)
    assert len(workers) == 1, "localret demo starts one task worker beside the server"

    login(page, demo_server, "consell", "localret-demo")
    assert "/inici/" in page.url  # the Board member's home
    page.goto(f"{demo_server.url}/informes/")
    page.select_option("#id_plan", "pla-estrategic-2024-2027")
    page.select_option("#id_format", "pdf")
    page.get_by_role("button", name="Prepara l'informe").click()
    page.wait_for_url("**/informes/feines/*/")
    link = page.locator("#job-status a.button")
    link.wait_for(timeout=120_000)  # the worker builds it; the page polls until it is done
    assert "100" in page.locator("#job-progress").get_attribute("value")
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 10_000

    demo_server.process.terminate()
    demo_server.process.wait(timeout=30)
    time.sleep(1)
    for pid in workers:  # the worker stopped with the command
        assert (
            not Path(f"/proc/{pid}").exists()
            or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
        )
