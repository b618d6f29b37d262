"""A catalog read into the books it lists, each with what it shares and the hash of
its inputs.

A catalog is a folder.  Its ``catalog.toml`` (optional) names the books (``books``:
paths and globs of project folders and manuscript files, relative to the catalog) and
the defaults they share, in the tables a ``book.toml`` has (``[book]``, ``[pdf]``,
``[epub]``, ``[theme]``): a book's own ``book.toml`` wins over them.  Without a
``books`` list, every project folder (one holding a ``book.toml``) and every
manuscript file directly in the catalog folder is a book.  The catalog may be a path
or an fsspec URL (``s3://press/backlist``): its books are then listed, hashed and
later read through fsspec (``storage.py``), with the same calls for every protocol.

A book is built again only when the hash of its inputs changes: every file of its
project (outputs and caches left out) or its manuscript file, the defaults it takes,
the formats, and mkbook's version.  A file's bytes are read for it, unless its object
store already lists a hash of them (:data:`STORE_CHECKSUMS`) or, on this machine, it
has the size and time it had when last read (:class:`FileHashes`).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mkbook
from mkbook.catalog.storage import cache_root, filesystem, is_url, modified_time
from mkbook.errors import ConfigError, SourceNotFoundError
from mkbook.readers.formats import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
)
from mkbook.textnorm import file_slug

CATALOG_NAME = "catalog.toml"
DEFAULT_PER_PAGE = 500
"""Books a feed page lists unless ``[catalog] per_page`` says: a page of 500 is a
third of a megabyte (650 bytes an entry, measured on the corpus), which an e-reader
app loads on a phone; 75,000 books in one feed, 50 MB, it would not."""
MANUSCRIPTS = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | WORD_SUFFIXES | HTML_SUFFIXES
SHARED_TABLES = ("book", "pdf", "epub", "theme")
"""The tables of ``catalog.toml`` every book takes as defaults under its own."""
STORE_CHECKSUMS = ("ETag", "md5Hash", "crc32c")
"""What an object store's listing says of a file's bytes (S3's ETag, Google Cloud
Storage's MD5 and CRC32C): a catalog there is hashed without reading every book."""
LEFT_OUT = frozenset({"dist", ".mkbook-cache", ".git", "__pycache__"})
"""What a project folder holds that is no input of its book."""


@dataclass(frozen=True, slots=True)
class CatalogBook:
    """One book of the catalog, as a task needs it."""

    slug: str
    """Its folder in the catalog's output: ``dist/<slug>/``."""
    source: str
    """The project folder or manuscript file: an absolute path, or a URL."""
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    """The formats to build; empty for every installed one."""
    inputs: str = ""
    """The hash of everything the book is made from (:func:`input_hash`)."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """The catalog: where it is, what it is called, its books."""

    folder: str
    """The catalog's folder: an absolute path, or a URL."""
    title: str
    books: tuple[CatalogBook, ...]
    base_url: str = ""
    """Where the output folder is served from, for absolute links in the feeds."""
    per_page: int = 0
    """Books a feed page lists (``[catalog] per_page``); 0 for one page of all."""


def read_catalog(source: str | Path) -> Catalog:
    """The catalog at *source* (a folder, or its ``catalog.toml``; a path or a URL)."""
    location = str(source)
    remote = is_url(location)
    fs, path = filesystem(location if remote else str(Path(location).resolve()))
    folder = posixpath.dirname(path) if fs.isfile(path) else path
    if not fs.isdir(folder):
        raise SourceNotFoundError("no such catalog folder; give the folder that holds the "
                                  "books (and its catalog.toml, if it has one)", source=location)
    settings = _settings(fs, f"{folder}/{CATALOG_NAME}", location)
    table = settings.get("catalog", {})
    defaults = {name: dict(settings.get(name, {})) for name in SHARED_TABLES if name in settings}
    formats = tuple(str(name) for name in table.get("formats", ()))
    sources = _listed(fs, folder, table["books"], location) if "books" in table else \
        _found(fs, folder)
    if not sources:
        raise ConfigError("lists no books: put project folders or manuscript files in it, "
                          "or name them in catalog.toml's [catalog] books", source=location)
    books: list[CatalogBook] = []
    taken: set[str] = set()
    hashes = FileHashes(None if remote else folder)
    for found in sources:
        base = posixpath.basename(found)
        name = posixpath.splitext(base)[0] if _manuscript(base) else base
        slug = _unique(file_slug(name, 60, "book"), taken)
        where = fs.unstrip_protocol(found) if remote else found
        books.append(CatalogBook(slug, where, defaults, formats,
                                 input_hash(fs, found, defaults, formats, hashes)))
    hashes.save()
    return Catalog(fs.unstrip_protocol(folder) if remote else folder,
                   str(table.get("title") or posixpath.basename(folder)),
                   tuple(books), str(table.get("base_url", "")),
                   _per_page(table.get("per_page", DEFAULT_PER_PAGE), location))


def _per_page(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"[catalog] per_page must be a whole number of books (0: every "
                          f"book on one page), not {value!r}", source=_toml(where))
    return value


def _manuscript(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() in MANUSCRIPTS


def _settings(fs: Any, path: str, where: str) -> dict[str, Any]:
    if not fs.isfile(path):
        return {}
    try:
        with fs.open(path, "rb") as stream:
            data = tomllib.loads(bytes(stream.read()).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"is not valid TOML: {err}", source=_toml(where)) from None
    unknown = set(data) - {"catalog", *SHARED_TABLES}
    if unknown:
        raise ConfigError(f"unknown table [{sorted(unknown)[0]}]; catalog.toml has [catalog] "
                          "and the tables its books share: " + ", ".join(SHARED_TABLES),
                          source=_toml(where))
    return data


def _toml(where: str) -> str:
    return where if where.endswith(CATALOG_NAME) else f"{where.rstrip('/')}/{CATALOG_NAME}"


def _listed(fs: Any, folder: str, patterns: object, where: str) -> list[str]:
    """The books ``[catalog] books`` names (relative to the catalog, or absolute on its
    file system), in its order, each once; names starting with a dot are left out."""
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError('[catalog] books must be a list of paths and globs, like '
                          '["books/*", "drafts/*.txt"]', source=_toml(where))
    found: dict[str, None] = {}
    for pattern in patterns:
        full = pattern if pattern.startswith("/") else f"{folder}/{pattern}"
        matches = sorted(match for match in fs.glob(full)
                         if not posixpath.basename(match).startswith("."))
        if not matches:
            raise ConfigError(f"[catalog] books: {pattern!r} matches nothing",
                              source=_toml(where))
        for match in matches:
            if fs.isdir(match) or _manuscript(match):
                found.setdefault(match)
    return list(found)


def _found(fs: Any, folder: str) -> list[str]:
    """Every project folder and manuscript file directly in *folder*, by name."""
    found = []
    for info in sorted(fs.ls(folder, detail=True), key=lambda info: info["name"]):
        path, name = info["name"], posixpath.basename(info["name"].rstrip("/"))
        if name.startswith(".") or name in LEFT_OUT:
            continue
        if (info["type"] == "directory" and fs.isfile(f"{path}/book.toml")) or \
                (info["type"] == "file" and _manuscript(name)):
            found.append(path.rstrip("/"))
    return found


def _unique(slug: str, taken: set[str]) -> str:
    name, number = slug, 2
    while name in taken:
        name, number = f"{slug}-{number}", number + 1
    taken.add(name)
    return name


def input_hash(fs: Any, source: str, defaults: dict[str, dict[str, Any]],
               formats: tuple[str, ...], hashes: FileHashes | None = None) -> str:
    """SHA-256 of what the book is made from: its files (names and bytes), the defaults
    it takes, its formats and mkbook's version; an output or a cache is no input, and a
    pipe or a device named as a manuscript is never read."""
    hashes = hashes or FileHashes(None)
    digest = hashlib.sha256()
    digest.update(json.dumps([mkbook.__version__, defaults, formats], sort_keys=True,
                             default=str).encode())
    info = fs.info(source) if fs.exists(source) else {}
    if info.get("type") == "directory":
        found = fs.find(source, detail=True)
        files = sorted((posixpath.relpath(path, source), path, item)
                       for path, item in found.items()
                       if item.get("type") == "file" and not LEFT_OUT.intersection(
                           posixpath.relpath(path, source).split("/")))
    else:
        digest.update(posixpath.basename(source).encode())
        files = [(posixpath.basename(source), source, info)] if info.get("type") == "file" \
            else []
    for name, path, item in files:
        digest.update(f"\0{name}\0{item.get('size')}\0{hashes.of(fs, path, item)}".encode())
    return digest.hexdigest()


class FileHashes:
    """Each file's hash: the object store's own where its listing has one, else the
    SHA-256 of its bytes, remembered by (size, modification time) between runs for a
    catalog on this machine, so a run reads only the files changed since the last (as
    git's index spares reading unchanged files).  A file changed in the last seconds
    is not remembered: it may change again within its clock's tick."""

    RECENT_SECONDS = 2.0

    def __init__(self, folder: str | None) -> None:
        self.path = _hashes_file(folder) if folder is not None else None
        self.known: dict[str, list[Any]] = {}
        self.seen: set[str] = set()
        self.changed = False
        if self.path is not None:
            try:
                self.known = dict(json.loads(self.path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                self.known = {}

    def of(self, fs: Any, path: str, item: dict[str, Any]) -> str:
        stored = next((str(item[key]) for key in STORE_CHECKSUMS if item.get(key)), "")
        if stored:  # the object store's own hash of the bytes: nothing to download
            return f"store:{stored}"
        size, mtime = item.get("size"), modified_time(item)
        self.seen.add(path)
        known = self.known.get(path)
        if self.path is not None and mtime is not None and known is not None \
                and known[:2] == [size, mtime]:
            return str(known[2])
        digest = hashlib.sha256()
        with fs.open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        if self.path is not None and mtime is not None and \
                time.time() - mtime > self.RECENT_SECONDS:
            self.known[path], self.changed = [size, mtime, digest.hexdigest()], True
        return digest.hexdigest()

    def save(self) -> None:
        """Keep what was learnt for the next run, of the files this run saw (a file
        gone from the catalog is forgotten); best effort: it is a cache."""
        kept = {path: value for path, value in self.known.items() if path in self.seen}
        if self.path is None or not (self.changed or len(kept) < len(self.known)):
            return
        self.known = kept
        from contextlib import suppress

        from mkbook.errors import MkbookError
        from mkbook.exporters import write_atomically

        with suppress(MkbookError, OSError):  # a cache that cannot be written is no cache
            write_atomically(self.path, json.dumps(self.known).encode())


def _hashes_file(folder: str) -> Path:
    """Where a catalog's remembered file hashes live: its cache folder, by catalog."""
    name = hashlib.sha256(folder.encode()).hexdigest()[:16]
    return cache_root() / "catalog-hashes" / f"{name}.json"
