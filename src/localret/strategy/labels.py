"""Labels people read for the strategy codes that are not model fields: the progress status
of an indicator, action line, objective or plan (computed by ``progress.py``, which stays free
of Django). One place: templates (``status_label``), the transparency pages and the Board report
use it; the API and open data keep the codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")
    NOT_STARTED = "not_started", _("Not started")
    # A closed plan, evaluated against its targets at the mandate end.
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


def status_label(status: str | None) -> str:
    """The translated label of a progress status; ``None`` reads "No data"."""
    code = status or ProgressStatus.NO_DATA
    try:
        return str(ProgressStatus(code).label)
    except ValueError:
        return str(code)
