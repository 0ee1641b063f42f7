"""The `localret` command line.

    localret demo [--port N] [--no-serve] [--no-worker]
                                            prepare a demo installation and serve it, with
                                            the background task worker beside the server
    localret serve [--port N] [--no-worker] serve the application (development server)
    localret db-worker                      run only the background task worker
    localret migrate                        apply database migrations
    localret import-register [...]          (re)load the municipal register
    localret createuser ...                 create a user with a role
    localret <command> ...                  any other management command of the platform

Every command has --help. Settings come from the environment (see .env.example).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_SETTINGS = "localret.settings.dev"


def _setup(demo: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    if demo:
        os.environ["LOCALRET_DEMO"] = "true"
        shared = PROJECT_DIR.parent / "shared" / "data"
        if not os.environ.get("LOCALRET_DATA_DIR") and shared.is_dir():
            os.environ["LOCALRET_DATA_DIR"] = str(shared)
    import django

    django.setup()
    from django.conf import settings

    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _serve(port: int, host: str = "127.0.0.1") -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["localret", "runserver", "--noreload", f"{host}:{port}"])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the worker gets SIGTERM if the command that started it dies (even by SIGKILL)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_worker(*extra: str) -> subprocess.Popen[bytes]:
    """Start the django-tasks database worker (`db_worker`) as a child process.

    It inherits this process's environment (settings module, database, data directory), so it
    works on the same database as the web server started beside it. Reused by every command
    that serves the application (`demo`, `serve`, the production server)."""
    command = [sys.executable, "-m", "localret.cli", "db-worker", "--no-reload", *extra]
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    return subprocess.Popen(command, env=os.environ.copy(), preexec_fn=preexec)  # noqa: S603,PLW1509


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Stop a worker started by :func:`start_worker`: SIGTERM (it finishes or gives back its
    current task), then SIGKILL if it does not exit within ``timeout`` seconds."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@contextlib.contextmanager
def worker_running(enabled: bool = True, *extra: str) -> Iterator[subprocess.Popen[bytes] | None]:
    """Run the body (a server) with the task worker beside it; stop the worker when the body
    ends, whether by Ctrl-C (SIGINT), SIGTERM or an error. SIGTERM to this process becomes a
    normal exit, so the worker is stopped with it."""
    if not enabled:
        yield None
        return

    def _terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _terminate)
    worker = start_worker(*extra)
    print(f"Task worker (db_worker) started, process {worker.pid}.", flush=True)
    try:
        yield worker
    finally:
        stop_worker(worker)
        signal.signal(signal.SIGTERM, previous)


def cmd_demo(args: argparse.Namespace) -> int:
    _setup(demo=True)
    from django.conf import settings

    from localret.accounts.demo import DEMO_USERS
    from localret.core.demo import DEMO_PASSWORD, load_demo

    _manage("migrate", "--noinput", "-v", "0")
    load_demo(seed=args.seed)
    url = f"http://127.0.0.1:{args.port}/"
    print()
    print(f"Localret platform (demo) at {url}")
    print(f"Data directory: {settings.LOCALRET_DATA_DIR or 'none (built-in register only)'}")
    print(f"Demo logins (password '{DEMO_PASSWORD}'):")
    for username, role, *_rest in DEMO_USERS:
        print(f"  {username:<14} {role.label}")
    if not args.no_serve:
        with worker_running(not args.no_worker):
            _serve(args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    with worker_running(not args.no_worker):
        _serve(args.port, args.host)
    return 0


def cmd_forward(args: argparse.Namespace, rest: list[str]) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["localret", args.django_command, *rest])
    return 0


FORWARDED = {
    "migrate": ("migrate", "Apply database migrations."),
    "import-register": ("import_register", "Load or update the municipal register."),
    "createuser": ("createuser", "Create a user with a role (and municipalities)."),
    "db-worker": ("db_worker", "Run the background task worker (django-tasks database backend)."),
}


def _platform_commands() -> dict[str, tuple[str, str]]:
    """Management commands of the platform's own apps, exposed as `localret <name-with-dashes>`."""
    commands = dict(FORWARDED)
    src = Path(__file__).resolve().parent
    for path in sorted(src.glob("*/management/commands/*.py")):
        if path.name.startswith("_"):
            continue
        name = path.stem.replace("_", "-")
        if name not in commands:
            commands[name] = (path.stem, f"See `localret {name} --help`.")
    return commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="localret", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="Migrate, load the register and demo data, and serve.")
    demo.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    demo.add_argument("--no-serve", action="store_true", help="prepare only, do not serve")
    demo.add_argument("--seed", type=int, default=2020, help="seed of the demo data")
    demo.add_argument(
        "--no-worker", action="store_true", help="do not start the background task worker"
    )
    demo.set_defaults(func=cmd_demo)
    serve = sub.add_parser("serve", help="Serve the application with the development server.")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--no-worker", action="store_true", help="do not start the background task worker"
    )
    serve.set_defaults(func=cmd_serve)
    for name, (django_command, help_text) in _platform_commands().items():
        forward = sub.add_parser(name, help=help_text, add_help=False)
        forward.set_defaults(func=None, django_command=django_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if args.func is None:
        return cmd_forward(args, rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
