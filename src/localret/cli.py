"""The `localret` command line.

    localret demo [--port N] [--no-serve] [--no-worker]
                                            prepare a demo installation and serve it, with
                                            the background task worker beside the server
    localret serve [--port N] [--no-worker] serve the application (development server, with
                                            the task worker beside it)
    localret serve --production             gunicorn + task worker (alias: localret run)
    localret worker [--slot N]              one background task worker (its own service)
    localret backup PATH / restore PATH     consistent snapshot of database and uploads
    localret migrate                        apply database migrations
    localret import-register [...]          (re)load the municipal register
    localret createuser ...                 create a user with a role
    localret board-report --plan SLUG       the Board report in the foreground (PDF or xlsx)
    localret planner-run SET --budget EUR   solve and save a rollout scenario
    localret coverage-import FILE --year Y  import a premise-level coverage file
                                            (these three show their stage and percentage)
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
    from localret import serving

    command = [*serving.worker_command(1), *extra]
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
    if args.production:
        return cmd_run(args)
    _setup()
    with worker_running(not args.no_worker):
        _serve(args.port, args.host)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Production: settings checked, static files collected, migrations applied (unless told
    otherwise), then gunicorn and the task worker(s) under one supervisor (``serving.py``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localret.settings.production")
    from django.core.exceptions import ImproperlyConfigured

    try:
        _setup()
    except ImproperlyConfigured as exc:
        print(exc, file=sys.stderr)
        return 2
    from localret import serving

    if not args.no_collectstatic:
        _manage("collectstatic", "--noinput", "-v", "0")
    if not args.no_migrate:
        _manage("migrate", "--noinput", "-v", "0")
    workers = args.workers or serving.web_workers()
    commands: dict[str, list[str]] = {
        "web": serving.gunicorn_command(
            host=args.host,
            port=args.port,
            workers=workers,
            threads=int(os.environ.get("WEB_THREADS") or 1),
            timeout=int(os.environ.get("WEB_TIMEOUT") or 60),
        )
    }
    task_workers = 0 if args.no_worker else args.task_workers
    for slot in range(1, task_workers + 1):
        commands[f"worker-{slot}"] = serving.worker_command(slot)
    print(
        f"localret: serving on http://{args.host}:{args.port}/ with {workers} web worker(s) "
        f"and {task_workers} task worker(s); SIGTERM stops them gracefully",
        flush=True,
    )
    return serving.Supervisor(commands).run()


def cmd_worker(args: argparse.Namespace) -> int:
    """One task worker: settle what this slot left running, then run django-tasks' db_worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localret.settings.production")
    _setup()
    from localret import recovery, serving
    from localret.reporting.interface import warm_up_documents

    worker = serving.worker_id(args.slot)
    print(f"localret worker {worker}: {recovery.recover(worker).summary()}", flush=True)
    # The Board reports are built here: WeasyPrint and its fonts are loaded now, once, rather
    # than by the first report (which would then take a second more). If that fails, the
    # worker still runs its other tasks, and a report job records why it failed.
    try:
        seconds = warm_up_documents()
    except Exception as exc:
        print(f"localret worker {worker}: PDF renderer not loaded: {exc}", flush=True)
    else:
        print(f"localret worker {worker}: PDF renderer ready ({seconds:.2f} s CPU)", flush=True)
    _manage(
        "db_worker",
        f"--worker-id={worker}",
        f"--interval={args.interval}",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name=*",
    )
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
    "backup": ("backup", "Back up the database and uploaded files into a new directory."),
    "restore": ("restore", "Restore a backup into an empty database (--force: replace)."),
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
    serve = sub.add_parser(
        "serve", help="Serve the application (development server; --production: gunicorn)."
    )
    run = sub.add_parser("run", help="Production: gunicorn and the task worker together.")
    for command in (serve, run):
        command.add_argument("--port", type=int, default=8000)
        command.add_argument("--host", default="127.0.0.1")
        command.add_argument(
            "--workers",
            type=int,
            default=0,
            help="web workers (default: WEB_CONCURRENCY or 2 x CPUs + 1)",
        )
        command.add_argument(
            "--task-workers", type=int, default=int(os.environ.get("TASK_WORKERS") or 1)
        )
        command.add_argument(
            "--no-worker", action="store_true", help="web only (worker runs apart)"
        )
        command.add_argument(
            "--no-migrate", action="store_true", help="do not apply migrations first"
        )
        command.add_argument(
            "--no-collectstatic", action="store_true", help="do not collect static files"
        )
    serve.add_argument("--production", action="store_true", help="run gunicorn and the task worker")
    serve.set_defaults(func=cmd_serve)
    run.set_defaults(func=cmd_run)
    worker = sub.add_parser("worker", help="Run one background task worker (django-tasks).")
    worker.add_argument("--slot", type=int, default=1, help="slot number on this machine (1, 2...)")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls")
    worker.set_defaults(func=cmd_worker)
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
