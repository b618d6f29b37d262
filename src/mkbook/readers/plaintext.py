"""The plain-text reader: a manuscript as authors type it, read into a :class:`Book`.

The text is cut into chunks (runs of non-blank lines); small named rules then decide
what each chunk is: the title block, a part or chapter heading, a scene-break
marker, an author's note, or a paragraph.  A hard-wrapped paragraph is one chunk, so
its lines are joined; an unwrapped one is already a single line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkbook.model import (
    BodyItem,
    Book,
    Chapter,
    Diagnostic,
    Metadata,
    Paragraph,
    Part,
    Scene,
    Section,
    SourceRef,
)
from mkbook.readers.chunks import Chunk, split_chunks
from mkbook.readers.headings import HeadingMatch, match_heading
from mkbook.readers.inline import parse_plain_inline
from mkbook.readers.notes import split_trailing_note
from mkbook.readers.textfile import read_text_file

SCENE_BREAK_BLANK_LINES = 2
"""Two or more blank lines between paragraphs mark a scene break."""

_MARKER_RE = re.compile(r"^(?:[*#~=+_\-\u2022\u00b7]\s*)+$|^(?:o0o|oOo|OoO|xXx|XxX)$")
_CLOSING_LINE_RE = re.compile(r"^[\s*_~-]*the\s+end[.!]?[\s*_~-]*$", re.IGNORECASE)
_TITLE_MAX_WORDS = 12
_BY_LINE_RE = re.compile(r"^by\s+(?P<author>\S.{0,80})$", re.IGNORECASE)


def read_plaintext_file(path: Path, display: str) -> Book:
    """Read one plain-text manuscript file."""
    decoded = read_text_file(path, display)
    book = read_plaintext(decoded.text, display)
    return _with_warnings(book, decoded.warnings)


def read_plaintext(text: str, name: str) -> Book:
    """Read manuscript *text* (``\\n`` line endings); *name* is used in source references."""
    chunks = split_chunks(text)
    title_block = take_title_block(chunks)
    chunks = chunks[title_block.consumed:]
    chunks, note = split_trailing_note(chunks)
    title = title_block.title
    assembled = assemble_body(chunks, name, title)
    back: tuple[Section, ...] = ()
    if note:
        paragraphs = tuple(Paragraph(parse_plain_inline(text), SourceRef(name, line))
                           for text, line in note.paragraphs)
        back = (Section("author-note", "Author's Note", paragraphs, SourceRef(name, note.line)),)
    metadata = Metadata(title=title, authors=title_block.authors)
    return Book(metadata, assembled.body, assembled.front_matter, back,
                warnings=assembled.warnings)


# --------------------------------------------------------------------------- title block


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The title and authors found at the head of a file, and how many chunks they took."""

    title: str = ""
    authors: tuple[str, ...] = ()
    consumed: int = 0


def take_title_block(chunks: Sequence[Chunk]) -> TitleBlock:
    """Rule *title-block*: a short first line (and a ``by …`` line) followed by the text."""
    if len(chunks) < 2 or not _looks_like_title(chunks[0]):
        return TitleBlock()
    lines = [line.strip() for line in chunks[0].lines]
    title, authors, consumed = lines[0], _by_line(lines[1:]), 1
    if not authors and chunks[1].is_single_line:
        authors = _by_line([chunks[1].text])
        consumed += bool(authors)
    return TitleBlock(title, authors, consumed)


def _looks_like_title(chunk: Chunk) -> bool:
    first = chunk.lines[0].strip()
    if len(chunk.lines) > 2 or (len(chunk.lines) == 2 and not _by_line(chunk.lines[1:])):
        return False
    if match_heading(first) or _MARKER_RE.match(first):
        return False
    return len(first.split()) <= _TITLE_MAX_WORDS and not first.endswith((".", ",", ";", ":"))\
        and not first.startswith(('"', "'", "\u201c", "\u2018", "[", "("))


def _by_line(lines: Sequence[str]) -> tuple[str, ...]:
    found = _BY_LINE_RE.match(lines[0].strip()) if lines else None
    if not found:
        return ()
    names = re.split(r"\s*(?:,|\band\b|&)\s*", found.group("author"))
    return tuple(name for name in names if name)


# --------------------------------------------------------------------------- body


@dataclass(slots=True)
class _ChapterDraft:
    """A chapter while its chunks are being collected (never leaves this module)."""

    heading: HeadingMatch | None
    source: SourceRef
    chunks: list[Chunk] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AssembledBody:
    """Chapters grouped into parts, plus what came before the first heading."""

    body: tuple[BodyItem, ...]
    front_matter: tuple[Section, ...]
    warnings: tuple[Diagnostic, ...]


def assemble_body(chunks: Sequence[Chunk], name: str, book_title: str) -> AssembledBody:
    """Group chunks under the headings that open chapters and parts."""
    lead: list[Chunk] = []
    parts: list[tuple[HeadingMatch | None, SourceRef | None, list[_ChapterDraft]]] = []
    drafts: list[_ChapterDraft] = []
    for chunk in chunks:
        heading = match_heading(chunk.text) if chunk.is_single_line else None
        ref = SourceRef(name, chunk.line)
        if heading and heading.level == "part":
            drafts = []
            parts.append((heading, ref, drafts))
        elif heading:
            if not parts:
                parts.append((None, None, drafts))
            drafts.append(_ChapterDraft(heading, ref))
        elif drafts:
            drafts[-1].chunks.append(chunk)
        else:
            lead.append(chunk)
    if not any(d for _, _, d in parts):
        return _single_chapter(lead, name, book_title)
    return AssembledBody(_build_parts(parts, name), _lead_as_front_matter(lead, name), ())


def _single_chapter(chunks: Sequence[Chunk], name: str, book_title: str) -> AssembledBody:
    """Rule *one-shot*: no headings at all, so the whole text is one chapter, named after
    the book (left empty here when the file names no title; the project names it)."""
    line = chunks[0].line if chunks else 1
    chapter = Chapter(book_title, build_scenes(chunks, name), SourceRef(name, line))
    return AssembledBody((chapter,), (), ())


def _build_parts(
    parts: Sequence[tuple[HeadingMatch | None, SourceRef | None, list[_ChapterDraft]]], name: str
) -> tuple[BodyItem, ...]:
    body: list[BodyItem] = []
    for heading, ref, drafts in parts:
        chapters = tuple(_build_chapter(draft, name) for draft in drafts)
        if heading is None:
            body.extend(chapters)
        else:
            body.append(Part(heading.title, chapters, ref))
    return tuple(body)


def _build_chapter(draft: _ChapterDraft, name: str) -> Chapter:
    title = draft.heading.title if draft.heading else ""
    return Chapter(title, build_scenes(draft.chunks, name), draft.source)


def _lead_as_front_matter(chunks: Sequence[Chunk], name: str) -> tuple[Section, ...]:
    """Text before the first heading is front matter the later rules may name."""
    if not chunks:
        return ()
    blocks = tuple(_paragraph(chunk, name) for chunk in chunks)
    return (Section("other", "", blocks, SourceRef(name, chunks[0].line)),)


# --------------------------------------------------------------------------- scenes


def is_scene_marker(chunk: Chunk) -> bool:
    """Rule *marker-break*: a line of only ``*``, ``#``, ``~``, ``-`` … or ``o0o``-like."""
    return chunk.is_single_line and bool(_MARKER_RE.match(chunk.text.strip()))


def build_scenes(chunks: Sequence[Chunk], name: str) -> tuple[Scene, ...]:
    """Split a chapter's chunks into scenes at markers and at runs of blank lines."""
    scenes: list[list[Paragraph]] = [[]]
    for chunk in chunks:
        if is_scene_marker(chunk):
            scenes.append([])
            continue
        if _opens_scene(chunk) and scenes[-1]:
            scenes.append([])
        scenes[-1].append(_paragraph(chunk, name))
    return tuple(Scene(tuple(blocks)) for blocks in scenes if blocks)


def _opens_scene(chunk: Chunk) -> bool:
    """Rule *blank-line-break*: two or more blank lines before a paragraph open a new scene,
    except before a closing "The End", which always ends the scene it follows."""
    return (chunk.blank_before >= SCENE_BREAK_BLANK_LINES
            and not _CLOSING_LINE_RE.match(chunk.text))


def _paragraph(chunk: Chunk, name: str) -> Paragraph:
    return Paragraph(parse_plain_inline(chunk.text), SourceRef(name, chunk.line))


def _with_warnings(book: Book, warnings: tuple[Diagnostic, ...]) -> Book:
    return replace(book, warnings=warnings + book.warnings) if warnings else book
