"""Joins separately laid-out pieces into one book PDF with pikepdf (qpdf).

What a reader sees must equal the single-pass layout: pieces are padded with blank
versos so every chapter opens on a recto, the running heads and folios (laid out
apart, ``running_heads.py``) are laid over the body pages, the front matter goes
in front, links between pieces and the outline are rebuilt for the whole book, the
front matter's title, language and document information are kept, and each font
is embedded once (``pdf_fonts.py``).
"""

from __future__ import annotations

import io
import warnings
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem, PageLocation, String

from mkbook.layout.fonts import Subsetter, share_fonts, subset_ahead, subset_font
from mkbook.layout.jobs import OUTSIDE_LINK, Bookmark, LaidOut
from mkbook.layout.structure import join_structure


@dataclass(frozen=True, slots=True)
class Overlay:
    """Pages of a running-heads piece and the book pages they are laid over."""

    piece: LaidOut
    pages: tuple[tuple[int, int], ...]
    """(page of the piece, page of the book)."""
    contents: tuple[bytes, ...] = ()
    """Per entry of *pages*, what to draw instead of the piece page's own content
    (its heads with another folio, ``running_heads.py``); empty: the page's own."""


@dataclass(frozen=True, slots=True)
class MergePlan:
    """Everything the merge needs: the body's pieces in reading order, and the front
    matter's piece, which may still be laid out while the body is joined."""

    front: Callable[[], LaidOut]
    pieces: tuple[LaidOut, ...]
    offsets: tuple[int, ...]
    """The body page each piece starts on."""
    body_pages: int
    """Pages in the body, with the blank versos that pad pieces to an even count."""
    overlays: tuple[Overlay, ...]
    """Running heads, on body pages."""
    outline: tuple[Bookmark, ...]
    """The body's outline entries, their pages counted in the body."""
    facing: bool
    created: str = ""
    """The build date as WeasyPrint writes it (``D:20261125090000Z``)."""
    page_labels: tuple[str, str] | None = None
    """How a viewer numbers the front matter's pages and the body's, as their folios
    are printed (PDF page-label styles: ``r`` i, ii, iii; ``D`` 1, 2, 3); None: as
    the viewer counts."""
    trim_boxes: Callable[[int], tuple[float, float, float, float] | None] | None = None
    """Each page's TrimBox where it differs from the page (a book with bleed)."""

    @property
    def front_pages(self) -> int:
        """Pages before the body (waits for the front matter)."""
        return padded(self.front().pages, self.facing)

    @property
    def total(self) -> int:
        """Pages in the book (waits for the front matter)."""
        return self.front_pages + self.body_pages


def padded(pages: int, facing: bool) -> int:
    """A piece ends on a verso in a book with facing pages: the next opens on a recto."""
    return pages + pages % 2 if facing else pages


def merge_pdf(plan: MergePlan, font_files: dict[str, Path],
              whole_fonts: bool, subset: Subsetter | None = None) -> bytes:
    """The PDF of the book described by *plan*; *subset* cuts fonts down.

    The body is joined and its heads laid over first, then the front matter (by
    then most likely laid out) goes in front of it.
    """
    book = pikepdf.new()
    sources = [_opened(piece) for piece in plan.pieces]
    dests: dict[str, Array] = {}
    for source, offset in zip(sources, plan.offsets, strict=True):
        while len(book.pages) < offset:
            _append_blank(book)
        _add_pages(book, source, len(book.pages), dests)
    while len(book.pages) < plan.body_pages:
        _append_blank(book)
    # Copied objects keep reading their source until the save: every source stays open.
    overlays = [(overlay, pikepdf.open(io.BytesIO(overlay.piece.pdf)))
                for overlay in plan.overlays]
    heads = _lay_over(book, overlays)
    subset = cache(subset or subset_font)  # asked again once the front matter is in
    subset_ahead(book, font_files, whole_fonts, heads, subset)
    front = _opened(plan.front())
    _add_pages(book, front, 0, dests)
    if plan.front_pages > len(front.pages):
        _insert_blank(book, len(front.pages))
    _restore_links(book, dests)
    join_structure(book, [(front, 0), *((source, plan.front_pages + offset)
                                        for source, offset in zip(sources, plan.offsets,
                                                                  strict=True))])
    _write_outline(book, [*plan.front().bookmarks, *(
        replace(mark, page=mark.page + plan.front_pages) for mark in plan.outline)])
    if plan.page_labels:
        label_pages(book.Root, plan.front_pages, plan.page_labels)
    if plan.trim_boxes is not None:
        for index, page in enumerate(book.pages):
            if (trim := plan.trim_boxes(index)) is not None:
                page.obj.TrimBox, page.obj.BleedBox = Array(trim), page.obj.MediaBox
    _keep_document_info(book, front, plan.created)
    share_fonts(book, font_files, whole_fonts, also=heads, subset=subset)
    out = io.BytesIO()  # saved in memory: qpdf aborts the process on a full disk
    book.save(out, deterministic_id=True, compress_streams=True,
              object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _opened(piece: LaidOut) -> pikepdf.Pdf:
    source = pikepdf.open(io.BytesIO(piece.pdf))
    if len(source.pages) != piece.pages:
        raise ValueError("a laid-out piece does not have the pages it was laid out with")
    return source


def _add_pages(book: pikepdf.Pdf, source: pikepdf.Pdf, at: int,
               dests: dict[str, Array]) -> None:
    """Put *source*'s pages in the book from page *at* on, keeping its named targets."""
    with warnings.catch_warnings():  # named targets are carried over below
        warnings.simplefilter("ignore")
        if at == len(book.pages):
            book.pages.extend(source.pages)
        else:
            for index, page in enumerate(source.pages):
                book.pages.insert(at + index, page)
    page_numbers = {source.pages[n].obj.objgen: n for n in range(len(source.pages))}
    names = source.Root.get(Name.Names)
    if names is None or Name.Dests not in names:
        return
    for name, target in NameTree(names.Dests).items():
        number = page_numbers.get(target[0].objgen)
        if number is not None:
            dests[name] = Array([book.pages[at + number].obj, *list(target)[1:]])


def _append_blank(book: pikepdf.Pdf) -> None:
    """A truly blank verso the size of the page before it."""
    _insert_blank(book, len(book.pages))


def _insert_blank(book: pikepdf.Pdf, at: int) -> None:
    """A truly blank verso the size of the page before it, as page *at*."""
    previous = book.pages[at - 1]
    blank = Dictionary(Type=Name.Page, MediaBox=previous.mediabox, Resources=Dictionary())
    for box in (Name.TrimBox, Name.BleedBox):
        if box in previous.obj:
            blank[box] = previous.obj[box]
    book.pages.insert(at, pikepdf.Page(book.make_indirect(blank)))


def _lay_over(book: pikepdf.Pdf, overlays: Sequence[tuple[Overlay, pikepdf.Pdf]]
              ) -> list[pikepdf.Object]:
    """Draw each running-heads page after its body page's own content.

    WeasyPrint draws margin boxes after the page area, so the text reads in the same
    order as in a single pass; the heads' resources join the page's (a font's
    resource name is a hash of the face, so equal names are equal fonts).  Returns the
    heads' resources: their fonts' glyphs must join the page fonts' they stand for.
    """
    heads: list[pikepdf.Object] = []
    joined: dict[tuple[tuple[int, int], tuple[int, int]], bool] = {}
    drawn_after: list[tuple[pikepdf.Object, bytes]] = []
    for overlay, source in overlays:
        copied: dict[tuple[int, int], pikepdf.Object] = {}
        for index, (piece_page, book_page) in enumerate(overlay.pages):
            head = source.pages[piece_page].obj
            drawn = overlay.contents[index] if overlay.contents else page_content(head)
            resources = head.Resources
            if resources.objgen not in copied:
                copied[resources.objgen] = book.copy_foreign(resources)
            page = book.pages[book_page].obj
            pair = (page.Resources.objgen, resources.objgen)
            if not page.Resources.is_indirect or pair not in joined:
                joined[pair] = _join_resources(page, copied[resources.objgen])
            if joined[pair]:
                drawn_after.append((page, drawn))
            else:
                form = book.copy_foreign(source.pages[piece_page].as_form_xobject())
                form.write(_artifact(drawn))
                book.pages[book_page].add_overlay(form, None)
        heads += copied.values()
    _draw_after(book, drawn_after)
    return heads


def _draw_after(book: pikepdf.Pdf, drawn_after: Sequence[tuple[pikepdf.Object, bytes]]
                ) -> None:
    """Each page's content becomes [``q``, its own streams, ``Q`` and what to draw after].

    The page's own streams stay as they are (no re-compressing: a content array reads
    as one stream); ``q``/``Q`` give the heads the graphics state the page began with.
    """
    if not drawn_after:
        return
    begin = book.make_stream(b"q\n")
    for page, drawn in drawn_after:
        own = page.get(Name.Contents)
        streams = list(own) if isinstance(own, Array) else [] if own is None else [own]
        end = book.make_stream(b"")
        end.write(zlib.compress(b"\nQ\n" + _artifact(drawn), 6), filter=Name.FlateDecode)
        page.Contents = Array([begin, *streams, end])


def _artifact(drawn: bytes) -> bytes:
    """Running heads and folios marked as what they are to a screen reader: page
    furniture, outside the structure tree (as WeasyPrint marks margin boxes)."""
    return b"/Artifact BMC\n" + drawn + b"\nEMC\n"


def page_content(page: pikepdf.Object) -> bytes:
    """A page's content, its streams joined."""
    contents = page.get(Name.Contents)
    if contents is None:
        return b""
    if isinstance(contents, Array):
        return b"\n".join(bytes(part.read_bytes()) for part in contents)
    return bytes(contents.read_bytes())


def _join_resources(page: pikepdf.Object, extra: pikepdf.Object) -> bool:
    """Add *extra*'s resources to *page*'s; False (nothing changed) on a name clash."""
    if Name.Resources not in page:
        page.Resources = Dictionary()
    resources: pikepdf.Object = page.Resources
    if _clashes(resources, extra):
        return False
    for category, entries in extra.items():
        if not isinstance(entries, Dictionary):
            continue
        if category not in resources:
            resources[category] = Dictionary()
        for name, value in entries.items():
            if name not in resources[category]:
                resources[category][name] = value
    return True


def _clashes(resources: pikepdf.Object, extra: pikepdf.Object) -> bool:
    """Whether a resource name of *extra* means something else in *resources*."""
    for category, entries in extra.items():
        mine = resources.get(category)
        if isinstance(entries, Dictionary) and isinstance(mine, Dictionary):
            for name, value in entries.items():
                if name in mine and not _same(mine[name], value):
                    return True
    return False


def _same(mine: pikepdf.Object, theirs: pikepdf.Object) -> bool:
    """The same resource: one object, or fonts of one face (``pdf_fonts`` unites them)."""
    if mine.is_indirect and mine.objgen == theirs.objgen:
        return True
    if isinstance(mine, Dictionary) and mine.get(Name.Type) == Name.Font:
        return isinstance(theirs, Dictionary) and mine.get(Name.BaseFont) == theirs.get(
            Name.BaseFont)
    return mine.is_indirect is False and mine.unparse() == theirs.unparse()


def _restore_links(book: pikepdf.Pdf, dests: dict[str, Array]) -> None:
    """One table of named targets for the whole book; links between pieces point into it."""
    tree = NameTree.new(book)
    for name in sorted(dests):
        tree[name] = dests[name]
    book.Root.Names = Dictionary(Dests=tree.obj)
    for page in book.pages:
        for annot in page.obj.get(Name.Annots, Array()):
            action = annot.get(Name.A)
            uri = str(action.get(Name.URI, "")) if action is not None else ""
            if uri.startswith(OUTSIDE_LINK):
                del annot[Name.A]
                annot.Dest = String(uri.removeprefix(OUTSIDE_LINK))


def _write_outline(book: pikepdf.Pdf, bookmarks: Sequence[Bookmark]) -> None:
    """The outline as WeasyPrint nests it: an entry belongs to the last shallower one."""
    if not bookmarks:
        return
    with book.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        for mark in bookmarks:
            item = OutlineItem(mark.label, mark.page, PageLocation.XYZ, left=mark.x,
                               top=mark.y, zoom=0)
            while stack and stack[-1][0] >= mark.level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((mark.level, item))


def _copied_into(book: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """*value* of another PDF, in *book*: an indirect object through the copier, a
    direct array or dictionary item by item (a tagged piece's ``ViewerPreferences``)."""
    if not isinstance(value, pikepdf.Object):
        return value  # a number or a boolean, as pikepdf hands them out
    if value.is_indirect:
        return book.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copied_into(book, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copied_into(book, item) for key, item in value.items()})
    return value


def label_pages(catalog: pikepdf.Object, front_pages: int, styles: tuple[str, str]) -> None:
    """The page numbers a viewer's page box shows, matching the folios: the front
    matter's style from its first page, the body's from 1 (a book without front matter
    has one range)."""
    front, body = (Dictionary(S=Name("/" + style)) for style in styles)
    catalog.PageLabels = Dictionary(
        Nums=Array([0, front, front_pages, body] if front_pages else [0, body]))


def _keep_document_info(book: pikepdf.Pdf, first: pikepdf.Pdf, created: str) -> None:
    """Title, author and language, as WeasyPrint wrote them for the whole book; the date."""
    info: Dictionary = book.copy_foreign(first.docinfo)  # type: ignore[assignment]
    book.docinfo = info
    if created:
        book.docinfo.CreationDate = book.docinfo.ModDate = String(created)
    for key in (Name.Lang, Name.ViewerPreferences, Name.PageMode):
        if key in first.Root:
            value = first.Root[key]
            book.Root[key] = _copied_into(book, value)
