"""The catalog as e-reader apps browse libraries: an OPDS 1.2 acquisition feed
(``catalog.xml``, Atom) and an OPDS 2.0 feed (``catalog.json``), both listing every
book that has files, with its title, authors, language, summary, cover and one
acquisition link per format.  Links are relative to the output folder, or absolute
under ``[catalog] base_url``.  A catalog of more books than ``[catalog] per_page`` is
a chain of pages (``catalog.xml``, ``catalog-2.xml``…), linked first, previous, next
and last as OPDS paginates, with the total count on each.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from mkbook.catalog.plan import Catalog
from mkbook.catalog.storage import Output

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ACQUISITION = "http://opds-spec.org/acquisition"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
FEED_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
MEDIA_TYPES = {"epub": "application/epub+zip", "epub-kobo": "application/kepub+zip",
               "epub-kindle": "application/epub+zip", "pdf": "application/pdf"}
_PAGE_RE = re.compile(r"^catalog-\d+\.(xml|json)$")
_FULL_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$")
PUBLICATION = "publication.json"
"""Each book's OPDS 2.0 publication on its own, the ``self`` link the spec asks of each."""
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".svg": "image/svg+xml"}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the feeds: its number (from 1), how many there are, the books."""

    number: int
    count: int
    total: int
    """Books in the whole feed."""
    per_page: int

    def name(self, suffix: str, number: int | None = None) -> str:
        """``catalog.xml`` for the first page, ``catalog-2.xml`` for the second…"""
        number = self.number if number is None else number
        return f"catalog.{suffix}" if number == 1 else f"catalog-{number}.{suffix}"

    def links(self, suffix: str) -> list[tuple[str, str]]:
        """(rel, file) of the pages around this one; none when there is one page."""
        if self.count == 1:
            return []
        found = [("first", self.name(suffix, 1)), ("last", self.name(suffix, self.count))]
        if self.number > 1:
            found.append(("previous", self.name(suffix, self.number - 1)))
        if self.number < self.count:
            found.append(("next", self.name(suffix, self.number + 1)))
        return found


def write_feeds(catalog: Catalog, reports: list[dict[str, Any]], output: Output) -> None:
    """``catalog.xml`` (OPDS 1.2) and ``catalog.json`` (OPDS 2.0) in the output folder,
    with their further pages; a page a smaller catalog no longer has is removed."""
    books = [report for report in reports if report.get("formats")]
    size = catalog.per_page or len(books) or 1
    chunks = [books[start:start + size] for start in range(0, len(books), size)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        page = Page(number, len(chunks), len(books), size)
        output.write(page.name("xml"), opds1(catalog, chunk, page))
        feed = opds2(catalog, chunk, page)
        for book, publication in zip(chunk, feed.get("publications", []), strict=False):
            output.write(f"{book['slug']}/{PUBLICATION}", _json(publication))
        output.write(page.name("json"), _json(feed))
    kept = {Page(n, len(chunks), 0, 0).name(suffix) for n in range(1, len(chunks) + 1)
            for suffix in ("xml", "json")}
    for name in output.names("catalog-*.*"):
        if _PAGE_RE.match(name) and name not in kept:
            output.remove(name)


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def _href(catalog: Catalog, path: str) -> str:
    return catalog.base_url.rstrip("/") + "/" + path if catalog.base_url else path


def _updated(books: list[dict[str, Any]]) -> str:
    """The newest book's date: the feed changes when a book does, not at every run."""
    return max((book.get("modified") or "" for book in books), default="") or \
        "1980-01-01T00:00:00Z"


def _feed_id(catalog: Catalog, page: int) -> str:
    """The feed's stable id (each further page has its own)."""
    name = f"mkbook-catalog:{catalog.title}" + ("" if page == 1 else f":page-{page}")
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def opds1(catalog: Catalog, books: list[dict[str, Any]], page: Page) -> bytes:
    """One page of the OPDS 1.2 acquisition feed."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS,
                                                   "opensearch": OPENSEARCH})
    _text(feed, "id", _feed_id(catalog, page.number))
    _text(feed, "title", catalog.title)
    _text(feed, "updated", _updated(books))
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", catalog.title)
    for rel, href in (("self", page.name("xml")), ("start", "catalog.xml"),
                      *page.links("xml")):
        etree.SubElement(feed, f"{{{ATOM}}}link", rel=rel, href=_href(catalog, href),
                         type=FEED_TYPE)
    if page.count > 1:  # OpenSearch's counts, which OPDS 1.2 clients read for paging
        for name, value in (("totalResults", page.total), ("itemsPerPage", page.per_page),
                            ("startIndex", (page.number - 1) * page.per_page + 1)):
            etree.SubElement(feed, f"{{{OPENSEARCH}}}{name}").text = str(value)
    for book in books:
        _entry(feed, catalog, book)
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8",
                                pretty_print=True))


def _entry(feed: Any, catalog: Catalog, book: dict[str, Any]) -> None:
    entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "title", book.get("title") or book["slug"])
    _text(entry, "id", book.get("identifier") or f"urn:mkbook:{book['slug']}")
    _text(entry, "updated", book.get("modified") or _updated([book]))
    for name in book.get("authors") or []:
        _text(etree.SubElement(entry, f"{{{ATOM}}}author"), "name", name)
    if book.get("language"):
        etree.SubElement(entry, f"{{{DC}}}language").text = book["language"]
    if book.get("date"):
        etree.SubElement(entry, f"{{{DC}}}issued").text = book["date"]
    if book.get("publisher"):
        etree.SubElement(entry, f"{{{DC}}}publisher").text = book["publisher"]
    if book.get("description"):
        _text(entry, "summary", book["description"])
    cover = book.get("cover")
    if cover:
        kind = IMAGE_TYPES.get(Path(cover).suffix.lower(), "image/jpeg")
        for rel in (IMAGE, THUMBNAIL):
            etree.SubElement(entry, f"{{{ATOM}}}link", rel=rel, type=kind,
                             href=_href(catalog, f"{book['slug']}/{cover}"))
    for fmt, item in book["formats"].items():
        etree.SubElement(entry, f"{{{ATOM}}}link", rel=ACQUISITION,
                         type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
                         href=_href(catalog, f"{book['slug']}/{item['file']}"),
                         length=str(item["bytes"]))


def _text(parent: Any, name: str, value: str) -> None:
    etree.SubElement(parent, f"{{{ATOM}}}{name}").text = value


def opds2(catalog: Catalog, books: list[dict[str, Any]], page: Page) -> dict[str, Any]:
    """One page of the OPDS 2.0 feed, as JSON-ready data."""
    metadata: dict[str, Any] = {"title": catalog.title, "numberOfItems": page.total,
                                "modified": _updated(books)}
    if page.count > 1:
        metadata.update(itemsPerPage=page.per_page, currentPage=page.number)
    feed: dict[str, Any] = {
        "metadata": metadata,
        "links": [{"rel": rel, "href": _href(catalog, href), "type": "application/opds+json"}
                  for rel, href in (("self", page.name("json")), *page.links("json"))],
        "publications": [_publication(catalog, book) for book in books],
    }
    if not feed["publications"]:  # a feed lists publications or navigation
        feed["navigation"] = [{"href": _href(catalog, "index.html"), "title": catalog.title,
                               "type": "text/html"}]
        del feed["publications"]
    return feed


def _publication(catalog: Catalog, book: dict[str, Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = {"@type": "http://schema.org/Book",
                                "title": book.get("title") or book["slug"],
                                "identifier": book.get("identifier") or
                                f"urn:mkbook:{book['slug']}",
                                "modified": book.get("modified") or _updated([book])}
    if book.get("authors"):
        metadata["author"] = [{"name": name} for name in book["authors"]]
    for key, name in (("language", "language"), ("description", "description"),
                      ("publisher", "publisher")):
        if book.get(key):
            metadata[name] = book[key]
    if _FULL_DATE_RE.match(book.get("date") or ""):  # a date or a date-time, not a year
        metadata["published"] = book["date"]
    publication: dict[str, Any] = {"metadata": metadata, "links": [
        {"rel": "self", "href": _href(catalog, f"{book['slug']}/{PUBLICATION}"),
         "type": "application/opds-publication+json"}, *(
            {"rel": ACQUISITION, "href": _href(catalog, f"{book['slug']}/{item['file']}"),
             "type": MEDIA_TYPES.get(fmt, "application/octet-stream")}
            for fmt, item in book["formats"].items())]}
    cover = book.get("cover")
    if cover:
        publication["images"] = [{"href": _href(catalog, f"{book['slug']}/{cover}"),
                                  "type": IMAGE_TYPES.get(Path(cover).suffix.lower(),
                                                          "image/jpeg")}]
    return publication
