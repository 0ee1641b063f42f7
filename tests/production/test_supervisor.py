"""The process supervisor of `localret run`: workers sized to the machine, one SIGTERM passed on
to every child, and a child that dies on its own stops the rest with a failing status."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

from localret import serving

CHILD = """
import signal, sys, time
from pathlib import Path
mark = Path(sys.argv[1])
def stop(signum, frame):
    mark.write_text(mark.read_text() + "TERM\\n" if mark.exists() else "TERM\\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
mark.write_text("")
if len(sys.argv) > 2:
    while not Path(sys.argv[3]).exists():  # the other child is up, its handler installed
        time.sleep(0.05)
    sys.exit(int(sys.argv[2]))
while True:
    time.sleep(0.1)
"""


def test_web_workers_follow_the_machine_unless_told() -> None:
    assert serving.web_workers({}, cpus=2) == 5
    assert serving.web_workers({}, cpus=16) == 12
    assert serving.web_workers({"WEB_CONCURRENCY": "3"}, cpus=2) == 3


def test_the_gunicorn_command_is_graceful_and_bounded() -> None:
    argv = serving.gunicorn_command(host="127.0.0.1", port=8000, workers=5)

    assert "--workers=5" in argv and "--graceful-timeout=30" in argv
    assert any(a.startswith("--max-requests=") for a in argv)
    assert serving.worker_command(2)[-2:] == ["--slot=2", "--interval=1.0"]


def test_one_sigterm_reaches_every_child_once(tmp_path: Path) -> None:
    marks = [tmp_path / "a", tmp_path / "b"]
    supervisor = serving.Supervisor(
        {m.name: [sys.executable, "-c", CHILD, str(m)] for m in marks}, stop_timeout=20
    )
    supervisor.start()
    deadline = time.monotonic() + 60
    while not all(m.exists() for m in marks) and time.monotonic() < deadline:
        time.sleep(0.1)
    threading.Timer(0.5, supervisor.stop).start()

    assert supervisor.wait() == 0
    assert [m.read_text() for m in marks] == ["TERM\n", "TERM\n"]
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def test_a_child_that_dies_stops_the_others_with_its_status(tmp_path: Path) -> None:
    survivor, dying = tmp_path / "survivor", tmp_path / "dying"
    supervisor = serving.Supervisor(
        {
            "survivor": [sys.executable, "-c", CHILD, str(survivor)],
            "dying": [sys.executable, "-c", CHILD, str(dying), "7", str(survivor)],
        },
        stop_timeout=20,
    )
    supervisor.start()

    assert supervisor.wait() == 7
    assert survivor.read_text() == "TERM\n"
    assert all(child.poll() is not None for child in supervisor.children.values())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
