"""PDF through WeasyPrint: the whole book as one HTML document laid out with paged CSS.

The HTML comes from the same fragments as the EPUB (``chapter.html``…) inside
``print.html``; ``base.css`` + ``print.css`` carry the page rules.  WeasyPrint is
imported only here, inside :meth:`PdfExporter.export`, so other commands start fast.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from mkbook.errors import ExportError
from mkbook.exporters.base import ExportContext, atomic_output
from mkbook.exporters.documents import plan_documents
from mkbook.exporters.fonts import FONT_FILES, font_folder
from mkbook.exporters.html import RenderContext
from mkbook.exporters.templating import load_style, template_environment
from mkbook.model import Book

STYLESHEETS = ("base.css", "print.css")
log = logging.getLogger("mkbook")

class PdfExporter:
    """Writes a print-ready PDF."""

    name = "pdf"
    suffix = ".pdf"

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Lay the book out and write it to ``ctx.output`` atomically."""
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        from mkbook.exporters.fetcher import ConfinedURLFetcher

        font_dir = font_folder()
        allowed = [path for path in (book.root, font_dir) if path is not None]
        fetcher = ConfinedURLFetcher(allowed)
        base_url = (book.root or Path.cwd()).resolve().as_uri() + "/"
        html = HTML(string=render_print_html(book, ctx.timestamp), base_url=base_url,
                    url_fetcher=fetcher)
        fonts = FontConfiguration()  # @font-face rules only load through one of these
        css = [font_faces(font_dir)] + [load_style(name, book.root) for name in STYLESHEETS]
        sheets = [CSS(string=text, url_fetcher=fetcher, base_url=base_url, font_config=fonts)
                  for text in css]
        with capture_weasyprint_warnings(), atomic_output(ctx.output) as temp:
            try:
                html.write_pdf(temp, stylesheets=sheets, font_config=fonts)
            except Exception as err:
                raise ExportError(f"WeasyPrint could not lay out the book: {err}") from err
        return ctx.output


def render_print_html(book: Book, timestamp: int) -> str:
    """The whole book as one HTML document for WeasyPrint."""
    documents = plan_documents(book)
    contexts = {doc.id: RenderContext(id_prefix=f"{doc.id}-") for doc in documents}
    created = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    template = template_environment(book.root).get_template("print.html")
    return template.render(meta=book.metadata, documents=documents, contexts=contexts,
                           created=created)


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
