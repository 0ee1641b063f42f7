"""Working days of the Catalan calendar (pure: no Django).

A working day is a weekday (Monday to Friday) that is not a public holiday in Catalonia
(``holidays.Spain(subdiv="CT")``: Spanish national holidays observed in Catalonia plus the
Catalan ones; local holidays of each town are not counted). Service-level targets are counted
in working days after the day a request is opened: a target of 1 working day for a request
opened on Thursday 2 April 2026 (Good Friday and Easter Monday follow a weekend) falls due on
Tuesday 7 April.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.Spain(subdiv="CT", years=[year]).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted; 0 gives
    ``start``)."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start
    left = days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
