"""The whole book as one WeasyPrint document: the PDF/A, PDF/UA and PDF/X variants,
whose tags, metadata and colours cannot be joined from pieces, and the fallback where
the installed WeasyPrint is not one the parallel layout knows.  WeasyPrint's finisher
(its public hook on the PDF before it is written) adds the page labels, each page's
trim inside its bleed and a press's output intent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkbook.errors import ExportError
from mkbook.exporters import write_atomically
from mkbook.exporters.pdf.page_setup import PageSetup, kdp_inside_margin
from mkbook.exporters.pdf.press import Inks, finish_press, inked_image, is_press, press_profile
from mkbook.exporters.pdf.print_html import PAGE_LABELS, PrintBook, print_html
from mkbook.exporters.pdf.sheets import print_stylesheets
from mkbook.layout import weasyprint_private as private
from mkbook.layout.frame_stack import roomy
from mkbook.layout.jobs import BOOK_URL, balancing
from mkbook.render.fonts import face_folders

PANGO_HINT = ("the PDF needs Pango, which WeasyPrint could not load ({cause}): install it "
              "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; Fedora: "
              "dnf install pango; macOS: brew install pango), then build again; the EPUB "
              "needs none of it (mkbook epub)")


def weasyprint_loads() -> None:
    """WeasyPrint, which loads Pango through its C library when imported: a machine
    without Pango is told what to install.  Asked where a layout failed (the main
    process of a parallel layout need not import WeasyPrint, a second of a rebuild)
    and before the single pass."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, ImportError) as err:
        raise ExportError(PANGO_HINT.format(cause=err)) from None


def lay_out_whole(pb: PrintBook, setup: PageSetup, output: Path) -> None:
    """The whole book as one WeasyPrint document (PDF/A and PDF/UA need this)."""
    from mkbook.layout.jobs import collected_warnings, report_warnings

    weasyprint_loads()
    inks = None
    if is_press(setup.pdf_variant):
        inks = Inks(press_profile(pb.book.root, setup.output_profile, str(setup.pdf_variant)))
    renderer = _Renderer(pb, inks)
    with collected_warnings() as warnings:
        document = renderer.render(setup)
        if setup.kdp:
            gutter = max(setup.inside, kdp_inside_margin(len(document.pages), setup.hardcover))
            if gutter != setup.inside:
                setup = replace(setup, inside=gutter)
                document = renderer.render(setup)
                kdp_inside_margin(len(document.pages), setup.hardcover)  # printable still
        if setup.facing:
            document = _even_pages(document)
        try:
            data = roomy(lambda: document.write_pdf(
                full_fonts=setup.kdp, pdf_variant=setup.pdf_variant,
                pdf_tags=setup.tagged,
                finisher=_finished(document, pb, setup)))
        except Exception as err:
            raise ExportError(f"WeasyPrint could not write the PDF: {err}") from err
        write_atomically(output, data)
    report_warnings(warnings)


class _Renderer:
    """Lays the whole book out with WeasyPrint (imported here only) for a page setup."""

    def __init__(self, pb: PrintBook, inks: Inks | None = None) -> None:
        from weasyprint import HTML

        from mkbook.layout.fetcher import ConfinedURLFetcher, InkingURLFetcher

        self.book = pb.book
        self.inks = inks
        allowed = [path for path in (pb.book.root, *face_folders()) if path is not None]
        root = pb.book.root or Path.cwd()
        self.fetcher = ConfinedURLFetcher(allowed, root) if inks is None else \
            InkingURLFetcher(allowed, root, lambda data: inked_image(data, inks))
        self.base_url = BOOK_URL
        self.html = HTML(string=print_html(pb), base_url=self.base_url,
                         url_fetcher=self.fetcher)

    def render(self, setup: PageSetup) -> Any:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()  # @font-face rules only load through one of these
        profiles: dict[str, Any] = {}  # and @color-profile rules through one dictionary
        sheets = [CSS(string=text, url_fetcher=self.fetcher, base_url=self.base_url,
                      font_config=fonts, color_profiles=profiles)
                  for text in print_stylesheets(self.book, setup, self.inks)]
        try:
            with balancing(setup.balance):
                return roomy(lambda: self.html.render(stylesheets=sheets, font_config=fonts,
                                                      color_profiles=profiles))
        except Exception as err:
            raise ExportError(f"WeasyPrint could not lay out the book: {err}") from err


def _finished(document: Any, pb: PrintBook, setup: PageSetup) -> Callable[[Any, Any], None]:
    """WeasyPrint's finisher: page labels, each page's trim inside its bleed, and a
    press's output intent."""
    labels = _page_labels(document, pb.first_body)

    def finish(_: Any, pdf: Any) -> None:
        import pydyf

        labels(_, pdf)
        if is_press(setup.pdf_variant):
            meta = pb.book.metadata
            finish_press(pdf, setup.output_condition,
                         "\n".join((meta.identifier, meta.title, pb.created)))
        for index, number in enumerate(pdf.pages["Kids"][::3]):  # number, 0, R
            if (trim := setup.trim_box(index)) is not None:
                page = pdf.objects[number]
                page["TrimBox"], page["BleedBox"] = pydyf.Array(trim), page["MediaBox"]

    return finish


def _page_labels(document: Any, first_body: str) -> Callable[[Any, Any], None]:
    """WeasyPrint's finisher (its public hook on the PDF before it is written) that
    numbers the pages for a viewer as the folios print them: roman up to the page where
    the body's first document starts, arabic from 1 there."""
    front = next((index for index, page in enumerate(document.pages)
                  if first_body and first_body in page.anchors), 0)

    def finish(_: Any, pdf: Any) -> None:
        import pydyf

        front_style, body_style = (pydyf.Dictionary({"S": f"/{style}"}) for style in PAGE_LABELS)
        ranges = [0, front_style, front, body_style] if front else [0, body_style]
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(ranges)})

    return finish


def _even_pages(document: Any) -> Any:
    """A printed book has an even number of pages: close it with a blank verso.

    The blank is a copy of one of the book's own blank pages (same size, no folio),
    or, with a WeasyPrint the private hooks do not fit, one made through the public API.
    """
    if len(document.pages) % 2 == 0:
        return document
    if not private.USABLE:
        return document.copy([*document.pages, private.blank_page(document)])
    blank = next((page for page in document.pages if private.is_blank(page)), None)
    return document.copy([*document.pages, blank]) if blank is not None else document
