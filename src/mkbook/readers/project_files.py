"""Which files of a book project are the book, in what order, and which are not (and why).

In order of authority: ``book.toml``'s ``[manuscript] files`` (globs allowed); the map
the author's tool keeps (:mod:`mkbook.readers.maps`); else every ``.md``/``.txt`` file
of the folder, in natural name order (chapter2 before chapter10), less the files no
book is made of: a repository's README and licence, the author's working notes
(``todo.md``, ``outline.md``, ``characters.md`` — unnumbered files so named, or the
files of a ``notes/`` or ``research/`` folder), another tool's map and settings.
Every Markdown or text file left out is listed with its reason, for ``mkbook inspect``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from mkbook.config import CONFIG_NAME, FileEntry, ProjectConfig
from mkbook.diagnostics import Diagnostic
from mkbook.errors import ConfigError, ManuscriptError, SourceNotFoundError, UnsafePathError
from mkbook.model import LeftOutFile
from mkbook.readers.formats import (
    FORMAT_NAMES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
)
from mkbook.readers.headings import match_heading
from mkbook.readers.maps import BookMap, find_map, map_files, natural_key, pandoc
from mkbook.readers.matter import BACK_ROLES, match_matter_heading

_REPOSITORY_FILE = re.compile(r"^(?:(?:readme|license|licence)\b.*|changelog|contributing|"
                              r"copying|code[-_]of[-_]conduct|authors|security)$", re.IGNORECASE)
_WORKING_FILE = re.compile(r"^(todo|to-do|notes?|outline|plan|planning|characters?|"
                           r"character[-_ ]?sheets?|cast|world[-_ ]?building|research|ideas|"
                           r"synopsis|timeline|style[-_ ]?guide|scratch|scrap)$", re.IGNORECASE)
_OTHER_TOOLS_MAPS = frozenset({"SUMMARY.md", "LANGS.md", "Book.txt", "Sample.txt",
                               "Subset.txt"})
_SKIPPED_FOLDERS = frozenset({"dist", "templates", "styles", "node_modules", "images"})
_WORKING_FOLDERS = frozenset({"notes", "research", "planning", "archive", "old", "trash",
                              "scraps", "_drafts", "_layouts", "_includes", "_site", "_sass",
                              "_data", "layouts", "themes", "archetypes", "static", "public"})


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    """The files a project's book is read from, and what its map says of the book."""

    files: list[tuple[Path, FileEntry]]
    book_map: BookMap | None
    warnings: list[Diagnostic]
    left_out: tuple[LeftOutFile, ...]


def project_files(folder: Path, config: ProjectConfig) -> ProjectFiles:
    """The files of the book project *folder*, in reading order."""
    book_map = None if config.files else find_map(folder, config)
    warnings: list[Diagnostic] = []
    if book_map is not None and book_map.entries:
        files, warnings = map_files(folder, book_map)
    else:
        files = manuscript_files(folder, config, book_map.not_book if book_map else ())
    return ProjectFiles(files, book_map, warnings, left_out_files(folder, files, book_map, config))


def single_file(source: Path) -> ProjectFiles:
    """A manuscript file named on its own; the pandoc command (or defaults file) beside
    it that builds it, if any, gives its metadata and cover."""
    folder = source.resolve().parent
    book_map = pandoc.find(folder, ProjectConfig())
    if book_map is not None and source.resolve().relative_to(folder).as_posix() not in {
            entry.pattern for entry in book_map.entries}:
        book_map = None
    return ProjectFiles([(source, FileEntry(source.name))], book_map, [], ())


def manuscript_files(folder: Path, config: ProjectConfig,
                     not_book: tuple[str, ...] = ()) -> list[tuple[Path, FileEntry]]:
    """The project's manuscript files in reading order, each with its ``files`` entry."""
    if config.files:
        found: list[tuple[Path, FileEntry]] = []
        for entry in config.files:
            found.extend((path, entry) for path in _listed_files(folder, entry, config.path))
        return found
    every = walk_files(folder)
    paths = [path for path in every if _guessed_reason(path, folder, not_book) is None]
    if not paths:  # rule *web-pages*: a folder of saved pages, and nothing else, is read
        paths = [path for path in every if path.suffix.lower() in HTML_SUFFIXES
                 and not path.name.startswith(".")]
    if not paths:
        raise ManuscriptError("no manuscript found: add .md or .txt files, or list them in "
                              "book.toml under [manuscript] files", source=folder)
    paths.sort(key=lambda path: (_matter_place(path), natural_key(path.relative_to(folder))))
    return [(path, FileEntry(path.name, part=folder_part(path.relative_to(folder))))
            for path in paths]


def _matter_place(path: Path) -> int:
    """Rule *matter-order*: an unnumbered file named as front matter or a prologue
    (``Prologue.docx``, ``preface.md``) comes before the chapters, one named as back
    matter or an epilogue after them; numbered files keep their numbers' order."""
    if path.stem[:1].isdigit():
        return 1
    name = path.stem.replace("-", " ").replace("_", " ")
    role = match_matter_heading(name)
    if _PROLOGUE_RE.match(name) or role in _FRONT_ROLES:
        return 0
    return 2 if _EPILOGUE_RE.match(name) or role in BACK_ROLES else 1


_PROLOGUE_RE = re.compile(r"^(?:prolog(?:ue)?|pr[oó]logo)$", re.IGNORECASE)
_EPILOGUE_RE = re.compile(r"^(?:[eé]pilog(?:ue)?|ep[ií]logo)$", re.IGNORECASE)
_FRONT_ROLES = frozenset({"preface", "foreword", "introduction", "dedication", "epigraph"})


_LEADING_NUMBER_RE = re.compile(r"^\d+(?=[\s._-])[\s._-]*")


def folder_part(relative: Path) -> str | None:
    """Rule *folder-part*: a file in a folder named as a part (``part-1``, ``Part Two``,
    ``02_book-ii``, ``teil-3``) is in that part, titled by the folder's name."""
    if len(relative.parts) < 2:
        return None
    name = _LEADING_NUMBER_RE.sub("", relative.parts[0])
    words = " ".join(re.sub(r"[-_.]+", " ", re.sub(r"(?<=[^\W\d])(?=\d)", " ", name)).split())
    found = match_heading(words)
    if found is None or found.level != "part":
        return None
    return " ".join(word.upper() if _ROMAN_RE.match(word) else word if word.isupper()
                    else word.capitalize() for word in words.split())


_ROMAN_RE = re.compile(r"^[ivxlc]+$", re.IGNORECASE)


def _listed_files(folder: Path, entry: FileEntry, config: Path | None) -> list[Path]:
    """The files one ``[manuscript] files`` entry names (a path or a glob)."""
    pattern = entry.pattern
    where = f"{config.name if config else CONFIG_NAME}: [manuscript] files: {pattern!r}"
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        raise UnsafePathError(f"{where} points outside the book project; list files inside "
                              "it, relative to book.toml")
    try:
        matches = sorted(folder.glob(pattern), key=natural_key)
    except (ValueError, OSError) as err:
        raise ConfigError(f"{where} is not a usable path or glob ({err})") from None
    if not matches:
        raise SourceNotFoundError(f"{where} matches no file; check the name")
    files = [path for path in matches if not path.is_dir()]
    if not files:
        raise ConfigError(f"{where} is a folder; list its files, like "
                          f"\"{pattern.rstrip('/')}/*.md\"")
    return files


def walk_files(folder: Path, skip: bool = True) -> list[Path]:
    """Every file below *folder* (not in folders of tools' output), without recursion
    (a tree of any depth is fine) and without skipping a folder that cannot be read:
    that would drop chapters unseen."""
    found, pending = [], [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as err:
            raise ManuscriptError(f"folder {current.relative_to(folder).as_posix() or '.'!r} "
                                  f"cannot be read ({err.strerror}); fix its permissions or "
                                  "list the files in book.toml", source=folder) from None
        for item in entries:
            path = Path(item.path)
            if item.is_dir(follow_symlinks=False):
                if not (item.name.startswith(".") or item.name in _SKIPPED_FOLDERS
                        or (skip and item.name in _WORKING_FOLDERS)):
                    pending.append(path)
            else:
                found.append(path)
    return found


def _guessed_reason(path: Path, folder: Path, not_book: tuple[str, ...]) -> str | None:
    """Why a file of a project with no list of its files is not part of the book, or
    None when it is a manuscript file."""
    name, relative = path.name, path.relative_to(folder).as_posix()
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "a web page: read only where a folder holds no Markdown, text or Word file"
    if suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES | WORD_SUFFIXES:
        return f"{FORMAT_NAMES[suffix]}, not read" if suffix in FORMAT_NAMES else "not text"
    if name.startswith((".", "~$")) or not path.is_file():
        return "hidden, or a word processor's lock file"
    if relative in not_book:
        return "the book's metadata, read as such"
    if name in _OTHER_TOOLS_MAPS:
        return "another tool's list of files"
    if _REPOSITORY_FILE.match(path.stem):
        return "a repository file (README, licence…), not the book"
    if _WORKING_FILE.match(path.stem):
        return "the author's working notes, by its name"
    return None


def left_out_files(folder: Path, files: list[tuple[Path, FileEntry]], book_map: BookMap | None,
                   config: ProjectConfig) -> tuple[LeftOutFile, ...]:
    """Every Markdown or text file of the project that is not read, with its reason."""
    read = {path.resolve() for path, _ in files}
    found: list[LeftOutFile] = []
    for path in sorted(walk_files(folder, skip=False),
                       key=lambda p: natural_key(p.relative_to(folder))):
        if path.resolve() in read or path.suffix.lower() not in (
                TEXT_SUFFIXES | MARKDOWN_SUFFIXES | WORD_SUFFIXES):
            continue
        relative = path.relative_to(folder)
        reason = _left_out_reason(path, folder, book_map, config)
        if reason:
            found.append(LeftOutFile(relative.as_posix(), reason))
    return tuple(found)


def _left_out_reason(path: Path, folder: Path, book_map: BookMap | None,
                     config: ProjectConfig) -> str:
    relative = path.relative_to(folder)
    working = next((part for part in relative.parts[:-1] if part in _WORKING_FOLDERS), None)
    if config.files:
        return f"not in {CONFIG_NAME} [manuscript] files"
    if book_map is not None and relative.as_posix() == book_map.map_file:
        return f"the {book_map.tool} map of the book's files"
    if book_map is not None and relative.as_posix() in book_map.not_book:
        return "the book's metadata, read as such"
    if book_map is not None and book_map.entries and book_map.tool in ("jekyll", "hugo"):
        return "not one of the site's published pages (posts, collections, content/)"
    if book_map is not None and book_map.entries:
        return f"not listed in {book_map.map_file}"
    if working:
        return f"in {working}/, a folder of working files"
    return _guessed_reason(path, folder, book_map.not_book if book_map else ()) or "not read"
