"""Structure warnings: what a careful reader of ``mkbook inspect`` would query.

Each check looks at the whole book as read, from any reader, and says where it is
unsure with a stable code, the lines concerned and the ``book.toml`` setting that
would settle it.  None changes the book: they are the reading's own doubts, shown
in ``inspect``, ``check`` and every build.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.model import Block, Book, Chapter, Part, Verse
from mkbook.readers.contents import HeadingIndex
from mkbook.readers.headings import match_numbered
from mkbook.walk import block_text, count_words, heading_titles, plain_text, words_of

OUTSIZED_CHAPTER = "MK310"
"""A chapter holds most of the book, or far more than its other chapters."""
EMPTY_CHAPTERS = "MK311"
"""Two or more chapters in a row have no text."""
NUMBERING_GAP = "MK312"
"""Chapter numbers skip, or start again where no part begins."""
EMPTY_PART = "MK313"
"""A part has no chapters."""
CONTENTS_MISMATCH = "MK314"
"""The book's own contents list names headings that were not found."""
UNLISTED_HEADINGS = "MK315"
"""Headings the book's own contents list does not name."""

DOMINANT_SHARE = 0.8
OUTSIZED_RATIO = 8
OUTSIZED_WORDS = 5000
_PATTERN_HINT = ("set [manuscript] chapter_pattern (and part_pattern) in book.toml to the "
                 "shape of the book's headings")


def structure_warnings(book: Book) -> tuple[Diagnostic, ...]:
    """Every structure warning for *book*, in the order of the checks (each is given the
    book and its chapters' word counts, counted once)."""
    checks: Sequence[Callable[[Book, list[int]], list[Diagnostic]]] = (
        _outsized_chapters, _empty_chapters, _numbering, _empty_parts, _contents_mismatch,
        _unlisted_headings)
    words = [_words(chapter) for chapter in book.chapters]
    return tuple(warning for check in checks for warning in check(book, words))


def _words(chapter: Chapter) -> int:
    return sum(count_words(block_text(block)) for block in chapter.blocks)


def _outsized_chapters(book: Book, words: list[int]) -> list[Diagnostic]:
    """Rule: in a book of three chapters or more, a chapter holding 80% of the words, or
    eight times the words of the book's middle-sized chapter, is most likely several
    chapters whose headings were not recognised (real books stay under three times)."""
    chapters = book.chapters
    total = sum(words)
    if len(chapters) < 3 or not total:
        return []
    typical = statistics.median(words)
    found = []
    for chapter, count in zip(chapters, words, strict=True):
        if count >= DOMINANT_SHARE * total or (count >= OUTSIZED_WORDS
                                                and count >= OUTSIZED_RATIO * typical):
            found.append(Diagnostic(OUTSIZED_CHAPTER, f"chapter {chapter.title!r} holds "
                                    f"{count:,} words ({count * 100 // total}% of the book; "
                                    f"its chapters are typically {int(typical):,}): headings "
                                    "inside it may not have been read as chapters; "
                                    f"{_PATTERN_HINT}", chapter.source))
    return found


def _empty_chapters(book: Book, words: list[int]) -> list[Diagnostic]:
    """Rule: two or more empty chapters in a row are most likely a list (a contents, a
    cast, the scenes of a play) read as headings."""
    found: list[Diagnostic] = []
    run: list[Chapter] = []
    for chapter, count in [*zip(book.chapters, words, strict=True), (None, 0)]:
        if chapter is not None and not count:
            run.append(chapter)
            continue
        if len(run) >= 2:
            lines = ", ".join(_line(c.source) for c in run[:10]) + (" …" if len(run) > 10
                                                                    else "")
            found.append(Diagnostic(EMPTY_CHAPTERS, f"{len(run)} chapters in a row have no "
                                    f"text (lines {lines}): if they are a list, map its "
                                    "heading to a role under [manuscript.matter] in book.toml, "
                                    f"or {_PATTERN_HINT}", run[0].source))
        run = []
    return found


def _numbering(book: Book, words: list[int]) -> list[Diagnostic]:
    """Rule: numbered chapters count up by one within a part; a skip means a heading was
    missed, a restart at one where no part begins means a part heading was missed."""
    found: list[Diagnostic] = []
    groups = [item.chapters if isinstance(item, Part) else (item,) for item in book.body]
    in_parts = any(isinstance(item, Part) for item in book.body)
    previous: int | None = None
    for chapters in groups:
        if in_parts:
            previous = None
        for chapter in chapters:
            numbered = match_numbered(chapter.title, heading=True)
            number = numbered.number if numbered else None
            if number is None:
                continue
            if previous is not None and number == 1 and previous > 1:
                found.append(Diagnostic(NUMBERING_GAP, f"chapter numbers start again at "
                                        f"{chapter.title!r} where no part begins: a part "
                                        f"heading above it may have been missed; set "
                                        "[manuscript] part_pattern in book.toml",
                                        chapter.source))
            elif previous is not None and number > previous + 1:
                found.append(Diagnostic(NUMBERING_GAP, f"chapter numbers skip from {previous} "
                                        f"to {number} at {chapter.title!r}: a heading between "
                                        f"them may have been missed; {_PATTERN_HINT}",
                                        chapter.source))
            previous = number
    return found


def _empty_parts(book: Book, words: list[int]) -> list[Diagnostic]:
    """Rule: a part holds chapters; one with none is a heading read at the wrong level."""
    return [Diagnostic(EMPTY_PART, f"part {part.title!r} has no chapters: if it is a chapter, "
                       "set [manuscript] part_pattern in book.toml", part.source)
            for part in book.parts if not part.chapters]


def _contents_mismatch(book: Book, words: list[int]) -> list[Diagnostic]:
    """Rule: every entry of the book's own contents list names a heading of the book
    (page numbers, leaders and punctuation aside; the beginning of a heading will do:
    ``BOOK ONE`` for ``BOOK ONE: 1805``); entries that name none mean headings were
    missed."""
    headings = HeadingIndex(heading_titles(book))
    found: list[Diagnostic] = []
    for section in (*book.front_matter, *book.back_matter):
        if section.role != "toc":
            continue
        entries = [line for block in section.blocks for line in _lines(block)]
        missing = [" ".join(line.split()) for line in entries
                   if words_of(line) and not headings.named(line)]
        if missing:
            shown = "; ".join(repr(entry) for entry in missing[:3])
            found.append(Diagnostic(CONTENTS_MISMATCH, f"{len(missing)} entries of the "
                                    f"contents list name no heading found in the book "
                                    f"({shown}{' …' if len(missing) > 3 else ''}); "
                                    f"{_PATTERN_HINT}", section.source))
    return found


def _unlisted_headings(book: Book, words: list[int]) -> list[Diagnostic]:
    """Rule: where the book's own contents list names most of its chapters, a chapter it
    does not name is most likely a line of text read as a heading (or a heading the
    list leaves out on purpose: an epigraph's source, a letter's date)."""
    entries = [line for section in book.front_matter if section.role == "toc"
               for block in section.blocks for line in _lines(block)]
    if not entries:
        return []
    listed = HeadingIndex(entries)
    chapters = [c for c in book.chapters
                if not listed.named(c.title) and not listed.named(f"{c.title} {c.subtitle}")]
    if not chapters or len(chapters) * 2 > len(book.chapters):
        return []  # a list naming half the chapters or fewer is no list of them
    rules = sorted({c.rule for c in chapters if c.rule})
    shown = ", ".join(f"{c.title!r} (line {_line(c.source)})" for c in chapters[:3])
    return [Diagnostic(UNLISTED_HEADINGS, f"{len(chapters)} chapter heading(s) are not in the "
                       f"book's contents list: {shown}{' …' if len(chapters) > 3 else ''}; if "
                       "they are text, set [manuscript] disable = "
                       f"[{', '.join(repr(r) for r in rules)}] in book.toml (see `mkbook "
                       "inspect --rules`) or a chapter_pattern", chapters[0].source)]


def _lines(block: Block) -> list[str]:
    """The entries a block of a contents list holds: a line each where its lines were
    kept (verse), else the block."""
    if isinstance(block, Verse):
        return [plain_text(line) for line in block.lines]
    return [block_text(block)]


def _line(source: SourceRef | None) -> str:
    return str(source.line) if source else "?"
