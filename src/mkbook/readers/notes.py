"""Author's notes in plain text: ``[ Author Note: … ]``, ``A/N:``, ``Author's Note``.

Fan fiction and serial fiction wrap notes to the reader around the story.  A note
after the story's last line is back matter; the brackets and the label are markup,
not text, so they are removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import match_heading

MAX_UNBRACKETED_NOTE_CHUNKS = 8
"""An unbracketed note has no visible end, so only a short tail of the file counts as one."""

_LABEL = (r"(?:author'?s?\s*notes?|a\s*/\s*n|a\.n\."
          r"|(?:summary|notes|chapter notes)(?=\s*:))")  # the last: an archive site's labels
_NOTE_START_RE = re.compile(
    rf"^\s*(?P<bracket>[\[(]?)\s*{_LABEL}(?![a-z])\s*[:.\-\u2013\u2014]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AuthorNote:
    """A note found in the text: its paragraphs without brackets or label."""

    paragraphs: tuple[tuple[str, int], ...]
    """Each paragraph's text and the line it starts on."""
    line: int
    label: str = ""
    """The label and brackets taken off (``[ Author Note:``), which the model shows as
    the note it is."""


def split_trailing_note(chunks: Sequence[Chunk]) -> tuple[list[Chunk], AuthorNote | None]:
    """Rule *closing-author-note*: an author's note that closes the file, apart from the
    story before it."""
    for index, chunk in enumerate(chunks):
        if index == 0:
            continue
        found = _NOTE_START_RE.match(chunk.text)
        if not found:
            continue
        tail = chunks[index:]
        if _is_closing_note(tail, bool(found.group("bracket"))):
            return list(chunks[:index]), _note_from(tail, found.end())
    return list(chunks), None


def split_chapter_notes(chunks: Sequence[Chunk]) -> tuple[int, int]:
    """Rule *chapter-notes*: how many chunks at a chapter's start and end are author's notes.

    Fan fiction opens and closes chapters with ``A/N:`` or ``[Author's Note: …]``; they
    stay with their chapter but are marked as notes.  Returns (lead, tail) counts.
    """
    lead = _leading_note_length(chunks)
    tail = 0
    for index in range(len(chunks) - 1, lead, -1):
        found = _NOTE_START_RE.match(chunks[index].text)
        if found and _is_closing_note(chunks[index:], bool(found.group("bracket"))):
            tail = len(chunks) - index
            break
    return lead, tail


def _leading_note_length(chunks: Sequence[Chunk]) -> int:
    found = _NOTE_START_RE.match(chunks[0].text) if chunks else None
    if not found:
        return 0
    if not found.group("bracket"):  # one labelled block, or several (Summary:, Notes:)
        count = 1
        while count < len(chunks) - 1 and _NOTE_START_RE.match(chunks[count].text):
            count += 1
        return count
    for index, chunk in enumerate(chunks):
        if chunk.text.rstrip().endswith(("]", ")")):
            return index + 1
    return 0


def chapter_note(chunks: Sequence[Chunk]) -> AuthorNote:
    """The note *chunks* hold: paragraphs with its label and brackets removed."""
    found = _NOTE_START_RE.match(chunks[0].text)
    return _note_from(chunks, found.end() if found else 0)


def _is_closing_note(tail: Sequence[Chunk], bracketed: bool) -> bool:
    """True when *tail* is one note running to the end of the file, with no chapter in it."""
    if any(chunk.is_single_line and match_heading(chunk.text) for chunk in tail):
        return False
    if bracketed:
        return tail[-1].text.rstrip().endswith(("]", ")"))
    return len(tail) <= MAX_UNBRACKETED_NOTE_CHUNKS


def _note_from(chunks: Sequence[Chunk], label_end: int) -> AuthorNote:
    texts = [chunk.text for chunk in chunks]
    label, texts[0] = texts[0][:label_end], texts[0][label_end:]
    found = _NOTE_START_RE.match(chunks[0].text)
    if found and found.group("bracket"):
        label += " " + texts[-1].rstrip()[-1:]
        texts[-1] = texts[-1].rstrip()[:-1]
    paragraphs = tuple((text.strip(), chunk.line)
                       for text, chunk in zip(texts, chunks, strict=True) if text.strip())
    return AuthorNote(paragraphs, chunks[0].line, label.strip())
