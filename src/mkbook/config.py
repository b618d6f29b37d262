"""``book.toml``: the book project's settings, read into one typed object.

Precedence is command line > ``book.toml`` > what the manuscript says > defaults; the
merge happens in :mod:`mkbook.project`.  Unknown keys are errors that name the key,
the file and the line, so a typo never silently does nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkbook.config_values import (
    Locator,
    pattern_value,
    reject_unknown,
    string_list,
    string_value,
)
from mkbook.errors import ConfigError, SourceNotFoundError
from mkbook.model import SECTION_ROLES, Contributor
from mkbook.textnorm import language_tag, normalise_heading

if TYPE_CHECKING:  # loaded only for a book.toml that sets a pattern
    import regex

CONFIG_NAME = "book.toml"


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One entry of ``[manuscript] files``: a path or glob, with an optional role."""

    pattern: str
    role: str | None = None
    """Overrides the role the file's own front matter gives (``dedication``…)."""
    chapters: bool = True
    """False: the file has no chapter headings to find; it is one chapter."""
    title: str | None = None
    """The title the project's map gives the file (an mdBook ``SUMMARY.md`` entry): the
    file is one chapter of that title, its headings are its sections."""
    part: str | None = None
    """The part the project's map puts the file in (a ``# Part`` line of ``SUMMARY.md``)."""
    markdown: bool = False
    """Read as Markdown whatever its suffix (Leanpub's ``.txt`` chapters are Markua)."""


SCENE_BREAK_MODES = ("auto", "blank-lines", "markers")


@dataclass(frozen=True, slots=True)
class ReadingRules:
    """``[manuscript]`` overrides of the plain-text reader's rules."""

    chapter_pattern: regex.Pattern[str] | None = None
    """A line matching this (whole) opens a chapter; the built-in chapter rules are off.
    Compiled with the ``regex`` module, whose matches can be given a time limit: a
    project's own pattern may backtrack for ever (``(a|aa)+$``)."""
    part_pattern: regex.Pattern[str] | None = None
    """A line matching this (whole) opens a part; the built-in part rules are off."""
    scene_break: str = "auto"
    """``auto``, ``blank-lines``, ``markers``, or the one marker line the book uses."""
    matter: dict[str, str] = field(default_factory=dict)
    """Extra headings read as front or back matter: normalised heading → role."""
    chapters: bool = True
    """False when the file is one chapter whatever its lines look like."""
    disabled: frozenset[str] = frozenset()
    """Rules turned off by ``[manuscript] disable`` (names from :mod:`mkbook.readers.rules`)."""


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
    cover: str | None = None
    """The cover image, relative to the book project (JPEG or PNG, ideally 1600×2560)."""
    contributors: tuple[Contributor, ...] | None = None
    source: str | None = None
    rating: str | None = None
    content_warnings: tuple[str, ...] | None = None
    fandoms: tuple[str, ...] | None = None
    relationships: tuple[str, ...] | None = None
    characters: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    theme: str | None = None
    """The design the EPUB and the PDF share (``mkbook themes``); ``classic`` by default."""


@dataclass(frozen=True, slots=True)
class TypographySettings:
    """The ``[typography]`` table."""

    enabled: bool = True
    """False leaves the text exactly as written: straight quotes, hyphens, three dots."""


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """A whole ``book.toml``."""

    path: Path | None = None
    """The file it came from; None when the project has none."""
    book: BookSettings = field(default_factory=BookSettings)
    files: tuple[FileEntry, ...] = ()
    """``[manuscript] files`` in reading order; empty means "find them"."""
    rules: ReadingRules = field(default_factory=ReadingRules)
    typography: TypographySettings = field(default_factory=TypographySettings)
    exporters: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-format tables (``[epub]``, ``[pdf]``), validated against each exporter's
    options class by :func:`mkbook.config_values.check_options`."""
    text: str = ""
    """The file's text, where :meth:`locate` finds a key's line."""
    source_folder: str | None = None
    """Where the manuscript lives, when the project says (mdBook's ``[book] src``)."""

    def locate(self, table: str, key: str) -> str:
        """``book.toml:12``: where *key* of ``[table]`` is set (the file alone when it is
        not found, the command line when there is no file)."""
        if self.path is None:
            return "the command line"
        return Locator(self.path.name, self.text).find_in(table, key)


_STRING_KEYS = ("title", "subtitle", "language", "publisher", "rights", "description",
                "isbn", "date", "series", "cover", "source", "rating", "theme")
_LIST_KEYS = ("subjects", "content_warnings", "fandoms", "relationships", "characters", "tags")
_BOOK_KEYS = frozenset(_STRING_KEYS + _LIST_KEYS + ("authors", "author", "series_index",
                                                    "contributors"))
# mdBook writes its settings into a book.toml too; one file serves both tools.  Its
# [book] keys mkbook reads (src) or leaves to it, and its own tables it leaves alone.
_MDBOOK_BOOK_KEYS = frozenset({"src", "multilingual", "text-direction"})
_MDBOOK_TABLES = frozenset({"build", "output", "preprocessor", "rust"})
MARC_ROLES = {"trl": "translator", "ill": "illustrator", "edt": "editor", "aui": "introduction",
              "aft": "afterword", "ctb": "contributor", "cov": "cover designer", "nrt": "narrator",
              "pbl": "publisher", "ann": "annotator", "com": "compiler"}
_MANUSCRIPT_KEYS = frozenset({"files", "chapter_pattern", "part_pattern", "scene_break",
                              "matter", "disable"})
_EXPORTER_TABLES = frozenset({"epub", "pdf", "cover", "theme"})
"""Tables of options, each validated against the options class of what reads it."""
_ROLES = SECTION_ROLES


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
    where = Locator(path.name, text)
    allowed = {"book", "manuscript", "typography"} | _EXPORTER_TABLES | _MDBOOK_TABLES
    for key in data:
        if key not in allowed:
            raise ConfigError(f"unknown table or key [{key}]; expected one of "
                              + ", ".join(f"[{name}]" for name in sorted(allowed)),
                              source=where.find(key))
    book_table = _table(data, "book", where)
    source_folder = string_value(book_table, "src", where) if "src" in book_table else None
    book = _book_settings({k: v for k, v in book_table.items() if k not in _MDBOOK_BOOK_KEYS},
                          where)
    manuscript = _table(data, "manuscript", where)
    files = _files(manuscript, where)
    exporters = {name: _table(data, name, where) for name in _EXPORTER_TABLES if name in data}
    return ProjectConfig(path=path, book=book, files=files, exporters=exporters, text=text,
                         rules=_reading_rules(manuscript, where),
                         typography=_typography(_table(data, "typography", where), where),
                         source_folder=source_folder)


def _table(data: dict[str, Any], name: str, where: Locator) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table", source=where.find(name))
    return value


def _book_settings(table: dict[str, Any], where: Locator) -> BookSettings:
    reject_unknown(table, _BOOK_KEYS, "book", where)
    values: dict[str, Any] = {key: string_value(table, key, where) for key in _STRING_KEYS
                              if key in table}
    if "authors" in table or "author" in table:
        key = "authors" if "authors" in table else "author"
        values["authors"] = string_list(table, key, where)
    for key in _LIST_KEYS:
        if key in table:
            values[key] = string_list(table, key, where)
    if "contributors" in table:
        values["contributors"] = _contributors(table["contributors"], where)
    if "series_index" in table:
        index = table["series_index"]
        if isinstance(index, bool) or not isinstance(index, int | float) \
                or not 0 <= index < 1_000_000:  # also refuses nan and inf
            raise ConfigError("series_index must be a number like 1 or 2.5",
                              source=where.find("series_index"))
        values["series_index"] = float(index)
    if "language" in values:
        values["language"] = _language(values["language"], where)
    if "isbn" in values:
        from mkbook.isbn import checked_isbn

        try:
            values["isbn"] = checked_isbn(values["isbn"])
        except ConfigError as err:
            raise ConfigError(err.message, source=where.find("isbn")) from None
    return BookSettings(**values)


def _language(value: str, where: Locator) -> str:
    tag = language_tag(value)
    if tag is None:
        raise ConfigError(f"language {value!r} is not a BCP 47 language tag; write one like "
                          "en, en-GB, fr or pt-BR", source=where.find("language"))
    return tag


def _contributors(value: Any, where: Locator) -> tuple[Contributor, ...]:
    entries = value if isinstance(value, list) else [value]
    found = []
    for entry in entries:
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                and entry.get("role", "ctb") in MARC_ROLES and set(entry) <= {"name", "role"}):
            raise ConfigError("each contributor is { name = \"…\", role = \"trl\" }; roles: "
                              + ", ".join(f"{k} ({v})" for k, v in MARC_ROLES.items()),
                              source=where.find("contributors"))
        found.append(Contributor(entry["name"].strip(), entry.get("role", "ctb")))
    return tuple(found)


def _files(table: dict[str, Any], where: Locator) -> tuple[FileEntry, ...]:
    reject_unknown(table, _MANUSCRIPT_KEYS, "manuscript", where)
    raw = table.get("files", [])
    if not isinstance(raw, list):
        raise ConfigError("files must be a list of paths", source=where.find("files"))
    return tuple(_file_entry(item, where) for item in raw)


def _file_entry(item: Any, where: Locator) -> FileEntry:
    if isinstance(item, str):
        return FileEntry(item)
    if (isinstance(item, dict) and isinstance(item.get("file"), str)
            and set(item) <= {"file", "role", "chapters"}
            and isinstance(item.get("chapters", True), bool)):
        role = item.get("role")
        return FileEntry(item["file"], str(role) if role is not None else None,
                         item.get("chapters", True))
    raise ConfigError("each entry of files is a path or { file = \"…\", role = \"…\", "
                      "chapters = false }", source=where.find("files"))


def _typography(table: dict[str, Any], where: Locator) -> TypographySettings:
    reject_unknown(table, frozenset({"enabled"}), "typography", where)
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError("enabled must be true or false", source=where.find("enabled"))
    return TypographySettings(enabled)


def _reading_rules(table: dict[str, Any], where: Locator) -> ReadingRules:
    chapter = pattern_value(table, "chapter_pattern", where) if "chapter_pattern" in table else None
    part = pattern_value(table, "part_pattern", where) if "part_pattern" in table else None
    scene_break = string_value(table, "scene_break", where) if "scene_break" in table else "auto"
    if not scene_break:
        raise ConfigError("scene_break must be blank-lines, markers or a marker line like "
                          "\"* * *\"", source=where.find("scene_break"))
    matter = table.get("matter", {})
    if not isinstance(matter, dict) or not all(v in _ROLES for v in matter.values()):
        raise ConfigError("[manuscript.matter] maps a heading to a role, like "
                          "\"A Word First\" = \"preface\"; roles: " + ", ".join(sorted(_ROLES)),
                          source=where.find("matter"))
    return ReadingRules(chapter, part, scene_break,
                        {normalise_heading(k): v for k, v in matter.items()},
                        disabled=_disabled_rules(table, where))


def _disabled_rules(table: dict[str, Any], where: Locator) -> frozenset[str]:
    """``disable = ["rule-name", …]``: each a rule the reader has and can do without."""
    from mkbook.readers.rules import OPTIONAL_RULES, RULE_NAMES

    names = table.get("disable", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ConfigError('disable is a list of rule names, like disable = ["verse"]',
                          source=where.find("disable"))
    for name in names:
        if name not in RULE_NAMES:
            raise ConfigError(f"there is no reading rule {name!r}; `mkbook inspect --rules` "
                              "lists them", source=where.find("disable"))
        if name not in OPTIONAL_RULES:
            raise ConfigError(f"the rule {name!r} cannot be disabled (the reader needs it); "
                              "see `mkbook inspect --rules`", source=where.find("disable"))
    return frozenset(names)
