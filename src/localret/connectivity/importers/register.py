"""The municipal register as the importers need it, and the area code rule they share."""

from __future__ import annotations

import re
from dataclasses import dataclass

AREA_CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


@dataclass
class Register:
    """The municipal register as the importers need it: code6 -> code6, code5 -> code6."""

    by_code: dict[str, str]

    @classmethod
    def from_codes(cls, pairs: list[tuple[str, str]]) -> Register:
        mapping: dict[str, str] = {}
        for code6, code5 in pairs:
            mapping[code6] = code6
            mapping[code5] = code6
        return cls(mapping)

    def resolve(self, text: str) -> str | None:
        return self.by_code.get(text.strip())
