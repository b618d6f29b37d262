"""EPUB 3 through ebooklib, with XHTML that mkbook renders itself.

ebooklib's ``EpubHtml`` rebuilds documents and drops what we need (stylesheet links,
``epub:type`` on ``<body>``), so every document is rendered by jinja2 and added as a
raw ``EpubItem``.  ebooklib writes the package, nav and NCX into :mod:`.package`'s
reproducible zip, which mends what ebooklib gets wrong as it is written.

One book, three targets, each its own exporter: the generic EPUB, a Kobo kepub
(sentences in ``koboSpan`` elements inside Kobo's column wrappers) and a Kindle
EPUB for Send to Kindle (no HTML cover page, no ``-webkit-`` CSS).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ebooklib import epub

from mkbook.confine import MAX_ASSET_BYTES, read_confined
from mkbook.conservation import check_conserved, markup_words
from mkbook.diagnostics import report
from mkbook.errors import UnsafePathError
from mkbook.exporters import ExportContext, write_atomically
from mkbook.exporters.epub.cover import generated_cover
from mkbook.exporters.epub.fonts import FAMILY, book_characters, embedded_fonts, font_css
from mkbook.exporters.epub.metadata import set_metadata
from mkbook.exporters.epub.package import epub_bytes, package_file_names
from mkbook.exporters.epub.sheet_files import PackagedSheets, subset_font
from mkbook.isbn import with_edition_isbn
from mkbook.labels import label
from mkbook.model import Book
from mkbook.render.documents import (
    Document,
    default_title,
    plan_documents,
    with_copyright_page,
)
from mkbook.render.fonts import FONT_FILES
from mkbook.render.html import RenderContext
from mkbook.render.templates import EXTRA_SHEET, load_style, project_style, render_template
from mkbook.textnorm import text_direction
from mkbook.themes import theme_css

STYLESHEETS = ("base.css", "epub.css")
TEXT_DIR = "text"
_WEBKIT_RE = re.compile(r"^\s*-webkit-[^;]*;\n", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Target:
    """What a reading system needs that the generic EPUB does not do."""

    name: str
    kobo_spans: bool = False
    """Sentence spans and column wrappers for Kobo's kepub renderer."""
    cover_page: bool = True
    """An XHTML page showing the cover (Kindle makes its own and would show two)."""
    webkit_css: bool = True
    """Keep ``-webkit-`` properties (one has crashed Kindle for Mac)."""


GENERIC, KOBO, KINDLE = Target("generic"), Target("kobo", kobo_spans=True), \
    Target("kindle", cover_page=False, webkit_css=False)


@dataclass(frozen=True, slots=True)
class EpubOptions:
    """The ``[epub]`` table of ``book.toml``."""

    embed_fonts: bool = False
    """Embed the book face (subset to the book's characters) so every reading system
    shows it; without, each reader chooses its own."""
    theme: str | None = None
    """The EPUB's theme, when not ``[book] theme``'s."""
    isbn: str | None = None
    """The ebook edition's own ISBN, when not ``[book] isbn`` (an ebook and a paperback
    each need their own)."""


class EpubExporter:
    """Writes an EPUB 3 (with an EPUB 2 NCX for older readers)."""

    name = "epub"
    suffix = ".epub"
    target = GENERIC

    table = "epub"
    """The ``book.toml`` table this exporter's options come from."""
    options_class = EpubOptions

    def prepare(self, options: dict[str, Any]) -> None:
        """Nothing to get ready: an EPUB is written in one step."""

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Build the EPUB in memory, then replace ``ctx.output`` atomically."""
        embed = epub_options(ctx.options)
        book = with_edition_isbn(book, ctx.options.get("isbn"), self.table)
        style = theme_css(ctx.options.get("theme"), ctx.options.get("theme_options"), "epub")
        package = _PackageBuilder(book, self.target, embed, style).build()
        language = book.metadata.language
        data = epub_bytes(package, {"mtime": _utc(ctx.timestamp), "epub3_pages": False,
                                    "landmark_title": label(language, "Guide")},
                          language, ctx.timestamp)
        write_atomically(ctx.output, data)
        return ctx.output


class KoboEpubExporter(EpubExporter):
    """A Kobo kepub: ``mkbook epub --target kobo``."""

    name = "epub-kobo"
    suffix = ".kepub.epub"
    target = KOBO


class KindleEpubExporter(EpubExporter):
    """An EPUB for Send to Kindle: ``mkbook epub --target kindle``."""

    name = "epub-kindle"
    suffix = ".kindle.epub"
    target = KINDLE


def epub_options(options: Mapping[str, Any]) -> bool:
    """Whether to embed the book face (the table is checked against :class:`EpubOptions`
    before export)."""
    return bool(options.get("embed_fonts", False))


def _utc(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


class _PackageBuilder:
    """Builds the ebooklib book for one target: metadata, documents, contents, spine."""

    def __init__(self, book: Book, target: Target, embed_fonts: bool = False,
                 theme: str = "") -> None:
        self.book = book
        self.target = target
        self.package = epub.EpubBook()
        self.embed_fonts = embed_fonts
        self.theme = theme
        extra = [EXTRA_SHEET] if book.root and project_style(book.root, EXTRA_SHEET) else []
        self.stylesheets = [*STYLESHEETS, "theme.css", *(["fonts.css"] if embed_fonts else []),
                            *extra]
        assets = [*book.assets, *([book.cover] if book.cover else [])]
        self.file_names = package_file_names([asset.name for asset in assets])

    def build(self) -> epub.EpubBook:
        package, book = self.package, self.book
        set_metadata(package, book)
        self._add_styles()
        self._add_assets()
        cover_page = self._add_cover()
        documents = with_copyright_page(plan_documents(book))
        items = {doc.id: self._document(doc) for doc in documents if doc.kind != "toc"}
        for item in items.values():
            package.add_item(item)
        package.toc = _toc(documents, book.metadata.language)
        # The nav is the book's visible contents page, where the contents belong.
        spine = [items.get(doc.id, "nav") for doc in documents]
        package.spine = [cover_page, *spine] if cover_page else spine
        package.guide = self._guide(documents, cover_page)
        package.add_item(epub.EpubNcx())
        direction = text_direction(self.book.metadata.language)
        nav = epub.EpubNav(title=default_title("toc", self.book.metadata.language),
                           direction=direction if direction == "rtl" else None)
        for name in self.stylesheets:
            nav.add_link(href=f"css/{name}", rel="stylesheet", type="text/css")
        package.add_item(nav)
        return package

    def _add_styles(self) -> None:
        """The house sheets (or the project's in their place), the theme's, the book
        face's, and last the project's ``styles/extra.css``, in that order."""
        names = [name for name in self.stylesheets if name not in ("theme.css", "fonts.css")]
        sheets = {name: load_style(name, self.book.root) for name in names}
        self._add_sheet_files(sheets)
        sheets["theme.css"] = self.theme
        if self.embed_fonts:
            fonts = embedded_fonts(self.book)
            for number, font in enumerate(fonts, start=1):
                self.package.add_item(epub.EpubItem(uid=f"font-{number}",
                                                    file_name=font.file_name,
                                                    media_type="font/otf", content=font.content))
            sheets["fonts.css"] = font_css(fonts)
        for name in self.stylesheets:
            css = sheets[name]
            css = css if self.target.webkit_css else _WEBKIT_RE.sub("", css)
            self.package.add_item(epub.EpubItem(uid=f"css-{name[:-4]}", file_name=f"css/{name}",
                                                media_type="text/css", content=css.encode()))

    def _add_sheet_files(self, sheets: dict[str, str]) -> None:
        """The fonts and images the project's own sheets name, packaged beside them
        (``sheet_files.py``), and the sheets pointed at them."""
        root = self.book.root
        own = [name for name in sheets if root is not None and project_style(root, name)]
        if root is None or not own:
            return
        taken = {*self.file_names.values(), *(f"fonts/{name}" for name in FONT_FILES.values())}
        files = PackagedSheets(root, subset_font(book_characters(self.book)), taken)
        for name in own:
            sheets[name] = files.sheet(sheets[name], name)
        for number, file in enumerate(files.files.values(), start=1):
            self.package.add_item(epub.EpubItem(uid=f"style-file-{number}",
                                                file_name=file.file_name,
                                                media_type=file.media_type,
                                                content=file.content))
        report(files.diagnostics)

    def _guide(self, documents: list[Document], cover_page: epub.EpubItem | None
               ) -> list[dict[str, str]]:
        titlepage = next(doc for doc in documents if doc.kind == "titlepage")
        first_chapter = next(doc for doc in documents if doc.matter == "bodymatter")
        language = self.book.metadata.language
        guide = [{"href": cover_page.file_name, "title": label(language, "Cover"),
                  "type": "cover"}] if cover_page else []
        return guide + [
            {"href": _href(titlepage), "title": default_title("titlepage", language),
             "type": "title-page"},
            {"href": "nav.xhtml", "title": default_title("toc", language), "type": "toc"},
            {"href": _href(first_chapter), "title": label(language, "Start of Content"),
             "type": "text"},
        ]

    def _add_assets(self) -> None:
        book = self.book
        cover = book.cover.name if book.cover else None
        for number, asset in enumerate(book.assets, start=1):
            if asset.name == cover:
                continue  # already in the book as its cover image
            content = asset.data if asset.data is not None else _read_asset(
                asset.path, book.root, asset.name)
            self.package.add_item(epub.EpubItem(uid=f"asset-{number:03d}",
                                                file_name=self.file_names[asset.name],
                                                media_type=asset.media_type, content=content))

    def _add_cover(self) -> epub.EpubItem | None:
        """The cover image (the author's, or a generated one) and, if wanted, its page."""
        book = self.book
        if book.cover is not None:
            name, media_type = self.file_names[book.cover.name], book.cover.media_type
            content = _read_asset(book.cover.path, book.root, name)
        else:
            name, media_type, content = "images/cover.png", "image/png", generated_cover(
                book.metadata)
        image = epub.EpubCover(uid="cover-image", file_name=name)
        image.media_type, image.content = media_type, content
        self.package.add_item(image)
        self.package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        if not self.target.cover_page:
            return None
        page = self._page("epub/cover.html", book.metadata.title, "cover", image=f"../{name}")
        item = epub.EpubItem(uid="cover", file_name=f"{TEXT_DIR}/cover.xhtml",
                             media_type="application/xhtml+xml", content=page)
        self.package.add_item(item)
        return item

    def _page(self, fragment: str, title: str, matter: str, **extra: object) -> bytes:
        text = render_template(
            self.book.root, "epub/page.xhtml", meta=self.book.metadata, title=title,
            matter=matter, fragment=fragment,
            stylesheets=[f"../css/{name}" for name in self.stylesheets],
            kobo=self.target.kobo_spans, **extra)
        return text.encode("utf-8")

    def _document(self, doc: Document) -> epub.EpubItem:
        ctx = RenderContext(asset_href=lambda name: f"../{self.file_names[name]}",
                            kobo_spans=self.target.kobo_spans,
                            language=self.book.metadata.language)
        meta = self.book.metadata
        content = self._page(doc.template, doc.toc_title or meta.title, doc.matter, doc=doc,
                             ctx=ctx, isbn=meta.isbn,
                             typeface=FAMILY if self.embed_fonts else "")
        check_conserved([doc], markup_words(content.decode("utf-8")), "EPUB")
        return epub.EpubItem(uid=doc.id, file_name=_href(doc),
                             media_type="application/xhtml+xml", content=content)


def _read_asset(path: Path, root: Path | None, name: str) -> bytes:
    """An asset's bytes, through the same confinement as every read of the book."""
    if root is None:
        raise UnsafePathError("has no book project to be read from", source=name)
    return read_confined(root, path, what="image", label=name, limit=MAX_ASSET_BYTES)


def _href(doc: Document) -> str:
    return f"{TEXT_DIR}/{doc.id}.xhtml"


def _toc(documents: list[Document], language: str) -> list[object]:
    """Contents entries, chapters nested under their parts.

    Every document of the spine but the cover and the contents page itself is listed,
    in spine order, so nav, NCX and spine agree (Send to Kindle rejects books whose
    spine and NCX differ).
    """
    toc: list[object] = []
    children: dict[str, list[object]] = {}
    for doc in documents:
        if doc.kind == "toc":
            continue
        title = doc.toc_title or default_title(doc.role, language) or doc.title
        title = title.replace("\u2060", "")  # the word joiner: a one-line label holds nothing
        link = epub.Link(_href(doc), title, doc.id)
        if doc.kind == "part" and not getattr(doc.item, "chapters", ()):
            toc.append(link)  # an empty list of chapters is no valid nav (RSC-005)
        elif doc.kind == "part":
            children[doc.id] = []
            toc.append((epub.Section(title, _href(doc)), children[doc.id]))
        elif doc.part_id:
            children[doc.part_id].append(link)
        else:
            toc.append(link)
    return toc
