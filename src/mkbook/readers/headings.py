"""Recognising chapter and part headings in plain text, one named rule per shape.

A heading is a short line standing alone between blank lines.  Each rule returns
what it found and its name, so ``mkbook inspect`` can say which rule fired.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

HeadingLevel = Literal["part", "chapter"]

MAX_HEADING_LENGTH = 80

_NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "last", "final",
)
_NUMBER = (
    r"(?:\d{1,4}|[ivxlcdm]{1,8}|"
    r"(?:" + "|".join(_NUMBER_WORDS) + r")(?:[\s-](?:" + "|".join(_NUMBER_WORDS) + r"))*)"
)
_SEPARATOR = r"(?:\s*[.:\-\u2013\u2014]\s*|\s+)"
_CHAPTER_LABELS = r"chapter|chap\.|stave|letter|canto"
_PART_LABELS = r"part|book|volume|vol\."


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A heading line that was recognised, and by which rule."""

    level: HeadingLevel
    title: str
    """The heading as the book shows it, with surrounding decoration removed."""
    rule: str


def _labelled(labels: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(?:{labels})\s+{_NUMBER}\b\.?(?:{_SEPARATOR}(?P<title>\S.*?))?[.:]?$",
        re.IGNORECASE,
    )


_CHAPTER_RE = _labelled(_CHAPTER_LABELS)
_PART_RE = _labelled(_PART_LABELS)
_NAMED_RE = re.compile(
    r"^(?:(?:first|second|third|fourth|final|last)\s+)?(?:prologue|epilogue|interlude)\b"
    r"(?:\s*[.:\-\u2013\u2014]\s*\S.*|\.)?$", re.IGNORECASE
)
_HASH_RE = re.compile(r"^(?P<hashes>#{1,2})\s*(?P<title>[^#\s].*?)\s*#*$")
_BANNER_RE = re.compile(
    r"^(?P<fence>[=*~#_-])(?P=fence){2,}\s*(?P<inner>[^=*~#_\s].*?)\s*[=*~#_-]{3,}$")


def _tidy(title: str) -> str:
    """Collapse white space; drop a lone trailing full stop (``CHAPTER IV.``)."""
    title = " ".join(title.split())
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def _match_labelled(line: str) -> HeadingMatch | None:
    for level, pattern in (("chapter", _CHAPTER_RE), ("part", _PART_RE)):
        found = pattern.match(line)
        if found and _plausible_title(found.group("title")):
            return HeadingMatch(level, _tidy(line), f"{level}-label")  # type: ignore[arg-type]
    return None


def _plausible_title(title: str | None) -> bool:
    """A title after the number is short: a sentence is not a heading."""
    return title is None or len(title.split()) <= 12


def _match_named(line: str) -> HeadingMatch | None:
    return HeadingMatch("chapter", _tidy(line), "named-chapter") if _NAMED_RE.match(line) else None


def _match_hash(line: str) -> HeadingMatch | None:
    found = _HASH_RE.match(line)
    if not found:
        return None
    return HeadingMatch("chapter", _tidy(found.group("title")), "hash-heading")


def _match_banner(line: str) -> HeadingMatch | None:
    found = _BANNER_RE.match(line)
    if not found:
        return None
    inner = match_heading(found.group("inner"))
    if inner is None:
        return None
    return HeadingMatch(inner.level, inner.title, "banner")


_RULES: tuple[Callable[[str], HeadingMatch | None], ...] = (
    _match_labelled,
    _match_named,
    _match_hash,
    _match_banner,
)


def match_heading(line: str) -> HeadingMatch | None:
    """The heading *line* is, or None when it reads as ordinary text."""
    line = line.strip()
    if not line or len(line) > MAX_HEADING_LENGTH:
        return None
    for rule in _RULES:
        found = rule(line)
        if found:
            return found
    return None


# --------------------------------------------------------------------------- numbered lines

# After a label, a numeral may be followed by a title after a space; a number word
# needs punctuation first, or "The first adventure began" would be "The 1".
_GENERIC_LABEL_RE = re.compile(
    r"^(?P<label>[A-Za-z]{3,15})\s+(?:"
    rf"(?P<numeral>\d{{1,4}}|[ivxlcdm]{{1,8}})\b\.?(?:{_SEPARATOR}(?P<title>\S.*?))?"
    rf"|(?P<word>{_NUMBER})(?:\s*[.:\-\u2013\u2014]\s*(?P<wtitle>\S.*?))?)[.:]?$",
    re.IGNORECASE)
_BARE_NUMBER_RE = re.compile(
    r"^(?P<number>\d{1,3}|[IVXLCDM]{1,7})(?:\.|\.\s+(?P<title>\S.{0,70})|)$")


@dataclass(frozen=True, slots=True)
class NumberedLine:
    """A line made of a label word and a number (``ADVENTURE IV. …``), or a bare number."""

    label: str
    """The label, case-folded; empty for a bare number (``IV.``)."""
    number: int
    title: str


def match_numbered(line: str) -> NumberedLine | None:
    """Read *line* as ``LABEL NUMBER[. title]`` or a bare ``NUMBER.``, if it is one."""
    line = " ".join(line.split())
    if len(line) > MAX_HEADING_LENGTH:
        return None
    found = _GENERIC_LABEL_RE.match(line)
    if found and _plausible_title(found.group("title") or found.group("wtitle")):
        value = number_value(found.group("numeral") or found.group("word"))
        label = found.group("label").casefold()
    else:
        found = _BARE_NUMBER_RE.match(line)
        value = number_value(found.group("number")) if found else None
        label = ""
    return NumberedLine(label, value, _tidy(line)) if value else None


_WORD_VALUES = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_WORD_VALUES.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                     "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100})
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def number_value(token: str) -> int | None:
    """The value of ``12``, ``XII``, ``twelve``, ``twenty-one`` or ``first``; None if unknown."""
    token = token.strip().casefold()
    if token.isdigit():
        return int(token)
    if token and all(ch in _ROMAN for ch in token):
        return _roman_value(token)
    words = re.split(r"[\s-]+", token)
    if not all(word in _WORD_VALUES or word in _ORDINALS for word in words):
        return None
    return sum(_WORD_VALUES.get(word, _ORDINALS.get(word, 0)) for word in words) or None


def _roman_value(token: str) -> int:
    total = 0
    for index, char in enumerate(token):
        value = _ROMAN[char]
        following = _ROMAN[token[index + 1]] if index + 1 < len(token) else 0
        total += -value if value < following else value
    return total
