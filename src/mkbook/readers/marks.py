"""What the plain-text rules write: a mark on each chunk saying what it is.

Every rule of :mod:`.rules` is a pass over the book's marks with one signature,
``rule(marks, context)``: it reads the marks earlier rules left and claims the
chunks it recognises.  A chunk no rule claims stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mkbook.config import ReadingRules
from mkbook.model import SectionRole
from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import HeadingMatch

MarkKind = Literal["text", "heading", "matter", "marker", "contents", "back"]
"""``back``: back matter starts with this chunk, untitled (what follows THE END)."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One chunk and what it was recognised as."""

    kind: MarkKind
    chunk: Chunk
    heading: HeadingMatch | None = None
    role: SectionRole | None = None

    @property
    def is_free_line(self) -> bool:
        """A one-line chunk no rule has claimed yet: what line rules look at."""
        return self.kind == "text" and self.chunk.is_single_line

    @property
    def is_chapter_heading(self) -> bool:
        return self.kind == "heading" and self.heading is not None and \
            self.heading.level == "chapter"


@dataclass(slots=True)
class Context:
    """What the passes share: the book's ``[manuscript]`` settings and what earlier
    passes found."""

    rules: ReadingRules
    lists: list[tuple[int, int]] = field(default_factory=list)
    """Each contents list's entries: first and past-last mark index."""

    def overridden(self, level: str) -> bool:
        """A level with its own pattern in book.toml uses only that pattern."""
        pattern = self.rules.part_pattern if level == "part" else self.rules.chapter_pattern
        return pattern is not None
