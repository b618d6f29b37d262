"""The printed book as HTML for WeasyPrint: whole, a run of its documents, or its
running heads and folios alone.

The same fragments as the EPUB (``chapter.html``…) sit inside ``print/book.html``.  Every
document carries its own running-head string and restarts its footnote numbers, so
a run of documents laid out on its own looks exactly as it does inside the whole
book; the parallel layout (``pieces.py``) depends on that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from mkbook.conservation import check_conserved, markup_words
from mkbook.layout.jobs import OUTSIDE_LINK
from mkbook.model import Book, Chapter
from mkbook.render.documents import Document, plan_documents, with_copyright_page
from mkbook.render.fonts import FACE_NAME, FONT_FILES
from mkbook.render.html import RenderContext, embedded_asset_href
from mkbook.render.templates import render_template
from mkbook.transforms.heading_parts import own_title

_ID_RE = re.compile(r'\sid="([^"]+)"')
_HREF_RE = re.compile(r'href="#([^"]+)"')



PAGE_LABELS = ("r", "D")
"""The folios print.css prints, as PDF page-label styles: the front matter in roman
(i, ii, iii), the body in arabic from 1; a viewer's page box shows the same."""


HEAD_LENGTH = 45
"""The longest running head, in characters: one line over the smallest trim's text
block beside its folio; a longer title is cut at a word, with an ellipsis."""


@dataclass(frozen=True, slots=True)
class PrintBook:
    """What every piece of one book's print HTML shares."""

    book: Book
    documents: tuple[Document, ...]
    """Every document in reading order, with the half-title and copyright page."""
    created: str
    isbn: str
    typefaces: str = FACE_NAME
    """What the colophon says the book is set in ("" says nothing)."""

    @property
    def first_body(self) -> str:
        """The document where arabic folios start at 1."""
        return next((doc.id for doc in self.documents if doc.matter == "bodymatter"), "")

    @property
    def running_author(self) -> str:
        """The verso running head: the author, or the title when there is none."""
        meta = self.book.metadata
        return head_case(", ".join(meta.authors) or meta.title)

    def running_title(self, doc: Document) -> str:
        """A recto's running head: the document's title of its own (a chapter known
        only by its number shows the book's title), never shouting, and nothing where
        it would repeat the verso's head."""
        title = own_title(doc.item) if isinstance(doc.item, Chapter) else \
            doc.title or doc.toc_title
        title = head_case(title.replace("\u2060", "") or self.book.metadata.title)
        if title.casefold() == self.running_author.casefold():
            return ""
        return title if len(title) <= HEAD_LENGTH else \
            title[:HEAD_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:.") + "\u2026"


_SMALL_WORDS = frozenset("a an and as at but by for in nor of on or the to up".split())
_ROMAN_RE = re.compile(r"^[IVXLCDM]+[.:]?$")


def head_case(text: str) -> str:
    """*text* in title case when it is all capitals (``STAVE I: MARLEY'S GHOST`` →
    ``Stave I: Marley's Ghost``), else as it is: a running head does not shout."""
    if not any(char.isalpha() for char in text) or text != text.upper():
        return text
    words = text.split(" ")
    for index, word in enumerate(words):
        if _ROMAN_RE.match(word):
            continue
        lower = word.lower()
        small = index and lower in _SMALL_WORDS and not words[index - 1].endswith(":")
        words[index] = lower if small else "-".join(part[:1].upper() + part[1:]
                                                    for part in lower.split("-"))
    return " ".join(words)


def print_book(book: Book, timestamp: int, typefaces: str = FACE_NAME) -> PrintBook:
    """Plan *book* for print once; every HTML piece is rendered from this."""
    created = datetime.fromtimestamp(timestamp, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return PrintBook(book, tuple(print_documents(plan_documents(book))), created,
                     book.metadata.isbn, typefaces)


def print_html(pb: PrintBook, shown: Sequence[Document] | None = None,
               page_numbers: Mapping[str, str] | None = None) -> str:
    """The HTML of the documents *shown* (default: the whole book).

    *page_numbers* gives the contents page the folios of documents laid out
    elsewhere; links to those documents are marked for the merge to restore.  Only
    the whole book carries the build date: the merge dates a book made of pieces,
    and a date in a piece would make it new at every edit anywhere.
    """
    whole = shown is None
    shown = pb.documents if shown is None else shown
    href = embedded_asset_href(pb.book.assets)
    contexts = {doc.id: RenderContext(asset_href=href, id_prefix=f"{doc.id}-", inline_notes={
        note.label: note for note in getattr(doc.item, "notes", ())}, whole_names=True,
        lead_ins=True, language=pb.book.metadata.language)
        for doc in shown}
    html = render_template(pb.book.root, "print/book.html",
                           meta=pb.book.metadata, documents=pb.documents, shown=shown,
                           contexts=contexts, created=pb.created if whole else "",
                           first_body=pb.first_body,
                           isbn=pb.isbn, typeface=pb.typefaces, running_author=pb.running_author,
                           running_title=pb.running_title,
                           page_numbers=dict(page_numbers or {}))
    check_conserved(shown, markup_words(html), "PDF")
    return html if whole else _mark_outside_links(html)


def running_heads_html(pb: PrintBook, spans: Sequence[tuple[Document, int]],
                       left: Sequence[bool] = ()) -> str:
    """Pages holding only the running heads and folios of *spans* (document, pages).

    Laid out with the book's own page rules, each document's pages fall in the same
    named page group, on the same side, as in the book; the merge lays these pages
    over the body pages laid out without them.  A span flagged in *left* is a second
    copy of its document, opening on a verso (id ``<id>-left``, class ``opens-left``).
    """
    flags = list(left) + [False] * (len(spans) - len(left))
    return render_template(pb.book.root, "print/running-heads.html",
                           meta=pb.book.metadata, first_body=pb.first_body,
                           spans=[(doc, pages, flag) for (doc, pages), flag in zip(
                               spans, flags, strict=True)],
                           running_author=pb.running_author, running_title=pb.running_title)


def _mark_outside_links(html: str) -> str:
    inside = set(_ID_RE.findall(html))

    def mark(found: re.Match[str]) -> str:
        target = found.group(1)
        return found.group(0) if target in inside else f'href="{OUTSIDE_LINK}{target}"'

    return _HREF_RE.sub(mark, html)


def print_documents(documents: list[Document]) -> list[Document]:
    """A printed book's front matter: a half-title first, a copyright page behind the title."""
    out: list[Document] = []
    for doc in with_copyright_page(documents):
        if doc.kind == "titlepage":
            out.append(replace(doc, id="halftitle", kind="halftitle", role="halftitle"))
        out.append(doc)
    return out


def font_faces(folder: Path | None) -> str:
    """``@font-face`` rules for the book face, or nothing when it is missing."""
    if folder is None:
        return ""
    rules = []
    for (style, weight), name in FONT_FILES.items():
        url = (folder / name).as_uri()
        rules.append(f'@font-face {{ font-family: "mkbook-serif"; src: url("{url}"); '
                     f"font-style: {style}; font-weight: {weight}; }}")
    return "\n".join(rules)
