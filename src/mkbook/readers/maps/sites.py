"""Books kept as a static site: Jekyll and Hugo.

Both keep the book's metadata in the site's configuration (``_config.yml``;
``hugo.toml`` or ``config.toml``) and each page's own in its front matter: ``title``,
``weight`` (its place), ``draft: true`` (not published, so not in the book).

* **Jekyll**: the chapters are the site's posts (``_posts/``, dated names in date
  order) or the files of its collections (``collections:``, ``_chapters/``); a page
  with ``published: false`` is a draft; ``_drafts/`` is never read.
* **Hugo**: the chapters are the pages under ``content/``; a folder with an
  ``_index.md`` is a section, which is a part titled by it; pages and sections come in
  ``weight`` order, then by name.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from mkbook.config import FileEntry, ProjectConfig
from mkbook.errors import ConfigError
from mkbook.readers.front_matter import load_yaml, read_front_matter
from mkbook.readers.maps import BookMap, book_metadata, natural_key

_PAGE_SUFFIXES = (".md", ".markdown")
_ORDER_KEYS = ("weight", "order", "nav_order", "chapter")
_NO_WEIGHT = float("inf")


def find_jekyll(folder: Path, config: ProjectConfig) -> BookMap | None:
    """A Jekyll site: ``_config.yml``; its posts and collections are the chapters."""
    path = next((folder / n for n in ("_config.yml", "_config.yaml") if (folder / n).is_file()),
                None)
    if path is None:
        return None
    settings = load_yaml(path.read_text("utf-8-sig"), path.name)
    collections = settings.get("collections")
    names = ["posts", *(collections if isinstance(collections, dict | list) else [])]
    pages = [page for name in names for page in _pages(folder / f"_{name}", folder)
             if not _draft(page[1], "published")]
    metadata = book_metadata({"title": settings.get("name"), **settings})
    entries = tuple(FileEntry(relative) for relative, _ in _ordered(pages))
    return BookMap("jekyll", path.name, entries, metadata, (path.name,))


def find_hugo(folder: Path, config: ProjectConfig) -> BookMap | None:
    """A Hugo site: ``hugo.toml`` (or ``config.toml``…) and its ``content/`` folder."""
    found = _hugo_settings(folder)
    if found is None:
        return None
    name, settings = found
    content = folder / str(settings.get("contentDir") or "content")
    if not content.is_dir():
        return None
    params: dict[str, Any] = settings["params"] if isinstance(settings.get("params"), dict) \
        else {}
    metadata = book_metadata({**params, **{k: v for k, v in settings.items() if k != "params"}})
    if "language" not in metadata and isinstance(settings.get("defaultContentLanguage"), str):
        metadata["language"] = settings["defaultContentLanguage"]
    entries = _hugo_entries(content, folder, None, top=True)
    home = content / "_index.md"
    if home.is_file() and _has_text(home):  # the site's home page: the book's introduction
        entries.insert(0, FileEntry(_rel(home, folder), role="introduction"))
    return BookMap("hugo", name, tuple(entries), metadata, (name,))


def _hugo_settings(folder: Path) -> tuple[str, dict[str, Any]] | None:
    for name in ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml",
                 "config.yaml", "config.yml"):
        path = folder / name
        if not path.is_file() or (name.startswith("config") and not (folder / "content").is_dir()):
            continue
        text = path.read_text("utf-8-sig")
        try:
            data = (tomllib.loads(text) if name.endswith(".toml") else json.loads(text)
                    if name.endswith(".json") else load_yaml(text, name))
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as err:
            raise ConfigError(f"{name} cannot be read ({err}); fix it as Hugo would need"
                              ) from None
        return name, data if isinstance(data, dict) else {}
    return None


def _hugo_entries(section: Path, root: Path, part: str | None, top: bool) -> list[FileEntry]:
    """A section's pages and subsections in Hugo's order (``weight``, then name).  A
    section just under ``content/`` is a part titled by its ``_index.md``, whose own
    text, if any, opens the part; deeper sections are in their part.  A folder with an
    ``index.md`` is one page (a bundle: its other files are its resources)."""
    items: list[tuple[float, list[Any], list[FileEntry]]] = []
    for path in sorted(section.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_dir() and (path / "index.md").is_file():
            path = path / "index.md"
        if path.is_dir():
            index = path / "_index.md"
            meta = read_front_matter(index, _rel(index, root)) if index.is_file() else {}
            if _draft(meta, "draft") or meta.get("headless"):
                continue
            title = str(meta.get("title") or path.name.replace("-", " ").capitalize())
            inner = title if top else part
            entries = _hugo_entries(path, root, inner, top=False)
            if index.is_file() and _has_text(index):
                entries.insert(0, FileEntry(_rel(index, root), title=title, part=inner))
            items.append((_weight(meta), _natural(path.name), entries))
        elif path.suffix.lower() in _PAGE_SUFFIXES:
            meta = read_front_matter(path, _rel(path, root))
            if not _draft(meta, "draft"):
                items.append((_weight(meta), _natural(path.parent.name if path.name == "index.md"
                                                      else path.name),
                              [FileEntry(_rel(path, root), part=part)]))
    items.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entries in items for entry in entries]


def _pages(folder: Path, root: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every Markdown page below *folder*, with its front matter."""
    if not folder.is_dir():
        return []
    return [(_rel(path, root), read_front_matter(path, _rel(path, root)))
            for path in sorted(folder.rglob("*")) if path.suffix.lower() in _PAGE_SUFFIXES
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)]


def _ordered(pages: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """By ``weight`` (``order``, ``nav_order``, ``chapter``) when every page has one, else by
    name, naturally (Jekyll's dated post names sort by date)."""
    if pages and all(_weight(meta) != _NO_WEIGHT for _, meta in pages):
        return sorted(pages, key=lambda page: (_weight(page[1]), _natural(page[0])))
    return sorted(pages, key=lambda page: _natural(page[0]))


def _weight(meta: dict[str, Any]) -> float:
    value = next((meta[key] for key in _ORDER_KEYS if key in meta), None)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else _NO_WEIGHT


def _draft(meta: dict[str, Any], key: str) -> bool:
    """``draft: true`` (Hugo, and many Jekyll themes) or ``published: false`` (Jekyll)."""
    return meta.get("draft") is True or (key == "published" and meta.get("published") is False)


def _has_text(path: Path) -> bool:
    """Whether a section's ``_index.md`` holds more than its front matter."""
    text = path.read_text("utf-8-sig", errors="replace")
    fence = text.lstrip().split("\n", 1)[0].strip()
    if fence in ("---", "+++"):
        rest = text.lstrip().split("\n")[1:]
        end = next((n for n, line in enumerate(rest) if line.strip() in (fence, "...")), -1)
        text = "\n".join(rest[end + 1:]) if end >= 0 else ""
    return bool(text.strip())


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _natural(name: str) -> list[Any]:
    return natural_key(Path(name))
