"""INE municipality codes (pure): the 6-digit form is the 5-digit code plus a check digit."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator

_TABLES = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (0, 3, 8, 2, 7, 4, 1, 5, 9, 6),
    (0, 2, 4, 6, 8, 1, 3, 5, 7, 9),
)
_ROW_FOR_POSITION = (2, 1, 0, 2, 1)
_CODE6 = re.compile(r"^[0-9]{6}$")
_CODE5 = re.compile(r"^[0-9]{5}$")


def check_digit(ine5: str) -> int:
    """The INE check digit of a 5-digit municipality code (``08019`` -> 3)."""
    if not _CODE5.match(ine5):
        raise ValueError(f"{ine5!r} is not a 5-digit code")
    total = sum(_TABLES[row][int(d)] for row, d in zip(_ROW_FOR_POSITION, ine5, strict=True))
    return (-total) % 10


def is_valid_code6(code: str) -> bool:
    return bool(_CODE6.match(code)) and check_digit(code[:5]) == int(code[5])


def code6_from_ine5(ine5: str) -> str:
    return f"{ine5}{check_digit(ine5)}"


def code_from_query(value: Any) -> Any:
    """A municipality code as it arrives in a query string: empty is "" (absent), the 5-digit
    INE code gets its check digit, a 6-digit code must carry the right one. Anything else is
    refused (``ValueError``: a 422 that names the parameter)."""
    if not isinstance(value, str):
        return value
    code = value.strip()
    if not code:
        return ""
    if _CODE5.match(code):
        return code6_from_ine5(code)
    if is_valid_code6(code):
        return code
    raise ValueError(f"{code!r} is not a municipality code (6 digits, as 080193 for Barcelona)")


# The one type for a municipality code in a query (as ``bands.QueryBand`` for a band).
QueryMunicipality = Annotated[str, BeforeValidator(code_from_query)]
