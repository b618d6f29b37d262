"""A book project's own map of its files, as the writer's tool keeps it.

Before mkbook guesses an order from file names, it looks for the map the author's
tool already keeps, in this order of authority (mkbook's own ``[manuscript] files``
comes before all of them): an mdBook ``SUMMARY.md`` (:mod:`.mdbook`), a GitBook one
(:mod:`.gitbook`), a Leanpub ``Book.txt`` (:mod:`.leanpub`), a pandoc defaults or
metadata file (:mod:`.pandoc`), a Jekyll or Hugo site (:mod:`.sites`).  Each finder
returns a :class:`BookMap` — the files in reading order with what the map says of
them (title, part, role), and the book's metadata the tool's configuration holds — or
None when the project is not that tool's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mkbook.config import FileEntry, ProjectConfig
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import ManuscriptError
from mkbook.readers.matter import BACK_ROLES, match_matter_heading


@dataclass(frozen=True, slots=True)
class BookMap:
    """What a project's map says: its files in order, and the book's metadata."""

    tool: str
    """The tool whose map it is (``mdbook``, ``gitbook``, ``leanpub``…), for ``inspect``."""
    map_file: str
    """The file the map was read from, relative to the project, named in warnings."""
    entries: tuple[FileEntry, ...]
    """The files in reading order; empty when the tool keeps no order (a pandoc
    ``metadata.yaml`` alone), so the order is guessed from names."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Book metadata from the tool's configuration: title, subtitle, authors, language,
    description (``book.toml`` and the command line still come first)."""
    not_book: tuple[str, ...] = ()
    """Files the map names that hold no text of the book (its metadata, its own
    configuration), left out of a guessed order."""
    cover: str | None = None
    """The cover image the tool's configuration names (pandoc's ``epub-cover-image``)."""


    def describe(self) -> str:
        """The map as ``inspect`` names it: ``mdbook (src/SUMMARY.md)``."""
        return f"{self.tool} ({self.map_file})" if self.map_file else self.tool


Finder = Callable[[Path, ProjectConfig], BookMap | None]


def find_map(folder: Path, config: ProjectConfig) -> BookMap | None:
    """The project's map, from the first tool whose files the project holds."""
    from mkbook.readers.maps import gitbook, leanpub, mdbook, pandoc, sites

    finders: tuple[Finder, ...] = (mdbook.find, gitbook.find, leanpub.find, pandoc.find,
                                   sites.find_hugo, sites.find_jekyll)
    for finder in finders:
        found = finder(folder, config)
        if found is not None:
            return replace(found, entries=matter_by_name(found.entries))
    return None


def matter_by_name(entries: tuple[FileEntry, ...]) -> tuple[FileEntry, ...]:
    """Rule *matter-by-name*: listed files the map titles as matter (``Preface``,
    ``Acknowledgments``, ``Glossary``) are that matter when they come before the first
    chapter or after the last one; between chapters they stay chapters."""
    roles = [entry.role or (match_matter_heading(entry.title) if entry.title else None)
             for entry in entries]
    chapters = [n for n, (entry, role) in enumerate(zip(entries, roles, strict=True))
                if entry.role is None and role is None]
    if not chapters:
        return entries
    first, last = chapters[0], chapters[-1]
    out = []
    for number, (entry, role) in enumerate(zip(entries, roles, strict=True)):
        if entry.role is None and role is not None and (
                number < first or (number > last and role in BACK_ROLES)):
            entry = replace(entry, role=role, part=None)
        out.append(entry)
    return tuple(out)


def book_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """A tool's metadata keys as mkbook's: ``author``/``authors`` (a name, a list, or
    entries with a ``name``), ``lang``/``language``/``languageCode``, ``title``,
    ``subtitle``, ``description``/``abstract``; values that are not text are ignored."""
    found: dict[str, Any] = {}
    keys: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("title", ("title",)), ("subtitle", ("subtitle",)),
        ("language", ("lang", "language", "languageCode")),
        ("description", ("description", "abstract")), ("rights", ("rights",)),
        ("publisher", ("publisher",)))
    for key, names in keys:
        value = next((meta[name] for name in names if isinstance(meta.get(name), str)), None)
        if value and value.strip():
            found[key] = " ".join(value.split())
    authors = meta.get("author", meta.get("authors"))
    items = authors if isinstance(authors, list) else [authors] if authors else []
    people = [str(item.get("name") or "") if isinstance(item, dict) else str(item)
              for item in items]
    if any(name.strip() for name in people):
        found["authors"] = tuple(name.strip() for name in people if name.strip())
    return found


def natural_key(path: Path) -> list[Any]:
    """Sort key that puts ``chapter2`` before ``chapter10``."""
    return [int(piece) if piece.isdigit() else piece.lower()
            for piece in re.split(r"(\d+)", path.as_posix())]


def joined(base: str, path: str) -> str:
    """*path* (as a map writes it, relative to the map's folder *base*) from the project."""
    path = path.strip().removeprefix("./")
    return path if base in ("", ".") else f"{base.rstrip('/')}/{path}"


MISSING_MAP_FILE = "MK206"


def map_files(folder: Path, book_map: BookMap) -> tuple[list[tuple[Path, FileEntry]],
                                                         list[Diagnostic]]:
    """The map's files that exist, in its order; an entry whose file is missing is left
    out with a warning (mdBook would create it empty), never a stopped build."""
    found: list[tuple[Path, FileEntry]] = []
    warnings: list[Diagnostic] = []
    seen: set[str] = set()
    for entry in book_map.entries:
        relative = Path(entry.pattern)
        path = folder / relative
        if relative.is_absolute() or ".." in relative.parts or not path.is_file():
            warnings.append(Diagnostic(MISSING_MAP_FILE, f"{Path(book_map.map_file).name} "
                                       f"lists {entry.pattern!r}, which is not a file in the "
                                       "project: left out", SourceRef(book_map.map_file, 1)))
            continue
        if entry.pattern in seen:
            continue  # a page listed twice (GitBook's README as intro and chapter) is read once
        seen.add(entry.pattern)
        found.append((path, entry))
    if not found:
        raise ManuscriptError(f"the project's {book_map.tool} map ({book_map.map_file}) lists "
                              "no file that exists; add the chapters it names", source=folder)
    return found, warnings
