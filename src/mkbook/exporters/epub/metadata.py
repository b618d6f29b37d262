"""The EPUB package metadata: what stores, libraries and reading systems read.

Creators with ``file-as`` and MARC roles, series both as EPUB 3
``belongs-to-collection`` and as the calibre fields Kobo and calibre read, and the
schema.org accessibility metadata the EU Accessibility Act asks for.
"""

from __future__ import annotations

from ebooklib import epub

from mkbook.model import Book, Image, Metadata
from mkbook.textnorm import text_direction
from mkbook.walk import book_blocks

_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md"})
ACCESSIBILITY_CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


def set_metadata(package: epub.EpubBook, book: Book) -> None:
    """Write every piece of *book*'s metadata into *package*."""
    meta = book.metadata
    package.set_identifier(meta.identifier)
    package.set_title(meta.title)
    package.set_language(meta.language)
    if text_direction(meta.language) == "rtl":
        package.set_direction("rtl")  # the spine's page-progression-direction
    if meta.subtitle:
        package.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        _refine(package, "subtitle", "title-type", "subtitle")
    _add_creators(package, meta)
    optional = {"publisher": meta.publisher, "rights": meta.rights,
                "description": meta.description, "date": meta.date, "source": meta.source}
    for name, value in optional.items():
        if value:
            package.add_metadata("DC", name, value)
    subjects = (*meta.subjects, *meta.fandoms, *meta.relationships, *meta.characters,
                *meta.tags)
    for subject in dict.fromkeys(subjects):
        package.add_metadata("DC", "subject", subject)
    _add_series(package, meta)
    undescribed = sum(isinstance(block, Image) and not block.alt.strip()
                      for block in book_blocks(book))
    add_accessibility(package, undescribed)


def _refine(package: epub.EpubBook, target: str, prop: str, value: str,
            scheme: str | None = None) -> None:
    attributes = {"refines": f"#{target}", "property": prop}
    if scheme:
        attributes["scheme"] = scheme
    package.add_metadata(None, "meta", value, attributes)


def _add_creators(package: epub.EpubBook, meta: Metadata) -> None:
    for number, author in enumerate(meta.authors, start=1):
        uid = f"author-{number}"
        package.add_metadata("DC", "creator", author, {"id": uid})
        _refine(package, uid, "file-as", file_as(author))
        _refine(package, uid, "role", "aut", "marc:relators")
    for number, person in enumerate(meta.contributors, start=1):
        uid = f"contributor-{number}"
        package.add_metadata("DC", "contributor", person.name, {"id": uid})
        _refine(package, uid, "file-as", file_as(person.name))
        _refine(package, uid, "role", person.role, "marc:relators")


def file_as(name: str) -> str:
    """The sort form of a name: ``Jane Austen`` → ``Austen, Jane``."""
    words = name.split()
    if "," in name or len(words) < 2 or " and " in name:
        return name
    suffix = [words.pop()] if words[-1].casefold() in _NAME_SUFFIXES and len(words) > 2 else []
    return f"{words[-1]}, {' '.join(words[:-1] + suffix)}"


def _add_series(package: epub.EpubBook, meta: Metadata) -> None:
    if not meta.series:
        return
    package.add_metadata(None, "meta", meta.series,
                         {"property": "belongs-to-collection", "id": "series"})
    _refine(package, "series", "collection-type", "series")
    package.add_metadata(None, "meta", "", {"name": "calibre:series", "content": meta.series})
    if meta.series_index is not None:
        index = f"{meta.series_index:g}"
        _refine(package, "series", "group-position", index)
        package.add_metadata(None, "meta", "", {"name": "calibre:series_index",
                                                "content": index})


def add_accessibility(package: epub.EpubBook, undescribed: int = 0) -> None:
    """schema.org accessibility metadata, true of this book.

    Every mkbook EPUB shows at least one image, its cover, so the book is visual and
    textual.  Where every image carries a text alternative, text alone suffices and
    the book meets WCAG AA; *undescribed* images (no alt text, MK605) take back the
    alternative-text feature, the sufficiency of text and the conformance claim, and
    the summary says how many lack one.
    """
    summary = ("Every chapter and section has a heading and is listed in the table of "
               "contents; the reading order follows the print order; ")
    summary += (f"{undescribed} image{'s' * (undescribed != 1)} "
                f"{'have' if undescribed != 1 else 'has'} no text alternative."
                if undescribed else "every image has a text alternative.")
    entries = [("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
               ("schema:accessModeSufficient",
                "textual,visual" if undescribed else "textual")]
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    entries += [("schema:accessibilityFeature", feature) for feature in
                (*features, *(() if undescribed else ("alternativeText",)))]
    entries += [("schema:accessibilityHazard", "none"),
                ("schema:accessibilitySummary", summary)]
    if not undescribed:
        entries.append(("dcterms:conformsTo", ACCESSIBILITY_CONFORMANCE))
    for prop, value in entries:
        package.add_metadata(None, "meta", value, {"property": prop})
