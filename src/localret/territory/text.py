"""Text helpers for names (pure)."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form for search and sorting: "L'Hospitalet" -> "l'hospitalet"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()
