"""Project Gutenberg transcriptions: the header is dropped, the licence kept as back matter.

A PG file wraps the book between ``*** START OF THIS PROJECT GUTENBERG EBOOK … ***``
and ``*** END OF …``.  The header before the start marker carries ``Title:``,
``Author:`` and ``Language:`` fields, which are better metadata than the book's own
ALL-CAPS title page; everything from the "End of the Project Gutenberg EBook" line
on is the licence, which must travel with the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mkbook.readers.chunks import Chunk
from mkbook.readers.matter import split_names

_START_RE = re.compile(r"^\*{3}\s*START OF (?:THIS|THE) PROJECT GUTENBERG", re.IGNORECASE)
_END_RE = re.compile(r"^\*{3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG", re.IGNORECASE)
_END_LINE_RE = re.compile(r"^End of (?:the )?Project Gutenberg", re.IGNORECASE)
_FIELD_RE = re.compile(r"^(?P<key>[A-Z][A-Za-z ]{1,30}):\s*(?P<value>.*)$")

LANGUAGES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "russian": "ru", "latin": "la", "swedish": "sv",
    "danish": "da", "norwegian": "no", "finnish": "fi", "polish": "pl", "greek": "el",
    "chinese": "zh", "japanese": "ja", "esperanto": "eo", "hungarian": "hu", "czech": "cs",
}


@dataclass(frozen=True, slots=True)
class GutenbergParts:
    """A PG file cut into its header fields, the book, and the licence."""

    found: bool
    body: list[Chunk]
    fields: dict[str, list[str]] = field(default_factory=dict)
    """Header fields by lower-case name; continuation lines are further items."""
    license: list[Chunk] = field(default_factory=list)
    header: list[Chunk] = field(default_factory=list)
    """The header and the start marker: left out of the book (their fields are metadata)."""

    @property
    def title(self) -> str:
        return self.fields.get("title", [""])[0]

    @property
    def subtitle(self) -> str:
        return " ".join(self.fields.get("title", [])[1:])

    @property
    def authors(self) -> tuple[str, ...]:
        value = self.fields.get("author", [""])[0]
        return (value,) if value else ()

    @property
    def translators(self) -> tuple[str, ...]:
        value = (self.fields.get("translator") or self.fields.get("translators") or [""])[0]
        return split_names(value)

    @property
    def language(self) -> str:
        value = self.fields.get("language", [""])[0].strip().lower()
        return LANGUAGES.get(value, "")


def split_gutenberg(chunks: Sequence[Chunk]) -> GutenbergParts:
    """Rule *gutenberg*: find the start and end markers; without them, the text is all body."""
    start = next((i for i, c in enumerate(chunks) if _START_RE.match(c.lines[0].strip())), None)
    if start is None:
        return GutenbergParts(False, list(chunks))
    end = next((i for i in range(start + 1, len(chunks))
                if _END_RE.match(chunks[i].lines[0].strip())
                or _END_LINE_RE.match(chunks[i].lines[0].strip())), len(chunks))
    return GutenbergParts(True, list(chunks[start + 1:end]), _header_fields(chunks[:start]),
                          list(chunks[end:]), list(chunks[:start + 1]))


def _header_fields(chunks: Sequence[Chunk]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for chunk in chunks:
        key = None
        for line in chunk.lines:
            found = _FIELD_RE.match(line)
            if found and not line.startswith((" ", "\t")):
                key = found.group("key").strip().lower()
                fields[key] = [found.group("value").strip()]
            elif key and line.startswith((" ", "\t")):
                fields[key].append(line.strip())
    return fields
