"""Every touch of what WeasyPrint does not promise, in one place, behind a version check.

mkbook lays a book out faster than WeasyPrint alone by reaching into it where it has
no public way: skipping the margin-box pass of pieces laid out without running heads,
drawing a contents leader as one box, embedding a placeholder for the fonts the join
embeds once, and reading WeasyPrint's own record that it inserted a page blank.  It
also reaches in to set pages as a typesetter does, which WeasyPrint has no way for
at all: reading how full each page is as it is made, and making a short one again
with a paragraph retracked (its other lines kept from the first time, in
``line_memo``), or a spread a line short (:func:`balanced_pages`, in
``page_making``).  Each of those is here and only here.  They hold for the WeasyPrint
versions mkbook is tested with (:data:`TESTED`, the range ``pyproject.toml`` pins);
with any other version :data:`USABLE` is False, and the PDF is laid out in one pass
through WeasyPrint's public API alone (:func:`blank_page`: a blank verso made with
the documented ``Document.copy`` recipe), slower, and with its pages as they fall.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mkbook.layout.weasyprint_private.page_making import balanced_pages as balanced_pages

TESTED = ((70, 0), (71, 0))
"""The WeasyPrint versions these hooks are tested with: from the first, below the last."""


def _version() -> tuple[int, int]:
    try:
        major, minor, *_ = (version("weasyprint") + ".0").split(".")
        return int(major), int(minor)
    except (PackageNotFoundError, ValueError):
        return (0, 0)


USABLE = TESTED[0] <= _version() < TESTED[1]
"""Whether the installed WeasyPrint is one these hooks are known to fit."""


@contextmanager
def margin_boxes(wanted: bool) -> Iterator[None]:
    """Without *wanted*, WeasyPrint's margin-box pass is skipped: no margin box is
    made, whatever the page rules say."""
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


@contextmanager
def leaders_in_one_box() -> Iterator[None]:
    """Each ``leader()`` drawn as one run of text, not one text box per dot.

    WeasyPrint repeats the leader's text box once per dot, right-aligned to the page
    number so the dots line up from line to line; a long contents page then draws
    tens of thousands of boxes (half its time).  The dots it placed are kept where
    they are, joined into one box of the same text repeated, which draws the same
    glyphs at the same places.
    """
    from weasyprint.layout import inline
    from weasyprint.layout.leader import leader_index
    from weasyprint.text.line_break import create_layout

    original = inline.handle_leader

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        original(context, line, containing_block)
        leader = leader_index(line)[1]
        if leader is None or len(leader.children) < 2:
            return
        dots = leader.children
        joined = min(dots, key=lambda box: box.position_x).copy()
        joined.text = dots[0].text * len(dots)
        joined.width = sum(box.width for box in dots)
        joined.pango_layout = create_layout(joined.text, joined.style, context, None, 0)
        joined.pango_layout.deactivate()  # made again when drawn, as WeasyPrint's are
        leader.children = (joined,)

    inline.handle_leader = handle_leader
    try:
        yield
    finally:
        inline.handle_leader = original


_FILE_DIGESTS: dict[str, Path] = {}


@contextmanager
def font_placeholders(paths: tuple[str, ...]) -> Iterator[None]:
    """WeasyPrint embeds a placeholder for the fonts from *paths* while the block runs.

    Subsetting is a quarter of a piece's time (fontTools, where HarfBuzz-Subset is
    missing) and compressing a whole font for every piece costs more again, both
    wasted on these files: the merge embeds them once for the book, subset to every
    glyph the pieces use (``pdf_fonts.placeholder``).  WeasyPrint has no option for
    it, so its ``Font.subset`` is wrapped.
    """
    from weasyprint.pdf.fonts import Font

    from mkbook.layout.fonts import placeholder

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


def is_blank(page: Any) -> bool:
    """WeasyPrint's own record that it inserted this page blank."""
    return bool(page._page_box.page_type.blank)  # noqa: SLF001


def blank_page(document: Any) -> Any:
    """A blank page of *document*'s size and no folio, made with WeasyPrint's public
    API: a one-page document of that size whose page is appended with
    ``Document.copy``."""
    from weasyprint import CSS, HTML

    first = document.pages[0]
    width, height = first.width, first.height  # CSS pixels
    sheet = CSS(string=f"@page {{ size: {width}px {height}px; margin: 0 }}")
    return HTML(string="<p></p>").render(stylesheets=[sheet]).pages[0]
