"""Where scene breaks are: marker lines (``* * *``) or runs of blank lines.

Authors mark a scene break one way throughout a book, so which of the two counts is
decided once per file (rule *scene-break-convention*); ``[manuscript] scene_break``
decides when it is set.
"""

from __future__ import annotations

import re

from mkbook.config import ReadingRules
from mkbook.readers.chunks import Chunk

BREAK_BLANK_LINES = 2
"""Two or more blank lines between paragraphs mark a scene break (where blank lines count)."""
CLOSING_WORDS = frozenset({"the end", "the end.", "the end!", "fin", "fin.", "finis",
                           "finis.", "ende", "fim", "einde"})
"""A line that says the story is over (not Italian ``fine``: an English reply)."""
_MARKER_RE = re.compile(
    r"^(?:[*#~=+_\-\u2022\u00b7\u2042\u2234\u00a7\u2766\u2767]\s*)+$"
    r"|^(?:o0o|oOo|OoO|xXx|XxX)$")


def is_marker_line(text: str, rules: ReadingRules | None = None) -> bool:
    """Rule *marker-break*: ``***``, ``* * *``, ``#``, ``~~~``, ``-----``, ``§``, ``o0o``…"""
    text = text.strip()
    if rules and rules.scene_break not in ("auto", "blank-lines", "markers"):
        return text == rules.scene_break.strip()
    return bool(_MARKER_RE.match(text))


def blank_lines_break(has_markers: bool, rules: ReadingRules, gutenberg: bool) -> bool:
    """Rule *scene-break-convention*: whether runs of blank lines are breaks in this file.

    Where marker lines are used, blank lines are only spacing; Project Gutenberg
    transcriptions mark breaks with markers by convention, so their extra blank lines
    are layout too.
    """
    if rules.scene_break != "auto":
        return rules.scene_break == "blank-lines"
    return not gutenberg and not has_markers


def opens_scene(chunk: Chunk) -> bool:
    """Rule *blank-line-break*: two or more blank lines open a scene (where they count),
    except before a closing "The End", which ends the scene it follows."""
    return (chunk.blank_before >= BREAK_BLANK_LINES
            and chunk.text.strip().casefold() not in CLOSING_WORDS)
