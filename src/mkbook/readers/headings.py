"""Recognising chapter and part headings in plain text, one named rule per shape.

A heading is a short line standing alone between blank lines.  Each rule returns
what it found and its name, so ``mkbook inspect`` can say which rule fired.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mkbook.readers.numbering import NUMBER_PATTERN, ORDINAL_PATTERN, number_value

HeadingLevel = Literal["part", "chapter"]

MAX_HEADING_LENGTH = 80

_NUMBER = NUMBER_PATTERN
_SEPARATOR = r"(?:\s*(?:[.:\u2013\u2014]|-{1,2})\s*|\s+)"
_PUNCTUATED = r"\s*(?:[.:\u2013\u2014]|-{1,2})\s*"
# Labels in the common European languages.  An act of a play is read as a chapter:
# it is what a reader navigates by.
_CHAPTER_LABELS = (r"chapter|chap\.|stave|letter|canto|chapitre|kapitel|cap[ií]tulo|capitolo"
                   r"|hoofdstuk|rozdzia[łl]|act|acte|akt|aufzug|atto|acto|глава|розділ")
_PART_LABELS = (r"part|book|volume|vol\.|partie|livre|tome|teil|buch|band|parte|libro|livro"
                r"|tomo|deel|boek|часть|книга|том|частина")
# Chinese and Japanese number chapters between 第 and a counter: 第二十一章, 第3回, 第一部.
_CJK_NUMBER = r"[0-9\uff10-\uff19一二三四五六七八九十百千万零〇两]+"
_CJK_RE = re.compile(rf"^第\s*{_CJK_NUMBER}\s*(?P<counter>[章回节節話话部卷篇編编])"
                     r"(?:[\s\u3000:：、.．-]+(?P<title>\S.{0,40}?))?$")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A heading line that was recognised, and by which rule."""

    level: HeadingLevel
    title: str
    """The heading as the book shows it, with surrounding decoration removed."""
    rule: str


def _labelled(labels: str) -> re.Pattern[str]:
    """``Chapter 3``, ``Book the First``, ``PREMIÈRE PARTIE``, ``Zweiter Teil: Title``.

    A number after its label may be followed by a title after a space; an ordinal
    before its label needs punctuation first (``First Part of it`` is a sentence).
    """
    return re.compile(
        rf"^(?:(?:{labels})\s+(?:the\s+)?{_NUMBER}\b\.?(?:{_SEPARATOR}(?P<title>\S.*?))?"
        rf"|{ORDINAL_PATTERN}\s+(?:{labels})(?:{_PUNCTUATED}(?P<otitle>\S.*?))?)[.:]?$",
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


_LABEL_WORD_RE = re.compile(rf"(?:{_CHAPTER_LABELS}|{_PART_LABELS})", re.IGNORECASE)


def is_label_word(word: str) -> bool:
    """Whether *word* is a heading label (``chapter``, ``Partie``, ``BOOK``, ``chap``)."""
    return bool(_LABEL_WORD_RE.fullmatch(word) or _LABEL_WORD_RE.fullmatch(word + "."))


def _tidy(title: str) -> str:
    """Collapse white space; drop a lone trailing full stop (``CHAPTER IV.``)."""
    title = " ".join(title.split())
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def _labelled_rule(level: HeadingLevel, pattern: re.Pattern[str]
                   ) -> Callable[[str], HeadingMatch | None]:
    def match(line: str) -> HeadingMatch | None:
        found = pattern.match(line)
        if found and _plausible_title(found.group("title") or found.group("otitle")):
            return HeadingMatch(level, _tidy(line), f"{level}-label")
        return None
    return match


def _plausible_title(title: str | None) -> bool:
    """A title after the number is short: a sentence is not a heading."""
    return title is None or len(title.split()) <= 12


NAMED_CHAPTER = "named-chapter"


def _match_named(line: str) -> HeadingMatch | None:
    return HeadingMatch("chapter", _tidy(line), NAMED_CHAPTER) if _NAMED_RE.match(line) else None


def _match_hash(line: str) -> HeadingMatch | None:
    found = _HASH_RE.match(line)
    if not found:
        return None
    return HeadingMatch("chapter", _tidy(found.group("title")), "hash-heading")


def _match_cjk(line: str) -> HeadingMatch | None:
    found = _CJK_RE.match(line)
    if not found or (found.group("title") or "").endswith(("。", "！", "？")):
        return None
    level: HeadingLevel = "part" if found.group("counter") in "部卷篇編编" else "chapter"
    return HeadingMatch(level, " ".join(line.split()), "cjk-label")


def _match_banner(line: str) -> HeadingMatch | None:
    found = _BANNER_RE.match(line)
    if not found:
        return None
    inner = match_heading(found.group("inner"))
    if inner is None:
        return None
    return HeadingMatch(inner.level, inner.title, "banner")


LINE_RULES: tuple[tuple[str, Callable[[str], HeadingMatch | None]], ...] = (
    ("chapter-label", _labelled_rule("chapter", _CHAPTER_RE)),
    ("part-label", _labelled_rule("part", _PART_RE)),
    ("cjk-label", _match_cjk),
    (NAMED_CHAPTER, _match_named),
    ("hash-heading", _match_hash),
    ("banner", _match_banner),
)
"""The heading rules for one line, by name, in the order they are tried."""


def match_heading(line: str) -> HeadingMatch | None:
    """The heading *line* is, or None when it reads as ordinary text."""
    line = line.strip()
    if not line or len(line) > MAX_HEADING_LENGTH:
        return None
    for _, rule in LINE_RULES:
        found = rule(line)
        if found:
            return found
    return None


# --------------------------------------------------------------------------- numbered lines

# After a label, a numeral may be followed by a title after a space; a number word
# needs punctuation first, or "The first adventure began" would be "The 1".
_GENERIC_LABEL_RE = re.compile(
    r"^(?P<label>[^\W\d_]{3,15})\s+(?:the\s+)?(?:"
    rf"(?P<numeral>\d{{1,4}}|[ivxlcdm]{{1,8}})\b\.?(?:{_SEPARATOR}(?P<title>\S.*?))?"
    rf"|(?P<word>{_NUMBER})(?:{_PUNCTUATED}(?P<wtitle>\S.*?))?)[.:]?$",
    re.IGNORECASE)
# An ordinal before its label (``SECOND ACT``, ``DEUXIÈME PARTIE``): known labels only,
# or every "First Love" would be a numbered line.
_ORDINAL_FIRST_RE = re.compile(
    rf"^(?P<word>{ORDINAL_PATTERN})\s+(?P<label>{_CHAPTER_LABELS}|{_PART_LABELS})"
    rf"(?:{_PUNCTUATED}(?P<wtitle>\S.*?))?[.:]?$", re.IGNORECASE)
_BARE_NUMBER_RE = re.compile(
    r"^(?P<number>\d{1,3}|[IVXLCDM]{1,7})(?:\.|\.\s+(?P<title>\S.{0,70})|)$")


@dataclass(frozen=True, slots=True)
class NumberedLine:
    """A line made of a label word and a number (``ADVENTURE IV. …``), or a bare number."""

    label: str
    """The label, case-folded; empty for a bare number (``IV.``)."""
    number: int
    title: str


def match_numbered(line: str, heading: bool = False) -> NumberedLine | None:
    """Read *line* as ``LABEL NUMBER[. title]`` or a bare ``NUMBER.``, if it is one.

    With *heading* (the line is known to be a heading), a long title after the number
    is no reason to doubt it."""
    line = " ".join(line.split())
    if len(line) > MAX_HEADING_LENGTH and not heading:
        return None
    found = _GENERIC_LABEL_RE.match(line) or _ORDINAL_FIRST_RE.match(line)
    if found and (heading or _plausible_title(found.groupdict().get("title")
                                              or found.group("wtitle"))):
        value = number_value(found.groupdict().get("numeral") or found.group("word"))
        label = found.group("label").casefold()
    else:
        found = _BARE_NUMBER_RE.match(line)
        value = number_value(found.group("number")) if found else None
        label = ""
    return NumberedLine(label, value, _tidy(line)) if value else None
