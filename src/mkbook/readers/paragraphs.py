"""Chunks of plain text to blocks: paragraphs, verse, indented quotations, sign-offs.

Hard-wrapped text (lines broken at ~70 columns) is unwrapped into paragraphs, but
lines much shorter than the wrap width are kept as they are (verse, a letter's
sign-off); lines indented as a whole are a quotation; lines that each begin with an
indent are paragraphs of their own even without blank lines between them.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from mkbook.diagnostics import SourceRef
from mkbook.model import Block, BlockQuote, Paragraph, Verse
from mkbook.readers.chunks import Chunk
from mkbook.readers.inline import parse_plain_inline
from mkbook.textnorm import join_wrapped

VERSE_RATIO = 0.65
"""Lines under this share of the wrap width, all of them, are verse rather than prose."""
LONG_LINE = 100
"""Lines longer than this were not hard-wrapped: each is a paragraph of its own."""
MIN_VERSE_LINES = 3
"""Fewer lines than this are too few to call verse from their capitals."""
_LINE_END_PUNCTUATION = tuple(",;:.!?\u2014-\"'\u201d\u2019\u00bb)")
MIN_WRAPPED_LINES = 8
"""Fewer wrapped lines than this are too few to measure a wrap width from."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file lays out its text, measured once over the whole file."""

    wrap_width: int
    """The column hard-wrapped lines break at; 0 for text with one line per paragraph."""
    off: frozenset[str] = frozenset()
    """The rules of this module that ``[manuscript] disable`` turns off."""


def measure_layout(chunks: Sequence[Chunk], off: frozenset[str] = frozenset()) -> Layout:
    """Rule *hard-wrap*: the width most lines followed by another line reach.

    The 80th percentile rather than the median, so verse and short lines in the
    text do not pull the measured width down.
    """
    lengths = [len(line.strip()) for chunk in chunks for line in chunk.lines[:-1]]
    if len(lengths) < MIN_WRAPPED_LINES:
        return Layout(0, off)
    width = statistics.quantiles(lengths, n=5)[-1]
    return Layout(0 if width > LONG_LINE else int(width), off)


def chunk_blocks(chunk: Chunk, name: str, layout: Layout) -> list[Block]:
    """The blocks one chunk holds."""
    lines = list(chunk.lines)
    if len(lines) == 1:
        return [_paragraph([lines[0]], chunk.line, name)]
    if _is_unwrapped(lines, layout):
        return [_paragraph([line], chunk.line + i, name) for i, line in enumerate(lines)]
    starts = [] if "first-line-indent" in layout.off else _indented_starts(lines)
    if starts:
        return [_paragraph(lines[a:b], chunk.line + a, name)
                for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    if all(_indent(line) >= 2 for line in lines):
        inner = _plain_blocks(lines, chunk.line, name, layout)
        return [BlockQuote(tuple(inner), SourceRef(name, chunk.line))]
    return _plain_blocks(lines, chunk.line, name, layout)


def _plain_blocks(lines: list[str], line: int, name: str, layout: Layout) -> list[Block]:
    """Prose, verse, or either ending in an indented sign-off."""
    if _is_short_verse(lines, layout):
        return [_verse(lines, line, name)]
    tail = 0 if "sign-off" in layout.off else _sign_off_start(lines)
    head = lines[:tail] if tail else lines
    verse = "verse" not in layout.off and (_broken_early(head, layout.wrap_width)
                                           or _set_as_verse(head))
    blocks: list[Block] = [_verse(head, line, name) if verse else _paragraph(head, line, name)]
    return blocks + ([_verse(lines[tail:], line + tail, name)] if tail else [])


def _is_unwrapped(lines: list[str], layout: Layout) -> bool:
    """Rule *line-per-paragraph*: long lines with no blank line between them."""
    return ("line-per-paragraph" not in layout.off and layout.wrap_width == 0
            and all(len(line) > LONG_LINE for line in lines[:-1]))


def _indented_starts(lines: list[str]) -> list[int]:
    """Rule *first-line-indent*: where paragraphs begin when only first lines are indented."""
    indented = [i for i, line in enumerate(lines) if 1 <= _indent(line) <= 8]
    if len(indented) < 2 or len(indented) == len(lines) or indented[0] != 0:
        return []
    return indented


def _is_short_verse(lines: list[str], layout: Layout) -> bool:
    """Rule *verse*, decided for each block: every line well short of the file's wrap
    width — or (:func:`_broken_early`) most lines broken early."""
    return ("verse" not in layout.off and bool(layout.wrap_width)
            and all(len(line.strip()) <= layout.wrap_width * VERSE_RATIO for line in lines))


def _set_as_verse(lines: list[str]) -> bool:
    """Three lines or more, every one starting with a capital and most ending in
    punctuation: verse as it is traditionally set, whatever its lines' lengths (wrapped
    prose starts a line with a capital and ends one at a comma only now and then)."""
    stripped = [line.strip().lstrip("\"'\u201c\u2018\u00ab([") for line in lines]
    if len(stripped) < MIN_VERSE_LINES or not all(line[:1].isupper() for line in stripped):
        return False
    punctuated = sum(1 for line in stripped[:-1] if line.endswith(_LINE_END_PUNCTUATION))
    return punctuated * 2 >= len(stripped) - 1


def _broken_early(lines: list[str], wrap_width: int = 0) -> bool:
    """Most lines end where the next line's first word would still have fitted, with
    a character to spare, within the block's own longest line (its last line aside):
    no wrapping editor does that, so the author broke the lines (a poem in a
    collection of poems, whose lines set the file's measured width).  The character to
    spare: editors differ on whether their width is the longest line allowed or one
    more, and a word that would just have reached it is no evidence.  Nor is one line
    longer than the file's *wrap_width* (an editor lets a dash run over): the
    measure is the narrower of the two."""
    if len(lines) < 2:
        return False
    stripped = [line.strip() for line in lines]
    longest = max(len(line) for line in stripped[:-1])  # a last line is no wrap evidence
    if wrap_width:
        longest = min(longest, wrap_width)
    needed, early, left = max(1, len(lines) // 2), 0, len(lines) - 1  # half the breaks
    for line, following in zip(stripped, stripped[1:], strict=False):
        left -= 1
        if following and len(line) + 1 + len(following.split(None, 1)[0]) < longest:
            early += 1
            if early >= needed:
                return True
        elif early + left < needed:
            return False  # most wrapped prose stops here, a few lines in
    return False


def _sign_off_start(lines: list[str]) -> int:
    """Rule *sign-off*: trailing lines indented far to the right (``Yours, C. D.``)."""
    index = len(lines)
    while index > 1 and _indent(lines[index - 1]) >= 10:
        index -= 1
    return index if index < len(lines) else 0


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _paragraph(lines: Sequence[str], line: int, name: str) -> Paragraph:
    text = join_wrapped(lines)
    return Paragraph(parse_plain_inline(text), SourceRef(name, line))


def _verse(lines: Sequence[str], line: int, name: str) -> Verse:
    return Verse(tuple(parse_plain_inline(part.strip()) for part in lines), SourceRef(name, line))
