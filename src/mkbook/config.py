"""``book.toml``: the book project's settings, read into one typed object.

Precedence is command line > ``book.toml`` > what the manuscript says > defaults; the
merge happens in :mod:`mkbook.project`.  Unknown keys are errors that name the key,
the file and the line, so a typo never silently does nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkbook.errors import ConfigError, SourceNotFoundError

CONFIG_NAME = "book.toml"


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One entry of ``[manuscript] files``: a path or glob, with an optional role."""

    pattern: str
    role: str | None = None
    """Overrides the role the file's own front matter gives (``dedication``…)."""


@dataclass(frozen=True, slots=True)
class BookSettings:
    """The ``[book]`` table: metadata that overrides what the manuscript says."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] | None = None
    language: str | None = None
    publisher: str | None = None
    rights: str | None = None
    description: str | None = None
    isbn: str | None = None
    date: str | None = None
    subjects: tuple[str, ...] | None = None
    series: str | None = None
    series_index: float | None = None


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """A whole ``book.toml``."""

    path: Path | None = None
    """The file it came from; None when the project has none."""
    book: BookSettings = field(default_factory=BookSettings)
    files: tuple[FileEntry, ...] = ()
    """``[manuscript] files`` in reading order; empty means "find them"."""
    exporters: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-format tables (``[epub]``, ``[pdf]``), validated by each exporter."""


_STRING_KEYS = ("title", "subtitle", "language", "publisher", "rights", "description",
                "isbn", "date", "series")
_BOOK_KEYS = frozenset(_STRING_KEYS + ("authors", "author", "subjects", "series_index"))
_MANUSCRIPT_KEYS = frozenset({"files"})
_EXPORTER_TABLES = frozenset({"epub", "pdf"})


def load_config(folder: Path) -> ProjectConfig:
    """Read ``folder/book.toml``; a folder without one gets the defaults."""
    path = folder / CONFIG_NAME
    if not path.is_file():
        return ProjectConfig()
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"is not valid TOML: {err}; fix the line it names",
                          source=path.name) from None
    return parse_config(data, text, path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text; save it as UTF-8", source=path.name) from None
    except OSError as err:
        raise SourceNotFoundError(f"cannot be read ({err.strerror})", source=path.name) from None


def parse_config(data: dict[str, Any], text: str, path: Path) -> ProjectConfig:
    """Validate the parsed TOML *data*; *text* is used to point at offending lines."""
    where = _Locator(path.name, text)
    allowed = {"book", "manuscript"} | _EXPORTER_TABLES
    for key in data:
        if key not in allowed:
            raise ConfigError(f"unknown table or key [{key}]; expected one of "
                              + ", ".join(f"[{name}]" for name in sorted(allowed)),
                              source=where.find(key))
    book = _book_settings(_table(data, "book", where), where)
    files = _files(_table(data, "manuscript", where), where)
    exporters = {name: _table(data, name, where) for name in _EXPORTER_TABLES if name in data}
    return ProjectConfig(path, book, files, exporters)


def _table(data: dict[str, Any], name: str, where: _Locator) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table", source=where.find(name))
    return value


def _book_settings(table: dict[str, Any], where: _Locator) -> BookSettings:
    _reject_unknown(table, _BOOK_KEYS, "book", where)
    values: dict[str, Any] = {key: _string(table, key, where) for key in _STRING_KEYS
                              if key in table}
    if "authors" in table or "author" in table:
        key = "authors" if "authors" in table else "author"
        values["authors"] = _string_list(table, key, where)
    if "subjects" in table:
        values["subjects"] = _string_list(table, "subjects", where)
    if "series_index" in table:
        index = table["series_index"]
        if isinstance(index, bool) or not isinstance(index, int | float):
            raise ConfigError("series_index must be a number", source=where.find("series_index"))
        values["series_index"] = float(index)
    return BookSettings(**values)


def _files(table: dict[str, Any], where: _Locator) -> tuple[FileEntry, ...]:
    _reject_unknown(table, _MANUSCRIPT_KEYS, "manuscript", where)
    raw = table.get("files", [])
    if not isinstance(raw, list):
        raise ConfigError("files must be a list of paths", source=where.find("files"))
    return tuple(_file_entry(item, where) for item in raw)


def _file_entry(item: Any, where: _Locator) -> FileEntry:
    if isinstance(item, str):
        return FileEntry(item)
    if isinstance(item, dict) and isinstance(item.get("file"), str) and set(item) <= {"file",
                                                                                     "role"}:
        role = item.get("role")
        return FileEntry(item["file"], str(role) if role is not None else None)
    raise ConfigError("each entry of files is a path or { file = \"…\", role = \"…\" }",
                      source=where.find("files"))


def _reject_unknown(table: dict[str, Any], known: frozenset[str], name: str,
                    where: _Locator) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"unknown key {key!r} in [{name}]; known keys: "
                              + ", ".join(sorted(known)), source=where.find(key))


def _string(table: dict[str, Any], key: str, where: _Locator) -> str:
    value = table[key]
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ConfigError(f"{key} must be text", source=where.find(key))
    return str(value).strip()


def _string_list(table: dict[str, Any], key: str, where: _Locator) -> tuple[str, ...]:
    value = table[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{key} must be a list of names, like [\"Jane Doe\"]",
                          source=where.find(key))
    return tuple(item.strip() for item in value if item.strip())


class _Locator:
    """Finds the line a key is on, since tomllib does not keep positions."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()

    def find(self, key: str) -> str:
        pattern = re.compile(rf"^\s*(\[\s*{re.escape(key)}\s*\]|\"?{re.escape(key)}\"?\s*=)")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return f"{self.name}:{number}"
        return self.name
