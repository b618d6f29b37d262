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

from lxml import etree

from mkbook.config import FileEntry, ProjectConfig
from mkbook.readers.front_matter import load_yaml
from mkbook.readers.maps import BookMap, book_metadata
from mkbook.readers.maps.pandoc_command import build_command

_METADATA_FILES = ("metadata.yaml", "metadata.yml", "meta.yaml", "meta.yml")
_TITLE_FILES = ("title.txt", "title.md", "title.yaml")
_YAML_BLOCK_RE = re.compile(r"\A\s*---\s*\n(?P<yaml>.*?)\n(?:---|\.\.\.)\s*\Z", re.DOTALL)


def find(folder: Path, config: ProjectConfig) -> BookMap | None:
    """A pandoc project: its defaults file or build command, and its metadata files."""
    defaults = _defaults_file(folder) or build_command(folder)
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
    map_file, cover = "", None  # metadata alone maps no files
    if defaults is not None:
        map_file, settings = defaults
        inputs = settings.get("input-files") or [settings.get("input-file")]
        entries = tuple(FileEntry(str(name)) for name in inputs if isinstance(name, str)
                        and str(name) not in not_book)
        for name in _as_list(settings.get("metadata-files") or settings.get("metadata-file")):
            if (folder / name).is_file() and (block := _metadata_block(folder / name)):
                metadata = {**metadata, **block}
                not_book.append(name)
        if isinstance(settings.get("epub-metadata"), str):
            metadata = {**dublin_core(folder / settings["epub-metadata"]), **metadata}
            not_book.append(settings["epub-metadata"])
        if isinstance(settings.get("metadata"), dict):
            metadata = {**metadata, **settings["metadata"]}
        image = settings.get("epub-cover-image")
        cover = image if isinstance(image, str) and (folder / image).is_file() else None
    return BookMap("pandoc", map_file, entries, book_metadata(metadata), tuple(not_book),
                   cover)


_DC = "http://purl.org/dc/elements/1.1/"


def dublin_core(path: Path) -> dict[str, Any]:
    """The metadata in a pandoc ``--epub-metadata`` file: Dublin Core elements
    (``<dc:title>``, ``<dc:creator>``, ``<dc:language>``…) with no root element."""
    if not path.is_file():
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    text = path.read_text("utf-8-sig", errors="replace")
    root = etree.fromstring(f'<metadata xmlns:dc="{_DC}">{text}</metadata>'.encode(), parser)
    if root is None:
        return {}
    found: dict[str, Any] = {}
    for element in root:
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        value = " ".join("".join(element.itertext()).split())
        if name == "creator" and value:
            found.setdefault("author", []).append(value)
        elif name in ("title", "language", "description", "rights", "publisher") and value:
            found.setdefault("lang" if name == "language" else name, value)
    return found


def _defaults_file(folder: Path) -> tuple[str, dict[str, Any]] | None:
    """The first root ``.yaml`` file (by name) that lists ``input-files``."""
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.name in _METADATA_FILES or path.name.startswith((".", "_")):
            continue
        try:
            settings = load_yaml(path.read_text("utf-8-sig"), path.name)
        except Exception:  # noqa: BLE001 - not YAML mkbook can read: not a defaults file
            continue
        if settings.get("input-files") or settings.get("input-file"):
            return path.name, settings
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
