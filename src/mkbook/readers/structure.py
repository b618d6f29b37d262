"""Deciding what each chunk of a plain-text book is: heading, matter, marker or text.

Some rules need the whole book: a label word becomes a chapter label only when it
repeats with rising numbers (``Day 1``, ``Day 2``…), a bare ``IV.`` opens a chapter
only when it continues the chapter numbering, and a CONTENTS list swallows the
headings it repeats.  So chunks are classified in passes over the whole book.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from mkbook.config import CONFIG_NAME, ReadingRules
from mkbook.errors import ConfigError
from mkbook.model import SectionRole
from mkbook.readers import contents
from mkbook.readers.chunks import Chunk, is_marker_line
from mkbook.readers.headings import HeadingMatch, match_heading, match_numbered
from mkbook.readers.matter import match_matter_heading
from mkbook.readers.unnumbered import unnumbered_titles

MarkKind = Literal["text", "heading", "matter", "marker", "contents"]
MIN_REPEATED_LABELS = 3

@dataclass(frozen=True, slots=True)
class Mark:
    """One chunk and what it was recognised as."""

    kind: MarkKind
    chunk: Chunk
    heading: HeadingMatch | None = None
    role: SectionRole | None = None


def classify(chunks: Sequence[Chunk], rules: ReadingRules) -> list[Mark]:
    """Mark every chunk, in passes that each add one kind of knowledge."""
    marks = [_classify_one(chunk, rules) for chunk in chunks]
    lists = _mark_contents(marks)
    if rules.chapter_pattern is None:
        marks = _learn_repeated_labels(marks)
        marks = _accept_bare_numbers(marks)
    for start, end in lists:
        _mark_named_lines(marks, start, end)
    if rules.chapter_pattern is None:
        _find_unnumbered_titles(marks)
    _demote_heading_lists(marks)
    return _promote_named_parts(marks)


def _find_unnumbered_titles(marks: list[Mark]) -> None:
    """Rule *unnumbered-title* (:mod:`.unnumbered`), for a book no other rule found a
    heading in."""
    if any(mark.kind == "heading" for mark in marks):
        return
    chunks = [mark.chunk for mark in marks]
    for index in unnumbered_titles(chunks, [mark.kind == "text" for mark in marks]):
        title = " ".join(chunks[index].text.split())
        marks[index] = Mark("heading", chunks[index],
                            HeadingMatch("chapter", title, "unnumbered-title"))


def _demote_heading_lists(marks: list[Mark]) -> None:
    """Rule *heading-list*: headings with nothing between them, whose numbers come again
    in order in later headings, are a list of those headings (the scenes of a play,
    a contents list without its title), not chapters: ``ACT I.`` ``ACT II.`` ``ACT III.``
    above ``FIRST ACT`` … ``THIRD ACT``."""
    index = 0
    while index < len(marks):
        run = _empty_heading_run(marks, index)
        if len(run) >= 2 and _numbers_come_again(marks, run):
            for inner in run:
                marks[inner] = Mark("contents", marks[inner].chunk)
        index = (run[-1] if run else index) + 1


def _empty_heading_run(marks: list[Mark], start: int) -> list[int]:
    """The chapter headings from *start* that follow each other with no text between."""
    run: list[int] = []
    index = start
    while index < len(marks) and _is_chapter_heading(marks[index]):
        run.append(index)
        index += 1
        while index < len(marks) and marks[index].kind == "marker":
            index += 1
    return run


def _is_chapter_heading(mark: Mark) -> bool:
    return mark.kind == "heading" and mark.heading is not None and \
        mark.heading.level == "chapter"


def _numbers_come_again(marks: list[Mark], run: list[int]) -> bool:
    numbers = [_heading_number(marks[i]) for i in run]
    if None in numbers:
        return False
    later = iter(_heading_number(m) for m in marks[run[-1] + 1:] if _is_chapter_heading(m))
    return all(any(value == number for value in later) for number in numbers)


def _heading_number(mark: Mark) -> int | None:
    numbered = match_numbered(mark.heading.title, heading=True) if mark.heading else None
    return numbered.number if numbered else None


def _classify_one(chunk: Chunk, rules: ReadingRules) -> Mark:
    if not chunk.is_single_line:
        return Mark("text", chunk)
    line = chunk.lines[0].strip()
    if is_marker_line(line, rules):
        return Mark("marker", chunk)
    custom = _custom_heading(line, rules)
    if custom:
        return Mark("heading", chunk, custom)
    role = match_matter_heading(line, rules.matter)
    if role:
        return Mark("matter", chunk, role=role)
    found = match_heading(line)
    if found and not _overridden(found, rules):
        return Mark("heading", chunk, found)
    return Mark("text", chunk)


PATTERN_SECONDS = 0.5
"""The longest a book.toml pattern may take on one line before the build stops."""


def _custom_heading(line: str, rules: ReadingRules) -> HeadingMatch | None:
    for level, pattern in (("part", rules.part_pattern), ("chapter", rules.chapter_pattern)):
        try:
            found = pattern is not None and pattern.fullmatch(line, timeout=PATTERN_SECONDS)
        except TimeoutError:
            raise ConfigError(f"[manuscript] {level}_pattern takes longer than "
                              f"{PATTERN_SECONDS} s on the line {line[:60]!r} (it backtracks "
                              "without end); write it more simply", source=CONFIG_NAME
                              ) from None
        if found:
            return HeadingMatch(level, " ".join(line.split()), f"{level}_pattern")  # type: ignore[arg-type]
    return None


def _overridden(found: HeadingMatch, rules: ReadingRules) -> bool:
    """A level with its own pattern in book.toml uses only that pattern."""
    pattern = rules.part_pattern if found.level == "part" else rules.chapter_pattern
    return pattern is not None


def _mark_contents(marks: list[Mark]) -> list[tuple[int, int]]:
    """Everything a CONTENTS list holds is an entry, even lines that look like headings.
    Returns where each list is (its entries' first and past-last index)."""
    chunks = [mark.chunk for mark in marks]
    lists, index = [], 0
    while index < len(marks):
        if marks[index].kind == "matter" and marks[index].role == "toc":
            end = contents.contents_end(chunks, index + 1)
            for inner in range(index + 1, end):
                marks[inner] = Mark("contents", marks[inner].chunk)
            lists.append((index + 1, end))
            index = end
        else:
            index += 1
    return lists


def _mark_named_lines(marks: list[Mark], start: int, end: int) -> None:
    """Rule *contents-entry*: a line of text that a contents entry names is a heading,
    even unnumbered, indented, or wrapped over two lines: a front-matter section's
    before the book's first recognised chapter (``ETYMOLOGY.``), else a chapter's."""
    chunks = [mark.chunk for mark in marks]
    texts = [text for text, _ in contents.entries(chunks[start:end])]
    first_chapter = next((i for i in range(end, len(marks)) if marks[i].kind == "heading"), -1)
    for index in contents.named_lines(texts, chunks, end):
        if index < 0 or marks[index].kind != "text":
            continue
        chunk = marks[index].chunk
        title = " ".join(chunk.text.split())
        if index < first_chapter:
            marks[index] = Mark("matter", chunk, role=match_matter_heading(title) or "other")
        else:
            marks[index] = Mark("heading", chunk,
                                HeadingMatch("chapter", title.rstrip("."), "contents-entry"))


def _promote_named_parts(marks: list[Mark]) -> list[Mark]:
    """Rule *named-part*: an ``EPILOGUE`` whose own chapters restart at one is a part."""
    for index, mark in enumerate(marks):
        heading = mark.heading
        if mark.kind != "heading" or heading is None or heading.rule != "named-chapter":
            continue
        following = next((m for m in marks[index + 1:index + 3] if m.kind == "heading"), None)
        numbered = match_numbered(following.heading.title) if following and following.heading \
            else None
        if numbered and numbered.number == 1 and following and following.heading and \
                following.heading.level == "chapter":
            marks[index] = replace(mark, heading=replace(heading, level="part",
                                                         rule="named-part"))
    return marks


def _learn_repeated_labels(marks: list[Mark]) -> list[Mark]:
    """Rule *repeated-label*: ``WORD <n>`` lines whose numbers rise, three times or more."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, mark in enumerate(marks):
        if mark.kind == "text" and mark.chunk.is_single_line:
            numbered = match_numbered(mark.chunk.text)
            if numbered and numbered.label:
                found[numbered.label].append((index, numbered.number))
    for entries in found.values():
        numbers = [number for _, number in entries]
        rising = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1)
        if len(entries) >= MIN_REPEATED_LABELS and rising >= MIN_REPEATED_LABELS - 1:
            for index, _ in entries:
                title = " ".join(marks[index].chunk.text.split())
                marks[index] = Mark("heading", marks[index].chunk,
                                    HeadingMatch("chapter", title.rstrip("."), "repeated-label"))
    return marks


def _accept_bare_numbers(marks: list[Mark]) -> list[Mark]:
    """Rule *bare-number*: ``IV.`` alone opens a chapter when it continues the numbering.

    A numbered sub-section inside a chapter does not continue it, and neither does any
    bare number before a labelled chapter heading.
    """
    last_labelled = max((i for i, m in enumerate(marks) if m.kind == "heading"
                         and m.heading and m.heading.level == "chapter"), default=-1)
    previous = 0
    for index, mark in enumerate(marks):
        if mark.kind == "heading" and mark.heading:
            numbered = match_numbered(mark.heading.title)
            previous = 0 if mark.heading.level == "part" else (
                numbered.number if numbered else previous)
            continue
        numbered = match_numbered(mark.chunk.text) if mark.kind == "text" else None
        if (numbered and not numbered.label and mark.chunk.is_single_line
                and numbered.number == previous + 1 and index > last_labelled
                and index + 1 < len(marks)):
            marks[index] = replace(mark, kind="heading", heading=HeadingMatch(
                "chapter", numbered.title, "bare-number"))
            previous = numbered.number
    return marks
