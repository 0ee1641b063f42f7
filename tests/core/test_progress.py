"""The command-line progress line: redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

from localret.core.progress import ProgressLine


def test_on_a_terminal_the_line_is_redrawn_in_place_with_a_bar() -> None:
    out: list[str] = []
    line = ProgressLine(out.append, tty=True)
    line(5, "plan")
    line(5, "plan")  # unchanged: not redrawn
    line(90, "render")
    line.close()
    assert out == [
        "\r[#-------------------]   5 % plan",
        "\r[##################--]  90 % render",
        "\n",
    ]


def test_elsewhere_it_prints_a_line_per_stage_and_per_tenth() -> None:
    out: list[str] = []
    line = ProgressLine(out.append, tty=False)
    for percent in (15, 16, 18, 22, 35):
        line(percent, "milp")
    line(100, "done")
    line.close()
    assert out == [" 15 % milp\n", " 22 % milp\n", " 35 % milp\n", "100 % done\n"]
