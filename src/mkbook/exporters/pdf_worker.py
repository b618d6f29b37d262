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
import hashlib
import io
import logging
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("mkbook")
PX_TO_PT = 0.75
_MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
                 "right-top", "right-middle", "right-bottom", "bottom-right-corner",
                 "bottom-right", "bottom-center", "bottom-left", "bottom-left-corner",
                 "left-bottom", "left-middle", "left-top")
NO_MARGIN_BOXES = "@page { " + " ".join(
    f"@{box} {{ content: none !important; }}" for box in _MARGIN_BOXES) + " }\n"
"""A stylesheet that empties every margin box.  A job carrying it skips WeasyPrint's
margin-box pass (a twentieth of a page's time), whose boxes would all be empty."""


@dataclass(frozen=True, slots=True)
class LayoutJob:
    """One HTML document to lay out and write as a PDF."""

    html: str
    stylesheets: tuple[str, ...]
    base_url: str
    allowed: tuple[str, ...]
    """Folders the URL fetcher may read (the book project, the font package)."""
    merged_fonts: tuple[str, ...] = ()
    """Font files the merge embeds once for the whole book: a placeholder here."""


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


_PREPARED: dict[tuple[tuple[str, ...], tuple[str, ...], str], tuple[Any, list[Any], Any]] = {}
# Dropped before interpreter shutdown: a FontConfiguration freed after its C library
# is gone prints an ignored exception.
atexit.register(_PREPARED.clear)


def lay_out(job: LayoutJob, document_ids: tuple[str, ...] = ()) -> LaidOut:
    """Lay out *job* and write its PDF; *document_ids* are the documents to locate.

    Raises :class:`RuntimeError` with WeasyPrint's message (a plain exception, so it
    crosses back from a worker process).
    """
    from weasyprint import HTML

    fonts, sheets, fetcher = _prepared(job)
    with collected_warnings() as warnings, _collector_paused():
        try:
            with _margin_boxes(NO_MARGIN_BOXES not in job.stylesheets):
                document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher
                                ).render(stylesheets=sheets, font_config=fonts)
            out = io.BytesIO()
            with _placeholders(job.merged_fonts):
                document.write_pdf(out)
        except Exception as err:
            raise RuntimeError(f"WeasyPrint could not lay out the book: {err}") from None
    pages = document.pages
    return LaidOut(out.getvalue(), tuple(_is_blank(page) for page in pages),
                   _starts(pages, document_ids), tuple(_bookmarks(pages)), tuple(warnings))


def _prepared(job: LayoutJob) -> tuple[Any, list[Any], Any]:
    """The font configuration, parsed stylesheets and fetcher for *job*, kept per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from mkbook.exporters.fetcher import ConfinedURLFetcher

    key = (job.stylesheets, job.allowed, job.base_url)
    if key not in _PREPARED:
        fetcher = ConfinedURLFetcher([Path(folder) for folder in job.allowed])
        fonts = FontConfiguration()  # @font-face rules only load through one of these
        sheets = [CSS(string=text, url_fetcher=fetcher, base_url=job.base_url,
                      font_config=fonts) for text in job.stylesheets]
        if len(_PREPARED) >= 4:  # body, running heads, front matter, one spare
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[key] = (fonts, sheets, fetcher)
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


@contextmanager
def _margin_boxes(wanted: bool) -> Iterator[None]:
    """Without *wanted*, WeasyPrint's margin-box pass is skipped (pinned below 71)."""
    if wanted:
        yield
        return
    from weasyprint import layout

    original = layout.make_margin_boxes
    layout.make_margin_boxes = lambda context, page, state: ()
    try:
        yield
    finally:
        layout.make_margin_boxes = original


_FILE_DIGESTS: dict[str, Path] = {}


@contextmanager
def _placeholders(paths: tuple[str, ...]) -> Iterator[None]:
    """WeasyPrint embeds a placeholder for the fonts from *paths* while the block runs.

    Subsetting is a quarter of a piece's time (fontTools, where HarfBuzz-Subset is
    missing) and compressing a whole font for every piece costs more again, both
    wasted on these files: the merge embeds them once for the book, subset to every
    glyph the pieces use (``pdf_fonts.placeholder``).  WeasyPrint has no option for
    it, so its ``Font.subset`` is wrapped (pinned below version 71).
    """
    from weasyprint.pdf.fonts import Font

    from mkbook.exporters.pdf_fonts import placeholder

    for path in paths:
        if Path(path) not in _FILE_DIGESTS.values():
            _FILE_DIGESTS[hashlib.md5(Path(path).read_bytes(),
                                      usedforsecurity=False).hexdigest()] = Path(path)
    original = Font.subset

    def subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        path = _FILE_DIGESTS.get(hashlib.md5(font.file_content, usedforsecurity=False
                                             ).hexdigest())
        if path is not None and str(path) in paths:
            font.file_content = placeholder(path, font.file_content)
        else:
            original(font, to_unicode, hinting)

    Font.subset = subset
    try:
        yield
    finally:
        Font.subset = original


def _is_blank(page: Any) -> bool:
    """WeasyPrint's own record that it inserted this page blank (pinned below 71)."""
    return bool(page._page_box.page_type.blank)  # noqa: SLF001


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
        # A missing system library slows font subsetting; it is not the author's concern.
        level = logging.INFO if "HarfBuzz-Subset" in message else logging.WARNING
        log.log(level, "PDF layout: %s", message)
