"""A catalog read into the books it lists, each with what it shares and the hash of
its inputs.

A catalog is a folder.  Its ``catalog.toml`` (optional) names the books (``books``:
paths and globs of project folders and manuscript files, relative to the catalog) and
the defaults they share, in the tables a ``book.toml`` has (``[book]``, ``[pdf]``,
``[epub]``, ``[theme]``): a book's own ``book.toml`` wins over them.  Without a
``books`` list, every project folder (one holding a ``book.toml``) and every
manuscript file directly in the catalog folder is a book.

A book is built again only when the hash of its inputs changes: every file of its
project (outputs and caches left out) or its manuscript file, the defaults it takes,
the formats, and mkbook's version.
"""

from __future__ import annotations

import glob
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mkbook
from mkbook.errors import ConfigError, SourceNotFoundError
from mkbook.readers.formats import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    TEXT_SUFFIXES,
    WORD_SUFFIXES,
)
from mkbook.textnorm import file_slug

CATALOG_NAME = "catalog.toml"
MANUSCRIPTS = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | WORD_SUFFIXES | HTML_SUFFIXES
SHARED_TABLES = ("book", "pdf", "epub", "theme")
"""The tables of ``catalog.toml`` every book takes as defaults under its own."""
LEFT_OUT = frozenset({"dist", ".mkbook-cache", ".git", "__pycache__"})
"""What a project folder holds that is no input of its book."""


@dataclass(frozen=True, slots=True)
class CatalogBook:
    """One book of the catalog, as a task needs it."""

    slug: str
    """Its folder in the catalog's output: ``dist/<slug>/``."""
    source: str
    """The project folder or manuscript file, absolute."""
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    """The formats to build; empty for every installed one."""
    inputs: str = ""
    """The hash of everything the book is made from (:func:`input_hash`)."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """The catalog: where it is, what it is called, its books."""

    folder: Path
    title: str
    books: tuple[CatalogBook, ...]
    base_url: str = ""
    """Where the output folder is served from, for absolute links in the feeds."""


def read_catalog(source: Path) -> Catalog:
    """The catalog at *source* (a folder, or its ``catalog.toml``)."""
    folder = source.parent if source.is_file() else source
    if not folder.is_dir():
        raise SourceNotFoundError("no such catalog folder; give the folder that holds the "
                                  "books (and its catalog.toml, if it has one)", source=source)
    settings = _settings(folder / CATALOG_NAME)
    table = settings.get("catalog", {})
    defaults = {name: dict(settings.get(name, {})) for name in SHARED_TABLES if name in settings}
    formats = tuple(str(name) for name in table.get("formats", ()))
    sources = _listed(folder, table["books"]) if "books" in table else _found(folder)
    if not sources:
        raise ConfigError("lists no books: put project folders or manuscript files in it, "
                          "or name them in catalog.toml's [catalog] books", source=folder)
    books: list[CatalogBook] = []
    taken: set[str] = set()
    for path in sources:
        name = path.stem if path.suffix.lower() in MANUSCRIPTS else path.name
        slug = _unique(file_slug(name, 60, "book"), taken)
        books.append(CatalogBook(slug, str(path.resolve()), defaults, formats,
                                 input_hash(path, defaults, formats)))
    return Catalog(folder.resolve(), str(table.get("title") or folder.resolve().name),
                   tuple(books), str(table.get("base_url", "")))


def _settings(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"is not valid TOML: {err}", source=path) from None
    unknown = set(data) - {"catalog", *SHARED_TABLES}
    if unknown:
        raise ConfigError(f"unknown table [{sorted(unknown)[0]}]; catalog.toml has [catalog] "
                          "and the tables its books share: " + ", ".join(SHARED_TABLES),
                          source=path)
    return data


def _listed(folder: Path, patterns: object) -> list[Path]:
    """The books ``[catalog] books`` names, in its order, each once."""
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError('[catalog] books must be a list of paths and globs, like '
                          '["books/*", "drafts/*.txt"]', source=folder / CATALOG_NAME)
    found: dict[Path, None] = {}
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, root_dir=folder))
        if not matches:
            raise ConfigError(f"[catalog] books: {pattern!r} matches nothing",
                              source=folder / CATALOG_NAME)
        for match in matches:
            path = folder / match
            if path.is_dir() or path.suffix.lower() in MANUSCRIPTS:
                found.setdefault(path)
    return list(found)


def _found(folder: Path) -> list[Path]:
    """Every project folder and manuscript file directly in *folder*, by name."""
    return [path for path in sorted(folder.iterdir())
            if not path.name.startswith(".") and path.name not in LEFT_OUT
            and ((path.is_dir() and (path / "book.toml").is_file())
                 or (path.is_file() and path.suffix.lower() in MANUSCRIPTS))]


def _unique(slug: str, taken: set[str]) -> str:
    name, number = slug, 2
    while name in taken:
        name, number = f"{slug}-{number}", number + 1
    taken.add(name)
    return name


def input_hash(source: Path, defaults: dict[str, dict[str, Any]],
               formats: tuple[str, ...]) -> str:
    """SHA-256 of what the book is made from: its files (names and bytes), the defaults
    it takes, its formats and mkbook's version; an output or a cache is no input."""
    digest = hashlib.sha256()
    digest.update(json.dumps([mkbook.__version__, defaults, formats], sort_keys=True,
                             default=str).encode())
    if not source.is_dir():  # a manuscript file (a pipe or a device is named, never read)
        files = [source] if source.is_file() else []
        digest.update(source.name.encode())
    else:
        files = sorted(path for path in source.rglob("*") if path.is_file()
                       and not LEFT_OUT.intersection(path.relative_to(source).parts))
    for path in files:
        name = path.name if path == source else path.relative_to(source).as_posix()
        digest.update(f"\0{name}\0{path.stat().st_size}\0".encode())
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
