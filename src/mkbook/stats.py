"""``mkbook stats``: how long the book is, chapter by chapter, and in print.

Printed pages are estimated from the text area of each trim (measured on this
project's own layout: about 10.8 words per square inch of text block at 10.5 pt),
with every chapter opening on a recto and a few pages of front matter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from mkbook.exporters.pdf.page_setup import TRIMS, page_setup
from mkbook.model import AuthorNote, Book, Paragraph, Verse
from mkbook.walk import block_text, count_words, iter_blocks

WORDS_PER_MINUTE = 250
UNITS_PER_MINUTE = {"zh": 255, "ja": 357}
"""Chinese and Japanese are counted by the character (``walk.count_words``), and read at
these many characters a minute (the IReST study's means, Trauzettel-Klosinski et al.,
2012); other languages at :data:`WORDS_PER_MINUTE` words."""
WORDS_PER_SQUARE_INCH = 11.2
"""Words the print layout sets in a square inch of text block (10.5 pt on 1.35 lines,
justified and hyphenated), as measured on Pride and Prejudice at 5.5x8.5 and 6x9."""
FRONT_MATTER_PAGES = 10


@dataclass(frozen=True, slots=True)
class ChapterStats:
    """The numbers of one chapter."""

    title: str
    words: int
    characters: int
    paragraphs: int

    rate: float = WORDS_PER_MINUTE
    """Words (or in Chinese and Japanese characters) read in a minute."""

    @property
    def minutes(self) -> float:
        return self.words / self.rate


def chapter_stats(book: Book) -> list[ChapterStats]:
    """Words, characters (without spaces) and paragraphs of every chapter's story."""
    found = []
    rate = UNITS_PER_MINUTE.get(book.metadata.language.split("-")[0].lower(), WORDS_PER_MINUTE)
    for chapter in book.chapters:
        story = [b for b in chapter.blocks if not isinstance(b, AuthorNote)]
        text = " ".join(block_text(block) for block in story)
        paragraphs = sum(isinstance(b, Paragraph | Verse) for b in iter_blocks(story))
        found.append(ChapterStats(chapter.title, count_words(text),
                                  len("".join(text.split())), paragraphs, rate))
    return found


def estimated_pages(chapters: list[ChapterStats], trim: str) -> int:
    """Printed pages at *trim*: front matter, then each chapter from a recto."""
    setup = page_setup({"trim": trim})
    area = (setup.width - setup.inside - setup.outside) * (
        setup.height - setup.top - setup.bottom)
    per_page = area * WORDS_PER_SQUARE_INCH
    pages = FRONT_MATTER_PAGES + sum(math.ceil(c.words / per_page) + 0.5 for c in chapters)
    return int(math.ceil(pages / 2) * 2)


def book_stats(book: Book) -> dict[str, Any]:
    """Everything ``mkbook stats`` shows, as JSON-ready data."""
    chapters = chapter_stats(book)
    words = sum(c.words for c in chapters)
    return {
        "title": book.metadata.title,
        "words": words,
        "characters": sum(c.characters for c in chapters),
        "paragraphs": sum(c.paragraphs for c in chapters),
        "reading_minutes": round(sum(c.minutes for c in chapters)),
        "chapters": [{"title": c.title, "words": c.words, "characters": c.characters,
                      "paragraphs": c.paragraphs, "reading_minutes": round(c.minutes, 1)}
                     for c in chapters],
        "printed_pages": {trim: estimated_pages(chapters, trim) for trim in TRIMS},
    }
