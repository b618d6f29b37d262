"""PDF through WeasyPrint: the whole book as one HTML document laid out with paged CSS.

The HTML comes from the same fragments as the EPUB (``chapter.html``…) inside
``print.html``; ``base.css`` + ``print.css`` carry the page rules.  WeasyPrint is
imported only here, inside :meth:`PdfExporter.export`, so other commands start fast.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkbook.errors import ExportError
from mkbook.exporters.base import ExportContext, atomic_output
from mkbook.exporters.documents import Document, plan_documents
from mkbook.exporters.fonts import FONT_FILES, font_folder
from mkbook.exporters.html import RenderContext
from mkbook.exporters.print_layout import PageSetup, kdp_inside_margin, page_css, page_setup
from mkbook.exporters.templating import load_style, template_environment
from mkbook.model import Book

STYLESHEETS = ("base.css", "print.css")
log = logging.getLogger("mkbook")

class PdfExporter:
    """Writes a print-ready PDF (or a screen PDF, or a KDP paperback interior)."""

    name = "pdf"
    suffix = ".pdf"
    table = "pdf"

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Lay the book out and write it to ``ctx.output`` atomically.

        For KDP the gutter depends on the page count, which depends on the gutter:
        lay out, count, and lay out again if the count moved into another band.
        """
        setup = page_setup(dict(ctx.options))
        renderer = _Renderer(book, ctx.timestamp)
        document = renderer.render(setup)
        if setup.profile == "kdp":
            gutter = max(setup.inside, kdp_inside_margin(len(document.pages)))
            if gutter != setup.inside:
                setup = replace(setup, inside=gutter)
                document = renderer.render(setup)
                kdp_inside_margin(len(document.pages))  # still printable after re-layout
        if setup.facing:
            document = _even_pages(document)
        with capture_weasyprint_warnings(), atomic_output(ctx.output) as temp:
            try:
                document.write_pdf(temp, full_fonts=setup.profile == "kdp",
                                   pdf_variant=setup.pdf_variant)
            except Exception as err:
                raise ExportError(f"WeasyPrint could not write the PDF: {err}") from err
        return ctx.output


class _Renderer:
    """Lays the book out with WeasyPrint (imported here only) for a page setup."""

    def __init__(self, book: Book, timestamp: int) -> None:
        from weasyprint import HTML

        from mkbook.exporters.fetcher import ConfinedURLFetcher

        self.book = book
        self.font_dir = font_folder()
        allowed = [path for path in (book.root, self.font_dir) if path is not None]
        self.fetcher = ConfinedURLFetcher(allowed)
        self.base_url = (book.root or Path.cwd()).resolve().as_uri() + "/"
        self.html = HTML(string=render_print_html(book, timestamp), base_url=self.base_url,
                         url_fetcher=self.fetcher)

    def render(self, setup: PageSetup) -> Any:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()  # @font-face rules only load through one of these
        css = [font_faces(self.font_dir)]
        css += [load_style(name, self.book.root) for name in STYLESHEETS]
        css += [page_css(setup), _profile_css(setup)]
        sheets = [CSS(string=text, url_fetcher=self.fetcher, base_url=self.base_url,
                      font_config=fonts) for text in css]
        with capture_weasyprint_warnings():
            try:
                return self.html.render(stylesheets=sheets, font_config=fonts)
            except Exception as err:
                raise ExportError(f"WeasyPrint could not lay out the book: {err}") from err


def _even_pages(document: Any) -> Any:
    """A printed book has an even number of pages: close it with a blank verso.

    The blank is a copy of one of the book's own blank pages (same size, no folio);
    ``page_type`` is WeasyPrint's own record of it (pinned below version 71).
    """
    if len(document.pages) % 2 == 0:
        return document
    blank = next((page for page in document.pages
                  if page._page_box.page_type.blank), None)  # noqa: SLF001
    return document.copy([*document.pages, blank]) if blank is not None else document


def _profile_css(setup: PageSetup) -> str:
    """What a profile changes: a screen PDF has no blank pages; KDP wants no bookmarks."""
    if setup.profile == "screen":
        return ("@page { @top-left { content: none; } @top-right { content: none; } "
                "@bottom-center { content: counter(page); } }\n"
                ".frontmatter > *, .bodymatter > *, .backmatter > * "
                "{ break-before: page !important; }\n")
    if setup.profile == "kdp":
        return "h1 { bookmark-level: none !important; }\n"
    return ""


def render_print_html(book: Book, timestamp: int) -> str:
    """The whole book as one HTML document for WeasyPrint."""
    documents = print_documents(plan_documents(book))
    contexts = {doc.id: RenderContext(id_prefix=f"{doc.id}-", inline_notes={
        note.label: note for note in getattr(doc.item, "notes", ())}) for doc in documents}
    first_body = next((doc.id for doc in documents if doc.matter == "bodymatter"), "")
    created = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    identifier = book.metadata.identifier
    isbn = identifier.removeprefix("urn:isbn:") if identifier.startswith("urn:isbn:") else ""
    template = template_environment(book.root).get_template("print.html")
    return template.render(meta=book.metadata, documents=documents, contexts=contexts,
                           created=created, first_body=first_body, isbn=isbn)


def print_documents(documents: list[Document]) -> list[Document]:
    """A printed book's front matter: a half-title first, a copyright page behind the title."""
    out: list[Document] = []
    for doc in documents:
        if doc.kind == "titlepage":
            out.append(replace(doc, id="halftitle", kind="halftitle", role="halftitle"))
            out.append(doc)
            out.append(replace(doc, id="copyright", kind="copyright", role="copyright-page"))
        else:
            out.append(doc)
    return out


def font_faces(folder: Path | None) -> str:
    """``@font-face`` rules for the book face, or nothing when it is missing."""
    if folder is None:
        log.warning("the Source Serif Pro font package is missing; the PDF uses DejaVu Serif")
        return ""
    rules = []
    for (style, weight), name in FONT_FILES.items():
        url = (folder / name).as_uri()
        rules.append(f'@font-face {{ font-family: "mkbook-serif"; src: url("{url}"); '
                     f"font-style: {style}; font-weight: {weight}; }}")
    return "\n".join(rules)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def capture_weasyprint_warnings() -> Iterator[None]:
    """Re-emit WeasyPrint's warnings as mkbook warnings, once each."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate
        for message in dict.fromkeys(collector.messages):
            # A missing system library slows font subsetting; it is not the author's concern.
            level = logging.INFO if "HarfBuzz-Subset" in message else logging.WARNING
            log.log(level, "PDF layout: %s", message)
