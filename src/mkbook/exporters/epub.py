"""EPUB 3 through ebooklib, with XHTML that mkbook renders itself.

ebooklib's ``EpubHtml`` rebuilds documents and drops what we need (stylesheet links,
``epub:type`` on ``<body>``), so every document is rendered by jinja2 and added as a
raw ``EpubItem``.  ebooklib writes the package, nav and NCX; :mod:`.epubzip` then
mends what it gets wrong and rewrites the zip reproducibly.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from ebooklib import epub

from mkbook.errors import ExportError, UnsafePathError
from mkbook.exporters.base import ExportContext, atomic_output
from mkbook.exporters.cover import generated_cover
from mkbook.exporters.documents import Document, plan_documents
from mkbook.exporters.epub_metadata import set_metadata
from mkbook.exporters.epubzip import finish_epub
from mkbook.exporters.html import RenderContext
from mkbook.exporters.templating import load_style, template_environment
from mkbook.model import Book

STYLESHEETS = ("base.css", "epub.css")
TEXT_DIR = "text"


class EpubExporter:
    """Writes an EPUB 3 (with an EPUB 2 NCX for older readers)."""

    name = "epub"
    suffix = ".epub"

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Build the EPUB in memory, then replace ``ctx.output`` atomically."""
        package = build_package(book)
        raw = io.BytesIO()
        epub.write_epub(raw, package, {"mtime": _utc(ctx.timestamp), "raise_exceptions": True,
                                       "epub3_pages": False})
        data = finish_epub(raw.getvalue(), book.metadata.language, ctx.timestamp)
        with atomic_output(ctx.output) as temp:
            temp.write_bytes(data)
        return ctx.output


def build_package(book: Book) -> epub.EpubBook:
    """The ebooklib book: metadata, documents, assets, contents and spine."""
    package = epub.EpubBook()
    set_metadata(package, book)
    for name in STYLESHEETS:
        package.add_item(epub.EpubItem(uid=f"css-{name[:-4]}", file_name=f"css/{name}",
                                       media_type="text/css",
                                       content=load_style(name, book.root).encode()))
    _add_assets(package, book)
    cover_page = _add_cover(package, book)
    documents = plan_documents(book)
    items = {doc.id: _render_document(book, doc) for doc in documents if doc.kind != "toc"}
    for item in items.values():
        package.add_item(item)
    package.toc = _toc(documents)
    # The nav is the book's visible contents page, where the contents belong.
    package.spine = [cover_page, *(items.get(doc.id, "nav") for doc in documents)]
    titlepage = next(doc for doc in documents if doc.kind == "titlepage")
    first_chapter = next(doc for doc in documents if doc.matter == "bodymatter")
    package.guide = [
        {"href": cover_page.file_name, "title": "Cover", "type": "cover"},
        {"href": _href(titlepage), "title": "Title Page", "type": "title-page"},
        {"href": "nav.xhtml", "title": "Contents", "type": "toc"},
        {"href": _href(first_chapter), "title": "Start of Content", "type": "text"},
    ]
    package.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Contents")
    for name in STYLESHEETS:
        nav.add_link(href=f"css/{name}", rel="stylesheet", type="text/css")
    package.add_item(nav)
    return package


def _utc(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _add_assets(package: epub.EpubBook, book: Book) -> None:
    cover = book.cover.name if book.cover else None
    for number, asset in enumerate(book.assets, start=1):
        if asset.name == cover:
            continue  # already in the book as its cover image
        content = _read_asset(asset.path, book.root, asset.name)
        package.add_item(epub.EpubItem(uid=f"asset-{number:03d}", file_name=asset.name,
                                       media_type=asset.media_type, content=content))


def _read_asset(path: Path, root: Path | None, name: str) -> bytes:
    """An asset's bytes, refusing anything outside the book project."""
    path = path.resolve()
    if root is None or not path.is_relative_to(root.resolve()):
        raise UnsafePathError("lies outside the book project", source=name)
    try:
        return path.read_bytes()
    except OSError as err:
        raise ExportError(f"cannot be read ({err.strerror})", source=name) from None


def _add_cover(package: epub.EpubBook, book: Book) -> epub.EpubItem:
    """The cover image (the author's, or a generated one) and its own page."""
    if book.cover is not None:
        name, media_type = book.cover.name, book.cover.media_type
        content = _read_asset(book.cover.path, book.root, name)
    else:
        name, media_type, content = "images/cover.png", "image/png", generated_cover(
            book.metadata)
    image = epub.EpubCover(uid="cover-image", file_name=name)
    image.media_type, image.content = media_type, content
    package.add_item(image)
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    page = _page(book, "cover.html", book.metadata.title, "cover", image=f"../{name}")
    item = epub.EpubItem(uid="cover", file_name=f"{TEXT_DIR}/cover.xhtml",
                         media_type="application/xhtml+xml", content=page)
    package.add_item(item)
    return item


def _href(doc: Document) -> str:
    return f"{TEXT_DIR}/{doc.id}.xhtml"


def _page(book: Book, fragment: str, title: str, matter: str, **extra: object) -> bytes:
    env = template_environment(book.root)
    text = env.get_template("epub-page.xhtml").render(
        meta=book.metadata, title=title, matter=matter, fragment=fragment,
        stylesheets=[f"../css/{name}" for name in STYLESHEETS], **extra)
    return text.encode("utf-8")


def _render_document(book: Book, doc: Document) -> epub.EpubItem:
    ctx = RenderContext(asset_href=lambda name: f"../{name}")
    content = _page(book, doc.template, doc.toc_title or book.metadata.title, doc.matter,
                    doc=doc, ctx=ctx)
    return epub.EpubItem(uid=doc.id, file_name=_href(doc),
                         media_type="application/xhtml+xml", content=content)


def _toc(documents: list[Document]) -> list[object]:
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
        title = doc.toc_title or ("Title Page" if doc.kind == "titlepage" else doc.title)
        link = epub.Link(_href(doc), title, doc.id)
        if doc.kind == "part":
            children[doc.id] = []
            toc.append((epub.Section(title, _href(doc)), children[doc.id]))
        elif doc.part_id:
            children[doc.part_id].append(link)
        else:
            toc.append(link)
    return toc
