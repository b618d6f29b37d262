"""The book laid out as documents in reading order: what every exporter walks.

Each front-matter section, part, chapter and back-matter section becomes one
:class:`Document` with a stable id and its structural semantics (EPUB ``epub:type``
and DPUB-ARIA ``role``), so the EPUB (one file each) and the PDF (one section each)
agree on order, ids and meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from mkbook.labels import N_, label
from mkbook.model import Book, Chapter, Part, Section
from mkbook.walk import block_text, heading_titles, word_counts, words_of

DocumentKind = Literal["halftitle", "titlepage", "copyright", "toc", "section", "part",
                       "chapter"]
Matter = Literal["frontmatter", "bodymatter", "backmatter"]

# role → (epub:type, DPUB-ARIA role); None where the vocabulary has no term.
SEMANTICS: dict[str, tuple[str | None, str | None]] = {
    "halftitle": ("halftitlepage", None),
    "titlepage": ("titlepage", None),
    "copyright-page": ("copyright-page", None),
    "dedication": ("dedication", "doc-dedication"),
    "epigraph": ("epigraph", "doc-epigraph"),
    "foreword": ("foreword", "doc-foreword"),
    "preface": ("preface", "doc-preface"),
    "prologue": ("prologue", "doc-prologue"),
    "introduction": ("introduction", "doc-introduction"),
    "toc": ("toc", "doc-toc"),
    "epilogue": ("epilogue", "doc-epilogue"),
    "afterword": ("afterword", "doc-afterword"),
    "acknowledgments": ("acknowledgments", "doc-acknowledgments"),
    "appendix": ("appendix", "doc-appendix"),
    "glossary": ("glossary", "doc-glossary"),
    "bibliography": ("bibliography", "doc-bibliography"),
    "colophon": ("colophon", "doc-colophon"),
    "contributors": ("contributors", None),
    "about-the-author": (None, None),
    "author-note": (None, None),
    "license": (None, None),
    "other": (None, None),
    "chapter": ("chapter", "doc-chapter"),
    "part": ("part", "doc-part"),
}

# Shown in contents lists when a section has no heading of its own, in the book's
# language (mkbook.labels).
DEFAULT_TITLES: dict[str, str] = {
    "titlepage": N_("Title Page"), "copyright-page": N_("Copyright"),
    "dedication": N_("Dedication"), "epigraph": N_("Epigraph"), "foreword": N_("Foreword"),
    "preface": N_("Preface"), "prologue": N_("Prologue"), "introduction": N_("Introduction"),
    "toc": N_("Contents"), "epilogue": N_("Epilogue"), "afterword": N_("Afterword"),
    "acknowledgments": N_("Acknowledgments"), "about-the-author": N_("About the Author"),
    "author-note": N_("Author's Note"), "appendix": N_("Appendix"),
    "glossary": N_("Glossary"), "bibliography": N_("Bibliography"),
    "colophon": N_("Colophon"), "contributors": N_("Contributors"),
    "license": N_("License"), "other": "",
}


def default_title(role: str, language: str) -> str:
    """What a section of *role* is called where it has no heading, in *language*."""
    message = DEFAULT_TITLES.get(role, "")
    return label(language, message) if message else ""


@dataclass(frozen=True, slots=True)
class Document:
    """One unit of the book in reading order."""

    id: str
    """Stable id: ``front-01``, ``part-01``, ``chapter-001``, ``back-01``."""
    kind: DocumentKind
    role: str
    """The section role, or ``chapter`` / ``part``."""
    matter: Matter
    title: str
    """The heading shown in the text (may be empty for a dedication)."""
    toc_title: str
    """The entry in contents lists; empty keeps it out of them."""
    item: Section | Part | Chapter
    part_id: str | None = None
    """For a chapter inside a part: the part's document id."""

    @property
    def template(self) -> str:
        """The template that renders this document's content (the contents page's is
        ``contents.html``: the EPUB's navigation document is another thing, nav.xhtml)."""
        return "contents.html" if self.kind == "toc" else f"{self.kind}.html"

    @property
    def epub_type(self) -> str | None:
        return SEMANTICS[self.role][0]

    @property
    def aria_role(self) -> str | None:
        return SEMANTICS[self.role][1]


def with_copyright_page(documents: list[Document]) -> list[Document]:
    """A copyright page behind the title page, made from the book's metadata (rights,
    ISBN, edition, publisher) and holding the front matter's credits (``Produced by …``,
    a colophon) where a book sets them, unless the book has a copyright page of its own."""
    if any(doc.role == "copyright-page" for doc in documents):
        return documents
    credits = [doc for doc in documents if doc.matter == "frontmatter" and doc.role == "colophon"]
    page = Section("copyright-page", "", tuple(block for doc in credits
                                               for block in getattr(doc.item, "blocks", ())))
    out: list[Document] = []
    for doc in documents:
        if doc in credits:
            continue
        out.append(doc)
        if doc.kind == "titlepage":
            out.append(Document("copyright", "copyright", "copyright-page", doc.matter, "", "",
                                page))
    return out if len(out) > len(documents) - len(credits) else documents


def plan_documents(book: Book) -> list[Document]:
    """Every document of *book* in reading order, with a title page and a contents page.

    Where the manuscript has its own title page or contents list, the generated one
    takes its place (built from the metadata and the real structure); where it has
    none, they are added: the title page first, the contents after the dedication
    and epigraph, before any preface.  A "contents list" that holds more than the
    book's headings is kept as text (see :func:`is_contents_list`).
    """
    headings = heading_words(book)
    language = book.metadata.language
    docs = _front_documents(book, headings)
    chapter_number = 0
    for part_number, item in enumerate(book.body, start=1):
        if isinstance(item, Part):
            part_id = f"part-{part_number:02d}"
            docs.append(Document(part_id, "part", "part", "bodymatter", item.title, item.title,
                                 item))
            chapters: tuple[Chapter, ...] = item.chapters
        else:
            part_id, chapters = None, (item,)
        for chapter in chapters:
            chapter_number += 1
            docs.append(Document(f"chapter-{chapter_number:03d}", "chapter", "chapter",
                                 "bodymatter", chapter.title, chapter.title, chapter,
                                 part_id))
    docs.extend(_section(section, f"back-{n:02d}", "backmatter", headings, language)
                for n, section in enumerate(book.back_matter, start=1))
    return docs


_BEFORE_CONTENTS = ("titlepage", "copyright-page", "dedication", "epigraph", "colophon")


def _front_documents(book: Book, headings: frozenset[str]) -> list[Document]:
    language = book.metadata.language
    docs = [_section(section, f"front-{n:02d}", "frontmatter", headings, language)
            for n, section in enumerate(book.front_matter, start=1)]
    if not any(doc.kind == "titlepage" for doc in docs):
        page = Section("titlepage", "", ())
        docs.insert(0, Document("titlepage", "titlepage", "titlepage", "frontmatter", "", "",
                                page))
    if not any(doc.kind == "toc" for doc in docs):
        at = 0
        while at < len(docs) and docs[at].role in _BEFORE_CONTENTS:
            at += 1
        title = default_title("toc", language)
        docs.insert(at, Document("contents", "toc", "toc", "frontmatter", title, "",
                                 Section("toc", title, ())))
    return docs


def _section(section: Section, doc_id: str, matter: Matter,
             headings: frozenset[str], language: str) -> Document:
    if section.role == "toc" and not is_contents_list(section, headings):
        title = section.title or default_title("toc", language)  # kept as the text it is
        return Document(doc_id, "section", "other", matter, section.title, title, section)
    if section.role in ("titlepage", "toc"):
        kind: DocumentKind = "titlepage" if section.role == "titlepage" else "toc"
        title = default_title("toc", language) if kind == "toc" else ""
        return Document(doc_id, kind, section.role, matter, title, "", section)
    toc_title = section.title or default_title(section.role, language) \
        or _opening_words(section)
    return Document(doc_id, "section", section.role, matter, section.title, toc_title, section)


_LIST_WORDS = frozenset({"contents", "content", "table", "of", "page", "pages"})
_ROMAN_RE = re.compile(r"[ivxlcdm]+")


def heading_words(book: Book) -> frozenset[str]:
    """Every word of the book's headings, case folded."""
    return frozenset(words_of(" ".join(heading_titles(book)).casefold()))


def is_contents_list(section: Section, headings: frozenset[str]) -> bool:
    """Rule *contents-list*, as the exporters apply it: the manuscript's contents list
    gives way to the generated one only if every word it holds is a word of the book's
    headings, a number (roman or arabic) or a word like "contents" or "page".  One that
    holds more (headings the reader did not find) would lose text, so it stays text."""
    for block in section.blocks:
        for word in word_counts(block_text(block).casefold()):
            if not (word in headings or word in _LIST_WORDS or word.isdigit()
                    or _ROMAN_RE.fullmatch(word)):
                return False
    return True


def _opening_words(section: Section, limit: int = 6) -> str:
    """A contents entry for an untitled, unnamed section: its first few words."""
    words = " ".join(block_text(block) for block in section.blocks).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "") or "Untitled"
