"""A Word document's paragraphs as the blocks of one chapter or section.

Paragraphs become paragraphs (a ``Quote`` style or an indented one, block quotes; a
numbered or bulleted one, list items), headings below the chapters' level become
headings, tables become tables and pictures images.  The scenes are cut at centred
marker paragraphs (``* * *``) or — only where the author uses no markers — at runs of
empty paragraphs longer than the document's usual spacing, so an author who leaves an
empty paragraph after every paragraph breaks scenes with two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.model import (
    Asset,
    Block,
    BlockQuote,
    Heading,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Table,
    Text,
)
from mkbook.readers.docx_paragraphs import WordParagraph
from mkbook.readers.scene_breaks import is_marker_line

IMAGE_NOT_CARRIED = "MK210"
Item = WordParagraph | list[list[str]]


def scenes_of(items: list[tuple[int, Item]], kinds: dict[int, str],
            images: WordImages) -> list[list[Block]]:
    """A container's paragraphs as blocks, cut into scenes at marker paragraphs, or
    where the author uses none, at runs of empty paragraphs longer than usual."""
    paragraphs = [item for _, item in items if isinstance(item, WordParagraph)]
    markers = any(is_marker_line(p.text) for p in paragraphs if p.text.strip())
    runs = _empty_runs(items)
    usual = Counter(runs).most_common(1)[0][0] if runs else 0
    scenes: list[list[Block]] = [[]]
    empty = 0
    quote: list[Block] = []
    listed: list[tuple[Block, ...]] = []
    for index, item in items:
        if isinstance(item, list):
            scenes[-1].extend(_flush(quote, listed))
            scenes[-1].append(_table(item))
            continue
        text = item.text.strip()
        if not text and not item.images and not any(not isinstance(r, Text)
                                                     for r in item.runs):
            empty += 1
            continue
        breaks = (markers and is_marker_line(text)) or (
            not markers and empty > usual and scenes[-1])
        empty = 0
        if breaks:
            scenes[-1].extend(_flush(quote, listed))
            scenes.append([])
            if markers and is_marker_line(text):
                continue
        pictures = [images.block(rid, alt, item.number) for rid, alt in item.images]
        if not text:
            scenes[-1].extend(_flush(quote, listed))
            scenes[-1].extend(pictures)
            continue
        block = _block(item, kinds.get(index, ""))
        if item.listed:
            scenes[-1].extend(_flush(quote, []))
            listed.append((block,))
        elif isinstance(block, Paragraph) and _is_quote(item):
            scenes[-1].extend(_flush([], listed))
            quote.append(block)
        else:
            scenes[-1].extend(_flush(quote, listed))
            scenes[-1].append(block)
        scenes[-1].extend(pictures)
    scenes[-1].extend(_flush(quote, listed))
    return scenes


_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/svg+xml",
                          "image/webp"})


Picture = tuple[str, str, bytes]
"""A picture a document holds: its file name, its media type, its bytes."""


@dataclass(slots=True)
class WordImages:
    """The document's pictures, as the book's assets (bytes, named under ``images/``)."""

    lookup: Callable[[str], Picture | None]
    """The picture a paragraph's reference names (a relationship id, a package path)."""
    path: Path
    display: str
    assets: dict[str, Asset] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def block(self, reference: str, alt: str, number: int) -> Block:
        where = SourceRef(self.display, number)
        picture = self.lookup(reference) if reference else None
        media = picture[1] if picture else ""
        if picture is None or media not in _IMAGE_TYPES:
            kind = media or "linked, not embedded"
            self.warnings.append(Diagnostic(IMAGE_NOT_CARRIED, f"a picture ({kind}) is not a "
                                            "PNG, JPEG, GIF, SVG or WebP image an e-reader "
                                            "shows: its alt text stands in; save it as PNG "
                                            "in the word processor", where))
            return Paragraph((Text(f"[image: {alt or 'picture'}]"),), where)
        name = f"images/{self.path.stem}/{picture[0]}"
        self.assets.setdefault(name, Asset(name, self.path, media, picture[2]))
        return Image(name, alt, (), where)


def _empty_runs(items: list[tuple[int, Item]]) -> list[int]:
    """How many empty paragraphs stand between each two paragraphs with text."""
    runs, count, seen = [], 0, False
    for _, item in items:
        if isinstance(item, WordParagraph) and not item.text.strip():
            count += 1
            continue
        if seen:
            runs.append(count)
        seen, count = True, 0
    return runs


def _flush(quote: list[Block], listed: list[tuple[Block, ...]]) -> list[Block]:
    out: list[Block] = []
    if quote:
        out.append(BlockQuote(tuple(quote)))
        quote.clear()
    if listed:
        out.append(ListBlock(False, tuple(listed)))
        listed.clear()
    return out


def _block(paragraph: WordParagraph, kind: str) -> Block:
    where = SourceRef("", paragraph.number)
    if kind.startswith("section-"):
        return Heading(int(kind.removeprefix("section-")), trimmed(paragraph.runs), where)
    return Paragraph(trimmed(paragraph.runs), where)


def _is_quote(paragraph: WordParagraph) -> bool:
    name = paragraph.style.name.lower()
    return "quote" in name or name == "block text" or paragraph.indented


def _table(rows: list[list[str]]) -> Table:
    cells = [tuple((Text(" ".join(cell.split())),) if cell.strip() else () for cell in row)
             for row in rows]
    return Table(cells[0] if cells else (), tuple(cells[1:]))


def trimmed(runs: list[Inline]) -> tuple[Inline, ...]:
    items = [run for run in runs if not (isinstance(run, Text) and not run.text)]
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(item for item in items if not (isinstance(item, Text) and not item.text))
