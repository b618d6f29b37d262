"""The body's running heads and folios, laid out once per kind of page and stamped.

A body page's heads are those of its kind — the opening page of a document, a
verso or a recto — and differ from another page of that kind in the same document
only in the folio.  So WeasyPrint lays out, for each distinct document wrapper
(its classes and running title), one sample of each kind: an opening on a recto,
a verso, a recto and an opening on a verso, with ten-digit folios.  The samples of
one wrapper per set of classes are laid out again with short folios: the text that
changes between the two is the folio, and how far it moves as it narrows says how
it is aligned.  Every book page then gets its sample's heads with the folio's
glyphs and position set for its own number.

That is about 4 pages a distinct title instead of every page of the book (War and
Peace's heads went from 9.7 CPU seconds, 2,231 pages, to 1.3, 240 sample pages).
The samples check themselves: when a folio is not plain figures one glyph a digit
without kerning, when more than the folio changes (a long title that wraps beside a
wider folio), when a sample's folio is not where its class's is, or when the pages
do not fall as planned, :func:`stamp` returns None and the caller lays out the
heads page by page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mkbook.exporters.pdf.print_html import PrintBook, running_heads_html
from mkbook.layout.jobs import LaidOut
from mkbook.render.documents import Document

if TYPE_CHECKING:  # pikepdf loads while the workers lay out (see pieces.py)
    import pikepdf

    from mkbook.layout.join import Overlay

SHORT_START = 1
LONG_START = 1234567890
"""The samples' first folio: every figure once, ten digits wide."""
KINDS = ("opening-right", "verso", "recto", "opening-left")
_BLOCK_RE = re.compile(rb"BT\n(.*?)\nET", re.DOTALL)
_TM_RE = re.compile(rb"^1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm$", re.MULTILINE)
_TF_RE = re.compile(rb"^/(\S+) (-?[\d.]+) Tf$", re.MULTILINE)
_TJ_RE = re.compile(rb"^\[<([0-9a-f]*)>\] TJ$", re.MULTILINE)
_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class Span:
    """A body document: its first page in the body and how many pages it fills."""

    doc: Document
    start: int
    pages: int


@dataclass(frozen=True, slots=True)
class Samples:
    """The documents whose heads are sampled: one per wrapper, and of those one per
    set of classes (laid out again with short folios)."""

    documents: tuple[Document, ...]
    classes: tuple[Document, ...]


@dataclass(frozen=True, slots=True)
class _Folio:
    """A sample page's heads, cut where another folio's x and glyphs go."""

    before: bytes
    between: bytes
    """The text between the folio's x and its glyphs."""
    after: bytes
    x: float
    glyphs: tuple[int, ...]
    size: float
    font: str
    """The folio's font resource (its widths give each figure's advance)."""


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a kind of page of one set of classes has its folio: the index of its
    text block, and its share: 0 set from its start, 0.5 centred, 1 from its end."""

    block: int
    blocks: int
    share: float


def samples(pb: PrintBook, body: Sequence[Document]) -> Samples:
    """One document per distinct wrapper of *body*; one per set of classes."""
    documents = tuple({_key(pb, doc): doc for doc in body}.values())
    classes = tuple({_key(pb, doc)[:3]: doc for doc in documents}.values())
    return Samples(documents, classes)


def sample_html(pb: PrintBook, documents: Sequence[Document]) -> str:
    """The sample pages' HTML: each document's four kinds of page, in order."""
    return running_heads_html(pb, [(doc, n) for doc in documents for n in (3, 1)],
                              [left for _ in documents for left in (False, True)])


def sample_css(start: int, documents: Sequence[Document], first_body: str) -> str:
    """Page breaks for the samples and their folios: *start*, then one more a page.

    The book's first body page resets the folio to 1; here it continues the count,
    so every sample folio is known before it is laid out.
    """
    rules = [f"@page :first {{ counter-reset: page {start}; }}",
             ".running-page + .running-page { break-before: page; }",
             ".running-heads { break-before: recto; }",
             ".running-heads.opens-left { break-before: verso; }"]
    for index, doc in enumerate(documents):
        if doc.id == first_body:
            rules.append(f"@page :nth(1 of opening) {{ counter-reset: page "
                         f"{start + len(KINDS) * index}; }}")
    return "\n".join(rules) + "\n"


def stamp(pb: PrintBook, spans: Sequence[Span], sampled: Samples, long: LaidOut,
          short: LaidOut) -> Overlay | None:
    """The heads of every page of *spans*, stamped from the samples (or None); the
    pages are counted in the body.

    The long sampling is the template: its first folio shows every figure, so its
    fonts know every figure's glyph and width.
    """
    import pikepdf

    from mkbook.layout.join import Overlay

    count = len(KINDS) * len(sampled.documents)
    if (long.pages != count or short.pages != len(KINDS) * len(sampled.classes)
            or any(short.blank + long.blank)):
        return None
    try:
        with pikepdf.open(io.BytesIO(long.pdf)) as template, \
                pikepdf.open(io.BytesIO(short.pdf)) as again:
            found = _samples(pb, sampled, template, again)
    except pikepdf.PdfError:  # a damaged cache entry: the heads are laid out afresh
        return None
    if found is None:
        return None
    cuts, figures, widths = found
    where = {_key(pb, doc): index for index, doc in enumerate(sampled.documents)}
    pages: list[tuple[int, int]] = []
    contents: list[bytes] = []
    for span in spans:
        first_sample = len(KINDS) * where[_key(pb, span.doc)]
        for k in range(span.pages):
            number = span.start + k
            sample = first_sample + KINDS.index(_kind(k, number))
            cut = cuts[sample]
            pages.append((sample, number))
            contents.append(cut if isinstance(cut, bytes)
                            else _set(cut[0], cut[1], _glyphs(figures, number + 1), widths))
    return Overlay(long, tuple(pages), tuple(contents))


Cut = bytes | tuple[_Folio, float]
"""A sample page's heads: as they are (no folio), or cut at the folio with its share."""


def _samples(pb: PrintBook, sampled: Samples, template: pikepdf.Pdf, again: pikepdf.Pdf
             ) -> tuple[list[Cut], dict[str, int], dict[int, float]] | None:
    """Every sample page cut at its folio, the figures' glyphs and their widths."""
    places = _places(pb, sampled, template, again)
    if places is None:
        return None
    cuts: list[Cut] = []
    figures: dict[str, int] | None = None
    widths: dict[int, float] | None = None
    for number, page in enumerate(template.pages):
        place = places[_key(pb, sampled.documents[number // len(KINDS)])[:3]][
            number % len(KINDS)]
        content = _page_content(page.obj)
        cut = _cut(content, place) if place is not None else None
        if place is None:
            cuts.append(content)
            continue
        if cut is None:
            return None
        if figures is None or widths is None:
            figures, widths = _figures(cut.glyphs, str(LONG_START)), _font_widths(page, cut.font)
            if number != 0 or figures is None or widths is None:
                return None
        if cut.glyphs != _glyphs(figures, LONG_START + number):
            return None
        cuts.append((cut, place.share))
    return (cuts, figures, widths) if figures is not None and widths is not None else None


def _places(pb: PrintBook, sampled: Samples, template: pikepdf.Pdf, again: pikepdf.Pdf
            ) -> dict[tuple[str, bool, bool], list[_Place | None]] | None:
    """Each set of classes' folio places, from its document's two samplings."""
    index = {doc.id: n for n, doc in enumerate(sampled.documents)}
    places: dict[tuple[str, bool, bool], list[_Place | None]] = {}
    for n, doc in enumerate(sampled.classes):
        kinds: list[_Place | None] = []
        for k in range(len(KINDS)):
            number = len(KINDS) * index[doc.id] + k
            place = _place(again.pages[len(KINDS) * n + k], template.pages[number],
                           SHORT_START + len(KINDS) * n + k, LONG_START + number)
            if place is False:
                return None
            kinds.append(place)
        places[_key(pb, doc)[:3]] = kinds
    return places


def _place(short: pikepdf.Page, long: pikepdf.Page, short_number: int,
           long_number: int) -> _Place | None | Literal[False]:
    """Where the folio of page *long* is, seen against the same page with a short
    folio: None when no text differs (a page without a folio); False when the
    page cannot be stamped (more than one block differs, or not plain figures)."""
    mine, theirs = _page_content(short.obj), _page_content(long.obj)
    a_blocks, b_blocks = list(_BLOCK_RE.finditer(mine)), list(_BLOCK_RE.finditer(theirs))
    if len(a_blocks) != len(b_blocks):
        return False
    changed = [n for n, (a, b) in enumerate(zip(a_blocks, b_blocks, strict=True))
               if a.group(1) != b.group(1)]
    if not changed:
        return None if mine == theirs else False
    if len(changed) > 1:
        return False
    parts_a, parts_b = _parts(a_blocks[changed[0]].group(1)), _parts(b_blocks[changed[0]].group(1))
    if parts_a is None or parts_b is None or parts_a[1:3] != parts_b[1:3]:
        return False
    x_a, font, size, glyphs_a = parts_a
    x_b, _, _, glyphs_b = parts_b
    figures = _figures(glyphs_b, str(long_number))
    widths = _font_widths(long, font)
    if widths is None or len(glyphs_a) != len(str(short_number)) or len(glyphs_b) != len(
            str(long_number)) or any(glyph not in widths for glyph in glyphs_a + glyphs_b):
        return False
    if figures is not None and glyphs_a != _glyphs(figures, short_number):
        return False
    narrower = _width(glyphs_b, widths, size) - _width(glyphs_a, widths, size)
    if narrower < _TOLERANCE:
        return False
    share = (x_a - x_b) / narrower
    if not -_TOLERANCE <= share <= 1 + _TOLERANCE:
        return False
    return _Place(changed[0], len(b_blocks), share)


def _cut(content: bytes, place: _Place) -> _Folio | None:
    """A sample page's heads cut at the folio in its class's place (None: not there)."""
    blocks = list(_BLOCK_RE.finditer(content))
    if len(blocks) != place.blocks:
        return None
    block = blocks[place.block]
    parts = _parts(block.group(1))
    if parts is None:
        return None
    x, font, size, glyphs = parts
    tm, tj = _TM_RE.search(block.group(1)), _TJ_RE.search(block.group(1))
    assert tm is not None and tj is not None  # _parts found both
    start = block.start(1)
    return _Folio(before=content[:start + tm.start(1)],
                  between=content[start + tm.end(1):start + tj.start(1)],
                  after=content[start + tj.end(1):], x=x, glyphs=glyphs, size=size, font=font)


def _key(pb: PrintBook, doc: Document) -> tuple[str, bool, bool, str]:
    """What a document's heads depend on: its wrapper's classes and running title."""
    return (doc.matter, bool(doc.part_id), doc.id == pb.first_body, pb.running_title(doc))


def _kind(k: int, number: int) -> str:
    """Page *k* of a document, page *number* of the body (which opens on a recto)."""
    side = "right" if number % 2 == 0 else "left"
    if k == 0:
        return f"opening-{side}"
    return "recto" if side == "right" else "verso"


def _parts(block: bytes) -> tuple[float, str, float, tuple[int, ...]] | None:
    """x, font resource, size and glyph ids of a text block that shows one plain run."""
    tm, tf, tj = _TM_RE.search(block), _TF_RE.search(block), _TJ_RE.search(block)
    if tm is None or tf is None or tj is None or len(_TJ_RE.findall(block)) != 1:
        return None
    hexes = tj.group(1).decode()
    if len(hexes) % 4:
        return None
    glyphs = tuple(int(hexes[i:i + 4], 16) for i in range(0, len(hexes), 4))
    return float(tm.group(1)), tf.group(1).decode(), float(tf.group(2)), glyphs


def _figures(glyphs: tuple[int, ...], number: str) -> dict[str, int] | None:
    """Figure → glyph id, read off a folio showing *number*: one glyph a figure, and
    every figure there (the first sample's folio shows all ten)."""
    if len(glyphs) != len(number) or len(set(glyphs)) != len(set(number)) or len(
            set(number)) != 10:
        return None
    return dict(zip(number, glyphs, strict=True))


def _glyphs(figures: dict[str, int], number: int) -> tuple[int, ...]:
    return tuple(figures[figure] for figure in str(number))


def _font_widths(page: pikepdf.Page, resource: str) -> dict[int, float] | None:
    from pikepdf import Dictionary, Name

    from mkbook.layout.fonts import glyph_widths

    font = page.obj.Resources.get(Name.Font, Dictionary()).get(Name("/" + resource))
    if font is None or Name.DescendantFonts not in font:
        return None
    return {gid: float(width) for gid, width in glyph_widths(font).items()}  # type: ignore[arg-type]


def _width(glyphs: Sequence[int], widths: dict[int, float], size: float) -> float:
    return sum(widths[glyph] for glyph in glyphs) * size / 1000


def _set(cut: _Folio, share: float, glyphs: tuple[int, ...], widths: dict[int, float]
         ) -> bytes:
    """The sample page's heads with *glyphs* as its folio."""
    narrower = _width(cut.glyphs, widths, cut.size) - _width(glyphs, widths, cut.size)
    return b"".join((cut.before, _number(cut.x + share * narrower), cut.between,
                     "".join(f"{glyph:04x}" for glyph in glyphs).encode(), cut.after))


def _page_content(page: pikepdf.Object) -> bytes:
    from mkbook.layout.join import page_content

    return page_content(page)


def _number(value: float) -> bytes:
    return f"{value:.6f}".rstrip("0").rstrip(".").encode()


