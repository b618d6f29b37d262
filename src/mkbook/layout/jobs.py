"""Lays out one piece of a book with WeasyPrint: what a worker process runs.

A :class:`LayoutJob` is plain data (HTML, stylesheet texts, the folders the fetcher
may read), so it crosses a process boundary and hashes into a cache key; the
:class:`LaidOut` result is the PDF bytes plus what the merge needs to know about
its pages.  Parsed stylesheets and the font configuration are kept per process:
each worker parses the book's CSS once, not once per chapter.
"""

from __future__ import annotations

import atexit
import gc
import io
import logging
import multiprocessing
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkbook.layout import balance
from mkbook.layout import weasyprint_private as private
from mkbook.layout.fontconfig import fontconfig_available
from mkbook.layout.frame_stack import roomy

log = logging.getLogger("mkbook")
PX_TO_PT = 0.75


BOOK_URL = "file:///mkbook-book/"
"""The base URL the book's HTML is laid out at, wherever the project is: WeasyPrint
names each image after its URL, so the real folder would make the same book give other
bytes in another folder.  The fetcher reads these URLs from the project."""
OUTSIDE_LINK = "mkbook-dest:"
"""How a piece's HTML links to a place laid out in another piece: the join turns it
back into a link inside the PDF (WeasyPrint drops links whose target it cannot see)."""


@dataclass(frozen=True, slots=True)
class LayoutJob:
    """One HTML document to lay out and write as a PDF."""

    html: str
    stylesheets: tuple[str, ...]
    base_url: str
    allowed: tuple[str, ...]
    """Folders the URL fetcher may read (the book project, the font package)."""
    root: str = ""
    """The book project, which *base_url* stands for."""
    merged_fonts: tuple[str, ...] = ()
    """Font files the merge embeds once for the whole book: a placeholder here."""
    extra_css: str = ""
    """This job's own rules, after *stylesheets*: parsed for it alone, so the jobs of a
    book share one parsed set of *stylesheets* and one warm font configuration."""
    margin_boxes: bool = True
    """False where every margin box would be empty (body chunks, whose running heads
    are stamped later): WeasyPrint's margin-box pass, a twentieth of a page's time,
    is skipped."""
    balance: bool = False
    """Fill short pages by setting a paragraph or two a hair looser (``balance.py``):
    for the body's pieces, where pages run on from one another."""
    tagged: bool = False
    """Write the piece as a tagged PDF (its structure tree joins the book's,
    ``structure.py``): the text's pieces, not the running heads laid over them."""

    def cache_parts(self) -> tuple[str, ...]:
        """Everything the laid-out piece depends on, as text."""
        return (self.html, *self.stylesheets, self.base_url, *self.allowed,
                *self.merged_fonts, self.extra_css, str(self.margin_boxes),
                str(self.balance), str(self.tagged))


@dataclass(frozen=True, slots=True)
class Bookmark:
    """An outline entry: level, label, page index and PDF coordinates of its target."""

    level: int
    label: str
    page: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class LaidOut:
    """A laid-out piece: its PDF and what the merge needs about its pages."""

    pdf: bytes
    blank: tuple[bool, ...]
    """Per page: a blank verso inserted so the next document starts on a recto."""
    starts: dict[str, int]
    """Document id → index of the page it starts on."""
    bookmarks: tuple[Bookmark, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def pages(self) -> int:
        return len(self.blank)


_FREED_LATER: list[Any] = []
"""A worker's last layout, freed when the next job starts rather than before its
result is sent: freeing a layout's millions of objects takes a tenth of a second or
more, which the book's last pieces would otherwise keep the merge waiting for."""

_Prepared = tuple[Any, list[Any], Any, list[str]]
"""A font configuration, parsed stylesheets, a fetcher, and what parsing warned of."""
_PREPARED: dict[tuple[tuple[str, ...], tuple[str, ...], str, str], _Prepared] = {}
# Dropped before interpreter shutdown: a FontConfiguration freed after its C library
# is gone prints an ignored exception.
atexit.register(_PREPARED.clear)


def lay_out(job: LayoutJob, document_ids: tuple[str, ...] = ()) -> LaidOut:
    """Lay out *job* and write its PDF; *document_ids* are the documents to locate.

    Raises :class:`RuntimeError` with WeasyPrint's message (a plain exception, so it
    crosses back from a worker process).
    """
    from weasyprint import CSS, HTML

    _FREED_LATER.clear()
    fonts, sheets, fetcher, sheet_warnings = _prepared(job)
    with collected_warnings() as warnings, _collector_paused():
        warnings += sheet_warnings
        try:
            if job.extra_css:
                sheets = [*sheets, CSS(string=job.extra_css, url_fetcher=fetcher,
                                       base_url=job.base_url, font_config=fonts)]
            with private.margin_boxes(job.margin_boxes), private.leaders_in_one_box(), \
                    balancing(job.balance):
                html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
                document = roomy(lambda: html.render(stylesheets=sheets, font_config=fonts))
            out = io.BytesIO()
            with private.font_placeholders(job.merged_fonts):
                roomy(lambda: document.write_pdf(out, pdf_tags=job.tagged))
        except Exception as err:
            raise RuntimeError(f"WeasyPrint could not lay out the book: {err}") from None
    pages = document.pages
    if multiprocessing.parent_process() is not None:
        _FREED_LATER.append(document)
    return LaidOut(out.getvalue(), tuple(private.is_blank(page) for page in pages),
                   _starts(pages, document_ids), tuple(_bookmarks(pages)), tuple(warnings))


def balancing(wanted: bool) -> AbstractContextManager[None]:
    """Short pages filled as they are made (``balance.py``), when *wanted* and the
    installed WeasyPrint is one whose page making mkbook knows."""
    return private.balanced_pages(balance.refits, balance.faults) if wanted and private.USABLE \
        else nullcontext()


def _prepared(job: LayoutJob) -> _Prepared:
    """The font configuration, parsed stylesheets and fetcher for *job*, kept per process,
    with what WeasyPrint warned of while parsing the sheets (an unknown property, a font
    that does not load): every piece carries those, so they reach the author however
    the pieces are laid out, in this process, in workers, or from the cache."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from mkbook.layout.fetcher import ConfinedURLFetcher

    key = (job.stylesheets, job.allowed, job.base_url, job.root)
    if key not in _PREPARED:
        fetcher = ConfinedURLFetcher([Path(folder) for folder in job.allowed],
                                     Path(job.root) if job.root else None)
        fonts = FontConfiguration()  # @font-face rules only load through one of these
        with collected_warnings() as warnings:
            sheets = [CSS(string=text, url_fetcher=fetcher, base_url=job.base_url,
                          font_config=fonts) for text in job.stylesheets]
        if len(_PREPARED) >= 2:  # a KDP re-layout changes the page rules
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[key] = (fonts, sheets, fetcher, warnings)
        if multiprocessing.parent_process() is not None:  # a worker: what lives as long
            gc.freeze()  # as the process need not be looked at by any collection
    return _PREPARED[key]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a piece is laid out.

    WeasyPrint's millions of short-lived objects set the collector off again and
    again (3–10 % of a piece's time); a piece's garbage is freed by reference
    counting, and what cycles it leaves are collected once the piece is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _starts(pages: list[Any], ids: tuple[str, ...]) -> dict[str, int]:
    wanted, found = set(ids), dict[str, int]()
    for number, page in enumerate(pages):
        for name in wanted.intersection(page.anchors):
            found.setdefault(name, number)
    return found


def _bookmarks(pages: list[Any]) -> Iterator[Bookmark]:
    """Outline entries with their targets in PDF points (origin at the bottom left)."""
    for number, page in enumerate(pages):
        for level, label, (x, y), _state in page.bookmarks:
            yield Bookmark(level, label, number, x * PX_TO_PT, (page.height - y) * PX_TO_PT)


class _Collector(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings during the block, kept to be reported by the caller."""
    logger = logging.getLogger("weasyprint")
    messages: list[str] = []
    collector = _Collector(messages)
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def report_warnings(messages: list[str]) -> None:
    """Re-emit WeasyPrint's warnings as mkbook warnings, once each."""
    for message in dict.fromkeys(messages):
        log.log(_level(message), "PDF layout: %s", message)


def _level(message: str) -> int:
    """A missing system library slows font subsetting, which is not the author's
    concern; a character no font has is said once for all of them (MK512) before the
    layout, where fontconfig can be asked."""
    if "HarfBuzz-Subset" in message:
        return logging.INFO
    if message.startswith(".notdef glyph") and fontconfig_available():
        return logging.INFO
    return logging.WARNING
