"""Unnumbered chapter titles: ``STORY OF THE DOOR``, ``The Last Night``.

A book without a single numbered heading may still have chapters, titled only.  Such
a title is recognised by what a reader sees: a short line, in capitals or in title
case, set apart by more blank lines than the book puts between its paragraphs, with
the story after it — and the book sets its titles, and little else, apart that way.
A signature at the end of a letter (``HASTIE LANYON``) or a shouted line stands
close to its text, so it is not one.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import HeadingMatch
from mkbook.readers.marks import Context, Mark

TITLE_MAX_WORDS = 10
TITLE_MAX_CHARACTERS = 60
MIN_TITLES = 3
"""A layout used fewer times than this is no evidence of a book's headings."""
SAME_LAYOUT_SHARE = 0.8
"""Of the chunks set apart this way, this share at least must be titles."""
MIN_CHAPTER_WORDS = 40
"""Titles with less text than this between them are a list, not chapters (a short
poem of a collection has more)."""
_CLOSING = ("!", "?", ",", ";", '"', "\u201d", "'", "\u2019")


def unnumbered_titles(chunks: Sequence[Chunk], is_text: Sequence[bool]) -> list[int]:
    """Rule *unnumbered-title*: the indexes of the chunks that are chapter titles.

    *is_text* says which chunks no other rule has claimed.  Call it only for a book
    with no heading of any other kind.
    """
    gap = _paragraph_gap(chunks, is_text)
    widths = sorted({chunk.blank_before for chunk in chunks
                     if chunk.blank_before > gap and chunk.blank_before >= 2})
    for width in widths:  # the narrowest gap that sets the titles, and little else, apart
        indexes = [i for i, chunk in enumerate(chunks) if chunk.blank_before >= width]
        titles = [i for i in indexes if is_text[i] and _title_like(chunks, i)]
        if (len(titles) >= MIN_TITLES and len(titles) >= SAME_LAYOUT_SHARE * len(indexes)
                and _one_shape(chunks, titles) and _chapters_between(chunks, titles)):
            return titles
    return []


def _paragraph_gap(chunks: Sequence[Chunk], is_text: Sequence[bool]) -> float:
    gaps = [chunk.blank_before for chunk, text in zip(chunks, is_text, strict=True) if text]
    return statistics.median(gaps) if gaps else 1


def _title_like(chunks: Sequence[Chunk], index: int) -> bool:
    """A short line that reads as a title, with text after it."""
    chunk = chunks[index]
    text = chunk.text.strip()
    words = text.split()
    if (not chunk.is_single_line or len(words) > TITLE_MAX_WORDS
            or len(text) > TITLE_MAX_CHARACTERS or text.endswith(_CLOSING)
            or index + 1 >= len(chunks) or not text[:1].isalpha()):
        return False
    return title_shape(text) != ""


def title_shape(text: str) -> str:
    """``capitals`` for ``STORY OF THE DOOR``, ``title`` for ``The Last Night``, else ""."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 1:
        return "capitals"
    words = [word for word in text.split() if word[:1].isalpha()]
    capitalised = sum(1 for word in words if word[:1].isupper())
    if words and words[0][:1].isupper() and capitalised >= max(2, len(words) - 2):
        return "title"
    return ""


def _one_shape(chunks: Sequence[Chunk], titles: list[int]) -> bool:
    return len({title_shape(chunks[i].text) for i in titles}) == 1


def _chapters_between(chunks: Sequence[Chunk], titles: list[int]) -> bool:
    """Each title has a chapter's worth of text after it, up to the next title."""
    bounds = [*titles, len(chunks)]
    return all(sum(len(chunks[i].text.split()) for i in range(start + 1, end))
               >= MIN_CHAPTER_WORDS for start, end in zip(bounds, bounds[1:], strict=False))


def mark_unnumbered_titles(marks: list[Mark], context: Context) -> None:
    """Rule *unnumbered-title*, for a book no other rule found a heading in."""
    if context.overridden("chapter") or any(mark.kind == "heading" for mark in marks):
        return
    chunks = [mark.chunk for mark in marks]
    for index in unnumbered_titles(chunks, [mark.kind == "text" for mark in marks]):
        title = " ".join(chunks[index].text.split())
        marks[index] = Mark("heading", chunks[index],
                            HeadingMatch("chapter", title, "unnumbered-title"))
