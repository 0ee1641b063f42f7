"""A progress line for the command line (`localret board-report`, `localret planner-run`,
`localret coverage-import`): the stage and the percentage of a long piece of work while it runs.

On a terminal the line is redrawn in place (carriage return) with a small bar; otherwise (a log,
a pipe, a test) it prints a plain line when the stage changes or the percentage passes a new
tenth, so logs stay short."""

from __future__ import annotations

from collections.abc import Callable

BAR_WIDTH = 20


class ProgressLine:
    """Call it with ``(percent, stage)`` (the order of the report's and the coverage import's
    progress callbacks); ``close()`` ends the line."""

    def __init__(self, write: Callable[[str], object], *, tty: bool) -> None:
        self.write = write
        self.tty = tty
        self.shown: tuple[str, int] | None = None
        self.width = 0

    def __call__(self, percent: int, stage: str) -> None:
        percent = max(0, min(100, int(percent)))
        if self.tty:
            if (stage, percent) == self.shown:
                return
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            text = f"[{bar}] {percent:3d} % {stage}"
            self.write("\r" + text.ljust(self.width))
            self.width = max(self.width, len(text))
        else:
            if self.shown is not None and (
                self.shown[0] == stage and self.shown[1] // 10 == percent // 10
            ):
                return
            self.write(f"{percent:3d} % {stage}\n")
        self.shown = (stage, percent)

    def close(self) -> None:
        if self.tty and self.shown is not None:
            self.write("\n")
        self.shown = None
