"""Rule *closing-line*: a chapter whose last paragraph says the story is over
(``The End.``, ``Fin``, ``FINIS``) has it marked as the book's closing line, which the
stylesheets set apart and centred rather than as one more indented paragraph."""

from __future__ import annotations

from dataclasses import replace

from mkbook.model import Book, Chapter, Paragraph, Part
from mkbook.readers.scene_breaks import CLOSING_WORDS
from mkbook.walk import block_text


def mark_closing_lines(book: Book) -> Book:
    """*book* with each chapter's closing line marked."""
    body = tuple(replace(item, chapters=tuple(_marked(c) for c in item.chapters))
                 if isinstance(item, Part) else _marked(item) for item in book.body)
    return replace(book, body=body)


def _marked(chapter: Chapter) -> Chapter:
    if not chapter.scenes or not chapter.scenes[-1].blocks:
        return chapter
    last = chapter.scenes[-1].blocks[-1]
    if not isinstance(last, Paragraph) or last.closing or \
            " ".join(block_text(last).split()).casefold() not in CLOSING_WORDS:
        return chapter
    scene = replace(chapter.scenes[-1],
                    blocks=(*chapter.scenes[-1].blocks[:-1], replace(last, closing=True)))
    return replace(chapter, scenes=(*chapter.scenes[:-1], scene))
