"""`localret board-report` builds the report in the foreground and prints its stages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.reporting.factories import small_plan

pytestmark = pytest.mark.django_db


def test_the_command_prints_each_stage_and_writes_the_document(tmp_path) -> None:
    plan = small_plan()
    out = StringIO()
    target = tmp_path / "report.pdf"
    call_command("board_report", plan=plan.slug, as_of="2021-01-31", output=str(target), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:3] == [
        "  5 % llegint el pla",
        " 30 % calculant els indicadors",
        " 60 % canvis des del darrer Consell",
    ]
    assert " 90 % redactant el document" in lines and "100 % acabat" in lines
    assert lines[-1].startswith(f"Board report written to {target}")
    assert target.read_bytes().startswith(b"%PDF")


def test_an_unknown_plan_is_an_error_that_names_it() -> None:
    with pytest.raises(CommandError, match="unknown plan 'nope'"):
        call_command("board_report", plan="nope", stdout=StringIO())


@pytest.mark.parametrize("as_of", ["31/12/2025", "2025-13-01", "demà"])
def test_a_date_that_is_not_iso_is_refused_naming_the_option(as_of: str) -> None:
    plan = small_plan()
    with pytest.raises(CommandError, match=r"--as-of: .* is not a date YYYY-MM-DD"):
        call_command("board_report", "--plan", plan.slug, "--as-of", as_of, stdout=StringIO())
    with pytest.raises(CommandError, match=r"--as-of: .* is not a date YYYY-MM-DD"):
        call_command("board_report", plan=plan.slug, as_of=as_of, stdout=StringIO())
