"""`localret planner-run` and `localret coverage-import` work in the foreground and print their
stages and percentages as they go."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from localret.connectivity.models import AreaCoverage, Scenario

from .factories import candidate_set
from .test_imports import P_OK, premise_csv

pytestmark = pytest.mark.django_db


def test_planner_run_prints_the_solver_stages_and_saves_the_scenario() -> None:
    candidate_set("s1")
    out = StringIO()
    call_command("planner_run", "s1", budget=90000, time_limit=5, name="CLI", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "  2 % solució inicial voraç"
    assert "  8 % resolent la relaxació" in lines
    assert any(line.endswith("% optimitzant (ramificació i poda)") for line in lines)
    assert "100 % acabat" in lines
    scenario = Scenario.objects.get(name="CLI")
    assert lines[-1] == f"Planner run finished: optimal (scenario {scenario.pk})"


def test_planner_run_names_an_unknown_candidate_set() -> None:
    with pytest.raises(CommandError, match="unknown candidate set 'nope'"):
        call_command("planner_run", "nope", budget=1000, stdout=StringIO())


def test_coverage_import_prints_its_stages(tmp_path) -> None:
    path = tmp_path / "premises.csv"
    path.write_bytes(premise_csv(*P_OK))
    out = StringIO()
    call_command("coverage_import", str(path), year=2025, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "  5 % s'està comprovant el fitxer"
    assert " 50 % comprovat i agregat" in lines and "100 % acabat" in lines
    assert lines[-1].startswith("Coverage import finished:")
    assert AreaCoverage.objects.filter(vintage__year=2025).exists()
