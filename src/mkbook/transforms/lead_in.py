"""Rule *shouted-lead-in*: the capitals an author typed for a chapter's first words.

``MARLEY was dead: to begin with.`` asks for what a small-caps lead-in does; set under
one, the word stands out in full capitals above the small caps around it.  The rule,
in one sentence: the words in capitals that open a chapter's first paragraph, before
its first word in lowercase, are set in the case the book prints them in elsewhere
(``Marley``, ``was``) — a word the book never prints in another case (``NASA``, ``I``)
stays as it is, and so does a paragraph all in capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from mkbook.model import Book, Chapter, Paragraph, Part, Scene, Text
from mkbook.walk import block_text

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


def quiet_lead_ins(book: Book) -> Book:
    """*book* with each chapter's shouted opening words in the book's own case."""
    printed = _printed_forms(book)
    if not printed:
        return book
    body = tuple(replace(item, chapters=tuple(_quieted(c, printed) for c in item.chapters))
                 if isinstance(item, Part) else _quieted(item, printed) for item in book.body)
    return replace(book, body=body)


def _printed_forms(book: Book) -> set[str]:
    """Every word the book prints not in capitals (``Marley``, ``was``)."""
    return {word for chapter in book.chapters for block in chapter.blocks
            for word in _WORD_RE.findall(block_text(block)) if not word.isupper()}


def _quieted(chapter: Chapter, printed: set[str]) -> Chapter:
    first = next(iter(chapter.scenes), None)
    if first is None or not first.blocks or not isinstance(first.blocks[0], Paragraph):
        return chapter
    paragraph = first.blocks[0]
    if not paragraph.content or not isinstance(paragraph.content[0], Text):
        return chapter
    text = _quiet(paragraph.content[0].text, printed)
    if text == paragraph.content[0].text:
        return chapter
    content = (Text(text), *paragraph.content[1:])
    scene = Scene((replace(paragraph, content=content), *first.blocks[1:]))
    return replace(chapter, scenes=(scene, *chapter.scenes[1:]))


def _quiet(text: str, printed: set[str]) -> str:
    """*text* with its opening words in capitals set as the book prints them."""
    words = list(_leading_capitals(text))
    if not words or len(words) == len(_WORD_RE.findall(text)):
        return text  # no capitals first, or all of it in capitals
    out, last = [], 0
    for n, found in enumerate(words):
        word = found.group()
        known = word.lower() in printed or word.capitalize() in printed
        quiet = word if not known else word.capitalize() if n == 0 or \
            word.lower() not in printed else word.lower()
        out += [text[last:found.start()], quiet]
        last = found.end()
    return "".join([*out, text[last:]])


def _leading_capitals(text: str) -> Iterator[re.Match[str]]:
    """The words in capitals (two letters or more) before the first that is not."""
    for found in _WORD_RE.finditer(text):
        if not (found.group().isupper() and len(found.group()) > 1):
            return
        yield found
