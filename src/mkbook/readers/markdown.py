"""The Markdown reader: CommonMark (markdown-it-py) with footnotes and front matter.

A file's level-1 headings open chapters (or parts, when they read as ``Part One``);
thematic breaks (``***``, ``---`` in the text) are scene breaks; a YAML front-matter
block may give the chapter's title, a ``role`` that makes the file front or back
matter, and, in a single-file book, the book's metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import ManuscriptError
from mkbook.model import (
    SECTION_ROLES,
    Block,
    BodyItem,
    Chapter,
    Footnote,
    Part,
    Removal,
    Scene,
    Section,
    SectionRole,
)
from mkbook.readers.assembly import EMPTY_SCENE
from mkbook.readers.front_matter import load_yaml, split_toml_front_matter
from mkbook.readers.headings import match_heading
from mkbook.readers.markdown_accounting import (
    account_for_words,
    leave_out_note,
    leave_out_unattached_notes,
)
from mkbook.readers.markdown_blocks import (
    MarkdownContext,
    convert_block,
    convert_blocks,
    footnote_label,
)
from mkbook.readers.markdown_book import (
    field_headings,
    lead,
    lead_sections,
    notes_of,
    plain,
    title_block,
    unnumbered_matter,
)
from mkbook.readers.markdown_syntax import parser
from mkbook.readers.matter import match_matter_heading
from mkbook.readers.textfile import INVISIBLE_CHARACTERS, read_text_file, remove_invisible


@dataclass(frozen=True, slots=True)
class MarkdownFile:
    """What one Markdown file holds: its front matter and its body items or section."""

    front_matter: dict[str, Any]
    body: tuple[BodyItem, ...]
    section: Section | None
    """Set instead of *body* when the file is front or back matter (``role:``)."""
    title: str
    """The book title when the file is a whole book with one ``#`` title heading."""
    lead: tuple[Section, ...] = ()
    """Front matter a one-file book has before its first chapter."""
    tail: tuple[Section, ...] = ()
    """Back matter a one-file book has after its numbered chapters."""


def read_markdown_file(path: Path, ctx: MarkdownContext, role: str | None = None,
                       map_title: str | None = None) -> MarkdownFile:
    """Read one Markdown file; *role* (from ``book.toml``) overrides its front matter.

    With *map_title* (the project's map names the file) the file is one chapter of that
    title, and its headings are its sections."""
    decoded = read_text_file(path, ctx.display, ctx.root)
    ctx.warnings.extend(decoded.warnings)
    toml_meta, text = split_toml_front_matter(decoded.text, ctx.display)
    env: dict[str, Any] = {}
    tokens = parser().parse(text, env)
    for label, line, note in env.get("unreferenced_notes", ()):
        leave_out_note(label, line, note, ctx)
    for line, comment in env.get("template_comments", ()):
        ctx.removed.append(Removal("template-tags", "a Liquid {% comment %}", comment,
                                   ctx.ref_line(line)))
    _drop_unshowable(tokens, ctx)
    tree = SyntaxTreeNode(tokens)
    meta = toml_meta or _front_matter(tree, ctx)
    role = role or meta.get("role")
    nodes = [node for node in tree.children if node.type != "front_matter"]
    if not ctx.one_of_many:
        nodes = field_headings(title_block(nodes, meta, ctx), meta, ctx)
    notes = _footnotes(nodes, ctx)
    if not role and (ctx.matter != "main" or any(n.type == "matter_marker" for n in nodes)):
        piece = _marked_matter(nodes, meta, notes, ctx)
    elif role and role != "chapter":
        piece = MarkdownFile(meta, (), _section(str(role), meta, nodes, notes, ctx), "")
    elif map_title is not None:
        piece = MarkdownFile(meta, (_map_chapter(nodes, ctx, map_title, notes),), None, "")
    elif (matter := _matter_page(nodes, ctx)) is not None:
        piece = MarkdownFile(meta, (), _section(matter, meta, nodes, notes, ctx), "")
    else:
        title, nodes, chapter_tag = ("", nodes, "h1") if ctx.one_of_many else _book_title(nodes)
        leading, nodes = ([], nodes) if ctx.one_of_many else lead(nodes, chapter_tag)
        body = _chapters(nodes, ctx, str(meta.get("title") or ""), notes, chapter_tag)
        front, body, back = ((), body, ()) if ctx.one_of_many else unnumbered_matter(body)
        piece = MarkdownFile(meta, body, None, title,
                             lead_sections(leading, notes, ctx) + front, back)
    sections = (*((piece.section,) if piece.section else ()), *piece.lead, *piece.tail)
    leave_out_unattached_notes(notes, piece.body, sections, ctx)
    account_for_words(text, tokens, piece.body, sections,
                      f"{piece.title} {piece.front_matter.get('title') or ''}", ctx)
    return piece


def _drop_unshowable(tokens: list[Token], ctx: MarkdownContext) -> None:
    """Characters no XML document may hold, as entities decode them (``&#12;``), are
    dropped from every token, with one warning naming the first line they were on."""
    removed, lines = 0, []
    stack = [(token, 0) for token in tokens]
    while stack:
        token, line = stack.pop()
        line = token.map[0] + 1 if token.map else line
        token.content, found = remove_invisible(token.content)
        for name, value in list((token.attrs or {}).items()):
            if isinstance(value, str):
                token.attrs[name], more = remove_invisible(value)
                found += more
        if found:
            removed += len(found)
            lines.append(line or 1)
        stack.extend((child, line) for child in token.children or ())
    if removed:
        ctx.warnings.append(Diagnostic(INVISIBLE_CHARACTERS, f"removed {removed} character(s) "
                                       "that no reader can show (written as entities)",
                                       SourceRef(ctx.display, min(lines))))


def _front_matter(tree: SyntaxTreeNode, ctx: MarkdownContext) -> dict[str, Any]:
    block = next((n for n in tree.children if n.type == "front_matter"), None)
    return load_yaml(block.content, ctx.display) if block is not None else {}


def _marked_matter(nodes: list[SyntaxTreeNode], meta: dict[str, Any],
                   notes: tuple[Footnote, ...], ctx: MarkdownContext) -> MarkdownFile:
    """Rule *matter-markers*: after Leanpub's ``{frontmatter}`` (or ``{backmatter}``) each
    ``#`` heading opens a front (back) section, its role by its name; after
    ``{mainmatter}`` they are chapters again."""
    lead: list[Section] = []
    body: list[BodyItem] = []
    tail: list[Section] = []
    segment: list[SyntaxTreeNode] = []
    for node in [*nodes, None]:
        if node is not None and node.type != "matter_marker":
            segment.append(node)
            continue
        if ctx.matter == "main":
            body.extend(_chapters(segment, ctx, str(meta.get("title") or ""), notes, "h1"))
        else:
            sections = [_section(match_matter_heading(plain(chunk[0])) or "other"
                                 if chunk[0].type == "heading" else "other", {}, chunk, notes, ctx)
                        for chunk in _at_headings(segment)]
            (lead if ctx.matter == "front" and not body else tail).extend(sections)
        segment = []
        if node is not None:
            ctx.matter = str(node.meta["matter"])
    return MarkdownFile(meta, tuple(body), None, "", tuple(lead), tuple(tail))


def _at_headings(nodes: list[SyntaxTreeNode]) -> list[list[SyntaxTreeNode]]:
    """*nodes* cut before each ``#`` heading."""
    chunks: list[list[SyntaxTreeNode]] = []
    for node in nodes:
        if not chunks or (node.type == "heading" and node.tag == "h1"):
            chunks.append([])
        chunks[-1].append(node)
    return chunks


def _matter_page(nodes: list[SyntaxTreeNode], ctx: MarkdownContext) -> str | None:
    """Rule *matter-page*: one file of a project whose only ``#`` heading names front or
    back matter (``# Introduction``, ``# Colophon``, ``# Changelog``) is that section."""
    if not ctx.one_of_many:
        return None
    titles = [n for n in nodes if n.type == "heading" and n.tag == "h1"]
    if len(titles) != 1 or not nodes or nodes[0] is not titles[0]:
        return None
    return match_matter_heading(plain(titles[0]))


def _map_chapter(nodes: list[SyntaxTreeNode], ctx: MarkdownContext, title: str,
                 notes: tuple[Footnote, ...]) -> Chapter:
    """Rule *map-title*: a file the project's map titles is one chapter of that title,
    its headings its sections; a first heading that spells the title is the title."""
    first = nodes[0] if nodes else None
    if first is not None and first.type == "heading" and _same_title(plain(first), title):
        nodes = nodes[1:]
    chapter = _ChapterBuilder(title, first, ctx, "map-title")
    for node in nodes:
        chapter.add(node, ctx)
    return chapter.build(_notes_for(chapter, notes))


def _same_title(heading: str, title: str) -> bool:
    """Spelled the same (a heading cased otherwise stays, as the page's own heading)."""
    return " ".join(heading.split()) == " ".join(title.split())


def _book_title(nodes: list[SyntaxTreeNode]) -> tuple[str, list[SyntaxTreeNode], str]:
    """Rule *title-heading*: one ``#`` heading first, then ``##`` chapters: ``#`` is the book;
    with no ``#`` heading at all, ``##`` headings are the chapters."""
    headings = [n for n in nodes if n.type == "heading"]
    h1 = [n for n in headings if n.tag == "h1"]
    if (len(h1) == 1 and nodes and nodes[0] is h1[0] and any(n.tag == "h2" for n in headings)
            and match_heading(plain(nodes[0])) is None):
        return plain(nodes[0]), nodes[1:], "h2"
    if not h1 and any(n.tag == "h2" for n in headings):
        return "", nodes, "h2"
    return "", nodes, "h1"


def _footnotes(nodes: list[SyntaxTreeNode], ctx: MarkdownContext) -> tuple[Footnote, ...]:
    notes: list[Footnote] = []
    for block in (n for n in nodes if n.type == "footnote_block"):
        for note in block.children:
            label = footnote_label(note.meta)
            notes.append(Footnote(label, tuple(convert_blocks(note.children, ctx))))
    return tuple(notes)


def _section(role: str, meta: dict[str, Any], nodes: list[SyntaxTreeNode],
             notes: tuple[Footnote, ...], ctx: MarkdownContext) -> Section:
    if role not in SECTION_ROLES:
        raise ManuscriptError(f"unknown role {role!r}; use one of: "
                              + ", ".join(sorted(SECTION_ROLES)), source=f"{ctx.display}:1")
    title = str(meta.get("title") or "")
    if nodes and nodes[0].type == "heading" and nodes[0].tag == "h1":
        title, nodes = title or plain(nodes[0]), nodes[1:]
    blocks = tuple(convert_blocks(nodes, ctx))
    return Section(cast(SectionRole, role), title, blocks, ctx.ref(nodes[0]) if nodes else None,
                   notes, rule="role")


class _ChapterBuilder:
    """Collects one chapter's scenes while walking a file's top-level nodes."""

    def __init__(self, title: str, node: SyntaxTreeNode | None, ctx: MarkdownContext,
                 rule: str) -> None:
        self.title = title
        self.subtitle = ""
        self.rule = rule
        self.source = ctx.ref(node) if node is not None else None
        self.scenes: list[list[Block]] = [[]]

    def add(self, node: SyntaxTreeNode, ctx: MarkdownContext) -> None:
        if node.type == "hr":
            if self.scenes[-1]:
                self.scenes.append([])
            elif len(self.scenes) > 1:
                ctx.warnings.append(Diagnostic(EMPTY_SCENE, "two scene breaks with nothing "
                                               "between them", ctx.ref(node)))
        elif self._is_subtitle(node):
            self.subtitle = plain(node)
        else:
            self.scenes[-1].extend(convert_block(node, ctx))

    def _is_subtitle(self, node: SyntaxTreeNode) -> bool:
        """Rule *label-then-title*: ``# Chapter 3`` then ``## The Ball`` is one chapter."""
        found = match_heading(self.title)
        return (node.type == "heading" and not self.subtitle and self.scenes == [[]]
                and found is not None and found.rule == "chapter-label")

    def build(self, notes: tuple[Footnote, ...]) -> Chapter:
        scenes = tuple(Scene(tuple(blocks)) for blocks in self.scenes if blocks)
        return Chapter(self.title, scenes, self.source, self.subtitle, notes, self.rule)


class _BodyBuilder:
    """Groups a file's chapters under the part headings met along the way."""

    def __init__(self, notes: tuple[Footnote, ...]) -> None:
        self.notes = notes
        self.body: list[BodyItem] = []
        self.part: tuple[str, SourceRef, list[Chapter]] | None = None
        self.current: _ChapterBuilder | None = None

    def open_part(self, title: str, source: SourceRef) -> None:
        self.close_chapter()
        self.close_part()
        self.part = (title, source, [])

    def open_chapter(self, chapter: _ChapterBuilder) -> None:
        self.close_chapter()
        self.current = chapter

    def close_chapter(self) -> None:
        if self.current is not None:
            chapter = self.current.build(_notes_for(self.current, self.notes))
            if self.part:
                self.part[2].append(chapter)
            else:
                self.body.append(chapter)
            self.current = None

    def close_part(self) -> None:
        if self.part:
            self.body.append(Part(self.part[0], tuple(self.part[2]), self.part[1]))
            self.part = None

    def finish(self) -> tuple[BodyItem, ...]:
        self.close_chapter()
        self.close_part()
        return tuple(self.body)


def _chapters(nodes: list[SyntaxTreeNode], ctx: MarkdownContext, fm_title: str,
              notes: tuple[Footnote, ...], chapter_tag: str) -> tuple[BodyItem, ...]:
    """Split a file at its chapter headings, grouping chapters under part headings."""
    builder = _BodyBuilder(notes)
    for node in nodes:
        title = _heading_text(node, chapter_tag, ctx)
        if title is not None:
            found = match_heading(title)
            if found and found.level == "part":
                builder.open_part(title, ctx.ref(node))
            else:
                builder.open_chapter(_ChapterBuilder(title, node, ctx, "markdown-heading"))
            continue
        if builder.current is None:
            rule = "front-matter-title" if fm_title else "file-name"
            title = fm_title or _stem_title(ctx.path)
            builder.open_chapter(_ChapterBuilder(title, node, ctx, rule))
        assert builder.current is not None
        builder.current.add(node, ctx)
    return builder.finish()


_LOOSE_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})(?P<title>[^#\s].{0,78})$")


def _heading_text(node: SyntaxTreeNode, chapter_tag: str, ctx: MarkdownContext) -> str | None:
    """The chapter title *node* gives, if it is a chapter heading.

    Rule *loose-heading*: ``#Chapter Twelve`` (no space, so not CommonMark) is clearly
    meant as a heading; it is read as one, with a warning.
    """
    if node.type == "heading":
        return plain(node) if node.tag == chapter_tag else None
    if node.type != "paragraph":
        return None
    found = _LOOSE_HEADING_RE.match(plain(node))
    if not found or f"h{len(found.group('hashes'))}" != chapter_tag:
        return None
    ctx.warnings.append(Diagnostic(
        "MK202", f"read {plain(node)!r} as a heading; put a space after the # "
        "so every Markdown tool agrees", ctx.ref(node)))
    return found.group("title").strip()


def _notes_for(chapter: _ChapterBuilder, notes: tuple[Footnote, ...]) -> tuple[Footnote, ...]:
    """The notes a chapter references (footnotes are collected per file), and the notes
    those notes reference: a note called only from another note is still the book's."""
    return notes_of(tuple(block for blocks in chapter.scenes for block in blocks), notes)


def _stem_title(path: Path) -> str:
    stem = path.stem.lstrip("0123456789-_ ").replace("-", " ").replace("_", " ")
    return " ".join(stem.split()).capitalize() or path.stem

