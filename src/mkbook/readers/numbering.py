"""Numbers as headings spell them: ``12``, ``XII``, ``twelve``, ``twenty-one``, ``First``,
``PREMIÈRE``, ``Zweites``, ``Tercera``.

Headings number chapters, parts and acts in numerals or in words, and in the book's
own language; this module knows the words of the common European languages so the
heading rules (:mod:`.headings`) need not.  Cardinal words are English only: other
languages number headings with numerals or ordinals (``Chapitre 3``, ``Zweiter Teil``).
"""

from __future__ import annotations

import re

_CARDINALS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_CARDINALS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                   "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100})

# Ordinals 1–12 by language; each spelling a heading may use, without accents too.
_ORDINAL_WORDS = {
    "en": "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth",
    "fr": "premier|première|premiere deuxième|deuxieme|second|seconde troisième|troisieme "
          "quatrième|quatrieme cinquième|cinquieme sixième|sixieme septième|septieme "
          "huitième|huitieme neuvième|neuvieme dixième|dixieme onzième|onzieme "
          "douzième|douzieme",
    "de": "erste|erster|erstes zweite|zweiter|zweites dritte|dritter|drittes "
          "vierte|vierter|viertes fünfte|fünfter|fünftes sechste|sechster|sechstes "
          "siebente|siebenter|siebentes|siebte|siebter|siebtes achte|achter|achtes "
          "neunte|neunter|neuntes zehnte|zehnter|zehntes",
    "es": "primero|primera|primer segundo|segunda tercero|tercera|tercer cuarto|cuarta "
          "quinto|quinta sexto|sexta séptimo|séptima|septimo|septima octavo|octava "
          "noveno|novena décimo|décima|decimo|decima",
    "it": "primo|prima secondo|seconda terzo|terza quarto|quarta quinto|quinta sesto|sesta "
          "settimo|settima ottavo|ottava nono|nona decimo|decima",
    "pt": "primeiro|primeira segundo|segunda terceiro|terceira quarto|quarta quinto|quinta "
          "sexto|sexta sétimo|sétima|setimo|setima oitavo|oitava nono|nona décimo|décima",
    "nl": "eerste tweede derde vierde vijfde zesde zevende achtste negende tiende",
}
ORDINALS: dict[str, int] = {}
for _spellings in _ORDINAL_WORDS.values():
    for _value, _forms in enumerate(_spellings.split(), start=1):
        for _form in _forms.split("|"):
            ORDINALS.setdefault(_form, _value)

_CARDINAL_ALTERNATIVES = "|".join(sorted(_CARDINALS, key=len, reverse=True))
ORDINAL_PATTERN = "(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"
"""Any ordinal word above, as a regular-expression alternative (match case-insensitively)."""
NUMBER_PATTERN = (
    r"(?:\d{1,4}|[ivxlcdm]{1,8}|"
    rf"(?:{_CARDINAL_ALTERNATIVES}|{ORDINAL_PATTERN}|last|final)"
    rf"(?:[\s-](?:{_CARDINAL_ALTERNATIVES}|{ORDINAL_PATTERN}))*)"
)
"""A numeral, a Roman numeral, or number words (``twenty-one``, ``first``, ``the last``)."""

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def number_value(token: str) -> int | None:
    """The value of ``12``, ``XII``, ``twelve``, ``twenty-one`` or ``première``; None if unknown."""
    token = token.strip().casefold()
    if token.isdigit():
        return int(token)
    if token and all(ch in _ROMAN for ch in token):
        return _roman_value(token)
    words = re.split(r"[\s-]+", token)
    if not all(word in _CARDINALS or word in ORDINALS for word in words):
        return None
    return sum(_CARDINALS.get(word, ORDINALS.get(word, 0)) for word in words) or None


def _roman_value(token: str) -> int:
    total = 0
    for index, char in enumerate(token):
        value = _ROMAN[char]
        following = _ROMAN[token[index + 1]] if index + 1 < len(token) else 0
        total += -value if value < following else value
    return total
