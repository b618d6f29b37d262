"""The catalog as e-reader apps browse libraries: an OPDS 1.2 acquisition feed
(``catalog.xml``, Atom) and an OPDS 2.0 feed (``catalog.json``), both listing every
book that has files, with its title, authors, language, summary, cover and one
acquisition link per format.  Links are relative to the output folder, or absolute
under ``[catalog] base_url``.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from lxml import etree

from mkbook.catalog.plan import Catalog
from mkbook.catalog.storage import Output

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
ACQUISITION = "http://opds-spec.org/acquisition"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
FEED_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
MEDIA_TYPES = {"epub": "application/epub+zip", "epub-kobo": "application/kepub+zip",
               "epub-kindle": "application/epub+zip", "pdf": "application/pdf"}
_FULL_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$")
PUBLICATION = "publication.json"
"""Each book's OPDS 2.0 publication on its own, the ``self`` link the spec asks of each."""
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".svg": "image/svg+xml"}


def write_feeds(catalog: Catalog, reports: list[dict[str, Any]], output: Output) -> None:
    """``catalog.xml`` (OPDS 1.2) and ``catalog.json`` (OPDS 2.0) in the output folder."""
    books = [report for report in reports if report.get("formats")]
    output.write("catalog.xml", opds1(catalog, books))
    feed = opds2(catalog, books)
    for book, publication in zip(books, feed.get("publications", []), strict=False):
        output.write(f"{book['slug']}/{PUBLICATION}", _json(publication))
    output.write("catalog.json", _json(feed))


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()


def _href(catalog: Catalog, path: str) -> str:
    return catalog.base_url.rstrip("/") + "/" + path if catalog.base_url else path


def _updated(books: list[dict[str, Any]]) -> str:
    """The newest book's date: the feed changes when a book does, not at every run."""
    return max((book.get("modified") or "" for book in books), default="") or \
        "1980-01-01T00:00:00Z"


def _feed_id(catalog: Catalog) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"mkbook-catalog:{catalog.title}").urn


def opds1(catalog: Catalog, books: list[dict[str, Any]]) -> bytes:
    """The OPDS 1.2 acquisition feed."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS})
    _text(feed, "id", _feed_id(catalog))
    _text(feed, "title", catalog.title)
    _text(feed, "updated", _updated(books))
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", catalog.title)
    for rel, href in (("self", "catalog.xml"), ("start", "catalog.xml")):
        etree.SubElement(feed, f"{{{ATOM}}}link", rel=rel, href=_href(catalog, href),
                         type=FEED_TYPE)
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


def opds2(catalog: Catalog, books: list[dict[str, Any]]) -> dict[str, Any]:
    """The OPDS 2.0 feed, as JSON-ready data."""
    feed: dict[str, Any] = {
        "metadata": {"title": catalog.title, "numberOfItems": len(books),
                     "modified": _updated(books)},
        "links": [{"rel": "self", "href": _href(catalog, "catalog.json"),
                   "type": "application/opds+json"}],
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
