"""Splitting plain text into chunks: runs of non-blank lines and the blank lines between them.

Every structural rule of the plain-text reader (headings, scene breaks, notes,
paragraphs) looks at chunks, never at raw characters, and each chunk remembers its
first line number so diagnostics can point at the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mkbook.textnorm import join_wrapped


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive non-blank lines of a plain-text manuscript."""

    lines: tuple[str, ...]
    """The lines, right-stripped, leading indentation kept."""
    line: int
    """1-based number of the first line in its file."""
    blank_before: int
    """How many blank lines come right before this chunk."""
    text: str = field(init=False, compare=False)
    """The chunk's lines, stripped and joined (hard wraps undone, :func:`join_wrapped`);
    made once, for every rule reads it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", join_wrapped(self.lines))

    @property
    def is_single_line(self) -> bool:
        """True when the chunk is one line: the shape of headings and markers."""
        return len(self.lines) == 1


def split_chunks(text: str) -> list[Chunk]:
    """Cut *text* (``\\n`` line endings) into chunks separated by blank lines."""
    return list(_iter_chunks(text.split("\n")))


def _iter_chunks(lines: Iterable[str]) -> Iterator[Chunk]:
    current: list[str] = []
    start = blanks = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if line.strip():
            if not current:
                start = number
            current.append(line)
            continue
        if current:
            yield Chunk(tuple(current), start, blanks)
            current, blanks = [], 0
        blanks += 1
    if current:
        yield Chunk(tuple(current), start, blanks)
