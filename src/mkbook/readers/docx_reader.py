"""The Word reader: a ``.docx`` manuscript into the book model.

Chapters come from the document's own structure, in this order of evidence:

1. *Heading styles* (``Heading 1``…, ``Title``, ``Subtitle``, or any style or
   paragraph with an outline level): the shallowest level used at least twice holds
   the chapters (a level used once above it is the book's title, or a part when it
   reads ``Part One``); deeper levels are headings inside them.
2. With no heading styles, *what a reader sees*: a short paragraph that reads as a
   chapter or part heading (``Chapter One``, ``CHAPTER 1``, ``Глава 1``), or — when two
   or more do — one set apart by layout: centred and bold, in a larger size, or after
   a page break.

Matter headings (``Preface``, ``Acknowledgments``) before the first chapter or after
the last are front and back matter.  Scene breaks are centred marker paragraphs
(``* * *``, ``#``), or, only where the author uses no markers, runs of empty
paragraphs longer than the document's usual spacing.  Empty heading paragraphs are
spacing, not contents entries.  Tracked insertions are text and deletions are not;
comments are never text — and a file still holding either is a warning, so an
editor's notes are not published by accident.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from mkbook.errors import ManuscriptError
from mkbook.model import (
    BodyItem,
    Chapter,
    Diagnostic,
    Footnote,
    Metadata,
    Paragraph,
    Part,
    Removal,
    Scene,
    Section,
    SourceRef,
)
from mkbook.readers.docx_blocks import Item, Picture, WordImages, scenes_of, trimmed
from mkbook.readers.docx_paragraphs import (
    BodyReader,
    Revisions,
    W,
    WordParagraph,
    read_styles,
)
from mkbook.readers.headings import match_heading
from mkbook.readers.markdown_book import notes_of
from mkbook.readers.matter import back_matter_at_end, match_matter_heading
from mkbook.readers.read_file import ReadFile
from mkbook.readers.scene_breaks import is_marker_line

REVISIONS = "MK209"
_HEADING_WORDS = 12
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
    front, body, back, found = assemble(items, _notes(document, reader), display,
                                        path.stem if one_of_many else "", images)
    props = document.core_properties
    metadata = Metadata(title=found.get("title") or (props.title or "").strip(),
                        subtitle=found.get("subtitle", ""),
                        authors=document_authors(props.author or ""),
                        language=(props.language or "").strip() or "en")
    return ReadFile(metadata, front, body, back,
                    tuple(revision_warnings(reader.revisions, display)) + tuple(images.warnings),
                    _source_text(document), tuple(images.assets.values()),
                    (Removal("generated-contents", "the document's generated contents table",
                             "\n".join(p.text for p in contents),
                             SourceRef(display, contents[0].number)),) if contents else ())


def assemble(items: list[Item], notes: dict[str, Footnote], display: str, file_title: str,
             images: WordImages) -> tuple[tuple[Section, ...], tuple[BodyItem, ...],
                                          tuple[Section, ...], dict[str, str]]:
    """A word processor's paragraphs (Word's or OpenDocument's) as front matter,
    chapters and back matter, with the title and subtitle found among them."""
    kinds = _style_headings(items) or _layout_headings(items)
    builder = _Builder(display, kinds, notes, file_title, images)
    for index, item in enumerate(items):
        builder.add(index, item)
    return builder.finish()


def _picture(document: docx.document.Document, rid: str) -> Picture | None:
    part = document.part.related_parts.get(rid)
    if part is None:
        return None
    return Path(str(part.partname)).name, str(getattr(part, "content_type", "")), part.blob


_TOOL_AUTHORS = frozenset({"python-docx", "microsoft office user", "windows user",
                           "utilisateur windows", "admin", "administrator", "user", "author",
                           "unknown", "owner"})
"""Names word processors and libraries write when nobody gave one: not an author."""


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


def _style_headings(items: list[Item]) -> dict[int, str]:
    """Rule *heading-styles*: what each styled heading paragraph is, by its level."""
    styled = {i: p for i, p in enumerate(items) if isinstance(p, WordParagraph)
              and p.text.strip() and (p.outline or p.style.name.lower() in ("title", "subtitle"))}
    if not any(p.outline for p in styled.values()):
        return {}
    kinds: dict[int, str] = {}
    for index, paragraph in styled.items():
        name = paragraph.style.name.lower()
        if name in ("title", "subtitle"):
            kinds[index] = name
    levels = Counter(p.outline for i, p in styled.items() if i not in kinds and p.outline)
    parts = {p.outline for i, p in styled.items() if i not in kinds and _reads_as_part(p)}
    only_parts = {level for level in levels if level in parts and all(
        _reads_as_part(p) for p in styled.values() if p.outline == level)}
    repeated = [level for level, count in levels.items()
                if count >= 2 and level not in only_parts]
    chapter = min(repeated) if repeated else min(levels)
    for index, paragraph in styled.items():
        if index in kinds or not paragraph.outline:
            continue
        found = match_heading(paragraph.text)
        if paragraph.outline == chapter:
            kinds[index] = "part" if found and found.level == "part" else "chapter"
        elif paragraph.outline < chapter:
            once = levels[paragraph.outline] == 1 and "title" not in kinds.values()
            kinds[index] = "part" if found and found.level == "part" else (
                "title" if once else "part")
        else:
            kinds[index] = f"section-{min(paragraph.outline - chapter + 2, 6)}"
    return kinds


def _reads_as_part(paragraph: WordParagraph) -> bool:
    found = match_heading(paragraph.text)
    return found is not None and found.level == "part"


def _layout_headings(items: list[Item]) -> dict[int, str]:
    """Rule *heading-layout*: with no heading styles, a short paragraph that reads as a
    chapter or part heading is one; so, when two or more are, is one set apart by its
    layout (centred and bold, larger type, or after a page break)."""
    paragraphs = [(i, p) for i, p in enumerate(items) if isinstance(p, WordParagraph)]
    body_size = Counter(p.size for _, p in paragraphs if p.size and len(p.text) > 80)
    usual = body_size.most_common(1)[0][0] if body_size else None
    kinds: dict[int, str] = {}
    set_apart: list[int] = []
    for index, paragraph in paragraphs:
        text = paragraph.text.strip()
        if not text or len(text.split()) > _HEADING_WORDS or len(text) > 100 or (
                is_marker_line(text)):
            continue
        found = match_heading(text)
        if found is not None and found.level in ("chapter", "part"):
            kinds[index] = found.level
        elif match_matter_heading(text) and _looks_set_apart(paragraph, usual):
            kinds[index] = "chapter"
        elif _looks_set_apart(paragraph, usual) and not text.endswith((".", ",", ";")):
            set_apart.append(index)
    if len(set_apart) >= 2:
        kinds.update((index, "chapter") for index in set_apart)
    return kinds


def _looks_set_apart(paragraph: WordParagraph, usual: float | None) -> bool:
    larger = bool(paragraph.size and usual and paragraph.size >= usual * 1.2)
    return (paragraph.centred and (paragraph.bold or larger or paragraph.page_break)) or larger


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

    def add(self, index: int, item: Item) -> None:
        kind = self.kinds.get(index)
        if kind in ("title", "subtitle") and isinstance(item, WordParagraph):
            self.found.setdefault(kind, item.text.strip())
        elif kind in ("chapter", "part") and isinstance(item, WordParagraph):
            self.close()
            title = " ".join(item.text.split())
            if kind == "part":
                self.body.append(Part(title, (), SourceRef(self.display, item.number), "docx"))
            else:
                self.current = ("chapter", title, item.number)
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
            chapter = Chapter(title, scenes, where, notes=notes, rule="docx-heading")
            if isinstance(self.body[-1:] and self.body[-1], Part):
                part = self.body[-1]
                assert isinstance(part, Part)
                self.body[-1] = Part(part.title, (*part.chapters, chapter), part.source,
                                     part.rule)
            else:
                self.body.append(chapter)
        self.current = None

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
