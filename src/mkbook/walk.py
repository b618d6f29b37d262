"""Walking the book model's blocks and inline runs, for counting and for transforms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from mkbook.model import (
    AuthorNote,
    Block,
    BlockQuote,
    Book,
    Code,
    CodeBlock,
    Definitions,
    Emphasis,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Span,
    Strong,
    Table,
    Text,
    Verse,
)


def iter_inlines(block: Block) -> Iterator[Inline]:
    """Every inline run of *block*, nested ones included, in reading order."""
    for runs in _inline_groups(block):
        yield from _flatten(runs)


def _inline_groups(block: Block) -> Iterator[tuple[Inline, ...]]:
    yield from _own_inlines(block)
    for child in child_blocks(block):
        yield from _inline_groups(child)


def _own_inlines(block: Block) -> tuple[tuple[Inline, ...], ...]:
    """The inline groups a block holds itself, not through blocks nested in it."""
    if isinstance(block, (Paragraph, Heading)):
        return (block.content,)
    if isinstance(block, Verse):
        return block.lines
    if isinstance(block, Image | CodeBlock):
        return (block.caption,)
    if isinstance(block, Table):
        return (block.caption, *block.header, *(cell for row in block.rows for cell in row))
    if isinstance(block, Definitions):
        return tuple(term for term, _ in block.items)
    return ()


def child_blocks(block: Block) -> tuple[Block, ...]:
    """The blocks nested in *block* (a quote's, a list's items', a definition's)."""
    if isinstance(block, BlockQuote | AuthorNote):
        return block.blocks
    if isinstance(block, ListBlock):
        return tuple(child for item in block.items for child in item)
    if isinstance(block, Definitions):
        return tuple(child for _, definition in block.items for child in definition)
    return ()


def iter_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """*blocks* and every block nested in them (quotes, list items), depth first."""
    for block in blocks:
        yield block
        yield from iter_blocks(child_blocks(block))


def book_blocks(book: Book) -> Iterator[Block]:
    """Every block of *book*, front matter, chapters and back matter, nested ones too."""
    for section in book.front_matter:
        yield from iter_blocks(section.blocks)
    for chapter in book.chapters:
        yield from iter_blocks(chapter.blocks)
    for section in book.back_matter:
        yield from iter_blocks(section.blocks)


def _flatten(runs: Iterable[Inline]) -> Iterator[Inline]:
    for run in runs:
        yield run
        if isinstance(run, (Emphasis, Strong, Span, Link)):
            yield from _flatten(run.children)


def plain_text(runs: Iterable[Inline]) -> str:
    """The text of inline runs, markup dropped (a line break is a newline: the words on
    either side of it are two)."""
    return "".join(run.text if isinstance(run, (Text, Code)) else "\n"
                   for run in _flatten(runs) if isinstance(run, (Text, Code, LineBreak)))


def block_text(block: Block) -> str:
    """The text of a block, its inline groups joined by spaces."""
    return " ".join(plain_text(runs) for runs in _inline_groups(block))


# Han ideographs and kana: Chinese and Japanese put no spaces between words.
_CJK_RE = re.compile(r"[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
                     r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_ALPHANUMERIC_RE = re.compile(r"[^\W_]+")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of characters between white space; in a run
    that holds Chinese or Japanese, each ideograph or kana, and each run of other
    letters or digits (``iPhoneを`` is two), as word processors and publishers count
    those languages; their punctuation (、「」) is no word."""
    if not _CJK_RE.search(text):
        return len(text.split())
    count = 0
    for token in text.split():
        ideographs = len(_CJK_RE.findall(token))
        count += (ideographs + len(_ALPHANUMERIC_RE.findall(_CJK_RE.sub(" ", token)))
                  if ideographs else 1)
    return count


_WORD_RE = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The words of *text* for comparing texts, in order: runs of letters and digits.
    Typography changes quotes, dashes and dots, never a letter, so a text and its
    typeset form have the same words."""
    return _WORD_RE.findall(text)


def word_counts(text: str) -> Counter[str]:
    """The words of *text* (:func:`words_of`), counted."""
    return Counter(words_of(text))


def heading_titles(book: Book) -> list[str]:
    """Every heading of the book: parts, chapters (alone and with their subtitles) and
    the sections of its front and back matter."""
    titles = [part.title for part in book.parts]
    for chapter in book.chapters:
        titles += [chapter.title, f"{chapter.title} {chapter.subtitle}".strip()]
    return titles + [section.title for section in (*book.front_matter, *book.back_matter)]


def book_text(book: Book) -> str:
    """Every character the book shows: metadata, titles and all text."""
    meta = book.metadata
    parts = [meta.title, meta.subtitle, " ".join(meta.authors), meta.series, meta.publisher]
    for section in (*book.front_matter, *book.back_matter):
        parts.append(section.title)
        parts.extend(block_text(block) for block in section.blocks)
    for item in book.body:
        parts.append(item.title)
    for chapter in book.chapters:
        parts.extend((chapter.title, chapter.subtitle))
        parts.extend(block_text(block) for block in chapter.blocks)
        parts.extend(block_text(block) for note in chapter.notes for block in note.blocks)
    return "".join(parts)
