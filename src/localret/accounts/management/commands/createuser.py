import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from localret.accounts.models import User
from localret.accounts.roles import Role
from localret.accounts.services import municipality_model, user_create


class Command(BaseCommand):
    help = "Create a user with a role; municipal users name their municipalities by INE code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--municipality", action="append", default=[], help="6-digit INE code (repeatable)"
        )
        parser.add_argument("--password", help="password (asked for when omitted)")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} already exists")
        codes = options["municipality"]
        unknown = sorted(
            set(codes)
            - set(
                municipality_model().objects.filter(code__in=codes).values_list("code", flat=True)
            )
        )
        if unknown:
            raise CommandError(f"unknown municipality code(s): {', '.join(unknown)}")
        if options["role"] == Role.MUNICIPAL and not codes:
            raise CommandError("a municipal user needs at least one --municipality")
        if options["role"] != Role.MUNICIPAL and codes:
            raise CommandError("--municipality is only for municipal users (--role municipal)")
        password = options["password"] or getpass.getpass("Password: ")
        candidate = User(username=options["username"], email=options["email"])
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            raise CommandError("password: " + " ".join(exc.messages)) from exc
        user = user_create(
            username=options["username"],
            password=password,
            role=options["role"],
            email=options["email"],
            municipality_codes=codes,
        )
        self.stdout.write(f"created {user.username} ({user.get_role_display()})")
