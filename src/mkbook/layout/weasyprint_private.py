"""Every touch of what WeasyPrint does not promise, in one place, behind a version check.

mkbook lays a book out faster than WeasyPrint alone by reaching into it where it has
no public way: skipping the margin-box pass of pieces laid out without running heads,
drawing a contents leader as one box, embedding a placeholder for the fonts the join
embeds once, and reading WeasyPrint's own record that it inserted a page blank.  It
also reaches in to set pages as a typesetter does, which WeasyPrint has no way for
at all: reading how full each page is as it is made, and making a short one again
with a paragraph retracked (:func:`balanced_pages`).  Each of those is here and only
here.  They hold for the WeasyPrint versions mkbook is tested with (:data:`TESTED`,
the range ``pyproject.toml`` pins); with any other version :data:`USABLE` is False,
and the PDF is laid out in one pass through WeasyPrint's public API alone
(:func:`blank_page`: a blank verso made with the documented ``Document.copy``
recipe), slower, and with its pages as they fall.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

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



@contextmanager
def balanced_pages(refits: Callable[[Any, list[Any], bool], list[dict[int, float]]],
                   faults: Callable[[Any, bool], tuple[int, ...]]) -> Iterator[None]:
    """Short pages filled while WeasyPrint makes them, one page at a time.

    After a page is made, *refits* is given its :class:`balance.Page`, those before
    it, and whether it is the last before a forced break (a chapter's last page), and
    proposes ways to retrack a few paragraphs (key → em).  The page is made again with
    each in turn and kept with the first that leaves it fewer *faults*; the pages
    after it are not made yet, so they simply follow.  A way that does not help is
    set back.
    """
    from weasyprint.layout import page as pages_module

    original = pages_module.remake_page
    made: dict[int, list[Any]] = {}

    def remake(index: int, context: Any, root_box: Any, html: Any) -> Any:
        page, resume_at = original(index, context, root_box, html)
        history = made.setdefault(id(context), [])
        del history[index:]
        fill = page_fill(page)
        if context.reported_footnotes:
            history.append(fill)
            return page, resume_at
        last = resume_at is None or _forced_break_at(root_box, resume_at)
        for changes in refits(fill, history, last):
            kept = context.page_maker[index + 1:]
            undo = _retrack(root_box, changes)
            again, resume_again = original(index, context, root_box, html)
            better = page_fill(again)
            if faults(better, last) < faults(fill, last):
                page, resume_at, fill = again, resume_again, better
                break
            undo()
            context.page_maker[index + 1:] = kept
        history.append(fill)
        return page, resume_at

    pages_module.remake_page = remake
    try:
        yield
    finally:
        pages_module.remake_page = original


def _forced_break_at(root_box: Any, resume_at: dict[int, Any]) -> bool:
    """Whether the next page starts with a box that asks for a page break before it
    (a chapter, a part): this page is then the last of its document.

    *resume_at* is WeasyPrint's path to where the next page starts: a child index per
    level, None where it starts at the beginning of that box.
    """
    box, starting = root_box, []
    while isinstance(resume_at, dict) and len(resume_at) == 1:
        (index, resume_at), = resume_at.items()
        children = getattr(box, "children", None)
        if not children or index >= len(children):
            return False
        box = children[index]
        starting.append((box, index))
    if resume_at is not None:
        return False  # the next page starts inside a box
    for box, index in reversed(starting):
        if box.style["break_before"] in ("page", "left", "right", "recto", "verso"):
            return True
        if index:
            return False
    return False


def _retrack(root_box: Any, changes: dict[int, float]) -> Callable[[], None]:
    """Add letter-spacing (and word-spacing, :data:`balance.WORD_SPACING` times as much)
    to the paragraphs *changes* names (by element key) and all their text; returns
    what sets them back.

    Each box gets a copy of its style: WeasyPrint applies a text's style again when it
    draws it, so a page already made (the start of a paragraph that runs onto this
    one) must keep the style it was made with.
    """
    from mkbook.layout.balance import WORD_SPACING

    saved: list[tuple[Any, Any]] = []
    copies: dict[int, Any] = {}  # the text of one element shares a style: copy it once
    made: set[int] = set()  # the copies: a paragraph's line boxes are its boxes again
    for box in _descendants(root_box):
        if getattr(box, "element_tag", None) != "p" or id(box.element) not in changes:
            continue
        extra = changes[id(box.element)] * box.style["font_size"]
        for inner in (box, *_descendants(box)):
            style = inner.style
            if id(style) in made:
                continue  # tracked once already (the paragraph, then each of its lines)
            if id(style) not in copies:
                copies[id(style)] = changed = copy.copy(style)
                letters, words = style["letter_spacing"], style["word_spacing"]
                changed["letter_spacing"] = (0 if letters == "normal" else letters) + extra
                changed["word_spacing"] = (0 if words == "normal" else words) + \
                    extra * WORD_SPACING
                made.add(id(changed))
            saved.append((inner, style))
            inner.style = copies[id(style)]

    def undo() -> None:
        for inner, style in saved:
            inner.style = style
    return undo


def page_fill(box: Any) -> Any:
    """How full the page *box* is, read from WeasyPrint's box tree, as a
    :class:`balance.Page`: each text line of a paragraph (``p``) with its natural
    width (the justification WeasyPrint added taken back out)."""
    from mkbook.layout.balance import Line, Page

    top = box.content_box_y()
    lines: list[Line] = []
    used, plain, line_height = top, not box.page_type.blank, 0.0
    for child in box.children:
        if type(child).__name__ == "MarginBox":
            continue
        if type(child).__name__ == "FootnoteAreaBox" and child.children:
            plain = False
            continue
        for kind, node, parent in _flow(child, None):
            if kind == "line":
                used = max(used, node.position_y + node.margin_height())
                if parent is not None:
                    lines.append(_line(id(parent.element), node, parent))
                    line_height = line_height or node.height
            else:
                plain = False
                used = max(used, node.position_y + node.margin_height())
    return Page(top + box.height, used, line_height, tuple(lines), plain)


def _flow(box: Any, paragraph: Any) -> Iterator[tuple[str, Any, Any]]:
    """The line boxes under *box*, each with the paragraph it is in, and any replaced
    box (an image), float or table, which makes the page more than text."""
    name = type(box).__name__
    if name == "LineBox":
        yield "line", box, paragraph
        return
    if name.startswith(("Image", "Replaced", "Table", "InlineReplaced")) or \
            box.style["float"] != "none":
        yield "other", box, paragraph
        return
    if name.endswith("BlockBox") and getattr(box, "element_tag", None) == "p":
        paragraph = box
    for child in getattr(box, "children", ()):
        yield from _flow(child, paragraph)


def _line(key: int, line: Any, paragraph: Any) -> Any:
    from mkbook.layout.balance import Line

    texts = [box for box in _descendants(line) if type(box).__name__ == "TextBox"]
    text = "".join(box.text for box in texts)
    stretch = sum(getattr(box, "justification_spacing", 0) * box.text.count(" ")
                  for box in texts)
    start = texts[0].position_x if texts else line.position_x
    return Line(key, line.position_y, line.position_y + line.height,
                sum(box.width for box in texts) - stretch, start - paragraph.content_box_x(),
                paragraph.width, text, paragraph.style["font_size"])


def _descendants(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        yield child
        yield from _descendants(child)

