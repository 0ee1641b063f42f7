"""What other apps may use of reporting: nothing (it is the top layer of the apps). Lower
layers read the publication consent it keeps through ``core.consent``, and hear a report is
ready through ``core.hooks.report_ready``.

Above it, the task worker (``localret worker``, cli.py) calls :func:`warm_up_documents` when it
starts, before it takes its first task."""

from __future__ import annotations

import time

__all__: list[str] = ["warm_up_documents"]


def warm_up_documents() -> float:
    """Import WeasyPrint and load its fonts in this process (the worker that builds the Board
    reports), so that its first report costs what the next ones do; the CPU seconds taken."""
    start = time.process_time()
    from .pdf import warm_up

    warm_up()
    return time.process_time() - start
