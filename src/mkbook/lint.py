"""Manuscript lint: what an editor would flag before a reader or a store does.

Each check has a stable code and points at ``file:line``.  They read the book as
written (before typography), because that is what the author can fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkbook.checks import Finding
from mkbook.config import ProjectConfig
from mkbook.model import Block, Book, Chapter, Image, Paragraph, SourceRef
from mkbook.walk import iter_blocks, plain_text

LONG_PARAGRAPH_WORDS = 600
"""Longer than any paragraph a novelist writes: line breaks were probably lost."""


def lint(book: Book, config: ProjectConfig) -> list[Finding]:
    """Every lint finding for *book*, in reading order, then the metadata ones."""
    findings = [Finding(w.code, w.message, where=str(w.source) if w.source else None)
                for w in book.warnings]
    for chapter in book.chapters:
        findings += _chapter(chapter, typography=config.typography.enabled)
    findings += _metadata(book, config)
    return findings


def _warning(code: str, message: str, source: SourceRef | None) -> Finding:
    return Finding(code, message, where=str(source) if source else None)


def _chapter(chapter: Chapter, typography: bool) -> Iterator[Finding]:
    if not chapter.scenes:
        yield _warning("MK603", f"chapter {chapter.title!r} has no text", chapter.source)
        return
    paragraphs = [b for b in iter_blocks(chapter.blocks) if isinstance(b, Paragraph)]
    for index, paragraph in enumerate(paragraphs):
        text = plain_text(paragraph.content)
        following = plain_text(paragraphs[index + 1].content) if index + 1 < len(paragraphs) \
            else ""
        if _unbalanced(text, following):
            yield _warning("MK601", "quotation marks do not pair up in this paragraph",
                           paragraph.source)
        if len(text.split()) > LONG_PARAGRAPH_WORDS:
            yield _warning("MK609", f"a paragraph of {len(text.split())} words: were line "
                           "breaks lost?", paragraph.source)
    if not typography:
        straight = next((p for p in paragraphs if '"' in plain_text(p.content)
                         or "'" in plain_text(p.content)), None)
        if straight is not None:
            yield _warning("MK602", "straight quotes are left as typed ([typography] enabled "
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


def _images(blocks: Iterator[Block]) -> Iterator[Finding]:
    for block in iter_blocks(blocks):
        if isinstance(block, Image) and not block.alt.strip():
            yield _warning("MK605", f"image {block.asset!r} has no alt text for readers who "
                           "cannot see it", block.source)


def _metadata(book: Book, config: ProjectConfig) -> Iterator[Finding]:
    meta, where = book.metadata, str(config.path.name) if config.path else None
    if not meta.authors:
        yield Finding("MK606", "no author: stores require one ([book] authors)", where=where)
    if config.book.language is None and meta.language == "en":
        yield Finding("MK607", "no language set; assuming English ([book] language)", where=where)
    if not meta.description:
        yield Finding("MK608", "no description: stores show one ([book] description)", where=where)
