"""Text helpers for names (pure)."""

import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower-case, accent-free form for search and sorting: "L’Hospitalet" -> "l'hospitalet"
    (typographic apostrophes, as word processors and phones write them, become plain ones)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
