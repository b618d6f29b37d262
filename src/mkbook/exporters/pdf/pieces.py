"""The book planned in pieces for the parallel layout (``layout/``), then joined.

- **Body chunks**: the body and back matter, a chapter (or a run of short documents,
  or in a very long book a few chapters) at a time, laid out *without* running heads
  and folios.  Nothing in a chunk then
  depends on where it falls in the book, so chunks run in worker processes at once
  and an unchanged chunk comes from the cache even when an earlier one grew.
- **Running heads**: sample pages of each kind laid out with the book's own page
  rules alongside the chunks, then stamped on every body page with its folio
  (``running_heads.py``); where a design's folios cannot be stamped, laid out on
  otherwise empty pages once the chunks' page counts are known, in pieces of at most
  :data:`HEADS_PAGES` pages, each starting from its folio.
- **Front matter**: laid out last, in one piece, its contents page given the folios,
  while the merge joins the body.

``layout/join.py`` joins them; the result reads page for page like the single pass.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

from mkbook.errors import ExportError
from mkbook.exporters.pdf import running_heads
from mkbook.exporters.pdf.print_html import PAGE_LABELS, PrintBook, print_html, running_heads_html
from mkbook.exporters.pdf.running_heads import Span
from mkbook.layout.jobs import Bookmark, LaidOut, LayoutJob
from mkbook.layout.runner import PieceRunner, Sheets
from mkbook.model import Chapter, Part
from mkbook.progress import stage
from mkbook.render.documents import Document
from mkbook.walk import block_text, iter_blocks

if TYPE_CHECKING:  # pikepdf loads while the workers lay out (see warm_merge)
    from mkbook.layout.join import MergePlan, Overlay

log = logging.getLogger("mkbook")

CHUNK_CHARS = 6_000
"""A chunk holds documents until it has this many characters (2–3 pages), so most
chapters are a chunk of their own; very long books double it (see :func:`body_chunks`)."""
MOST_CHUNKS = 120
"""Each WeasyPrint document costs ~20 ms of its own: a longer book gets longer chunks."""
HEADS_PAGES = 300
"""Running-head pieces stay this short: WeasyPrint's time per page grows with length."""


def lay_out_in_pieces(pb: PrintBook, sheets: Sheets, runner: PieceRunner,
                      any_side: bool = False) -> MergePlan:
    """Lay out *pb* in pieces (cached, in parallel) and plan their merge; with
    *any_side*, chapters open on the next page, recto or verso.

    The running-head samples go to the workers first (they need only the documents),
    then the body's chunks, longest first so that the workers run out of work at
    about the same time; the front matter, which needs the body's folios, comes
    last and is still being laid out when the plan is returned, so the merge joins
    the body meanwhile.
    """
    front = [doc for doc in pb.documents if doc.matter == "frontmatter"]
    body = [doc for doc in pb.documents if doc.matter != "frontmatter"]
    chunks = body_chunks(body)
    sampled = running_heads.samples(pb, body)
    work: list[tuple[LayoutJob, tuple[str, ...]]] = []
    if sheets.facing:
        work += [(sheets.job(running_heads.sample_html(pb, documents), running_heads.sample_css(
            start, documents, pb.first_body)), ()) for start, documents in (
            (running_heads.LONG_START, sampled.documents),
            (running_heads.SHORT_START, sampled.classes))]
    stage(f"laying out {len(chunks)} chunks")
    order = _longest_first(chunks)
    pending = runner.start(chain(work, (
        (sheets.job(print_html(pb, chunks[n]), margin_boxes=False, balance=True, tagged=True),
         tuple(doc.id for doc in chunks[n])) for n in order)))
    warm_merge()
    done = pending()
    samples = done[:len(work)]
    laid = [done[len(work) + order.index(n)] for n in range(len(chunks))]
    recto = [not (any_side and sheets.facing) or isinstance(chunk[0].item, Part)
             for chunk in chunks]
    if not all(recto):
        laid = _on_their_sides(pb, sheets, runner, chunks, laid, recto)
    spans, offsets = _spans(chunks, laid, sheets.facing, recto)
    stage("laying out the front matter")
    folios = {span.doc.id: str(span.start + 1) for span in spans}
    front_piece = runner.start([(sheets.job(print_html(pb, front, folios), tagged=True),
                                 tuple(doc.id for doc in front))])
    stamped = running_heads.stamp(pb, spans, sampled, *samples) if samples else None
    if stamped is None:
        log.info("running heads laid out page by page")
    overlays = (stamped,) if stamped is not None else _heads_by_page(pb, spans, sheets, runner)
    outline = [Bookmark(m.level, m.label, m.page + offset, m.x, m.y)
               for piece, offset in zip(laid, offsets, strict=False) for m in piece.bookmarks]
    created = "D:" + pb.created.replace("-", "").replace(":", "").replace("T", "")
    from mkbook.layout.join import MergePlan

    return MergePlan(cache(lambda: front_piece()[0]), tuple(laid), tuple(offsets[:-1]),
                     offsets[-1] if offsets else 0, overlays, tuple(outline), sheets.facing,
                     created, PAGE_LABELS)


def warm_merge() -> None:
    """Load what the merge needs (pikepdf, fontTools, the book face's names) while
    the workers lay out: in a one-chapter rebuild that is most of the wait."""
    from mkbook.layout.fonts import postscript_names
    from mkbook.render.fonts import FONT_FILES, font_folder

    postscript_names(font_folder(), tuple(FONT_FILES.values()))  # kept for the merge


def _heads_by_page(pb: PrintBook, spans: Sequence[Span], sheets: Sheets,
                   runner: PieceRunner) -> tuple[Overlay, ...]:
    """The body's running heads laid out on a page of their own for every body page,
    in pieces of at most :data:`HEADS_PAGES` pages, each starting from its folio."""
    from mkbook.layout.join import Overlay

    body_pages = sum(span.pages for span in spans)
    groups = _balanced(spans, max(runner.jobs, -(-body_pages // HEADS_PAGES)))
    heads = runner.run((sheets.job(running_heads_html(pb, [(s.doc, s.pages) for s in group]),
                                   _heads_css(group[0].start + 1, sheets.facing)),
                        tuple(s.doc.id for s in group)) for group in groups)
    return tuple(Overlay(piece, tuple(
        (piece.starts[s.doc.id] + k, s.start + k) for s in group for k in range(s.pages)))
        for piece, group in zip(heads, groups, strict=True))


def body_chunks(documents: Sequence[Document]) -> list[tuple[Document, ...]]:
    """Consecutive documents in chunks of at least :data:`CHUNK_CHARS` characters,
    doubled until there are at most :data:`MOST_CHUNKS`.

    A chunk closes once it is long enough, so an edit moves chunk boundaries only
    when it carries a chapter across that length: the other chunks stay cached.
    """
    sizes = [_characters(doc) for doc in documents]
    least = CHUNK_CHARS
    while sum(sizes) > least * MOST_CHUNKS:
        least *= 2
    chunks: list[tuple[Document, ...]] = []
    current: list[Document] = []
    size = 0
    for doc, chars in zip(documents, sizes, strict=True):
        current.append(doc)
        size += chars
        if size >= least:
            chunks.append(tuple(current))
            current, size = [], 0
    if current:
        chunks.append(tuple(current))
    return chunks


def _longest_first(chunks: Sequence[tuple[Document, ...]]) -> list[int]:
    """The chunks' indexes, longest first: the workers run out of work together."""
    sizes = [sum(map(_characters, chunk)) for chunk in chunks]
    return sorted(range(len(chunks)), key=lambda n: -sizes[n])


def _characters(doc: Document) -> int:
    item = doc.item
    if isinstance(item, Part):
        return len(item.title)
    blocks = ([b for scene in item.scenes for b in scene.blocks]
              if isinstance(item, Chapter) else list(item.blocks))
    return sum(len(block_text(block)) for block in iter_blocks(blocks))


VERSO_FIRST = "html { break-before: verso; }\n"
"""A piece laid out from a verso: WeasyPrint makes the first page a left one."""


def _on_their_sides(pb: PrintBook, sheets: Sheets, runner: PieceRunner,
                    chunks: Sequence[tuple[Document, ...]], laid: list[LaidOut],
                    recto: Sequence[bool]) -> list[LaidOut]:
    """Chapters on any page: each chunk that falls on a verso laid out again from a
    verso (its margins mirrored the other way); its page count, set in the same
    measure, rarely moves, and the pass repeats until none does."""
    versos = [False] * len(chunks)
    for _ in range(len(chunks)):
        _, offsets = _spans(chunks, laid, sheets.facing, recto)
        moved = [n for n, offset in enumerate(offsets[:-1]) if bool(offset % 2) != versos[n]]
        if not moved:
            return laid
        stage(f"laying out {len(moved)} chunks from a verso")
        again = runner.run((sheets.job(print_html(pb, chunks[n]), VERSO_FIRST if not versos[n]
                                       else "", margin_boxes=False, balance=True, tagged=True),
                            tuple(doc.id for doc in chunks[n])) for n in moved)
        for n, piece in zip(moved, again, strict=True):
            laid[n], versos[n] = piece, not versos[n]
    return laid


def _spans(chunks: Sequence[tuple[Document, ...]], laid: Sequence[LaidOut],
           facing: bool, recto: Sequence[bool]) -> tuple[list[Span], list[int]]:
    """Each body document's first page and page count; each chunk's first page (a
    recto where *recto* says so), and last the body's even page count."""
    from mkbook.layout.join import padded

    spans: list[Span] = []
    offsets = [0]
    for chunk, piece, on_recto in zip(chunks, laid, recto, strict=True):
        offsets[-1] = padded(offsets[-1], facing and on_recto)
        try:
            starts = [piece.starts[doc.id] for doc in chunk]
        except KeyError as err:
            raise ExportError(f"internal error: document {err} not found in its layout") from None
        for doc, start, end in zip(chunk, starts, [*starts[1:], piece.pages], strict=True):
            pages = sum(not blank for blank in piece.blank[start:end])
            spans.append(Span(doc, offsets[-1] + start, pages))
        offsets.append(offsets[-1] + piece.pages)
    offsets[-1] = padded(offsets[-1], facing)
    return spans, offsets


def _balanced(spans: Sequence[Span], pieces: int) -> list[list[Span]]:
    """*spans* cut into up to *pieces* runs of about equal page counts."""
    if not spans:
        return []
    total = sum(span.pages for span in spans)
    groups: list[list[Span]] = [[]]
    done = 0
    for span in spans:
        if groups[-1] and done >= total * len(groups) / pieces:
            groups.append([])
        groups[-1].append(span)
        done += span.pages
    return groups


def _heads_css(first_folio: int, facing: bool) -> str:
    """Page breaks for the running-head pages, and the folio the piece starts from."""
    side = "recto" if facing else "page"
    return (f"@page :first {{ counter-reset: page {first_folio}; }}\n"
            ".running-page + .running-page { break-before: page; }\n"
            f".running-heads {{ break-before: {side}; }}\n")
