"""The `localret` command line.

    localret demo [--port N] [--no-serve]   prepare a demo installation and serve it
    localret serve [--port N]               serve the application (development server)
    localret migrate                        apply database migrations
    localret import-register [...]          (re)load the municipal register
    localret createuser ...                 create a user with a role
    localret <command> ...                  any other management command of the platform

Every command has --help. Settings come from the environment (see .env.example).
"""

from __future__ import annotations

import argparse
import os
import sys
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
        _serve(args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
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
    demo.set_defaults(func=cmd_demo)
    serve = sub.add_parser("serve", help="Serve the application with the development server.")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
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
