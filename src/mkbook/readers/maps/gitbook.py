"""GitBook: ``SUMMARY.md`` at the book's root, ``README.md`` as its introduction.

GitBook (the open-source 2.x/3.x tool, and GitBook's Git sync) keeps the summary at the
root of the book, or of the folder ``book.json``'s ``root`` (``.gitbook.yaml``'s)
names.  ``README.md`` is the introduction, the first page whether or not the summary
lists it; ``GLOSSARY.md`` (``## Term`` then its meaning) is the glossary at the back.
A multilingual book lists a folder per language in ``LANGS.md``: the one whose
language the project asks for (``[book] language``, ``book.json``'s ``language``) is
read, else the first listed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkbook.config import FileEntry, ProjectConfig
from mkbook.errors import ConfigError
from mkbook.readers.front_matter import load_yaml
from mkbook.readers.maps import BookMap, book_metadata, joined
from mkbook.readers.maps.summary import SUMMARY, read_summary

LANGS = "LANGS.md"
_LANG_RE = re.compile(r"^\s*[-*+]\s+\[(?P<name>[^\]]*)\]\((?P<path>[^)]+)\)")


def find(folder: Path, config: ProjectConfig) -> BookMap | None:
    """A GitBook book: a ``book.json`` or ``.gitbook.yaml``, or a root ``SUMMARY.md``."""
    settings = _settings(folder)
    root = str(settings.get("root") or ".").strip("/") or "."
    structure: dict[str, Any] = settings["structure"] if isinstance(
        settings.get("structure"), dict) else {}
    base = Path(root)
    langs = folder / base / str(structure.get("languages") or LANGS)
    if langs.is_file():
        base = base / _language_folder(langs.read_text("utf-8-sig"),
                                       config.book.language or settings.get("language"))
    summary = folder / base / str(structure.get("summary") or SUMMARY)
    if not summary.is_file():
        return None
    where = base.as_posix()
    entries = read_summary(summary.read_text(encoding="utf-8-sig"), where, affixes=False)
    if not entries:
        return None  # a synopsis called SUMMARY.md, not a list of the book's pages
    readme = joined(where, str(structure.get("readme") or "README.md"))
    entries = tuple(FileEntry(e.pattern, role="introduction", title=e.title)
                    if e.pattern == readme else e for e in entries)
    if (folder / readme).is_file() and readme not in {e.pattern for e in entries}:
        entries = (FileEntry(readme, role="introduction"), *entries)
    glossary = joined(where, str(structure.get("glossary") or "GLOSSARY.md"))
    if (folder / glossary).is_file() and glossary not in {e.pattern for e in entries}:
        entries = (*entries, FileEntry(glossary, role="glossary"))
    return BookMap("gitbook", joined(where, summary.name), entries, book_metadata(settings))


def _settings(folder: Path) -> dict[str, Any]:
    """``book.json`` (GitBook 2/3) or ``.gitbook.yaml`` (GitBook's Git sync), or {}."""
    book_json = folder / "book.json"
    if book_json.is_file():
        try:
            data = json.loads(book_json.read_text("utf-8-sig"))
        except json.JSONDecodeError as err:
            raise ConfigError(f"book.json is not valid JSON ({err.msg}, line {err.lineno}); "
                              "fix it as GitBook would need") from None
        return data if isinstance(data, dict) else {}
    sync = folder / ".gitbook.yaml"
    return load_yaml(sync.read_text("utf-8-sig"), sync.name) if sync.is_file() else {}


def _language_folder(text: str, wanted: object) -> str:
    """The ``LANGS.md`` folder for *wanted* (``fr`` matches ``fr/`` and ``fr-CA/``), or
    the first one listed."""
    folders = [found.group("path").strip().strip("/") for line in text.split("\n")
               if (found := _LANG_RE.match(line))]
    if not folders:
        return "."
    tag = str(wanted or "").lower()
    return next((f for f in folders if tag and f.lower().split("-")[0] == tag.split("-")[0]),
                folders[0])
