"""The body's running heads and folios, laid out once per kind of page and stamped.

A body page's heads are those of its kind — the opening page of a document, a
verso or a recto — and differ from another page of that kind in the same document
only in the folio.  So WeasyPrint lays out, for each distinct document wrapper
(its classes and running title), one sample of each kind: an opening on a recto,
a verso, a recto and an opening on a verso.  It does so twice, the second time
with ten-digit folios; the text that changes between the two is the folio, and how
far it moves as it widens says how it is aligned.  Every book page then gets its
sample's heads with the folio's glyphs and position set for its own number.

That is 4 pages a distinct title instead of every page of the book (War and Peace's
heads went from 9.7 CPU seconds, 2,231 pages, to 2.4, twice 228 sample pages).  The samples check themselves: when
a folio is not plain figures one glyph a digit without kerning, when more than the
folio changes (a long title that wraps beside a wider folio), or when the pages do
not fall as planned, :func:`stamp` returns None and the caller lays out the heads
page by page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from mkbook.exporters.documents import Document
from mkbook.exporters.pdf_fonts import glyph_widths
from mkbook.exporters.pdf_merge import Overlay, page_content
from mkbook.exporters.pdf_worker import LaidOut
from mkbook.exporters.print_html import PrintBook, running_heads_html

SHORT_START = 1
LONG_START = 1234567890
"""The second sampling's first folio: every figure once, ten digits wide."""
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
class _Folio:
    """A sample page's heads, cut where another folio's x and glyphs go."""

    before: bytes
    between: bytes
    """The text between the folio's x and its glyphs."""
    after: bytes
    x: float
    glyphs: tuple[int, ...]
    x_short: float
    """Where the folio starts in the short sampling, and its glyphs there: how far
    it moved as it narrowed says whether it is set from its start, middle or end."""
    glyphs_short: tuple[int, ...]
    size: float
    font: str
    """The folio's font resource (its widths give each figure's advance)."""


def sample_html(pb: PrintBook, body: Sequence[Document]) -> tuple[str, list[Document]]:
    """The sample pages' HTML: each distinct wrapper's four kinds of page, in order."""
    samples = list({_key(pb, doc): doc for doc in body}.values())
    html = running_heads_html(pb, [(doc, n) for doc in samples for n in (3, 1)],
                              [left for _ in samples for left in (False, True)])
    return html, samples


def sample_css(start: int, samples: Sequence[Document], first_body: str) -> str:
    """Page breaks for the samples and their folios: *start*, then one more a page.

    The book's first body page resets the folio to 1; here it continues the count,
    so every sample folio is known before it is laid out.
    """
    rules = [f"@page :first {{ counter-reset: page {start}; }}",
             ".running-page + .running-page { break-before: page; }",
             ".running-heads { break-before: right; }",
             ".running-heads.opens-left { break-before: left; }"]
    for index, doc in enumerate(samples):
        if doc.id == first_body:
            rules.append(f"@page :nth(1 of opening) {{ counter-reset: page "
                         f"{start + len(KINDS) * index}; }}")
    return "\n".join(rules) + "\n"


def stamp(pb: PrintBook, spans: Sequence[Span], samples: Sequence[Document],
          short: LaidOut, long: LaidOut) -> Overlay | None:
    """The heads of every page of *spans*, stamped from the two samplings (or None);
    the pages are counted in the body.

    The long sampling is the template: its first folio shows every figure, so its
    fonts know every figure's glyph and width.
    """
    count = len(KINDS) * len(samples)
    if short.pages != count or long.pages != count or any(short.blank + long.blank):
        return None
    try:
        with pikepdf.open(io.BytesIO(short.pdf)) as first, \
                pikepdf.open(io.BytesIO(long.pdf)) as second:
            found = [_cut(first.pages[i], second.pages[i]) for i in range(count)]
            cuts = [cut for cut in found if not isinstance(cut, bytes)]
            if None in cuts or not isinstance(found[0], _Folio):
                return None
            figures = _figures(found[0].glyphs, str(LONG_START))
            widths = _font_widths(second.pages[0], found[0].font)
    except pikepdf.PdfError:  # a damaged cache entry: the heads are laid out afresh
        return None
    if figures is None or widths is None or not _consistent(found, figures, widths):
        return None
    where = {_key(pb, doc): index for index, doc in enumerate(samples)}
    pages: list[tuple[int, int]] = []
    contents: list[bytes] = []
    for span in spans:
        first_sample = len(KINDS) * where[_key(pb, span.doc)]
        for k in range(span.pages):
            number = span.start + k
            sample = first_sample + KINDS.index(_kind(k, number))
            cut = found[sample]
            assert cut is not None  # checked above
            pages.append((sample, number))
            contents.append(cut if isinstance(cut, bytes)
                            else _set(cut, _glyphs(figures, number + 1), widths))
    return Overlay(long, tuple(pages), tuple(contents))


def _key(pb: PrintBook, doc: Document) -> tuple[str, bool, bool, str]:
    """What a document's heads depend on: its wrapper's classes and running title."""
    return (doc.matter, bool(doc.part_id), doc.id == pb.first_body,
            doc.title or doc.toc_title)


def _kind(k: int, number: int) -> str:
    """Page *k* of a document, page *number* of the body (which opens on a recto)."""
    side = "right" if number % 2 == 0 else "left"
    if k == 0:
        return f"opening-{side}"
    return "recto" if side == "right" else "verso"


def _cut(first: pikepdf.Page, second: pikepdf.Page) -> _Folio | bytes | None:
    """Page *second*'s heads cut at its folio: the one text block that differs from
    page *first*'s.  The content itself when nothing differs (a page without a
    folio); None when more than one block differs or the folio is not one plain run.
    """
    mine, theirs = page_content(first.obj), page_content(second.obj)
    a_blocks, b_blocks = list(_BLOCK_RE.finditer(mine)), list(_BLOCK_RE.finditer(theirs))
    if len(a_blocks) != len(b_blocks):
        return None
    changed = [(a, b) for a, b in zip(a_blocks, b_blocks, strict=True)
               if a.group(1) != b.group(1)]
    if not changed:
        return theirs if mine == theirs else None
    if len(changed) > 1:
        return None
    a, b = changed[0]
    parts_a, parts_b = _parts(a.group(1)), _parts(b.group(1))
    if parts_a is None or parts_b is None or parts_a[1:3] != parts_b[1:3]:
        return None
    x_a, _, _, glyphs_a = parts_a
    x_b, font, size, glyphs_b = parts_b
    tm, tj = _TM_RE.search(b.group(1)), _TJ_RE.search(b.group(1))
    assert tm is not None and tj is not None  # _parts found both
    start = b.start(1)
    return _Folio(before=theirs[:start + tm.start(1)],
                  between=theirs[start + tm.end(1):start + tj.start(1)],
                  after=theirs[start + tj.end(1):], x=x_b, glyphs=glyphs_b,
                  x_short=x_a, glyphs_short=glyphs_a, size=size, font=font)


def _consistent(found: Sequence[_Folio | bytes | None], figures: dict[str, int],
                widths: dict[int, float]) -> bool:
    """Whether every sample shows the folios planned, narrower in the short sampling,
    and moved as a folio set from its start, middle or end moves."""
    for index, cut in enumerate(found):
        if not isinstance(cut, _Folio):
            continue
        if (cut.glyphs != _glyphs(figures, LONG_START + index)
                or cut.glyphs_short != _glyphs(figures, SHORT_START + index)):
            return False
        share = _share(cut, widths)
        if share is None or not -_TOLERANCE <= share <= 1 + _TOLERANCE:
            return False
    return True


def _share(cut: _Folio, widths: dict[int, float]) -> float | None:
    """0 for a folio set from its start, 0.5 centred, 1 set from its end."""
    narrower = _width(cut.glyphs, widths, cut.size) - _width(cut.glyphs_short, widths,
                                                             cut.size)
    return (cut.x_short - cut.x) / narrower if narrower > _TOLERANCE else None


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
    """Figure → glyph id, read off a folio showing *number*: one glyph a figure."""
    if len(glyphs) != len(number) or len(set(glyphs)) != len(set(number)):
        return None
    return dict(zip(number, glyphs, strict=True))


def _glyphs(figures: dict[str, int], number: int) -> tuple[int, ...]:
    return tuple(figures[figure] for figure in str(number))


def _font_widths(page: pikepdf.Page, resource: str) -> dict[int, float] | None:
    font = page.obj.Resources.get(Name.Font, pikepdf.Dictionary()).get(Name("/" + resource))
    if font is None or Name.DescendantFonts not in font:
        return None
    return {gid: float(width) for gid, width in glyph_widths(font).items()}  # type: ignore[arg-type]


def _width(glyphs: Sequence[int], widths: dict[int, float], size: float) -> float:
    return sum(widths[glyph] for glyph in glyphs) * size / 1000


def _set(cut: _Folio, glyphs: tuple[int, ...], widths: dict[int, float]) -> bytes:
    """The sample page's heads with *glyphs* as its folio."""
    narrower = _width(cut.glyphs, widths, cut.size) - _width(glyphs, widths, cut.size)
    x = cut.x + (_share(cut, widths) or 0.0) * narrower
    return b"".join((cut.before, _number(x), cut.between,
                     "".join(f"{glyph:04x}" for glyph in glyphs).encode(), cut.after))


def _number(value: float) -> bytes:
    return f"{value:.6f}".rstrip("0").rstrip(".").encode()


