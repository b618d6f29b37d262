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

# Every generation of the markers: ``*** START OF THIS PROJECT GUTENBERG EBOOK`` (with or
# without the spaces and asterisks, EBOOK or ETEXT), and the 1990s etexts whose licence,
# "the small print", comes first and ends at ``*END*THE SMALL PRINT! …``.
_START_RE = re.compile(r"^\*{0,3}\s*START OF (?:THIS|THE) PROJECT GUTENBERG", re.IGNORECASE)
_SMALL_PRINT_END_RE = re.compile(r"^\*END\*\s*THE SMALL PRINT", re.IGNORECASE)
_END_RE = re.compile(r"^\*{0,3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG", re.IGNORECASE)
_END_LINE_RE = re.compile(r"^End of (?:this |the )?Project Gutenberg", re.IGNORECASE)
_EBOOK_OF_RE = re.compile(r"Project Gutenberg'?s? E-?(?:Book|text) of (?P<title>.+?)"
                          r"(?:,\s+by\s+(?P<author>[^*]+?))?\s*\**$", re.IGNORECASE)
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
        return self.fields.get("title", [""])[0] or self.fields.get("ebook of", [""])[0]

    @property
    def subtitle(self) -> str:
        return " ".join(self.fields.get("title", [])[1:])

    @property
    def authors(self) -> tuple[str, ...]:
        value = self.fields.get("author", [""])[0] or self.fields.get("ebook by", [""])[0]
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
    start = next((i for i, c in enumerate(chunks) if _START_RE.match(c.lines[0].strip())
                  or _SMALL_PRINT_END_RE.match(c.lines[-1].strip())), None)
    if start is None:
        return GutenbergParts(False, list(chunks))
    end = next((i for i in range(start + 1, len(chunks))
                if _END_RE.match(chunks[i].lines[0].strip())
                or _END_LINE_RE.match(chunks[i].lines[0].strip())), len(chunks))
    header, fields = list(chunks[:start + 1]), _header_fields(chunks[:start])
    if _SMALL_PRINT_END_RE.match(chunks[start].lines[-1].strip()):
        # the old licence stands before the book: it travels with it, as back matter
        return GutenbergParts(True, list(chunks[start + 1:end]), fields,
                              header + list(chunks[end:]))
    return GutenbergParts(True, list(chunks[start + 1:end]), fields, list(chunks[end:]),
                          header)


def _header_fields(chunks: Sequence[Chunk]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    first = " ".join(chunks[0].lines[:2]) if chunks else ""
    found = _EBOOK_OF_RE.search(first)
    if found:  # "The Project Gutenberg EBook of Title, by Author": every generation has it
        fields["ebook of"] = [found.group("title").strip()]
        fields["ebook by"] = [(found.group("author") or "").strip()]
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
