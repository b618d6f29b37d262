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
from mkbook.exporters.documents import Document, plan_documents
from mkbook.exporters.epubzip import finish_epub
from mkbook.exporters.html import RenderContext
from mkbook.exporters.templating import load_style, template_environment
from mkbook.model import Book, Metadata

STYLESHEETS = ("base.css", "epub.css")
TEXT_DIR = "text"


class EpubExporter:
    """Writes an EPUB 3 (with an EPUB 2 NCX for older readers)."""

    name = "epub"
    suffix = ".epub"

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Build the EPUB in memory, then replace ``ctx.output`` atomically."""
        package = build_package(book, ctx.timestamp)
        raw = io.BytesIO()
        epub.write_epub(raw, package, {"mtime": _utc(ctx.timestamp), "raise_exceptions": True,
                                       "epub3_pages": False})
        data = finish_epub(raw.getvalue(), book.metadata.language, ctx.timestamp)
        with atomic_output(ctx.output) as temp:
            temp.write_bytes(data)
        return ctx.output


def build_package(book: Book, timestamp: int) -> epub.EpubBook:
    """The ebooklib book: metadata, documents, assets, contents and spine."""
    package = epub.EpubBook()
    _set_metadata(package, book.metadata, timestamp)
    for name in STYLESHEETS:
        package.add_item(epub.EpubItem(uid=f"css-{name[:-4]}", file_name=f"css/{name}",
                                       media_type="text/css",
                                       content=load_style(name, book.root).encode()))
    _add_assets(package, book)
    documents = plan_documents(book)
    items = {doc.id: _render_document(book, doc) for doc in documents if doc.kind != "toc"}
    for item in items.values():
        package.add_item(item)
    package.toc = _toc(documents)
    # The nav is the book's visible contents page, where the contents belong.
    package.spine = [items.get(doc.id, "nav") for doc in documents]
    titlepage = next(doc for doc in documents if doc.kind == "titlepage")
    first_chapter = next(doc for doc in documents if doc.matter == "bodymatter")
    package.guide = [
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


def _set_metadata(package: epub.EpubBook, meta: Metadata, timestamp: int) -> None:
    package.set_identifier(meta.identifier)
    package.set_title(meta.title)
    package.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        package.add_author(author, uid=f"author-{number}")
    optional = {"publisher": meta.publisher, "rights": meta.rights,
                "description": meta.description, "date": meta.date}
    for name, value in optional.items():
        if value:
            package.add_metadata("DC", name, value)
    for subject in meta.subjects:
        package.add_metadata("DC", "subject", subject)
    _add_accessibility(package)


def _add_accessibility(package: epub.EpubBook) -> None:
    """The schema.org accessibility metadata stores and the EU Accessibility Act ask for."""
    entries = [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", "A text-only book with a table of contents, "
         "headings for every chapter and a logical reading order."),
    ]
    for prop, value in entries:
        package.add_metadata(None, "meta", value, {"property": prop})


def _add_assets(package: epub.EpubBook, book: Book) -> None:
    root = book.root.resolve() if book.root else None
    for number, asset in enumerate(book.assets, start=1):
        path = asset.path.resolve()
        if root is None or not path.is_relative_to(root):
            raise UnsafePathError("lies outside the book project", source=asset.name)
        try:
            content = path.read_bytes()
        except OSError as err:
            raise ExportError(f"cannot be read ({err.strerror})", source=asset.name) from None
        package.add_item(epub.EpubItem(uid=f"asset-{number:03d}", file_name=asset.name,
                                       media_type=asset.media_type, content=content))


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
    """Contents entries, chapters nested under their parts."""
    toc: list[object] = []
    children: dict[str, list[object]] = {}
    for doc in documents:
        if not doc.toc_title:
            continue
        link = epub.Link(_href(doc), doc.toc_title, doc.id)
        if doc.kind == "part":
            children[doc.id] = []
            toc.append((epub.Section(doc.toc_title, _href(doc)), children[doc.id]))
        elif doc.part_id:
            children[doc.part_id].append(link)
        else:
            toc.append(link)
    return toc
