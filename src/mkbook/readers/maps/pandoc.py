"""Pandoc: a defaults file's input list, and the metadata file beside the chapters.

A pandoc book is built by a command like ``pandoc -d book.yaml`` or ``pandoc title.txt
ch1.md ch2.md --metadata-file metadata.yaml``; mkbook reads what those name.  A
*defaults file* (any ``.yaml`` at the project's root with ``input-files:``) gives the
chapters in order and may hold ``metadata:`` or name a ``metadata-file``.  A metadata
file (``metadata.yaml``, ``meta.yaml``) — or a ``title.txt`` that holds only a YAML
block, as pandoc's EPUB guide writes it — gives the title, authors and language; it
is not a chapter.  Without a defaults file the chapters' order is guessed from names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkbook.config import FileEntry, ProjectConfig
from mkbook.readers.front_matter import load_yaml
from mkbook.readers.maps import BookMap, book_metadata

_METADATA_FILES = ("metadata.yaml", "metadata.yml", "meta.yaml", "meta.yml")
_TITLE_FILES = ("title.txt", "title.md", "title.yaml")
_YAML_BLOCK_RE = re.compile(r"\A\s*---\s*\n(?P<yaml>.*?)\n(?:---|\.\.\.)\s*\Z", re.DOTALL)


def find(folder: Path, config: ProjectConfig) -> BookMap | None:
    defaults = _defaults_file(folder)
    metadata: dict[str, Any] = {}
    not_book: list[str] = []
    for name in (*_METADATA_FILES, *_TITLE_FILES):
        path = folder / name
        if path.is_file() and (block := _metadata_block(path)) is not None:
            metadata = {**block, **metadata}
            not_book.append(name)
    if defaults is None and not not_book:
        return None
    entries: tuple[FileEntry, ...] = ()
    map_file = ""  # metadata alone maps no files
    if defaults is not None:
        path, settings = defaults
        map_file = path.name
        inputs = settings.get("input-files") or [settings.get("input-file")]
        entries = tuple(FileEntry(str(name)) for name in inputs if isinstance(name, str)
                        and str(name) not in not_book)
        for name in _as_list(settings.get("metadata-files") or settings.get("metadata-file")):
            if (folder / name).is_file() and (block := _metadata_block(folder / name)):
                metadata = {**metadata, **block}
        if isinstance(settings.get("metadata"), dict):
            metadata = {**metadata, **settings["metadata"]}
    return BookMap("pandoc", map_file, entries, book_metadata(metadata), tuple(not_book))


def _defaults_file(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first root ``.yaml`` file (by name) that lists ``input-files``."""
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.name in _METADATA_FILES or path.name.startswith((".", "_")):
            continue
        try:
            settings = load_yaml(path.read_text("utf-8-sig"), path.name)
        except Exception:  # noqa: BLE001 - not YAML mkbook can read: not a defaults file
            continue
        if settings.get("input-files") or settings.get("input-file"):
            return path, settings
    return None


def _metadata_block(path: Path) -> dict[str, Any] | None:
    """The metadata *path* holds: all of a ``.yaml`` file, or a ``.txt``/``.md`` file
    that is one YAML block and nothing else (else None: it is text of the book)."""
    text = path.read_text("utf-8-sig")
    if path.suffix in (".yaml", ".yml"):
        return load_yaml(text, path.name)
    found = _YAML_BLOCK_RE.match(text)
    return load_yaml(found.group("yaml"), path.name) if found else None


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value] if isinstance(value, list) else []
