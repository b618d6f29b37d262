"""``[manuscript] chapter_pattern`` and ``part_pattern``: a book's own heading shapes.

A level with its own pattern uses only that pattern; the built-in rules of that level
leave its lines alone (:meth:`.marks.Context.overridden`).
"""

from __future__ import annotations

from mkbook.config import CONFIG_NAME, ReadingRules
from mkbook.errors import ConfigError
from mkbook.readers.headings import HeadingMatch
from mkbook.readers.marks import Context, Mark

PATTERN_SECONDS = 0.5
"""The longest a book.toml pattern may take on one line before the build stops."""


def mark_pattern_headings(marks: list[Mark], context: Context) -> None:
    """Rule *book-pattern*: lines that match a book.toml pattern (whole) are headings of
    its level."""
    rules = context.rules
    if rules.chapter_pattern is None and rules.part_pattern is None:
        return
    for index, mark in enumerate(marks):
        if mark.is_free_line:
            found = _custom_heading(mark.chunk.lines[0].strip(), rules)
            if found:
                marks[index] = Mark("heading", mark.chunk, found)


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
