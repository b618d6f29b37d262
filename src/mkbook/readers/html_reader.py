"""The HTML reader: a web page someone saved (Word's "Save as Web Page", Google Docs'
zipped HTML, an archive's download) into the book model.

A download from the Archive of Our Own has a known shape and goes to
:mod:`mkbook.readers.ao3`; a FanFicFare download's head (title line, metadata rows,
contents list) is read by :mod:`mkbook.readers.fanficfare`. Any other page is split at
its headings as a one-file Markdown book is: a single ``h1`` over ``h2`` headings is the
book's title over its chapters, else the shallowest heading level used more than once
holds the chapters (``h1`` in most pages); with no headings, paragraphs that read as
chapter headings (``Chapter One``) are. A horizontal rule or a marker paragraph
(``* * *``) is a scene break. Only what a reader of the page sees is text: scripts, styles,
comments and hidden elements are not, and every word that is must reach the book. Notes
the page links within itself are found by :mod:`mkbook.readers.html_notes`.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import lxml.html

from mkbook.confine import read_confined
from mkbook.diagnostics import SourceRef
from mkbook.errors import ManuscriptError
from mkbook.model import (
    Block,
    BodyItem,
    Chapter,
    Heading,
    Metadata,
    Paragraph,
    Part,
    Removal,
    Scene,
    Section,
)
from mkbook.readers.ao3 import is_ao3, read_ao3
from mkbook.readers.fanficfare import is_fanficfare, read_story_head
from mkbook.readers.headings import match_heading
from mkbook.readers.html_blocks import (
    HtmlContext,
    cut_scenes,
    element_blocks,
    style_classes,
    visible_text,
)
from mkbook.readers.html_notes import attach_notes, find_page_notes
from mkbook.readers.markdown_blocks import MarkdownContext
from mkbook.readers.markdown_book import field_heading
from mkbook.readers.matter import (
    BACK_ROLES,
    back_matter_at_end,
    match_matter_heading,
    split_names,
)
from mkbook.readers.read_file import ReadFile
from mkbook.textnorm import language_tag
from mkbook.walk import plain_text

MAX_HTML_BYTES = 64 * 1024 * 1024


def read_html_file(path: Path, files: MarkdownContext, one_of_many: bool) -> ReadFile:
    """Read the web page at *path* (confined to the project *files* reads from)."""
    data = read_confined(files.root, path.absolute(), what="manuscript file",
                         label=files.display, limit=MAX_HTML_BYTES)
    return _read_page(data, HtmlContext(files), path.stem if one_of_many else "")


def read_zipped_html(path: Path, files: MarkdownContext, one_of_many: bool) -> ReadFile:
    """Rule *zipped-page*: Google Docs' "Web page (.html, zipped)": the one page in the
    zip, its pictures from the zip's ``images/``."""
    try:
        with zipfile.ZipFile(path) as package:
            names = [info.filename for info in package.infolist()
                     if not info.filename.startswith("__MACOSX/") and info.file_size
                     <= MAX_HTML_BYTES]
            pages = [name for name in names if name.lower().endswith((".html", ".htm"))]
            if len(pages) != 1:
                raise ManuscriptError(f"is a zip archive holding {len(pages)} web pages; "
                                      "mkbook reads a zipped page (Google Docs' export), "
                                      "which holds one: unzip it and name the page",
                                      source=files.display)
            data = package.read(pages[0])
            pictures = {name: package.read(name) for name in names
                        if not name.lower().endswith((".html", ".htm", "/"))}
    except zipfile.BadZipFile as err:
        raise ManuscriptError(f"is not a zip archive mkbook can open ({err})",
                              source=files.display) from None
    base = str(PurePosixPath(pages[0]).parent)
    packaged = {str(PurePosixPath(name).relative_to(base)) if base != "." else name: blob
                for name, blob in pictures.items() if base == "." or name.startswith(base)}
    return _read_page(data, HtmlContext(files, packaged=packaged),
                      path.stem if one_of_many else "")


def _read_page(data: bytes, ctx: HtmlContext, file_title: str) -> ReadFile:
    """A page's bytes into the book's pieces."""
    files = ctx.files
    try:
        root = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError) as err:
        raise ManuscriptError(f"is not a web page mkbook can read ({err})",
                              source=files.display) from None
    ctx.classes = style_classes(root)
    body = root.find("body")
    if body is None:
        raise ManuscriptError("has no <body>: nothing to read", source=files.display)
    ctx.page_notes = find_page_notes(body)
    marks = ctx.page_notes.marks()
    seen = visible_text(body, ctx.classes.get("hidden", frozenset()))
    if is_ao3(root):
        return _with_notes(read_ao3(root, ctx, seen), ctx, marks)
    story = read_story_head(body, ctx) if is_fanficfare(body) else None
    title = " ".join((root.findtext(".//title") or "").split())
    blocks, fields, removed = _field_headings(element_blocks(body, ctx), files.display)
    front, items, back, found_title = split_chapters(blocks, files.display, file_title)
    metadata = story.metadata if story else Metadata(
        title=fields.get("title") or found_title or title,
        authors=split_names(fields.get("author", "")), date=fields.get("date", ""),
        language=language_tag(fields.get("language", "")) or _language(root))
    return _with_notes(ReadFile(metadata, (*story.preface, *front) if story else tuple(front),
                                tuple(items), tuple(back), tuple(ctx.warnings), seen,
                                tuple(files.assets.values()),
                                (*removed, *(story.removed if story else ()))), ctx, marks)


def _field_headings(blocks: list[Block], display: str
                    ) -> tuple[list[Block], dict[str, str], list[Removal]]:
    """Rule *field-heading*, as Markdown has it: the headings a page opens with that read
    ``Title: …``, ``Author: …``, ``Year: …`` give its metadata, not chapters."""
    fields: dict[str, str] = {}
    removed: list[Removal] = []
    index = 0
    while index < len(blocks) and isinstance(blocks[index], Heading):
        text = plain_text(blocks[index].content)  # type: ignore[union-attr]
        found = field_heading(text)
        if found is None:
            break
        fields.setdefault(*found)
        removed.append(Removal("field-heading", f"a heading that gives the book's {found[0]}",
                               text, blocks[index].source or SourceRef(display, 1)))
        index += 1
    return blocks[index:], fields, removed


def _with_notes(read: ReadFile, ctx: HtmlContext, marks: str) -> ReadFile:
    """*read* with the page's notes attached to the chapters that call them, and their
    marks listed as removed (the book numbers its notes itself)."""
    if not ctx.footnotes:
        return read
    removed = Removal("page-notes", "the marks of the page's notes", marks,
                      SourceRef(ctx.files.display, 1))
    return replace(read, front=attach_notes(read.front, ctx.footnotes),
                   body=attach_notes(read.body, ctx.footnotes),
                   back=attach_notes(read.back, ctx.footnotes),
                   removed=(*read.removed, removed))


def _language(root: Any) -> str:
    return language_tag(root.get("lang") or root.get("xml:lang") or "") or ""


def split_chapters(blocks: list[Block], display: str, file_title: str) -> tuple[
        list[Section], list[BodyItem], list[Section], str]:
    """Rule *html-headings*: a page's blocks into front matter, chapters (grouped in
    parts) and back matter, at the level its chapter headings use; returns the book's
    title when a lone ``h1`` heads the page."""
    levels = Counter(b.level for b in blocks if isinstance(b, Heading))
    book_title = ""
    if levels.get(1) == 1 and levels.get(2, 0) >= 2 and isinstance(blocks[0], Heading) \
            and blocks[0].level == 1:
        book_title, blocks = plain_text(blocks[0].content), blocks[1:]
        levels[1] = 0
    repeated = [level for level, count in levels.items() if count >= 2]
    chapter_level = min(repeated) if repeated else min((n for n, c in levels.items() if c),
                                                       default=0)
    if not chapter_level:
        blocks = [_as_heading(b) for b in blocks]
        chapter_level = 1 if any(isinstance(b, Heading) for b in blocks) else 0
    front: list[Section] = []
    body: list[BodyItem] = []
    # Text before the first heading: a chapter of its own when the file is one of many
    # (titled by its name) or the page has no headings at all, else front matter.
    title: str | None = file_title or ("" if not chapter_level else None)
    source = SourceRef(display, 1)
    pending: list[Block] = []
    headed = False
    for block in [*blocks, None]:
        opens = isinstance(block, Heading) and block.level <= chapter_level
        if block is not None and not opens:
            pending.append(block)
            continue
        if pending or headed:  # with nothing before the first heading, there is no lead
            _close(title, pending, source, front, body)
        pending = []
        if isinstance(block, Heading):
            headed = True
            title = plain_text(block.content)
            source = block.source or source
            found = match_heading(title)
            if found is not None and found.level == "part":
                body.append(Part(title, (), source, "html-heading"))
                title = None
    back = back_matter_at_end(body)
    return front, body, back, book_title


def _as_heading(block: Block) -> Block:
    """A paragraph that reads as a chapter or part heading, on a page with none."""
    if isinstance(block, Paragraph):
        text = plain_text(block.content).strip()
        found = match_heading(text) if len(text) <= 100 else None
        if found is not None and found.level in ("chapter", "part"):
            return Heading(1, block.content, block.source)
    return block


def _close(title: str | None, blocks: list[Block], source: SourceRef, front: list[Section],
           body: list[BodyItem]) -> None:
    """The blocks gathered under a heading (*title*; None before the first) as a
    chapter, a matter section, or the lead text."""
    kept = tuple(Scene(tuple(scene)) for scene in cut_scenes(blocks) if scene)
    chapters = [c for item in body for c in (item.chapters if isinstance(item, Part)
                                              else (item,))]
    if title is None:
        if kept and not body:
            front.append(Section("other", "", tuple(b for s in kept for b in s.blocks),
                                 source, rule="text-before-chapters"))
        elif kept:  # text right under a part heading: the part's opening chapter
            _close("", blocks, source, front, body)
        return
    role = match_matter_heading(title)
    if role is not None and role not in BACK_ROLES and not chapters:
        front.append(Section(role, title, tuple(b for s in kept for b in s.blocks), source,
                             rule="matter-heading"))
        return
    chapter = Chapter(title, kept, source, rule="html-heading")
    if body and isinstance(body[-1], Part):
        part = body[-1]
        body[-1] = Part(part.title, (*part.chapters, chapter), part.source, part.rule)
    else:
        body.append(chapter)
