"""``mkbook cover``: the cover wrap made for the interior as it is now.

The spine's width comes from the interior's final page count, so unless the author
gives it (``--pages``, or ``--interior`` naming the printed PDF) the interior is laid
out first, at the same trim and with the same ``[pdf]`` table, through the layout
cache (a rebuild after a full build lays out nothing).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mkbook.errors import ConfigError
from mkbook.exporters.pdf.cover.papers import DEFAULT_PAPER, paper, spine_width
from mkbook.exporters.pdf.cover.render import CoverPlan, cover_pdf
from mkbook.exporters.pdf.cover.wrap import Wrap
from mkbook.readers.project import Project


@dataclass(frozen=True, slots=True)
class CoverOptions:
    """The ``[cover]`` table of ``book.toml`` (the command line's flags override it)."""

    paper: str = DEFAULT_PAPER
    """``white``, ``cream``, ``standard-colour`` or ``premium-colour`` (KDP's papers)."""
    spine: float | None = None
    """The spine's width in inches as a printer gives it (IngramSpark's template),
    instead of the page count times the paper's thickness."""
    trim: str | None = None
    """The trim, when not the interior's (``[pdf] trim``)."""


def cover_plan(project: Project, options: Mapping[str, object]) -> CoverPlan:
    """The wrap for the book's interior: its trim, page count and paper."""
    from mkbook.exporters.pdf.page_setup import DEFAULT_TRIM, parse_trim

    pdf_table = project.config.exporters.get("pdf", {})
    trim = parse_trim(str(options.get("trim") or pdf_table.get("trim") or DEFAULT_TRIM))
    chosen = paper(str(options.get("paper") or DEFAULT_PAPER))
    pages = _page_count(project, options, trim)
    given = options.get("spine")
    if given is not None and not (isinstance(given, int | float) and 0 < given < 4):
        raise ConfigError(f"spine {given!r} is not a width in inches (0.62, say)")
    spine = float(given) if given is not None else spine_width(pages, chosen)
    return CoverPlan(Wrap(trim, round(spine, 4)), pages, chosen)


def _page_count(project: Project, options: Mapping[str, object],
                trim: tuple[float, float]) -> int:
    """The interior's pages: as given, read from its PDF, or laid out now."""
    import pikepdf

    from mkbook import api

    given = options.get("pages")
    if isinstance(given, int):
        return given
    interior = options.get("interior")
    with tempfile.TemporaryDirectory(prefix="mkbook-cover-") as folder:
        if interior is None:
            interior = api.export(project, "pdf", Path(folder) / "interior.pdf",
                                  {"trim": f"{trim[0]}x{trim[1]}"}).path
        try:
            with pikepdf.open(Path(str(interior))) as pdf:
                return len(pdf.pages)
        except (pikepdf.PdfError, OSError) as err:
            raise ConfigError(f"cannot read the interior's page count ({err}); name the "
                              "printed PDF with --interior or give --pages",
                              source=str(interior)) from None


def make_cover(project: Project, output: Path, options: Mapping[str, object]) -> list[Path]:
    """Write the cover wrap to *output* and the ebook cover beside it
    (``<name>.jpg``), atomically."""
    from mkbook.exporters import write_atomically

    wrap = write_atomically(output, cover_pdf(project.book, cover_plan(project, options)))
    return [wrap, write_atomically(output.with_suffix(".jpg"), ebook_cover(project))]


def ebook_cover(project: Project) -> bytes:
    """The ebook cover at the size stores ask for (1600×2560, KDP's ideal 1:1.6): the
    author's image cropped to it from the middle, or the generated typographic cover,
    as a JPEG."""
    import io

    from PIL import Image, ImageOps

    from mkbook.confine import read_confined
    from mkbook.exporters.epub.cover import COVER_SIZE, generated_cover

    book = project.book
    if book.cover is not None and book.root is not None:
        data = read_confined(book.root, book.cover.path, what="image", label=book.cover.name)
    else:
        data = generated_cover(book.metadata)
    with Image.open(io.BytesIO(data)) as image:
        fitted = ImageOps.fit(image.convert("RGB"), COVER_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, "JPEG", quality=90, optimize=True)
    return out.getvalue()
