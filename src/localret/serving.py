"""Process supervision for production: the web server (gunicorn) and the task worker(s)
(django-tasks' ``db_worker``), started together and stopped together.

``localret serve --production`` (alias ``localret run``) builds the commands here and runs them
under :class:`Supervisor`: SIGTERM or SIGINT is passed on once to every child, so gunicorn
finishes the requests in flight (``--graceful-timeout``) and each worker finishes the task it
runs while the queued ones stay queued for the next start; a child that is still alive after
``stop_timeout`` seconds is killed. When one child dies on its own, the others are stopped and
the supervisor exits non-zero, for systemd (or any supervisor above) to restart the whole.

Other commands (``localret demo``) can reuse :func:`worker_command` and :class:`Supervisor`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType


def cpu_count() -> int:
    """CPUs this process may run on (cgroup/affinity aware where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def web_workers(env: Mapping[str, str] | None = None, cpus: int | None = None) -> int:
    """``WEB_CONCURRENCY`` when set, else 2 x CPUs + 1 (gunicorn's rule of thumb), at most 12."""
    env = os.environ if env is None else env
    given = (env.get("WEB_CONCURRENCY") or "").strip()
    if given:
        return max(1, int(given))
    return min(2 * (cpus or cpu_count()) + 1, 12)


def worker_id(slot: int) -> str:
    """A task worker's id, stable across restarts of the same slot on the same machine: a
    restarted worker finds the tasks its predecessor left running (see ``recovery.py``)."""
    return f"{socket.gethostname()[:50]}-{slot}"


def gunicorn_command(
    *,
    host: str,
    port: int,
    workers: int,
    threads: int = 1,
    timeout: int = 60,
    graceful_timeout: int = 30,
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "localret.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--timeout={timeout}",
        f"--graceful-timeout={graceful_timeout}",
        # A worker is replaced after so many requests: memory stays flat over weeks.
        "--max-requests=5000",
        "--max-requests-jitter=500",
        # The request lines come from RequestLogMiddleware (JSON); gunicorn logs its own events.
        "--error-logfile=-",
        "--log-level=warning",
        # Proxies on this machine may say the request came over HTTPS (X-Forwarded-Proto).
        "--forwarded-allow-ips=127.0.0.1,::1",
        "--worker-tmp-dir=/dev/shm" if os.path.isdir("/dev/shm") else "--worker-tmp-dir=/tmp",
    ]


def worker_command(slot: int = 1, interval: float = 1.0) -> list[str]:
    """The task worker of ``slot``: recovers what that slot left running, then ``db_worker``."""
    return [
        sys.executable,
        "-m",
        "localret.cli",
        "worker",
        f"--slot={slot}",
        f"--interval={interval}",
    ]


@dataclass
class Supervisor:
    """Runs named commands side by side; stops them all together, gracefully."""

    commands: Mapping[str, Sequence[str]]
    env: Mapping[str, str] | None = None
    stop_timeout: float = 40.0
    children: dict[str, subprocess.Popen] = field(default_factory=dict)
    stopping: bool = False

    def start(self) -> None:
        for name, argv in self.commands.items():
            # A session of their own: a Ctrl-C in the terminal reaches only the supervisor,
            # which passes one SIGTERM on (a second signal would make db_worker abandon its task).
            self.children[name] = subprocess.Popen(
                list(argv), env=dict(self.env or os.environ), start_new_session=True
            )

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop()

    def stop(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    def wait(self) -> int:
        """Until every child has ended; the exit status of the first one that failed, else 0."""
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        status = 0
        deadline: float | None = None
        while any(child.poll() is None for child in self.children.values()):
            for name, child in self.children.items():
                code = child.poll()
                if code is not None and not self.stopping:
                    print(f"localret: {name} ended (status {code}); stopping the rest", flush=True)
                    status = code or 1
                    self.stop()
            if self.stopping and deadline is None:
                deadline = time.monotonic() + self.stop_timeout
            if deadline is not None and time.monotonic() > deadline:
                for child in self.children.values():
                    if child.poll() is None:
                        child.kill()
            time.sleep(0.2)
        return status

    def run(self) -> int:
        self.start()
        return self.wait()
