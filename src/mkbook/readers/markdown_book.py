"""A whole book in one Markdown file: what stands around its chapters.

pandoc's ``% Title`` block and headings that give fields (``# Title: Ethan Frome``)
are the metadata; text and sections before the first chapter are front matter
(``## Einleitung.`` before ``# Erstes Kapitel.``); in a book whose chapters are
numbered, unnumbered headings after the last are back matter (notes, a bibliography).
"""

from __future__ import annotations

import re
from typing import Any, cast

from markdown_it.tree import SyntaxTreeNode

from mkbook.model import (
    Block,
    BodyItem,
    Chapter,
    Footnote,
    FootnoteRef,
    Paragraph,
    Part,
    Removal,
    Section,
    SectionRole,
)
from mkbook.readers.headings import match_numbered
from mkbook.readers.markdown_blocks import MarkdownContext, convert_blocks
from mkbook.readers.matter import is_reference_list, match_matter_heading
from mkbook.walk import block_text, iter_inlines


def plain(node: SyntaxTreeNode) -> str:
    """A heading's or paragraph's text, markup and escapes removed."""
    inline = node.children[0] if node.children else None
    return "".join(_texts(inline)).strip() if inline is not None else ""


def _texts(node: SyntaxTreeNode) -> Any:
    for child in node.children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield " "
        else:
            yield from _texts(child)


def lead(nodes: list[SyntaxTreeNode], chapter_tag: str
          ) -> tuple[list[SyntaxTreeNode], list[SyntaxTreeNode]]:
    """Rule *text-before-chapters*: in a one-file book, text before its first chapter
    heading is front matter (a narrator's prologue), not a chapter named after the file."""
    first = next((i for i, n in enumerate(nodes) if n.type == "heading" and n.tag == chapter_tag),
                 None)
    if not first:
        return [], nodes
    lead = [n for n in nodes[:first] if n.type not in ("hr",)]
    return (lead, nodes[first:]) if lead else ([], nodes[first:])


def lead_sections(nodes: list[SyntaxTreeNode], notes: tuple[Footnote, ...],
                   ctx: MarkdownContext) -> tuple[Section, ...]:
    """The front matter before a one-file book's first chapter, a section per heading
    (``## Einleitung.``, ``## Historische Übersicht.``), text before any heading untitled."""
    groups: list[list[SyntaxTreeNode]] = []
    for node in nodes:
        if node.type == "heading" or not groups:
            groups.append([])
        groups[-1].append(node)
    sections = []
    for group in groups:
        title = plain(group[0]) if group[0].type == "heading" else ""
        body = group[1:] if title else group
        blocks = tuple(convert_blocks(body, ctx))
        role: SectionRole = (match_matter_heading(title) or "other") if title else "other"
        sections.append(Section(role, title, blocks, ctx.ref(group[0]),
                                notes_of(blocks, notes), rule="text-before-chapters"))
    return tuple(sections)


def unnumbered_matter(body: tuple[BodyItem, ...]) -> tuple[
        tuple[Section, ...], tuple[BodyItem, ...], tuple[Section, ...]]:
    """Rule *unnumbered-matter*: in a one-file book whose chapters are numbered
    (``Erstes Kapitel.`` … ``Fünftes Kapitel.``), unnumbered headings before the first
    and after the last numbered one are front and back matter (notes, a bibliography)."""
    if any(isinstance(item, Part) for item in body):
        return (), body, ()
    numbered = [i for i, item in enumerate(body)
                if isinstance(item, Chapter) and _numbered(item.title)]
    if len(numbered) < 2 or len(numbered) != numbered[-1] - numbered[0] + 1:
        return (), body, ()
    first, last = numbered[0], numbered[-1]
    return (tuple(_as_section(c, "other") for c in body[:first]), body[first:last + 1],
            tuple(_as_section(c, "appendix") for c in body[last + 1:]))


_LEADING_NUMBER_RE = re.compile(r"^(?:\d{1,4}|[IVXLCDM]{1,8})(?![\w'\u2019])")


def _numbered(title: str) -> bool:
    """``Erstes Kapitel. …``, ``IX``, and ``IX (Cont.)``: a heading that opens with its
    number continues the count."""
    return bool(match_numbered(title, heading=True) or _LEADING_NUMBER_RE.match(title))


def _as_section(item: BodyItem, role: str) -> Section:
    assert isinstance(item, Chapter)
    paragraphs = [block_text(b) for b in item.blocks if isinstance(b, Paragraph)]
    role = match_matter_heading(item.title) or (
        "bibliography" if role == "appendix" and is_reference_list(paragraphs) else role)
    return Section(cast(SectionRole, role), item.title, tuple(item.blocks), item.source,
                   item.notes, rule="unnumbered-matter")


def notes_of(blocks: tuple[Block, ...], notes: tuple[Footnote, ...]) -> tuple[Footnote, ...]:
    """The notes *blocks* call, and the notes those call."""
    by_label = {note.label: note for note in notes}
    pending, used = list(blocks), set()
    while pending:
        for run in iter_inlines(pending.pop()):
            if isinstance(run, FootnoteRef) and run.label not in used and run.label in by_label:
                used.add(run.label)
                pending.extend(by_label[run.label].blocks)
    return tuple(note for note in notes if note.label in used)


def title_block(nodes: list[SyntaxTreeNode], meta: dict[str, Any],
                 ctx: MarkdownContext) -> list[SyntaxTreeNode]:
    """Rule *title-block*: pandoc's ``% Title`` / ``% Author; Author`` / ``% Date`` lines
    at the very top are metadata (what YAML front matter does not say, they say)."""
    if not nodes or nodes[0].type != "paragraph":
        return nodes
    lines = [line.strip() for line in _raw_lines(nodes[0])]
    if not lines or not all(line.startswith("%") for line in lines):
        return nodes
    values = [line[1:].strip() for line in lines]
    for key, value in zip(("title", "author", "date"), values, strict=False):
        if value:
            meta.setdefault(key, [a.strip() for a in value.split(";")] if key == "author"
                            else value)
    ctx.removed.append(Removal("title-block", "pandoc's title block, read as the metadata",
                               "\n".join(lines), ctx.ref(nodes[0])))
    return nodes[1:]


def _raw_lines(node: SyntaxTreeNode) -> list[str]:
    inline = node.children[0] if node.children else None
    return (inline.content if inline is not None else "").split("\n")


_FIELD_RE = re.compile(r"^(?P<key>title|subtitle|author|authors|year|date|language|"
                       r"translator|publisher)\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)


def field_heading(text: str) -> tuple[str, str] | None:
    """The metadata field a heading like ``Author: Edith Wharton`` gives (``author``,
    ``Edith Wharton``; ``Year:`` is the date), or None."""
    found = _FIELD_RE.match(text.strip())
    if not found:
        return None
    key = found.group("key").lower()
    return {"authors": "author", "year": "date"}.get(key, key), found.group("value").strip()


def field_headings(nodes: list[SyntaxTreeNode], meta: dict[str, Any],
                    ctx: MarkdownContext) -> list[SyntaxTreeNode]:
    """Rule *field-heading*: a one-file book that opens with ``# Title: Ethan Frome`` /
    ``## Author: Edith Wharton`` / ``## Year: 1911`` headings gives its metadata in
    them: they are not chapters (what front matter does not say, they say)."""
    index = 0
    while index < len(nodes) and nodes[index].type == "heading":
        found = field_heading(plain(nodes[index]))
        if not found:
            break
        key, value = found
        meta.setdefault(key, value)
        ctx.removed.append(Removal("field-heading", f"a heading that gives the book's {key}",
                                   plain(nodes[index]), ctx.ref(nodes[index])))
        index += 1
    return nodes[index:]
