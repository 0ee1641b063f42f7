"""``localret createuser``: roles, memberships and the password rules of the log-in pages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localret.accounts.models import User

from ..conftest import VIC

pytestmark = pytest.mark.django_db
GOOD = "Prou-llarga-2026"


def run(*args: str) -> str:
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_creates_a_municipal_user_with_memberships() -> None:
    assert "created vicenca" in run(
        "vicenca", "--role", "municipal", "--municipality", VIC, "--password", GOOD
    )
    user = User.objects.get(username="vicenca")
    assert user.check_password(GOOD)
    assert list(user.memberships.values_list("municipality__code", flat=True)) == [VIC]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "staff", "--password", "123"), "password:"),
        (("--role", "staff", "--password", "password"), "password:"),
        (
            ("--role", "board", "--municipality", VIC, "--password", GOOD),
            "only for municipal users",
        ),
        (("--role", "municipal", "--password", GOOD), "needs at least one --municipality"),
        (
            ("--role", "municipal", "--municipality", "999999", "--password", GOOD),
            "unknown municipality",
        ),
    ],
)
def test_refuses_bad_input_and_creates_nothing(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("nou", *args)
    assert not User.objects.filter(username="nou").exists()
