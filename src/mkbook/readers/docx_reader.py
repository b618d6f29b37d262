"""The Word reader: a ``.docx`` manuscript into the book model.

Chapters come from the document's own structure (heading styles, else what a reader
sees: see :mod:`~mkbook.readers.docx_headings`); what stands before the first of them
(a submission header, a title block) is read by :mod:`~mkbook.readers.docx_lead`.
Matter headings (``Preface``, ``Acknowledgments``) before the first chapter or after
the last are front and back matter.  Scene breaks are centred marker paragraphs
(``* * *``, ``#``), or, only where the author uses no markers, runs of empty
paragraphs longer than the document's usual spacing.  Empty heading paragraphs are
spacing, not contents entries.  Tracked insertions are text and deletions are not;
comments are never text — and a file still holding either is a warning, so an
editor's notes are not published by accident.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import ManuscriptError
from mkbook.model import (
    BodyItem,
    Chapter,
    Footnote,
    Metadata,
    Paragraph,
    Part,
    Removal,
    Scene,
    Section,
)
from mkbook.readers.docx_blocks import Item, Picture, WordImages, scenes_of, trimmed
from mkbook.readers.docx_headings import heading_kinds
from mkbook.readers.docx_lead import read_lead
from mkbook.readers.docx_paragraphs import (
    BodyReader,
    Revisions,
    W,
    WordParagraph,
    read_styles,
)
from mkbook.readers.markdown_book import notes_of
from mkbook.readers.matter import (
    back_matter_at_end,
    by_line_authors,
    match_matter_heading,
    split_names,
)
from mkbook.readers.read_file import ReadFile
from mkbook.textnorm import language_tag, title_case

REVISIONS = "MK209"
_FRONT_ROLES = frozenset({"preface", "foreword", "introduction", "dedication", "epigraph",
                          "acknowledgments"})



def read_docx_file(path: Path, display: str, one_of_many: bool) -> ReadFile:
    """Read the Word document at *path*; *display* names it in diagnostics."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile,
            etree.XMLSyntaxError) as err:
        raise ManuscriptError(f"is not a Word document mkbook can open ({err}); save it "
                              "again from Word or Google Docs as .docx", source=path) from None
    reader = BodyReader(read_styles(document.styles.element))
    every = list(reader.paragraphs(document.element.body))
    items = [p for p in every if not (isinstance(p, WordParagraph) and p.contents)]
    contents = [p for p in every if isinstance(p, WordParagraph) and p.contents and p.text]
    images = WordImages(lambda rid: _picture(document, rid), path, display)
    read = assemble(items, _notes(document, reader), display,
                    path.stem if one_of_many else "", images)
    props = document.core_properties
    language = read.language or (props.language or "").strip()
    metadata = Metadata(title=read.title(language or "en") or document_title(props.title or ""),
                        subtitle=read.found.get("subtitle", ""),
                        authors=read.authors or document_authors(props.author or ""),
                        language=language, date=read.found.get("date", ""),
                        publisher=read.found.get("publisher", ""))
    removed = read.removed + ((Removal(
        "generated-contents", "the document's generated contents table",
        "\n".join(p.text for p in contents), SourceRef(display, contents[0].number)),)
        if contents else ())
    return ReadFile(metadata, read.front, read.body, read.back,
                    tuple(revision_warnings(reader.revisions, display)) + tuple(images.warnings),
                    _source_text(document), tuple(images.assets.values()), removed)


@dataclass(frozen=True, slots=True)
class Assembled:
    """A word-processed document's matter and chapters, and what its lead told."""

    front: tuple[Section, ...]
    body: tuple[BodyItem, ...]
    back: tuple[Section, ...]
    found: dict[str, str]
    """The title, subtitle and author lines found in the text (kind → text), and what
    field headings give (``date``, ``language``, ``publisher``…)."""
    removed: tuple[Removal, ...]

    def title(self, language: str) -> str:
        """The title the text gives, in a catalogue's case (``THE LONG WINTER`` set in
        capitals on the page is *The Long Winter*)."""
        return title_case(self.found.get("title", ""), language)

    @property
    def language(self) -> str:
        """The language a field heading gives (``Language: French``), as a tag."""
        return language_tag(self.found.get("language", "")) or ""

    @property
    def authors(self) -> tuple[str, ...]:
        """The authors a ``by …`` line, a field heading or a submission header names."""
        line = self.found.get("author", "")
        return by_line_authors(line) or split_names(line)


def assemble(items: list[Item], notes: dict[str, Footnote], display: str, file_title: str,
             images: WordImages) -> Assembled:
    """A word processor's paragraphs (Word's or OpenDocument's) as front matter,
    chapters and back matter, with the title, subtitle and author found among them."""
    kinds = heading_kinds(items)
    lead, removed, fields = read_lead(items, kinds, display)
    kinds.update(lead)
    builder = _Builder(display, kinds, notes, file_title, images)
    for index, item in enumerate(items):
        builder.add(index, item)
    front, body, back, found = builder.finish()
    return Assembled(front, body, back, {**fields, **found}, tuple(removed))


def _picture(document: docx.document.Document, rid: str) -> Picture | None:
    part = document.part.related_parts.get(rid)
    if part is None:
        return None
    return Path(str(part.partname)).name, str(getattr(part, "content_type", "")), part.blob


_TOOL_AUTHORS = frozenset({"python-docx", "microsoft office user", "windows user",
                           "utilisateur windows", "admin", "administrator", "user", "author",
                           "unknown", "owner"})
"""Names word processors and libraries write when nobody gave one: not an author."""


_TOOL_TITLE_RE = re.compile(
    r"^(?:microsoft word\s*-\s*.*|document\s*\d*|untitled(?: document)?(?:\s*\d+)?"
    r"|sans titre|unbenannt|doc\d+)(?:\.docx?)?$", re.IGNORECASE)


def document_title(field: str) -> str:
    """The document's title property, unless it is what a tool wrote (``Microsoft Word
    - Document1.docx``, ``Untitled document``)."""
    title = field.strip()
    return "" if _TOOL_TITLE_RE.match(title) else title


def document_authors(field: str) -> tuple[str, ...]:
    """The document's author property, unless it is a tool's placeholder."""
    names = [name.strip() for name in field.split(";") if name.strip()]
    return tuple(name for name in names if name.casefold() not in _TOOL_AUTHORS)


def _notes(document: docx.document.Document, reader: BodyReader) -> dict[str, Footnote]:
    """Footnotes and endnotes by the labels their references carry (``fn-2``); the
    separator "notes" Word keeps among them are not notes."""
    found: dict[str, Footnote] = {}
    for kind, relation, tag in (("fn", RT.FOOTNOTES, "footnote"), ("en", RT.ENDNOTES, "endnote")):
        try:
            part = document.part.part_related_by(relation)
        except KeyError:
            continue
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False,
                                                           no_network=True))
        for note in root.iter(f"{W}{tag}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                continue
            label = f"{kind}-{note.get(f'{W}id')}"
            paragraphs = [p for p in reader.paragraphs(note) if isinstance(p, WordParagraph)]
            found[label] = Footnote(label, tuple(Paragraph(trimmed(p.runs))
                                                 for p in paragraphs if p.text.strip()))
    return found


@dataclass(slots=True)
class _Builder:
    """Walks the paragraphs into sections, chapters and parts."""

    display: str
    kinds: dict[int, str]
    notes: dict[str, Footnote]
    file_title: str
    images: WordImages
    front: list[Section] = field(default_factory=list)
    body: list[BodyItem] = field(default_factory=list)
    back: list[Section] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)
    current: tuple[str, str, int] | None = None
    """The container being filled: kind (chapter, part-less, matter role), title, index."""
    pending: list[tuple[int, Item]] = field(default_factory=list)
    subtitle: str = ""
    """The styled title under the current chapter's label line (``Chapter 3`` / ``The Ball``)."""
    labelled: bool = False
    """The current chapter began at a label line whose styled title may follow."""

    def add(self, index: int, item: Item) -> None:
        kind = self.kinds.get(index)
        if kind == "left-out":
            return  # a submission header or title page: a Removal records its text
        if kind in ("title", "subtitle", "author") and isinstance(item, WordParagraph):
            self.found.setdefault(kind, item.text.strip())
        elif kind in ("chapter", "part", "label") and isinstance(item, WordParagraph):
            title = " ".join(item.text.split())
            if kind == "chapter" and self.labelled and not any(
                    isinstance(p, list) or p.text.strip() for _, p in self.pending):
                self.subtitle, self.labelled = title, False
                return
            self.close()
            if kind == "part":
                self.body.append(Part(title, (), SourceRef(self.display, item.number), "docx"))
            else:
                self.current = ("chapter", title, item.number)
                self.labelled = kind == "label"
        else:
            self.pending.append((index, item))

    def close(self) -> None:
        """Finish the container being filled with the paragraphs gathered for it."""
        blocks_scenes = scenes_of(self.pending, self.kinds, self.images)
        self.pending = []
        if self.current is None and not any(blocks_scenes):
            return
        kind, title, number = self.current or ("lead", self.file_title, 1)
        where = SourceRef(self.display, number)
        scenes = tuple(Scene(tuple(blocks)) for blocks in blocks_scenes if blocks)
        blocks = tuple(block for scene in scenes for block in scene.blocks)
        notes = notes_of(blocks, tuple(self.notes.values()))
        role = match_matter_heading(title) if title else None
        chapters = [c for item in self.body for c in (item.chapters if isinstance(item, Part)
                                                       else (item,))]
        headed = any(k in ("chapter", "part") for k in self.kinds.values())
        if kind == "lead" and not self.file_title and headed:
            if blocks:
                self.front.append(Section("other", "", blocks, where, notes,
                                          "text-before-chapters"))
        elif role in _FRONT_ROLES and not chapters:
            self.front.append(Section(role, title, blocks, where, notes, "matter-heading"))
        else:
            chapter = Chapter(title, scenes, where, self.subtitle, notes, "docx-heading")
            if isinstance(self.body[-1:] and self.body[-1], Part):
                part = self.body[-1]
                assert isinstance(part, Part)
                self.body[-1] = Part(part.title, (*part.chapters, chapter), part.source,
                                     part.rule)
            else:
                self.body.append(chapter)
        self.current, self.subtitle, self.labelled = None, "", False

    def finish(self) -> tuple[tuple[Section, ...], tuple[BodyItem, ...], tuple[Section, ...],
                              dict[str, str]]:
        self.close()
        body = list(self.body)
        back = back_matter_at_end(body)
        return tuple(self.front), tuple(body), tuple(back), self.found


def revision_warnings(revisions: Revisions, display: str) -> list[Diagnostic]:
    warnings = []
    if revisions.insertions or revisions.deletions or revisions.comments:
        warnings.append(Diagnostic(REVISIONS, f"holds {revisions.insertions} tracked "
                                   f"insertion(s), {revisions.deletions} deletion(s) and "
                                   f"{revisions.comments} comment(s): insertions are read as "
                                   "text, deletions and comments are left out; accept or "
                                   "reject the changes in Word before you publish",
                                   SourceRef(display, 1)))
    return warnings


def _source_text(document: docx.document.Document) -> str:
    """python-docx's own text of the body: paragraphs and table cells."""
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)
