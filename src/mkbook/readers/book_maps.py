"""A book project's own map of its files, as the writer's tool keeps it.

Before mkbook guesses an order from file names, it looks for the map the author's
tool already keeps.  An mdBook ``SUMMARY.md`` (in ``[book] src``, default ``src/``)
gives the files in reading order with their titles; entries before its first list
are front matter, entries after it back matter, an entry without a file (``[Draft]()``)
is a draft and left out, and a ``# Title`` line between lists heads a part.  A
Leanpub ``Book.txt`` (in ``manuscript/``) gives the files in order, a line each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkbook.config import FileEntry, ProjectConfig
from mkbook.errors import ManuscriptError
from mkbook.model import Diagnostic, SourceRef
from mkbook.readers.matter import match_matter_heading

SUMMARY = "SUMMARY.md"
_ITEM_RE = re.compile(r"^(?P<indent>\s*)[-*+]\s+\[(?P<title>[^\]]*)\]\((?P<path>[^)]*)\)\s*$")
_AFFIX_RE = re.compile(r"^\[(?P<title>[^\]]*)\]\((?P<path>[^)]*)\)\s*$")
_PART_RE = re.compile(r"^#{1,6}\s+(?P<title>\S.*?)\s*#*$")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True, slots=True)
class BookMap:
    """What a project's map says: its files in order, and where parts begin."""

    tool: str
    """The tool whose map it is (``mdbook``, ``leanpub``), named in warnings."""
    entries: tuple[FileEntry, ...]
    """The files in reading order, each with its title, role and part from the map."""


def find_map(folder: Path, config: ProjectConfig) -> BookMap | None:
    """The project's map, if it keeps one mkbook reads: an mdBook summary (with the
    ``book.toml`` mdBook needs beside it), or a Leanpub ``Book.txt``."""
    source = folder / (config.source_folder or "src")
    summary = source / SUMMARY
    if summary.is_file() and (config.source_folder or (folder / "book.toml").is_file()):
        return read_mdbook_summary(summary.read_text(encoding="utf-8-sig"),
                                   summary.parent.relative_to(folder).as_posix())
    for book_txt in (folder / "manuscript" / LEANPUB, folder / LEANPUB):
        if book_txt.is_file():
            return read_leanpub_book(book_txt.read_text(encoding="utf-8-sig"),
                                     book_txt.parent.relative_to(folder).as_posix())
    return None


LEANPUB = "Book.txt"


def read_leanpub_book(text: str, base: str) -> BookMap:
    """Rule *leanpub-book*: the files a Leanpub ``Book.txt`` lists, a line each, in its
    order (``Sample.txt`` lists a sample, not the book); its files are Markdown (Markua)
    whatever their suffix, and each titles itself with its ``#`` heading."""
    entries = tuple(FileEntry(_joined(base, line.strip()), markdown=True)
                    for line in text.split("\n")
                    if line.strip() and not line.strip().startswith("#"))
    return BookMap("leanpub", entries)


def read_mdbook_summary(text: str, base: str) -> BookMap:
    """Rule *mdbook-summary*: the files an mdBook ``SUMMARY.md`` lists, in its order.

    *base* is the summary's folder relative to the project (entries are relative to
    it).  Nesting makes sub-chapters, which are chapters in their place; a line that is
    neither an entry nor a heading (``---``, ``#- [Old](old.md)``) is not an entry.
    """
    entries: list[FileEntry] = []
    part: str | None = None
    for line in _COMMENT_RE.sub("", text).split("\n"):
        found = _ITEM_RE.match(line) or _AFFIX_RE.match(line)
        heading = _PART_RE.match(line)
        if found:
            title, path = " ".join(found.group("title").split()), found.group("path").strip()
            if not path:  # a draft: a title with no page yet, so no text to leave out
                continue
            numbered = "indent" in found.groupdict()
            role = None if numbered else (match_matter_heading(title) or "other")
            entries.append(FileEntry(_joined(base, path), role=role, title=title,
                                     part=part if numbered else None))
        elif heading and entries:  # the first heading is the summary's own ("# Summary")
            part = heading.group("title")
    return BookMap("mdbook", tuple(entries))


def _joined(base: str, path: str) -> str:
    path = path.removeprefix("./")
    return path if base in ("", ".") else f"{base}/{path}"


MISSING_MAP_FILE = "MK206"


def map_files(folder: Path, book_map: BookMap) -> tuple[list[tuple[Path, FileEntry]],
                                                         list[Diagnostic]]:
    """The map's files that exist, in its order; an entry whose file is missing is left
    out with a warning (mdBook would create it empty), never a stopped build."""
    found: list[tuple[Path, FileEntry]] = []
    warnings: list[Diagnostic] = []
    for entry in book_map.entries:
        relative = Path(entry.pattern)
        path = folder / relative
        if relative.is_absolute() or ".." in relative.parts or not path.is_file():
            name = SUMMARY if book_map.tool == "mdbook" else LEANPUB
            warnings.append(Diagnostic(MISSING_MAP_FILE, f"{name} lists {entry.pattern!r}, "
                                       "which is not a file in the project: left out",
                                       SourceRef(name, 1)))
            continue
        found.append((path, entry))
    if not found:
        raise ManuscriptError(f"the project's {book_map.tool} map lists no file that "
                              "exists; add the chapters it names", source=folder)
    return found, warnings
