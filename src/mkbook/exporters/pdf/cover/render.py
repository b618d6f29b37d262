"""The cover wrap laid out: the book's metadata and cover art on a :class:`Wrap`.

The front is the author's cover image, filling the front and its bleed, or a
typographic front in the book face; the spine carries the title and author, turned
to read top to bottom as English-language books do, when the book is thick enough
(:data:`papers.SPINE_TEXT_PAGES`); the back carries the blurb (``[book]
description``) and leaves the barcode box clear.  The page is one sheet the size of
the wrap, laid out by WeasyPrint through its public API from ``print/cover.html`` and
the shared ``cover.css``, reading only the project and mkbook's fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkbook.diagnostics import Diagnostic, SourceRef, report
from mkbook.exporters.pdf.cover.papers import SPINE_TEXT_PAGES, Paper
from mkbook.exporters.pdf.cover.wrap import Box, Wrap
from mkbook.model import Book

INFO_KEYS = ("/MkbookPages", "/MkbookPaper", "/MkbookSpine")
"""What the cover records of the interior it was made for, in the PDF's Info."""


@dataclass(frozen=True, slots=True)
class CoverPlan:
    """What a cover is made for: the wrap, the interior's page count, the paper."""

    wrap: Wrap
    pages: int
    paper: Paper

    @property
    def spine_text(self) -> bool:
        return self.pages > SPINE_TEXT_PAGES


PRINT_PPI = 300
"""What printers ask of an image at its printed size (pixels per inch)."""


def cover_pdf(book: Book, plan: CoverPlan) -> bytes:
    """The cover wrap of *book* as PDF bytes (MK403 when its image is too coarse)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from mkbook.exporters.pdf.print_html import font_faces
    from mkbook.layout.fetcher import ConfinedURLFetcher
    from mkbook.layout.jobs import BOOK_URL, collected_warnings, report_warnings
    from mkbook.render.fonts import face_folders, font_folder
    from mkbook.render.templates import load_style, render_template

    allowed = [path for path in (book.root, *face_folders()) if path is not None]
    fetcher = ConfinedURLFetcher(allowed, book.root)
    meta = book.metadata
    html = render_template(
        book.root, "print/cover.html", meta=meta, authors=" & ".join(meta.authors),
        blurb=[part.strip() for part in meta.description.split("\n\n") if part.strip()],
        image=f"{BOOK_URL}{book.cover.name}" if book.cover is not None else "",
        spine_text=plan.spine_text)
    fonts = FontConfiguration()
    with collected_warnings() as warnings:
        sheets = [CSS(string=text, url_fetcher=fetcher, base_url=BOOK_URL, font_config=fonts)
                  for text in (font_faces(font_folder()),
                               load_style("cover.css", book.root, from_root=True),
                               geometry_css(plan))]
        document = HTML(string=html, base_url=BOOK_URL, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts)
        data = document.write_pdf()
    report_warnings(warnings)
    if book.cover is not None:
        report(_coarse(book, plan))
    return _recorded(data, plan)


def _coarse(book: Book, plan: CoverPlan) -> list[Diagnostic]:
    """MK403 when the cover image, stretched over the front and its bleed, has fewer
    than :data:`PRINT_PPI` pixels an inch."""
    from mkbook.confine import image_size

    assert book.cover is not None
    wrap = plan.wrap
    width, height = wrap.size[0] - wrap.front.left, wrap.size[1]
    pixels = image_size(book.cover.path, book.cover.name, None)
    ppi = min(pixels[0] / width, pixels[1] / height)
    if ppi >= PRINT_PPI:
        return []
    return [Diagnostic("MK403", f"the cover image is {pixels[0]}×{pixels[1]}, {ppi:.0f} ppi "
                       f"over the printed front ({width:.2f}×{height:.2f} in); printers ask "
                       f"for {PRINT_PPI}: at least {width * PRINT_PPI:.0f}×"
                       f"{height * PRINT_PPI:.0f} pixels", SourceRef(book.cover.name, 0))]


def geometry_css(plan: CoverPlan) -> str:
    """The page and each panel's place, from the wrap (inches)."""
    wrap = plan.wrap
    width, height = wrap.size
    back, spine, front = wrap.safe_zones
    art = Box(wrap.front.left, 0, width - wrap.front.left, height)  # the front and its bleed
    # The spine's text box is laid along the spine, then turned a quarter about its middle.
    along = Box(spine.left + spine.width / 2 - spine.height / 2,
                spine.top + spine.height / 2 - spine.width / 2, spine.height, spine.width)
    size = min(14.0, spine.width * 72 * 0.5)
    return "\n".join((
        f"@page {{ size: {width:.4f}in {height:.4f}in; margin: 0; }}",
        _placed(".back", back), _placed(".front", front), _placed(".art", art),
        _placed(".barcode", wrap.barcode), _placed(".spine", along),
        f".spine {{ font-size: {size:.2f}pt; line-height: {spine.width:.4f}in; }}",
    ))


def _placed(selector: str, box: Box) -> str:
    return (f"{selector} {{ position: absolute; left: {box.left:.4f}in; top: {box.top:.4f}in; "
            f"width: {box.width:.4f}in; height: {box.height:.4f}in; }}")


def _recorded(data: bytes, plan: CoverPlan) -> bytes:
    """*data* with the page count, paper and spine it was made for in its Info, so
    ``check`` can tell when the interior has changed under it."""
    import io

    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for key, value in zip(INFO_KEYS, (str(plan.pages), plan.paper.name,
                                          f"{plan.wrap.spine:.4f}"), strict=True):
            pdf.docinfo[key] = value
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def recorded_plan(path: Path) -> tuple[int, str, float] | None:
    """The (pages, paper, spine) a cover PDF at *path* records, or None."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            pages, paper, spine = (str(pdf.docinfo.get(key, "")) for key in INFO_KEYS)
        return int(pages), paper, float(spine)
    except (pikepdf.PdfError, OSError, ValueError):
        return None
