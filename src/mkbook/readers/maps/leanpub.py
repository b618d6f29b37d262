"""Leanpub: ``manuscript/Book.txt``, a file name a line, in reading order.

``Sample.txt`` and ``Subset.txt`` list a sample and a preview, not the book.  The
listed files are Markdown (Markua) whatever their suffix, and title themselves with
their ``#`` heading; ``{frontmatter}``, ``{mainmatter}`` and ``{backmatter}`` lines in
them mark the matter (:mod:`mkbook.readers.markua`).
"""

from __future__ import annotations

from pathlib import Path

from mkbook.config import FileEntry, ProjectConfig
from mkbook.readers.maps import BookMap, joined

BOOK_TXT = "Book.txt"


def find(folder: Path, config: ProjectConfig) -> BookMap | None:
    for book_txt in (folder / "manuscript" / BOOK_TXT, folder / BOOK_TXT):
        if book_txt.is_file():
            base = book_txt.parent.relative_to(folder).as_posix()
            return BookMap("leanpub", joined(base, BOOK_TXT),
                           read_book_txt(book_txt.read_text(encoding="utf-8-sig"), base))
    return None


def read_book_txt(text: str, base: str) -> tuple[FileEntry, ...]:
    """Rule *leanpub-book*: the files ``Book.txt`` lists, a line each, in its order."""
    return tuple(FileEntry(joined(base, line.strip()), markdown=True)
                 for line in text.split("\n")
                 if line.strip() and not line.strip().startswith("#"))
