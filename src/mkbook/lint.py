"""Manuscript lint: what an editor would flag before a reader or a store does.

Each check has a stable code and points at ``file:line``.  They read the book as
written (before typography), because that is what the author can fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkbook.config import ProjectConfig
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.metadata import PLACEHOLDER_AUTHOR
from mkbook.model import Block, Book, Chapter, Image, Paragraph
from mkbook.walk import iter_blocks, plain_text

LONG_PARAGRAPH_WORDS = 600
"""Longer than any paragraph a novelist writes: line breaks were probably lost."""


def lint(book: Book, config: ProjectConfig) -> list[Diagnostic]:
    """Every lint finding for *book*, in reading order, then the metadata ones."""
    findings = list(book.warnings)
    for chapter in book.chapters:
        findings += _chapter(chapter, typography=config.typography.enabled)
    findings += _metadata(book, config)
    return findings


def _chapter(chapter: Chapter, typography: bool) -> Iterator[Diagnostic]:
    if not chapter.scenes:
        yield Diagnostic("MK603", f"chapter {chapter.title!r} has no text", chapter.source)
        return
    paragraphs = [b for b in iter_blocks(chapter.blocks) if isinstance(b, Paragraph)]
    for index, paragraph in enumerate(paragraphs):
        text = plain_text(paragraph.content)
        following = plain_text(paragraphs[index + 1].content) if index + 1 < len(paragraphs) \
            else ""
        if _unbalanced(text, following):
            yield Diagnostic("MK601", "quotation marks do not pair up in this paragraph",
                           paragraph.source)
        if len(text.split()) > LONG_PARAGRAPH_WORDS:
            yield Diagnostic("MK609", f"a paragraph of {len(text.split())} words: were line "
                           "breaks lost?", paragraph.source)
    if not typography:
        straight = next((p for p in paragraphs if '"' in plain_text(p.content)
                         or "'" in plain_text(p.content)), None)
        if straight is not None:
            yield Diagnostic("MK602", "straight quotes are left as typed ([typography] enabled "
                           "= false)", straight.source)
    yield from _images(chapter.blocks)


def _unbalanced(text: str, following: str) -> bool:
    """Quotes that do not pair, unless the quotation continues into the next paragraph."""
    continues = following.lstrip().startswith(('"', "\u201c"))
    straight = text.count('"')
    opening, closing = text.count("\u201c"), text.count("\u201d")
    if straight % 2 or opening > closing:
        return not continues
    return closing > opening and not text.lstrip().startswith("\u201c")


def _images(blocks: Iterator[Block]) -> Iterator[Diagnostic]:
    for block in iter_blocks(blocks):
        if isinstance(block, Image) and not block.alt.strip():
            yield Diagnostic("MK605", f"image {block.asset!r} has no alt text for readers who "
                           "cannot see it", block.source)


def _metadata(book: Book, config: ProjectConfig) -> Iterator[Diagnostic]:
    meta, where = book.metadata, SourceRef(config.path.name, 0) if config.path else None
    if not meta.authors:
        yield Diagnostic("MK606", "no author: stores require one ([book] authors)", where)
    elif PLACEHOLDER_AUTHOR in meta.authors:
        yield Diagnostic("MK606", f"the author is still mkbook init's placeholder "
                         f"{PLACEHOLDER_AUTHOR!r}: put your name in [book] authors", where)
    if not meta.description:
        yield Diagnostic("MK608", "no description: stores show one ([book] description)", where)
