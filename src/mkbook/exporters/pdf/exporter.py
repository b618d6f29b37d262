"""PDF through WeasyPrint: the book laid out with paged CSS, in pieces or in one pass.

By default the book is laid out in pieces in worker processes and joined
(``pieces.py`` plans them, ``layout/`` lays them out and joins them), with unchanged
pieces from the layout cache; a single pass (``[pdf] single_pass = true``, and always
for PDF/A and PDF/UA, whose tags and metadata cannot be joined) lays out the whole book
as one document.
``base.css`` + ``print.css`` carry the page rules.  WeasyPrint is imported only
when a PDF is made, so other commands start fast.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mkbook.errors import ConfigError, ExportError, MkbookError
from mkbook.exporters import ExportContext, write_atomically
from mkbook.exporters.pdf.coverage import warn_unprintable
from mkbook.exporters.pdf.page_setup import PageSetup, kdp_inside_margin, page_setup
from mkbook.exporters.pdf.print_html import (
    PrintBook,
    print_book,
)
from mkbook.exporters.pdf.sheets import own_font_families, print_stylesheets, typefaces
from mkbook.exporters.pdf.single_pass import lay_out_whole, weasyprint_loads
from mkbook.isbn import with_edition_isbn
from mkbook.layout import weasyprint_private as private
from mkbook.layout.jobs import BOOK_URL
from mkbook.model import Book, Section
from mkbook.render.fonts import FONT_FILES, face_folders, font_folder

LAYOUT_KEYS = ("jobs", "cache", "single_pass")
log = logging.getLogger("mkbook")


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """The ``[pdf]`` table of ``book.toml`` (the command line's flags override it)."""

    trim: str | None = None
    """The trim: ``5x8``, ``5.25x8``, ``5.5x8.5`` (the default), ``6x9``, ``6.14x9.21``,
    ``7x10``, ``8.25x11``, ``a5``, ``b5``, ``a4``, ``letter``, or ``WxH`` in inches or
    millimetres (``148x210mm``)."""
    profile: str = "print"
    """``print``, ``screen`` (A5, narrow margins), ``kdp`` (a KDP paperback interior) or
    ``kdp-hardcover`` (KDP's case-laminate hardcover: its five trims, 75–550 pages)."""
    bleed: bool = False
    """Add KDP's 0.125 in bleed (outside, top, bottom)."""
    pdf_variant: str | None = None
    """A PDF standard WeasyPrint writes (``pdf/a-2b``, ``pdf/ua-1``, and for a printer
    ``pdf/x-1a``, ``pdf/x-3``, ``pdf/x-4`` in CMYK); laid out in one pass."""
    output_profile: str | None = None
    """PDF/X: the printer's CMYK ICC profile, a file in the project; PDF/X-4 needs one,
    X-1a and X-3 name a registered printing condition without."""
    isbn: str | None = None
    """The print edition's own ISBN, when not ``[book] isbn`` (printed on the copyright
    page; a paperback and an ebook each need their own)."""
    output_condition: str | None = None
    """PDF/X: the printing condition's name in the ICC's registry (``FOGRA39``,
    ``CGATS TR 006``…); U.S. Web Coated SWOP (``CGATS TR 001``) unless told."""
    jobs: int | None = None
    """Processes laying the book out; one per core by default, 1 for no workers."""
    cache: bool = True
    """Keep laid-out pieces in ``.mkbook-cache/`` so a rebuild lays out only what
    changed."""
    theme: str | None = None
    """The PDF's theme, when not ``[book] theme``'s."""
    tagged: bool = True
    """A tagged PDF (a structure tree for screen readers); false writes it untagged, a
    second faster on a rebuild of a long book."""
    single_pass: bool = False
    """Lay the whole book out as one document, as WeasyPrint alone would."""
    balance: bool = True
    """Fill a page left a line or two short (two lines of a paragraph kept together at
    its foot) by setting a paragraph on it a hair looser or tighter; off, pages end
    where WeasyPrint's breaks fall."""
    license: bool = True
    """Print the licence the text carries (Project Gutenberg's terms ask that it go with
    every copy); false leaves it out of the PDF (the EPUB keeps it)."""


class PdfExporter:
    """Writes a print-ready PDF (or a screen PDF, or a KDP paperback interior)."""

    name = "pdf"
    suffix = ".pdf"
    table = "pdf"
    options_class = PdfOptions

    def prepare(self, options: dict[str, Any]) -> None:
        """Get layout workers ready while the book is typeset."""
        from mkbook.layout import workers

        if private.USABLE and not (options.get("single_pass") or options.get("pdf_variant")):
            workers.start_early(_jobs(options.get("jobs")))

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Lay the book out and write it to ``ctx.output`` atomically.

        For KDP the gutter depends on the page count, which depends on the gutter:
        lay out, count, and lay out again if the count moved into another band.
        """
        options = dict(ctx.options)
        layout = {key: options.pop(key) for key in LAYOUT_KEYS if key in options}
        if not options.pop("license", True):
            book = _without_licence(book)
        book = with_edition_isbn(book, options.pop("isbn", None), self.table)
        setup = page_setup(options, book.metadata.language)
        if font_folder() is None:
            log.warning("the Source Serif Pro font package is missing; the PDF uses DejaVu Serif")
        own_fonts = own_font_families(book)
        warn_unprintable(book, own_fonts)
        pb = print_book(book, ctx.timestamp,
                        "" if own_fonts else typefaces(book, options.get("theme")))
        if not private.USABLE:
            log.warning("WeasyPrint %s is not a version mkbook is tested with (%s); the PDF "
                        "is laid out in one pass, which is slower", _weasyprint_version(),
                        "from {0[0]}.{0[1]} to below {1[0]}.{1[1]}".format(*private.TESTED))
        if layout.get("single_pass") or setup.pdf_variant or not private.USABLE:
            lay_out_whole(pb, setup, ctx.output)
        else:
            _in_pieces(pb, setup, ctx.output, jobs=_jobs(layout.get("jobs")),
                       cached=bool(layout.get("cache", True)), work_folder=ctx.work_folder)
        return ctx.output


def _without_licence(book: Book) -> Book:
    """*book* without the licence its text carries (``[pdf] license = false``)."""
    def kept(sections: tuple[Section, ...]) -> tuple[Section, ...]:
        return tuple(section for section in sections if section.role != "license")

    if len(kept(book.front_matter) + kept(book.back_matter)) < \
            len(book.front_matter + book.back_matter):
        log.info("the licence the text carries is left out of the PDF ([pdf] license = false)")
    return replace(book, front_matter=kept(book.front_matter),
                   back_matter=kept(book.back_matter))


def _jobs(value: object) -> int:
    from mkbook.layout.workers import default_jobs

    if value is None:
        return default_jobs()
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"jobs must be a whole number of processes, 1 or more, not {value!r}")
    return value


def _in_pieces(pb: PrintBook, setup: PageSetup, output: Path, jobs: int, cached: bool,
               work_folder: Path | None = None, again: bool = False) -> None:
    """Lay out in pieces through the cache and worker processes, then join them.

    A damaged cache entry shows when the pieces are joined: the cache is emptied
    and the book laid out again, once.
    """
    from mkbook.exporters.pdf.pieces import lay_out_in_pieces
    from mkbook.layout.cache import LayoutCache, cache_folder
    from mkbook.layout.jobs import report_warnings
    from mkbook.layout.runner import PieceRunner

    cache = LayoutCache(cache_folder(work_folder) if cached else None, _cache_salt(pb.book))
    runner = PieceRunner(cache, jobs)
    folder = font_folder()
    merged = tuple(str(folder / name) for name in FONT_FILES.values()
                   if folder is not None and (folder / name).is_file())

    def subset(path: Path, gids: frozenset[int], whole: bool) -> bytes:
        from mkbook.layout.fonts import subset_font

        name = f"font {path} {sorted(gids)} {whole}"
        return cache.remembered(name, lambda: subset_font(path, gids, whole))

    damaged: Exception | None = None
    try:
        plan = lay_out_in_pieces(pb, _sheets(pb.book, setup, merged), runner,
                                     any_side=setup.chapter_start == "any")
        if setup.kdp:
            gutter = max(setup.inside, kdp_inside_margin(plan.total, setup.hardcover))
            if gutter != setup.inside:
                setup = replace(setup, inside=gutter)
                plan = lay_out_in_pieces(pb, _sheets(pb.book, setup, merged), runner,
                                         any_side=setup.chapter_start == "any")
                kdp_inside_margin(plan.total, setup.hardcover)  # still printable after re-layout
        from mkbook.layout.fonts import postscript_names  # loaded during the layout
        from mkbook.layout.join import merge_pdf

        fonts = postscript_names(folder, tuple(FONT_FILES.values()))
        plan = replace(plan, trim_boxes=setup.trim_box)
        write_atomically(output, merge_pdf(plan, fonts, whole_fonts=setup.kdp,
                                           subset=subset))
    except MkbookError:
        weasyprint_loads()  # a worker that could not start may have lacked Pango
        raise
    except OSError as err:  # WeasyPrint writes its fonts to the temporary folder
        weasyprint_loads()
        raise ExportError(f"could not be laid out ({err.strerror or err}); free some space "
                          "on the disk and in the temporary folder", source=output) from err
    except Exception as err:  # pikepdf's errors, a damaged cache entry among them
        weasyprint_loads()
        if again or not cache.used:
            raise ExportError(f"could not join the laid-out pages: {err}") from err
        damaged = err
    finally:
        runner.close()
    if damaged is not None:
        log.warning("the layout cache was damaged (%s); laying the book out again", damaged)
        cache.clear()
        _in_pieces(pb, setup, output, jobs, cached, work_folder, again=True)
        return
    report_warnings(runner.warnings)
    cache.prune()


def _sheets(book: Book, setup: PageSetup, merged_fonts: tuple[str, ...]) -> Any:
    from mkbook.layout.runner import Sheets

    allowed = tuple(str(path) for path in (book.root, *face_folders()) if path is not None)
    return Sheets(tuple(print_stylesheets(book, setup)), BOOK_URL, allowed, setup.facing,
                  merged_fonts, str(book.root or Path.cwd()), setup.balance, setup.tagged)


def _cache_salt(book: Book) -> str:
    """What a cached piece depends on besides its job: versions, fonts, images."""
    from importlib.metadata import version

    import mkbook

    parts = [mkbook.__version__, version("weasyprint")]
    folder = font_folder()
    files = [folder / name for name in FONT_FILES.values()] if folder else []
    files += [asset.path for asset in book.assets]
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


