"""`localret run` (= `localret serve --production`): gunicorn and the task worker together,
probes on plain HTTP, JSON logs, and a graceful stop on SIGTERM (the request in flight is
answered, the running job finishes, the queued job stays queued)."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .conftest import SECRET, base_env, copy_var, free_port, own_databases, scenario
from .servers import start, wait_for

pytestmark = own_databases


def test_run_serves_probes_and_stops_gracefully_on_sigterm(demo_var: Path, tmp_path: Path) -> None:
    var = copy_var(demo_var, tmp_path / "var")
    env = base_env(var)
    first = json.loads(scenario("report-enqueue", env=env).stdout.splitlines()[-1])["job"]
    second = json.loads(scenario("report-enqueue", env=env).stdout.splitlines()[-1])["job"]
    port = free_port()
    env.update(DJANGO_SETTINGS_MODULE="localret.settings.production", SECRET_KEY=SECRET)
    log = tmp_path / "run.log"
    argv = [sys.executable, "-m", "localret.cli", "run", f"--port={port}", "--workers=1"]
    server = start([*argv, "--no-collectstatic"], env, log)
    db = sqlite3.connect(var / "localret.sqlite3")
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health/live")
        with urllib.request.urlopen(f"{base}/health/ready", timeout=60) as response:
            assert json.loads(response.read())["status"] == "ready"
        # Everything else is redirected to HTTPS; the probes are not.
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(f"{base}/api/v1/plans", timeout=60)
            raise AssertionError("not redirected")
        except urllib.error.HTTPError as exc:
            assert exc.code == 301 and exc.headers["Location"].startswith("https://")

        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            status = db.execute("SELECT status FROM reporting_reportjob WHERE id = ?", (first,))
            if status.fetchone()[0] == "running":
                break
            time.sleep(0.2)
        # A request in flight: its headers are not complete when SIGTERM arrives.
        client = socket.create_connection(("127.0.0.1", port), timeout=60)
        client.sendall(b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        time.sleep(1)
        client.sendall(b"Connection: close\r\n\r\n")
        answer = client.recv(4096)
        client.close()
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]

        assert server.wait(120) == 0
    finally:
        if server.poll() is None:
            server.kill()
    jobs = dict(
        db.execute("SELECT id, status FROM reporting_reportjob WHERE id IN (?, ?)", (first, second))
    )
    tasks = [
        r[0]
        for r in db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        )
    ]
    db.close()
    assert jobs == {first: "done", second: "queued"}
    assert tasks == ["SUCCESSFUL", "READY"]
    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    ready = [x for x in lines if x.get("path") == "/health/ready"]
    assert ready and ready[0]["status"] == 200 and len(ready[0]["request_id"]) == 32


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None
