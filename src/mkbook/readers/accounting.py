"""Every word of the manuscript accounted for, before any exporter sees the book.

After a file is read, its words (as decoded) are counted against the book's: every
word must be in the book — a heading, a paragraph, a note, a section, the metadata
a title page became — or in a :class:`~mkbook.model.Removal` a named rule made on
purpose.  A word that is in neither is an error naming the line it stands on: a
reading rule lost it, and a build must never go on quietly without it.
(:mod:`mkbook.conservation` checks the other half: each exporter against the book.)
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from mkbook.diagnostics import SourceRef
from mkbook.errors import TextLostError
from mkbook.model import Block, Book, Chapter, CodeBlock, Image, Part, RawHtml, Section
from mkbook.walk import block_text, iter_blocks, word_counts, words_of


def book_words(book: Book) -> Counter[str]:
    """Every word the book holds, metadata included."""
    return word_counts(" ".join(_texts(book)))


def _texts(book: Book) -> Iterator[str]:
    meta = book.metadata
    yield from (meta.title, meta.subtitle, *meta.authors,
                *(contributor.name for contributor in meta.contributors))
    for section in (*book.front_matter, *book.back_matter):
        yield from _section_texts(section)
    for item in book.body:
        if isinstance(item, Part):
            yield item.title
        for chapter in item.chapters if isinstance(item, Part) else (item,):
            yield from _section_texts(chapter)


def _section_texts(item: Section | Chapter) -> Iterator[str]:
    yield item.title
    if isinstance(item, Chapter):
        yield item.subtitle
    yield from blocks_texts(list(item.blocks))
    yield from blocks_texts([block for note in item.notes for block in note.blocks])


def blocks_texts(blocks: list[Block]) -> Iterator[str]:
    """The words' text of *blocks*: their inline text, and what has none (code, raw
    HTML, an image's alt text) where it is nested too."""
    yield from (block_text(block) for block in blocks)
    for block in iter_blocks(blocks):
        if isinstance(block, CodeBlock):
            yield block.text
        elif isinstance(block, RawHtml):
            yield markup_text(block.html)
        elif isinstance(block, Image):
            yield block.alt


def markup_text(markup: str) -> str:
    """What a reader sees of an HTML fragment: its text, tags as spaces."""
    return html.unescape(_TAG_RE.sub(" ", markup))


_TAG_RE = re.compile(r"<[^>]*>")


def check_accounted(text: str, book: Book, name: str, source: str | None = None) -> None:
    """Fail unless every word of *text* (the decoded file *name*) is in *book* or in
    one of its removals.  *source* is what the words are counted from, when that is
    not *text* itself (the text a Markdown parser found in it); *text* still gives
    the lines."""
    kept = book_words(book) + word_counts(" ".join(r.text for r in book.removed))
    lost = word_counts(text if source is None else source) - kept
    if not lost:
        return
    line, sample = _first_loss(text, lost, kept)
    raise TextLostError(
        f"{lost.total()} word(s) of the manuscript would be in no part of the book "
        f"(first: {sample!r}); this is a bug in mkbook's reading rules: please report it "
        "with the manuscript; meanwhile `mkbook inspect --rules` lists the rules that "
        "[manuscript] disable = [...] in book.toml can turn off",
        source=SourceRef(name, line))


def _first_loss(text: str, lost: Counter[str], kept: Counter[str]) -> tuple[int, str]:
    """The line of the first word the book runs out of, reading in order: a lost word's
    earlier occurrences are the ones the book holds."""
    left = Counter({word: kept[word] for word in lost})
    for number, line in enumerate(text.split("\n"), start=1):
        for word in words_of(line):
            if word in left:
                if left[word] <= 0:
                    return number, " ".join(line.split())[:80]
                left[word] -= 1
    return 1, ""
