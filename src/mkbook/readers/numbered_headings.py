"""Numbering sequences: what the numbers of a book's headings tell about them.

A label word becomes a chapter label when it repeats with rising numbers (``Day 1``,
``Day 2``…); a bare ``IV.`` opens a chapter when it continues the count; headings
with nothing between them whose numbers come again later are a list; a named
heading whose chapters restart at one is a part.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from mkbook.readers.headings import NAMED_CHAPTER, HeadingMatch, match_numbered
from mkbook.readers.marks import Context, Mark
from mkbook.readers.unnumbered import title_shape

MIN_REPEATED_LABELS = 3
PART_TITLE_WORDS = 8


def learn_repeated_labels(marks: list[Mark], context: Context) -> None:
    """Rule *repeated-label*: ``WORD <n>`` lines whose numbers rise, three times or more."""
    if context.overridden("chapter"):
        return
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, mark in enumerate(marks):
        if mark.is_free_line:
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


def accept_bare_numbers(marks: list[Mark], context: Context) -> None:
    """Rule *bare-number*: ``IV.`` alone opens a chapter when it continues the numbering.

    A numbered sub-section inside a chapter does not continue it, and neither does any
    bare number before a labelled chapter heading.
    """
    if context.overridden("chapter"):
        return
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


def find_restart_parts(marks: list[Mark], context: Context) -> None:
    """Rule *restart-part*: chapter numbers that start again at one below a short title
    line mean a new part, whatever the part heading's shape (``THE COUNTRY`` … ``I`` …
    ``THE TOWN`` / ``I``): that line heads the part, and so does the line of the same
    shape above the book's first chapter.  The count must go on (a ``2`` follows), or a
    numbered list under a caption would be a part."""
    if context.overridden("part"):
        return
    highest = 0
    found: list[int] = []
    for index, mark in enumerate(marks):
        if mark.kind == "heading" and mark.heading and mark.heading.level == "part":
            highest = 0
            continue
        number = _chapter_number(mark)
        if number is None:
            continue
        if (number == 1 and highest > 1 and index > 0 and _part_like(marks[index - 1])
                and _count_goes_on(marks, index)):
            found.append(index - 1)
            highest = 1
        highest = max(highest, number)
    if not found:
        return
    first = next((i for i, m in enumerate(marks) if _chapter_number(m) == 1), None)
    if first and first - 1 not in found and _part_like(marks[first - 1]):
        found.insert(0, first - 1)
    for index in found:
        title = " ".join(marks[index].chunk.text.split())
        marks[index] = Mark("heading", marks[index].chunk,
                            HeadingMatch("part", title, "restart-part"))
    accept_bare_numbers(marks, context)  # the count starts again in each new part


def _chapter_number(mark: Mark) -> int | None:
    """The number of a chapter heading, or of a bare number line not yet one."""
    if mark.is_chapter_heading and mark.heading:
        numbered = match_numbered(mark.heading.title, heading=True)
    elif mark.is_free_line:
        numbered = match_numbered(mark.chunk.text)
        numbered = numbered if numbered and not numbered.label else None
    else:
        return None
    return numbered.number if numbered else None


def _part_like(mark: Mark) -> bool:
    return mark.is_free_line and title_shape(mark.chunk.text) != "" and \
        len(mark.chunk.text.split()) <= PART_TITLE_WORDS and \
        not mark.chunk.text.rstrip().endswith((".", ",", ";", ":", "!", "?"))


def _count_goes_on(marks: list[Mark], start: int) -> bool:
    """A chapter or bare number 2 comes after *start* before any other 1."""
    for mark in marks[start + 1:]:
        number = _chapter_number(mark)
        if number is not None:
            return number == 2
    return False


def demote_heading_lists(marks: list[Mark], context: Context) -> None:
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
    while index < len(marks) and marks[index].is_chapter_heading:
        run.append(index)
        index += 1
        while index < len(marks) and marks[index].kind == "marker":
            index += 1
    return run


def _numbers_come_again(marks: list[Mark], run: list[int]) -> bool:
    numbers = [_heading_number(marks[i]) for i in run]
    if None in numbers:
        return False
    later = iter(_heading_number(m) for m in marks[run[-1] + 1:] if m.is_chapter_heading)
    return all(any(value == number for value in later) for number in numbers)


def _heading_number(mark: Mark) -> int | None:
    numbered = match_numbered(mark.heading.title, heading=True) if mark.heading else None
    return numbered.number if numbered else None


def promote_named_parts(marks: list[Mark], context: Context) -> None:
    """Rule *named-part*: an ``EPILOGUE`` whose own chapters restart at one is a part."""
    for index, mark in enumerate(marks):
        heading = mark.heading
        if mark.kind != "heading" or heading is None or heading.rule != NAMED_CHAPTER:
            continue
        following = next((m for m in marks[index + 1:index + 3] if m.kind == "heading"), None)
        numbered = match_numbered(following.heading.title) if following and following.heading \
            else None
        if numbered and numbered.number == 1 and following and following.heading and \
                following.heading.level == "chapter":
            marks[index] = replace(mark, heading=replace(heading, level="part",
                                                         rule="named-part"))
