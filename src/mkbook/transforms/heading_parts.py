"""Rule *heading-label*: which part of a chapter's title is its label and number.

``Chapter 3: The Ball`` is a label (``Chapter 3``) and a title of its own (``The
Ball``); ``Chapter 22`` is only a label.  A running head shows the title of its own,
or the book's title when there is none, and a heading can set the two apart.

The rule, in one sentence: a title opens with a label when most chapters' titles
start with the same word and a number (either way round) and then a mark or the
title's end (``Chapter 3: The Ball``, ``Stave I.``, ``Глава 2``, ``Fünftes Kapitel.``);
a title that is only a number
(``XII``, ``12``) is all label.  ``The First Day`` is no label ``The First``: no mark
follows the number, and the word must repeat across the book.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from mkbook.model import Book, Chapter, Part
from mkbook.readers.numbering import NUMBER_PATTERN

_AFTER = r"\b\.?(?=\s*(?:$|[.:;,\u2014\u2013\u2060-]))"
_LEADING_RE = re.compile(rf"^(?:([^\W\d_]+)\.?\s+{NUMBER_PATTERN}|{NUMBER_PATTERN}\s+"
                         rf"([^\W\d_]+)){_AFTER}", re.IGNORECASE)
"""A word and a number, either way round, then the title's end or a mark: ``Chapter
3:``, ``STAVE I.``, ``Fünftes Kapitel.``."""
_ONLY_NUMBER_RE = re.compile(rf"^\s*{NUMBER_PATTERN}\s*\.?\s*$", re.IGNORECASE)
_SEPARATORS = " \t.:;,\u2014\u2013-\u2060\u00a0"
"""What may stand between a label and the title of its own."""


def label_headings(book: Book) -> Book:
    """*book* with each chapter's :attr:`~Chapter.label` set where the rule finds one."""
    word = _label_word(book.chapters)
    body = tuple(replace(item, chapters=tuple(_labelled(c, word) for c in item.chapters))
                 if isinstance(item, Part) else _labelled(item, word) for item in book.body)
    return replace(book, body=body)


def _label_word(chapters: tuple[Chapter, ...]) -> str | None:
    """The word most chapter titles open with before a number, if most do."""
    words = Counter(_word(found) for c in chapters if (found := _LEADING_RE.match(c.title)))
    if not words:
        return None
    word, count = words.most_common(1)[0]
    return word if count >= 2 and count * 2 >= len(chapters) else None


def _labelled(chapter: Chapter, word: str | None) -> Chapter:
    if chapter.subtitle:  # the source gave both: the title line is the label
        return replace(chapter, label=chapter.title)
    if _ONLY_NUMBER_RE.match(chapter.title):
        return replace(chapter, label=chapter.title.strip())
    found = _LEADING_RE.match(chapter.title)
    if word is None or found is None or _word(found) != word:
        return chapter
    return replace(chapter, label=found.group(0).rstrip("."))


def _word(found: re.Match[str]) -> str:
    return (found.group(1) or found.group(2)).casefold()


def own_title(chapter: Chapter) -> str:
    """The chapter's title of its own: its subtitle, its title after the label, or
    nothing when the title is only a label."""
    if chapter.subtitle:
        return chapter.subtitle
    if chapter.label and chapter.title.startswith(chapter.label):
        return chapter.title[len(chapter.label):].lstrip(_SEPARATORS)
    return chapter.title
