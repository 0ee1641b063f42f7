"""Catalan grammar for names put into sentences: elision and contraction.

String concatenation breaks Catalan: "de OE4", "de Ascó", "de El Masnou", "a El Vendrell". These
helpers write what a person writes: ``d'OE4``, ``d'Ascó``, ``del Masnou``, ``al Vendrell``,
``de l'Hospitalet``, ``a l'Ametlla``. Pure Python, no Django.

- :func:`de`, :func:`a`, :func:`per`: the preposition joined to a name (a municipality's
  official name may start with its article, capitalised: "El Masnou", "L'Hospitalet de
  Llobregat", "Les Borges Blanques").
- :func:`article`: ``el``/``la``/``l'`` before a common noun (``l'indicador``, ``la
  universitat``: no elision of ``la`` before an unstressed i/u, nor before a semivowel).
- :func:`fix`: the same rules over a whole generated sentence, for text built from a
  translation with a name placed after ``de``/``a``/``per``.

Rules kept reasonable, not complete: ``de`` is elided before a vowel or h + vowel (also before
letters read as vowels: acronyms such as OE4, UE), except before a semivowel i/u followed by a
vowel (``de iogurt``, ``de Iowa``, ``de hiena``, ``de huit``).
"""

from __future__ import annotations

import re

VOWELS = "aeiouàáèéíïòóúüAEIOUÀÁÈÉÍÏÒÓÚÜ"
_ARTICLE_RE = re.compile(r"^(els|el|les|la|l')(\s*)(?=\S)", re.IGNORECASE)
_APOSTROPHES = "'’"


def starts_with_vowel_sound(word: str) -> bool:
    """True when ``de``/``la``/``el`` are elided before ``word`` (h is silent)."""
    w = word.lstrip('«"(')
    if not w:
        return False
    if w[0] in "hH":
        w = w[1:]
        if not w:
            return False
    if w[0] not in VOWELS:
        return False
    if re.match(r"^[A-ZÀ-Ú]{2}|^[A-Z]\d", w):
        return True  # an acronym is read letter by letter: OE4, UE, IA
    # a semivowel: i/u followed by another vowel at the start (iode, Iowa, hiena, huit)
    return not (w[0] in "iIuU" and len(w) > 1 and w[1] in VOWELS and w[1] not in "iIuU")


def _split_article(name: str) -> tuple[str | None, str]:
    match = _ARTICLE_RE.match(name)
    if not match:
        return None, name
    article = match.group(1).lower()
    rest = name[match.end() :]
    if article == "l'" or (article != "l'" and match.group(2)):
        return article, rest
    return None, name


def _prep(prep: str, name: str) -> str:
    """``prep`` (de, a, per) joined to ``name``, which may begin with its article."""
    name = name.strip()
    article, rest = _split_article(name.replace("’", "'"))
    if article is not None:
        if article in ("el", "els"):
            joined = {"de": "del", "a": "al", "per": "pel"}[prep]
            return f"{joined}{'s' if article == 'els' else ''} {rest}"
        if article == "l'":
            return f"{prep} l'{rest}"
        return f"{prep} {article} {rest}"
    if prep == "de" and starts_with_vowel_sound(name):
        return f"d'{name}"
    return f"{prep} {name}"


def de(name: str) -> str:
    """``de`` + name: ``d'OE4``, ``d'Ascó``, ``de l'Hospitalet``, ``del Masnou``, ``de Vic``."""
    return _prep("de", name)


def a(name: str) -> str:
    """``a`` + name: ``a Vic``, ``a l'Ametlla``, ``al Vendrell``, ``als Prats de Rei``."""
    return _prep("a", name)


def per(name: str) -> str:
    """``per`` + name: ``per Vic``, ``pel Masnou``, ``per l'Hospitalet``."""
    return _prep("per", name)


def article(noun: str, *, feminine: bool = False, plural: bool = False) -> str:
    """The definite article joined to a common noun: ``l'indicador``, ``el pla``, ``la
    universitat`` (no elision of ``la`` before an unstressed i/u), ``l'illa``, ``les dades``."""
    if plural:
        return f"{'les' if feminine else 'els'} {noun}"
    if starts_with_vowel_sound(noun):
        if feminine:
            w = noun[1:] if noun[:1] in "hH" else noun
            # la before unstressed i/u: "la universitat", "la humanitat"; but "l'illa", "l'una"
            stressed_first = w[:1] in "íúÍÚ" or re.match(r"^[iuIU][^aeiouàèéíòóú]*[aeiou]$", w)
            if w[:1] in "iuIU" and not stressed_first and len(w) > 3:
                return f"la {noun}"
        return f"l'{noun}"
    return f"{'la' if feminine else 'el'} {noun}"


# The article of each comarca's name (the register stores names without it): feminine ones and
# the plural; Aran and Osona take none; every other comarca is masculine ("el Bages").
_COMARCA_FEMININE = {
    "Alta Ribagorça",
    "Anoia",
    "Cerdanya",
    "Conca de Barberà",
    "Garrotxa",
    "Noguera",
    "Ribera d'Ebre",
    "Segarra",
    "Selva",
    "Terra Alta",
}
_COMARCA_PLURAL = {"Garrigues"}
_COMARCA_BARE = {"Aran", "Osona"}


def comarca_with_article(name: str) -> str:
    """A comarca's name with its article, as a sentence needs it: ``el Bages``, ``l'Alt
    Camp``, ``la Garrotxa``, ``l'Anoia``, ``les Garrigues``, ``Osona``. Joined to a
    preposition with :func:`de`/:func:`a`: ``de(comarca_with_article("Bages"))`` is ``del
    Bages``."""
    name = name.strip()
    if not name or name in _COMARCA_BARE or _ARTICLE_RE.match(name):
        return name
    if name in _COMARCA_PLURAL:
        return article(name, feminine=True, plural=True)
    if starts_with_vowel_sound(name):
        return f"l'{name}"
    return f"{'la' if name in _COMARCA_FEMININE else 'el'} {name}"


_FIX_RULES = (
    # contractions with a masculine article, whatever the article's case (El Masnou)
    (re.compile(r"\b(de|a|per) (El|el|Els|els) (?=\S)"), None),
    # de + vowel sound -> d'
    (re.compile(r"\bde ((?:h|H)?[" + VOWELS + r"][\w·'’-]*)"), None),
    # de/a + L'... of a name: lower-case the article (de L'Hospitalet -> de l'Hospitalet)
    (re.compile(r"\b(de|a|per) (L(?:['’]|&#x27;|&#39;)|La |Les )"), None),
)


# A date's day 1 or 11 is read "u", "onze": the article and "de" are elided before it, as before
# a vowel ("l'1 de març", "de l'11 d'abril", "a l'1 de juny", "Decret ..., d'1 de juliol").
_MONTHS = (
    "(?:de (?:gener|febrer|març|maig|juny|juliol|setembre|novembre|desembre)"
    "|d(?:['’]|&#x27;|&#39;)(?:abril|agost|octubre))"
)
_DATE_DAY_RE = re.compile(r"\b(el|El|del|Del|al|Al|de|De) (1|11)(?= " + _MONTHS + r"\b)")
_DATE_ELIDED = {
    "el": "l'",
    "El": "L'",
    "del": "de l'",
    "Del": "De l'",
    "al": "a l'",
    "Al": "A l'",
    "de": "d'",
    "De": "D'",
}


def _elide_day(match: re.Match[str]) -> str:
    return _DATE_ELIDED[match.group(1)] + match.group(2)


def _contract(match: re.Match[str]) -> str:
    prep, art = match.group(1), match.group(2).lower()
    joined = {"de": "del", "a": "al", "per": "pel"}[prep]
    return f"{joined}{'s' if art == 'els' else ''} "


def _elide(match: re.Match[str]) -> str:
    word = match.group(1)
    return f"d'{word}" if starts_with_vowel_sound(word) else match.group(0)


def _lower_article(match: re.Match[str]) -> str:
    return f"{match.group(1)} {match.group(2).lower()}"


def fix(text: str) -> str:
    """Elide and contract over a generated Catalan sentence: "Fites de OE4" -> "Fites d'OE4",
    "Maduresa digital de El Masnou" -> "Maduresa digital del Masnou", "Del 1 de març al 11
    d'abril" -> "De l'1 de març a l'11 d'abril"."""
    text = _FIX_RULES[0][0].sub(_contract, text)
    text = _FIX_RULES[1][0].sub(_elide, text)
    text = _DATE_DAY_RE.sub(_elide_day, text)
    return _FIX_RULES[2][0].sub(_lower_article, text)
