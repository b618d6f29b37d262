"""Pages made as a typesetter makes them, inside WeasyPrint's page loop.

WeasyPrint has no way at all to set pages by a typesetter's rules, so its page
making is wrapped here (the rules themselves are ``balance.py``):

- each page, once made, is read for how full it is (:func:`page_fill`) and made
  again with a few paragraphs retracked when that leaves it fewer faults;
- a page can be made a line short (the bottom space WeasyPrint gives the root box
  when it fills a page), so that a spread runs one line short together when neither
  of its pages can be filled: a short verso has its recto made a line short to
  match, and a short recto has its verso made again a line short with it;
- for that, each page is handed on to WeasyPrint's document only once the page after
  it is made, so a verso can still be replaced;
- a page's lines are kept while it is made again (``line_memo``), so a remake breaks
  only the retracked paragraphs' lines anew.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from mkbook.layout.weasyprint_private.line_memo import LineMemo, remembered_lines

Refits = Callable[[Any, list[Any], bool], list[dict[int, float]]]
Faults = Callable[[Any, bool], tuple[int, ...]]


@dataclass
class _Pages:
    """What is known of one document's pages while WeasyPrint makes them."""

    fills: list[Any] = field(default_factory=list)
    """Each page made so far, as a :class:`balance.Page`."""
    lasts: list[bool] = field(default_factory=list)
    """Whether each is the last before a forced break (a chapter's last page)."""
    short: dict[int, float] = field(default_factory=dict)
    """Pages to be made this much short (a spread run one line short together)."""
    replaced: dict[int, Any] = field(default_factory=dict)
    """Pages made again after they were made (a verso run short with its recto)."""


@contextmanager
def balanced_pages(refits: Refits, faults: Faults) -> Iterator[None]:
    """Short pages filled while WeasyPrint makes them, one page at a time.

    After a page is made, *refits* is given its :class:`balance.Page`, those before
    it, and whether it is the last before a forced break (a chapter's last page), and
    proposes ways to retrack a few paragraphs (key → em).  The page is made again with
    each in turn and kept with the first that leaves it fewer *faults*; the pages
    after it are not made yet, so they simply follow.  A way that does not help is
    set back.  A page still a line short runs its spread a line short (:class:`_Spreads`).
    """
    from weasyprint import layout
    from weasyprint.layout import page as pages_module

    with remembered_lines() as lines:
        spreads = _Spreads(refits, faults, pages_module.remake_page,
                           pages_module.block_level_layout, lines)
        originals = pages_module.remake_page, pages_module.block_level_layout, \
            layout.make_all_pages
        pages_module.remake_page = spreads.remake
        pages_module.block_level_layout = spreads.root_layout
        layout.make_all_pages = spreads.all_pages(layout.make_all_pages)
        try:
            yield
        finally:
            pages_module.remake_page, pages_module.block_level_layout, \
                layout.make_all_pages = originals


class _Spreads:
    """WeasyPrint's page making, wrapped: each page refitted, spreads run short."""

    def __init__(self, refits: Refits, faults: Faults, remake_page: Any,
                 block_level_layout: Any, lines: LineMemo) -> None:
        self.refits, self.faults, self.lines = refits, faults, lines
        self.remake_page, self.block_level_layout = remake_page, block_level_layout
        self.documents: dict[int, _Pages] = {}
        self.shortening = 0.0

    def all_pages(self, make_all_pages: Any) -> Any:
        """WeasyPrint's page loop, each page handed on once the next is made (or
        replaced by the page made again in its place)."""
        def all_pages(context: Any, root_box: Any, html: Any, pages: Any) -> Iterator[Any]:
            state = self.documents.setdefault(id(context), _Pages())
            held, index = None, -1
            for index, page in enumerate(make_all_pages(context, root_box, html, pages)):
                if held is not None:
                    yield state.replaced.pop(index - 1, held)
                held = page
            if held is not None:
                yield state.replaced.pop(index, held)
        return all_pages

    def root_layout(self, context: Any, box: Any, bottom_space: float, *args: Any,
                    **kwargs: Any) -> Any:
        """The page's root box laid out with the bottom space of a page made short."""
        if bottom_space == 0 and getattr(box, "element_tag", None) == "html":
            bottom_space = self.shortening
        return self.block_level_layout(context, box, bottom_space, *args, **kwargs)

    def remake(self, index: int, context: Any, root_box: Any, html: Any) -> Any:
        """Page *index* made, refitted, and if still short, its spread run a line short."""
        state = self.documents.setdefault(id(context), _Pages())
        del state.fills[index:], state.lasts[index:]
        self.lines.forget()  # kept while this page is made again, not after
        short = state.short.get(index, 0.0)
        undos: list[Callable[[], None]] = []
        page, resume_at, fill, last = self._settled(index, context, root_box, html, short,
                                                    undos)
        if short and fill.missing():  # it cannot run short with its verso: made full
            del state.short[index]
            _undo(undos)
            page, resume_at, fill, last = self._settled(index, context, root_box, html, 0)
        elif short or last or not fill.missing():
            pass
        elif page.page_type.side == "left":
            if fill.missing() == 2 and (up := self._a_line_up(index, context, root_box,
                                                              html, fill, last)):
                page, resume_at, fill = up
                state.short[index] = fill.line_height
            if fill.missing() < 2:
                state.short[index + 1] = fill.line_height  # its recto runs short with it
        elif (spread := self._short_spread(index, context, root_box, html, fill, last)):
            page, resume_at, fill = spread
        state.fills.append(fill)
        state.lasts.append(last)
        return page, resume_at

    def _made(self, index: int, context: Any, root_box: Any, html: Any,
              short: float) -> tuple[Any, Any, Any]:
        self.shortening = short
        try:
            page, resume_at = self.remake_page(index, context, root_box, html)
        finally:
            self.shortening = 0.0
        return page, resume_at, page_fill(page, short)

    def _settled(self, index: int, context: Any, root_box: Any, html: Any, short: float,
                 undos: list[Callable[[], None]] | None = None) -> tuple[Any, Any, Any, bool]:
        """Page *index* made *short* and, if *refits* find a way to fewer faults, made
        again with it: (page, where the next starts, its fill, whether it is last)."""
        page, resume_at, fill = self._made(index, context, root_box, html, short)
        last = resume_at is None or _forced_break_at(root_box, resume_at)
        if context.reported_footnotes:
            return page, resume_at, fill, last
        for changes in self.refits(fill, self.documents[id(context)].fills[:index], last):
            kept = context.page_maker[index + 1:]
            undo = _retrack(root_box, changes)
            again = self._made(index, context, root_box, html, short)
            if self.faults(again[2], last) < self.faults(fill, last):
                if undos is not None:
                    undos.append(undo)  # the caller may yet set it back
                return (*again, last)
            undo()
            context.page_maker[index + 1:] = kept
        return page, resume_at, fill, last

    def _a_line_up(self, index: int, context: Any, root_box: Any, html: Any, fill: Any,
                   last: bool) -> tuple[Any, Any, Any] | None:
        """The verso *index*, two lines short, made again a line short: kept if it then
        ends on that foot with no more faults (its recto is then made to match)."""
        kept = context.page_maker[index + 1:]
        undos: list[Callable[[], None]] = []
        again = self._settled(index, context, root_box, html, fill.line_height, undos)
        if not again[2].missing() and self.faults(again[2], last) < self.faults(fill, last):
            return again[:3]
        _undo(undos)
        context.page_maker[index + 1:] = kept
        return None

    def _short_spread(self, index: int, context: Any, root_box: Any, html: Any,
                      fill: Any, last: bool) -> tuple[Any, Any, Any] | None:
        """The recto *index*, a line or two short, with its verso made again a line
        short: kept if both then end on their shortened foot with no more faults."""
        state = self.documents[id(context)]
        verso = index - 1
        if verso < 0 or fill.missing() > 2 or state.lasts[verso] or \
                state.fills[verso].missing() or not state.fills[verso].plain or \
                state.short.get(verso):
            return None
        kept, short = context.page_maker[index:], fill.line_height
        undos: list[Callable[[], None]] = []
        verso_page, _, verso_fill, _ = self._settled(verso, context, root_box, html, short,
                                                     undos)
        if self.faults(verso_fill, False) <= self.faults(state.fills[verso], False):
            context.page_maker[index][-1]["content_changed"] = False  # made now, as the
            recto = self._settled(index, context, root_box, html, short, undos)  # loop does
            if not recto[2].missing() and self.faults(recto[2], last) < self.faults(fill, last):
                state.replaced[verso], state.fills[verso] = verso_page, verso_fill
                state.short[verso] = state.short[index] = short
                return recto[:3]
        _undo(undos)
        context.page_maker[index:] = kept
        return None


def _undo(undos: list[Callable[[], None]]) -> None:
    """Set back the retracking a page made on trial kept (the latest first)."""
    for undo in reversed(undos):
        undo()
    undos.clear()


def _forced_break_at(root_box: Any, resume_at: dict[int, Any]) -> bool:
    """Whether the next page starts with a box that asks for a page break before it
    (a chapter, a part): this page is then the last of its document.

    *resume_at* is WeasyPrint's path to where the next page starts: a child index per
    level, None where it starts at the beginning of that box.  A break asked for before
    a box's first child is asked for before the box (CSS Fragmentation's propagation).
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
    while children := getattr(box, "children", None):  # a first child's break is its
        box = children[0]  # parent's (a chapter opening a new part of the book's matter)
        starting.append((box, 0))
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


def page_fill(box: Any, short: float = 0.0) -> Any:
    """How full the page *box* is, read from WeasyPrint's box tree, as a
    :class:`balance.Page`: each text line of a paragraph (``p``) with its natural
    width (the justification WeasyPrint added taken back out); a page made *short*
    has its foot that much higher.  A page with a float in a paragraph (a drop cap)
    is not plain and that paragraph is left out of its lines, so the page is never
    made again nor the paragraph retracked: WeasyPrint cannot lay a floated first
    letter out a second time (an assertion in its float layout)."""
    from mkbook.layout.balance import Line, Page

    top = box.content_box_y()
    lines: list[Line] = []
    used, plain, line_height = top, not box.page_type.blank, 0.0
    holding: set[int] = set()  # paragraphs with a float in them
    for child in box.children:
        if type(child).__name__ == "MarginBox":
            continue
        if type(child).__name__ == "FootnoteAreaBox" and child.children:
            plain = False
            continue
        for kind, node, parent in _flow(child, None):
            if kind == "held":
                plain = False  # never made again (see above)
                if parent is not None:
                    holding.add(id(parent.element))
            elif kind == "line":
                used = max(used, node.position_y + node.margin_height())
                if parent is not None:
                    lines.append(_line(id(parent.element), node, parent))
                    line_height = line_height or node.height
            else:
                plain = False
                used = max(used, node.position_y + node.margin_height())
                if parent is not None and node.style["float"] != "none":
                    holding.add(id(parent.element))
    kept = tuple(line for line in lines if line.block not in holding)
    return Page(top + box.height - short, used, line_height, kept, plain)


def _flow(box: Any, paragraph: Any) -> Iterator[tuple[str, Any, Any]]:
    """The line boxes under *box*, each with the paragraph it is in, and any replaced
    box (an image), float or table, which makes the page more than text; a line
    holding a float (a drop cap) is also said to be ``held``."""
    name = type(box).__name__
    if name == "LineBox":
        yield "line", box, paragraph
        if any(inner.style["float"] != "none" for inner in _descendants(box)):
            yield "held", box, paragraph  # a float inside the line: a drop cap
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

