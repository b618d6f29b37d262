"""Inline markup in plain text: the ``_underscore_`` and ``*asterisk*`` emphasis writers type."""

from __future__ import annotations

import re

from mkbook.model import Emphasis, Inline, Text

# An opening mark follows a non-word character and precedes a non-space; the closing
# mark mirrors it.  So ``snake_case_name`` and ``2 * 3 * 4`` stay as they are.
_EMPHASIS_RE = re.compile(r"(?<![\w*_])([_*])(?=[^\s_*])(.+?)(?<=[^\s_*])\1(?![\w*_])")


def parse_plain_inline(text: str) -> tuple[Inline, ...]:
    """Split *text* into plain runs and emphasis."""
    runs: list[Inline] = []
    position = 0
    for found in _EMPHASIS_RE.finditer(text):
        if found.start() > position:
            runs.append(Text(text[position:found.start()]))
        runs.append(Emphasis((Text(found.group(2)),)))
        position = found.end()
    if position < len(text):
        runs.append(Text(text[position:]))
    return tuple(runs)
