"""Phone numbers of municipal contacts (pure, no Django import).

A plausible number: an optional leading ``+``, then digits that may be grouped with spaces,
dots, dashes or parentheses, starting with a digit or ``(`` and ending with a digit, with
balanced parentheses and 9 to 15 digits in all (15 is the E.164 maximum; Spanish numbers have
9, 11 with the +34 prefix). ``"+34 938 862 100"``, ``"938.86.21.00"``, ``"(+34) 938 862 100"``
and ``"0034 938 862 100"`` are accepted; ``"1-----"`` and ``"+34 938"`` are not.
"""

from __future__ import annotations

import re

MIN_DIGITS = 9
MAX_DIGITS = 15
_SHAPE = re.compile(r"^\+?[0-9(][0-9 ().+-]*[0-9]$")


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char == "(":
            depth += 1
            if depth > 1:
                return False
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def is_plausible_phone(value: str) -> bool:
    value = value.strip()
    if not _SHAPE.match(value) or not _balanced(value):
        return False
    # A "+" only as the very first character, or right after an opening "(": "(+34) 938 ...".
    if any(c == "+" and i > 0 and value[i - 1] != "(" for i, c in enumerate(value)):
        return False
    return MIN_DIGITS <= sum(c.isdigit() for c in value) <= MAX_DIGITS
