"""The book model: what every reader produces and every exporter consumes.

Everything is a small frozen dataclass, built whole by a reader and replaced (never
mutated) by a transform.  Text lives in inline runs so that later transforms
(typography, ids) can rewrite it without re-parsing anything.  What stores and title
pages need to know of the book (:class:`Metadata`) is in ``metadata.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.metadata import Contributor as Contributor
from mkbook.metadata import Metadata as Metadata

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text (unescaped)."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Emphasised text: italics in a printed book."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly emphasised text: bold."""

    children: tuple[Inline, ...]


SpanKind = Literal["small-caps", "superscript", "subscript"]


@dataclass(frozen=True, slots=True)
class Span:
    """Text set apart by its face, not by emphasis: small capitals (an acronym, a sign),
    a superscript (``1st``, ``Mlle``), a subscript (``H₂O``)."""

    kind: SpanKind
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Verbatim inline text; transforms never touch it."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; only external ``http(s)``/``mailto`` targets survive reading."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a block (verse, addresses)."""


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A reference to a note of the enclosing chapter or section."""

    label: str
    """The note's label, unique within its chapter."""


Inline = Text | Emphasis | Strong | Span | Code | Link | LineBreak | FootnoteRef

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of prose."""

    content: tuple[Inline, ...]
    source: SourceRef | None = None
    closing: bool = False
    """The line that says the story is over (``The End``), set apart and centred."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside a chapter (a sub-section), never a chapter title."""

    level: int
    """2 for a section of a chapter, 3 below it, and so on."""
    content: tuple[Inline, ...]
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """Quoted matter set off from the text: letters, epigraphs, extracts."""

    blocks: tuple[Block, ...]
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Verse:
    """Lines that must keep their breaks: poetry, songs, sign-offs."""

    lines: tuple[tuple[Inline, ...], ...]
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted or numbered list; each item is a sequence of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Verbatim text shown as written."""

    text: str
    source: SourceRef | None = None
    caption: tuple[Inline, ...] = ()
    """What the code is (a file's name), from a Markua ``{caption: …}`` line."""


@dataclass(frozen=True, slots=True)
class Image:
    """An illustration; ``asset`` names an entry of :attr:`Book.assets`."""

    asset: str
    """The asset's name inside the book (``images/map.png``)."""
    alt: str
    """Text for readers who cannot see the image."""
    caption: tuple[Inline, ...] = ()
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class RawHtml:
    """Author-written HTML, already sanitised to a safe subset of XHTML."""

    html: str
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class AuthorNote:
    """A note to the reader inside a chapter (fan fiction's ``A/N:`` at its start or end)."""

    blocks: tuple[Block, ...]
    source: SourceRef | None = None


Cell = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table: a header row over body rows, each cell its inline runs."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[str, ...] = ()
    """Each column's alignment: ``left``, ``center``, ``right``, or ``""`` (the default)."""
    caption: tuple[Inline, ...] = ()
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Definitions:
    """A definition list (a glossary's terms): each term with the blocks defining it."""

    items: tuple[tuple[tuple[Inline, ...], tuple[Block, ...]], ...]
    source: SourceRef | None = None


Block = (Paragraph | Heading | BlockQuote | Verse | ListBlock | CodeBlock | Image | RawHtml
         | AuthorNote | Table | Definitions)

# --------------------------------------------------------------------------- structure


@dataclass(frozen=True, slots=True)
class Footnote:
    """A note attached to a chapter or section, referenced by :class:`FootnoteRef`."""

    label: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Scene:
    """A run of blocks between two scene breaks."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter: its title and its scenes, separated by scene breaks."""

    title: str
    """The title as the reader should see it (``Chapter One``, ``Stave I: Marley's Ghost``)."""
    scenes: tuple[Scene, ...]
    source: SourceRef | None = None
    subtitle: str = ""
    """A title below the label, where the source gives both (``Chapter 3`` / ``The Ball``)."""
    notes: tuple[Footnote, ...] = ()
    rule: str = ""
    """The reader rule that recognised it, shown by ``mkbook inspect``."""
    label: str = ""
    """The label and number the title opens with (``Chapter 3``), or the whole title
    when it is nothing else; set by the transforms (rule *heading-label*)."""

    @property
    def blocks(self) -> Iterator[Block]:
        """Every block of every scene, in reading order."""
        for scene in self.scenes:
            yield from scene.blocks


@dataclass(frozen=True, slots=True)
class Part:
    """A level above chapters (``Part One``, ``BOOK ONE: 1805``)."""

    title: str
    chapters: tuple[Chapter, ...]
    source: SourceRef | None = None
    rule: str = ""
    """The reader rule that recognised it, shown by ``mkbook inspect``."""


SectionRole = Literal[
    "titlepage",
    "copyright-page",
    "dedication",
    "epigraph",
    "foreword",
    "preface",
    "prologue",
    "introduction",
    "toc",
    "epilogue",
    "afterword",
    "acknowledgments",
    "about-the-author",
    "author-note",
    "appendix",
    "glossary",
    "bibliography",
    "colophon",
    "contributors",
    "license",
    "other",
]
SECTION_ROLES: frozenset[str] = frozenset(get_args(SectionRole))
"""Every role a front- or back-matter section may have."""


@dataclass(frozen=True, slots=True)
class Section:
    """A piece of front or back matter, named by its role."""

    role: SectionRole
    """What the section is, in EPUB structural-semantics terms where one fits."""
    title: str
    """Its heading; may be empty for sections that are shown without one (a dedication)."""
    blocks: tuple[Block, ...]
    source: SourceRef | None = None
    notes: tuple[Footnote, ...] = ()
    rule: str = ""
    """The reader rule that recognised it, shown by ``mkbook inspect``."""


# --------------------------------------------------------------------------- book


@dataclass(frozen=True, slots=True)
class Removal:
    """Text of the manuscript a named rule keeps out of the book on purpose (a Project
    Gutenberg header), listed by ``mkbook inspect`` so nothing goes unseen."""

    rule: str
    what: str
    """What it was, in a few words (``the Project Gutenberg header``)."""
    text: str
    """The text removed (its words are what the reading check lets go)."""
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class LeftOutFile:
    """A Markdown or text file of the project that is not read, and why (a README, a
    page the project's map does not list), listed by ``mkbook inspect``."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Asset:
    """A file the book carries (an image), confined to the book project."""

    name: str
    """Its path inside the book, POSIX style (``images/map.png``)."""
    path: Path
    """Where it is on disk; always inside the book project (for an image a Word
    document holds, the document)."""
    media_type: str
    data: bytes | None = None
    """The image's bytes when it lives inside the manuscript file (a Word document's
    media), not as a file of its own."""


BodyItem = Part | Chapter


@dataclass(frozen=True, slots=True)
class Book:
    """A whole book, as read from its manuscript."""

    metadata: Metadata
    body: tuple[BodyItem, ...]
    """Chapters in reading order, grouped into parts where the book has them."""
    front_matter: tuple[Section, ...] = ()
    back_matter: tuple[Section, ...] = ()
    assets: tuple[Asset, ...] = ()
    root: Path | None = None
    """The book project's folder: the only place an exporter may read files from."""
    sources: tuple[Path, ...] = ()
    """The manuscript files read, in reading order."""
    cover: Asset | None = None
    """The author's cover image; None means exporters generate one."""
    warnings: tuple[Diagnostic, ...] = field(default=())
    removed: tuple[Removal, ...] = ()
    """Manuscript text named rules kept out of the book on purpose."""
    left_out_files: tuple[LeftOutFile, ...] = ()
    """The project's files that are not the book's text, with the reason."""
    project_map: str = ""
    """The map of its files the project's tool keeps, if one was read:
    ``mdbook (src/SUMMARY.md)``."""

    @property
    def parts(self) -> tuple[Part, ...]:
        """The book's parts; empty for a book without them."""
        return tuple(item for item in self.body if isinstance(item, Part))

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        """Every chapter in reading order, whether or not it sits in a part."""
        found: list[Chapter] = []
        for item in self.body:
            found.extend(item.chapters if isinstance(item, Part) else (item,))
        return tuple(found)
