"""The typography transform: a :class:`Book` with book-grade punctuation.

Runs before every exporter unless ``[typography] enabled = false``.  It rewrites the
text runs of every block, title and caption (never code, verbatim blocks, raw HTML
or a licence), one paragraph at a time so that quotes are decided across emphasis.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TypeVar

from mkbook.model import (
    AuthorNote,
    Block,
    BlockQuote,
    Book,
    Chapter,
    Definitions,
    Emphasis,
    Footnote,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Part,
    Scene,
    Section,
    Span,
    Strong,
    Table,
    Text,
    Verse,
)
from mkbook.transforms.smartquotes import LINE_BREAK, Tape, smarten

T = TypeVar("T", Chapter, Section)


def typography(book: Book) -> Book:
    """*book* with curly quotes, real dashes and ellipses, and no-break spaces."""
    fixer = _Fixer(book.metadata.language)
    metadata = replace(book.metadata, title=fixer.string(book.metadata.title),
                       subtitle=fixer.string(book.metadata.subtitle))
    body = tuple(fixer.part(item) if isinstance(item, Part) else fixer.container(item)
                 for item in book.body)
    return replace(book, metadata=metadata, body=body,
                   front_matter=tuple(map(fixer.matter, book.front_matter)),
                   back_matter=tuple(map(fixer.matter, book.back_matter)))


class _Fixer:
    """Applies the rules of one language to every kind of thing that holds text."""

    def __init__(self, language: str) -> None:
        self.language = language

    def string(self, text: str) -> str:
        if not text:
            return text
        tape = Tape([text])
        smarten(tape, self.language)
        return tape.pieces()[0]

    def part(self, part: Part) -> Part:
        return replace(part, title=self.string(part.title),
                       chapters=tuple(self.container(c) for c in part.chapters))

    def matter(self, section: Section) -> Section:
        """A licence is left as its owner wrote it (legal text, quoted verbatim)."""
        return section if section.role == "license" else self.container(section)

    def container(self, item: T) -> T:
        notes = tuple(Footnote(n.label, self.blocks(n.blocks)) for n in item.notes)
        if isinstance(item, Chapter):
            scenes = tuple(Scene(self.blocks(scene.blocks)) for scene in item.scenes)
            return replace(item, title=self.string(item.title),
                           subtitle=self.string(item.subtitle), scenes=scenes, notes=notes)
        return replace(item, title=self.string(item.title), blocks=self.blocks(item.blocks),
                       notes=notes)

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(self.block(block) for block in blocks)

    def block(self, block: Block) -> Block:
        if isinstance(block, Paragraph | Heading):
            return replace(block, content=self.inlines(block.content))
        if isinstance(block, Verse):
            return replace(block, lines=self.verse(block.lines))
        if isinstance(block, Image):
            return replace(block, alt=self.string(block.alt), caption=self.inlines(block.caption))
        if isinstance(block, BlockQuote | AuthorNote):
            return replace(block, blocks=self.blocks(block.blocks))
        if isinstance(block, ListBlock):
            return replace(block, items=tuple(self.blocks(item) for item in block.items))
        if isinstance(block, Table):
            return replace(block, header=tuple(self.inlines(cell) for cell in block.header),
                           rows=tuple(tuple(self.inlines(cell) for cell in row)
                                      for row in block.rows),
                           caption=self.inlines(block.caption))
        if isinstance(block, Definitions):
            return replace(block, items=tuple((self.inlines(term), self.blocks(definition))
                                              for term, definition in block.items))
        return block  # code and raw HTML are verbatim

    def inlines(self, runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
        pieces = list(_pieces(runs))
        if not any(pieces):
            return runs
        tape = Tape(pieces)
        smarten(tape, self.language)
        return _rebuild(runs, iter(tape.pieces()))

    def verse(self, lines: tuple[tuple[Inline, ...], ...]) -> tuple[tuple[Inline, ...], ...]:
        """Verse lines are one text for the rules (a quotation may span lines)."""
        joined: list[Inline] = []
        for number, line in enumerate(lines):
            if number:
                joined.append(LineBreak())
            joined.extend(line)
        fixed = self.inlines(tuple(joined))
        out: list[list[Inline]] = [[]]
        for run in fixed:
            if isinstance(run, LineBreak):
                out.append([])
            else:
                out[-1].append(run)
        return tuple(tuple(line) for line in out)


def _pieces(runs: tuple[Inline, ...]) -> Iterator[str | None]:
    """The text of each run in order; None for runs that are not text."""
    for run in runs:
        if isinstance(run, Text):
            yield run.text
        elif isinstance(run, Emphasis | Strong | Span | Link):
            yield from _pieces(run.children)
        elif isinstance(run, LineBreak):
            yield LINE_BREAK
        else:
            yield None


def _rebuild(runs: tuple[Inline, ...], texts: Iterator[str]) -> tuple[Inline, ...]:
    """*runs* with each text run's text taken, in order, from *texts*."""
    out: list[Inline] = []
    for run in runs:
        if isinstance(run, Text):
            out.append(Text(next(texts)))
        elif isinstance(run, Emphasis | Strong | Span | Link):
            out.append(replace(run, children=_rebuild(run.children, texts)))
        else:
            next(texts)
            out.append(run)
    return tuple(out)
