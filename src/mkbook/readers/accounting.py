"""Every word of the manuscript accounted for, before any exporter sees the book.

After a file is read, its words (as decoded) are counted against the book's: every
word must be in the book — a heading, a paragraph, a note, a section, the metadata
a title page became — or in a :class:`~mkbook.model.Removal` a named rule made on
purpose.  A word that is in neither is an error naming the line it stands on: a
reading rule lost it, and a build must never go on quietly without it.
(:mod:`mkbook.conservation` checks the other half: each exporter against the book.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from mkbook.errors import TextLostError
from mkbook.model import Book, Chapter, Part, Section, SourceRef
from mkbook.walk import block_text, word_counts, words_of


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
    yield from (block_text(block) for block in item.blocks)
    yield from (block_text(block) for note in item.notes for block in note.blocks)


def check_accounted(text: str, book: Book, name: str) -> None:
    """Fail unless every word of *text* (the decoded file *name*) is in *book* or in
    one of its removals."""
    kept = book_words(book) + word_counts(" ".join(r.text for r in book.removed))
    lost = word_counts(text) - kept
    if not lost:
        return
    line, sample = _first_loss(text, lost)
    raise TextLostError(
        f"{lost.total()} word(s) of the manuscript would be in no part of the book "
        f"(first: {sample!r}); this is a bug in mkbook's reading rules: please report it "
        "with the manuscript; meanwhile `mkbook inspect --rules` lists the rules that "
        "[manuscript] disable = [...] in book.toml can turn off",
        source=SourceRef(name, line))


def _first_loss(text: str, lost: Counter[str]) -> tuple[int, str]:
    """The line where the first lost word stands (its last occurrence is the lost one
    as likely as its first; the first is the one a person finds)."""
    for number, line in enumerate(text.split("\n"), start=1):
        words = [word for word in words_of(line) if word in lost]
        if words:
            return number, " ".join(line.split())[:80]
    return 1, ""
