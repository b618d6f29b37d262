"""The book laid out as documents in reading order: what every exporter walks.

Each front-matter section, part, chapter and back-matter section becomes one
:class:`Document` with a stable id and its structural semantics (EPUB ``epub:type``
and DPUB-ARIA ``role``), so the EPUB (one file each) and the PDF (one section each)
agree on order, ids and meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mkbook.model import Book, Chapter, Part, Section

DocumentKind = Literal["section", "part", "chapter"]
Matter = Literal["frontmatter", "bodymatter", "backmatter"]

# role → (epub:type, DPUB-ARIA role); None where the vocabulary has no term.
SEMANTICS: dict[str, tuple[str | None, str | None]] = {
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
    "colophon": ("colophon", "doc-colophon"),
    "contributors": ("contributors", None),
    "author-note": (None, None),
    "license": (None, None),
    "other": (None, None),
    "chapter": ("chapter", "doc-chapter"),
    "part": ("part", "doc-part"),
}

# Shown in contents lists when a section has no heading of its own.
DEFAULT_TITLES: dict[str, str] = {
    "titlepage": "Title Page", "copyright-page": "Copyright", "dedication": "Dedication",
    "epigraph": "Epigraph", "foreword": "Foreword", "preface": "Preface",
    "prologue": "Prologue", "introduction": "Introduction", "toc": "Contents",
    "epilogue": "Epilogue", "afterword": "Afterword", "acknowledgments": "Acknowledgments",
    "author-note": "Author's Note", "appendix": "Appendix", "colophon": "Colophon",
    "contributors": "Contributors", "license": "License", "other": "",
}


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
    def epub_type(self) -> str | None:
        return SEMANTICS[self.role][0]

    @property
    def aria_role(self) -> str | None:
        return SEMANTICS[self.role][1]


def plan_documents(book: Book) -> list[Document]:
    """Every document of *book* in reading order."""
    docs = [_section(section, f"front-{n:02d}", "frontmatter")
            for n, section in enumerate(book.front_matter, start=1)]
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
    docs.extend(_section(section, f"back-{n:02d}", "backmatter")
                for n, section in enumerate(book.back_matter, start=1))
    return docs


def _section(section: Section, doc_id: str, matter: Matter) -> Document:
    toc_title = section.title or DEFAULT_TITLES[section.role]
    return Document(doc_id, "section", section.role, matter, section.title, toc_title, section)
