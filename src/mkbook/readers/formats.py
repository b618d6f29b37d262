"""Which files mkbook reads, and a clear refusal for the ones it does not (yet).

mkbook reads plain text, Markdown, Word, OpenDocument and RTF documents and web
pages.  A Word document, a web page or an RTF file
read as plain text would print its markup as words (``<h1>Chapter One</h1>``), so a
manuscript in another format is refused with a message naming it and the formats
mkbook reads — by its suffix, or by its first bytes when the suffix says text.
"""

from __future__ import annotations

from pathlib import Path

from mkbook.errors import ManuscriptError

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
WORD_SUFFIXES = frozenset({".docx", ".odt", ".fodt", ".rtf"})
"""A word processor's documents: Word's, OpenDocument's (zipped or flat), Rich Text."""
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
ZIPPED_PAGE_SUFFIXES = frozenset({".zip"})
"""Google Docs' "Web page (.html, zipped)" download: one page and its pictures."""
READS = ("plain text (.txt), Markdown (.md, .markdown), Word (.docx), OpenDocument (.odt, "
         ".fodt), Rich Text (.rtf) and web pages (.html: Word's, Google Docs' and its zipped "
         "export, an Archive of Our Own or FanFicFare download)")

FORMAT_NAMES = {
    ".doc": "a Word 97-2003 document", ".docm": "a macro-enabled Word document",
    ".dotx": "a Word template",
    ".pages": "a Pages document", ".epub": "an EPUB", ".mobi": "a Kindle book",
    ".azw3": "a Kindle book", ".pdf": "a PDF", ".tex": "a LaTeX file",
    ".rst": "a reStructuredText file", ".org": "an Org file", ".scriv": "a Scrivener project",
}
_SIGNATURES = ((b"{\\rtf", "a Rich Text (RTF) file named as text: name it .rtf"),
               (b"PK\x03\x04", "a zip archive (a Word "
               "or OpenDocument file?)"), (b"%PDF-", "a PDF"), (b"\xd0\xcf\x11\xe0",
               "a Word 97-2003 document"))
_HTML_STARTS = (b"<!doctype html", b"<html")


def refuse_unreadable(path: Path) -> None:
    """Raise a :class:`ManuscriptError` unless *path* is a format mkbook reads."""
    kind = FORMAT_NAMES.get(path.suffix.lower())
    if path.suffix.lower() in WORD_SUFFIXES | HTML_SUFFIXES | ZIPPED_PAGE_SUFFIXES:
        return  # its reader says if it is not what its name says
    if kind is None and path.is_file():
        kind = _sniffed(path)
    if kind is not None:
        raise ManuscriptError(f"is {kind}, which mkbook does not read; it reads {READS}: "
                              "export or save the manuscript as one of those", source=path)


def _sniffed(path: Path) -> str | None:
    """What the first bytes of a file with a text suffix say it really is."""
    with path.open("rb") as handle:
        head = handle.read(512)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() not in MARKDOWN_SUFFIXES and start.startswith(_HTML_STARTS):
        return "a web page (HTML) named as text: name it .html"
    return None
