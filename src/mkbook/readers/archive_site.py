"""Text pasted from an archive site (AO3 and its like): headings not set apart.

Copied from a web page, a chapter's heading sits right above its ``Summary:`` and
``Notes:`` blocks with no blank line between, and ``Chapter Text`` stands where the
story starts.  The heading is cut from the block below it so the heading rules see
it; the label blocks are the author's notes (rule *chapter-notes*); ``Chapter Text``
is the site's, not the author's, and is left out (listed by ``mkbook inspect``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import match_heading

_LABEL_RE = re.compile(r"^(?:summary|notes|chapter notes|author'?s? notes?)\s*:\s*(?P<rest>.*)$",
                       re.IGNORECASE)
_SITE_LINE_RE = re.compile(r"^chapter text$", re.IGNORECASE)


def is_archive_label(line: str) -> bool:
    """``Summary:``, ``Notes:``, ``Chapter Notes:``: a block an archive site labels."""
    return bool(_LABEL_RE.match(line.strip()))


def split_pasted_headings(chunks: Sequence[Chunk]) -> tuple[list[Chunk], list[Chunk]]:
    """Rule *pasted-heading*: a heading line right above an archive label, or above the
    site's ``Chapter Text`` line, is a chunk of its own.  Returns the chunks and the
    ``Chapter Text`` lines left out."""
    found: list[Chunk] = []
    site_lines: list[Chunk] = []
    for chunk in chunks:
        for piece in _split(chunk):
            if piece.is_single_line and _SITE_LINE_RE.match(piece.text.strip()):
                site_lines.append(piece)
            else:
                found.append(piece)
    return found, site_lines


def _split(chunk: Chunk) -> list[Chunk]:
    """Cut a block that starts with a heading above a site mark, or with a site mark,
    before each site mark and after each ``Chapter Text`` line."""
    if len(chunk.lines) < 2:
        return [chunk]
    lines = [line.strip() for line in chunk.lines]
    if not (_is_site_mark(lines[0]) or (_is_site_mark(lines[1]) and match_heading(lines[0]))):
        return [chunk]
    cuts = [i for i in range(1, len(lines))
            if _is_site_mark(lines[i]) or _SITE_LINE_RE.match(lines[i - 1])]
    return [Chunk(chunk.lines[start:end], chunk.line + start,
                  chunk.blank_before if start == 0 else 1)
            for start, end in zip([0, *cuts], [*cuts, len(lines)], strict=True)]


def _is_site_mark(line: str) -> bool:
    return is_archive_label(line) or bool(_SITE_LINE_RE.match(line))
