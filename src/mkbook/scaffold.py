"""``mkbook init``: a new book project that builds at once, or one made from a draft.

``--from FILE`` reads a one-file manuscript with the usual readers and writes what
they found as a project: a Markdown file per chapter (one per part where the book
has parts), front and back matter files with their roles, and a ``book.toml``
holding the metadata and the reading order, so nothing needs retyping.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkbook.config import CONFIG_NAME
from mkbook.errors import ConfigError
from mkbook.exporters import markdown as md
from mkbook.metadata import PLACEHOLDER_AUTHOR
from mkbook.model import Asset, Book, Chapter, Metadata, Part, Section
from mkbook.readers.project import read_project
from mkbook.textnorm import file_slug

GITIGNORE = "dist/\n.mkbook-cache/\n"

BOOK_TOML = '''# {title}: the book project's settings. Every key is optional but the title.
# Build with `mkbook build .`; see what mkbook reads with `mkbook inspect .`.

[book]
title = {title_json}
# subtitle = "A Novel"
authors = {authors_json}
language = {language_json}            # BCP 47: en, en-GB, fr, de…
# publisher = "Small Press"
# rights = "Copyright © 2026 Your Name. All rights reserved."
# description = "The blurb a store shows."
# isbn = "978-…"                # else a stable identifier is made from title and authors
# date = "2026-05-01"
# subjects = ["Fiction"]
# series = "The Series"
# series_index = 1
# cover = "images/cover.jpg"    # JPEG or PNG, 1600×2560; without it a cover is generated
# contributors = [{{ name = "Someone", role = "ill" }}]   # MARC roles: trl, ill, edt…

# [typography]
# enabled = true                # false keeps straight quotes, hyphens and dots as typed

# [epub]
# embed_fonts = false           # true embeds the book face, subset to the book

# [pdf]
# trim = "5.5x8.5"              # 5x8, 6x9, a5, … or WxH in inches or mm
# profile = "print"             # print, screen or kdp

[manuscript]
# The files in reading order; globs allowed; a role makes a file front or back matter.
files = [
{files}
]
'''

STARTER_FILES = {
    "front/dedication.md": "---\nrole: dedication\n---\n\nFor the first reader.\n",
    "chapters/01-the-beginning.md": (
        "# The Beginning\n\nThis is where your story starts. Write in Markdown: a blank "
        "line between paragraphs, *asterisks* for emphasis.\n\n* * *\n\n"
        "Three asterisks on a line of their own make a scene break.\n"),
    "chapters/02-the-middle.md": "# The Middle\n\nEvery chapter is a file of its own.\n",
    "back/author-note.md": ("---\nrole: author-note\ntitle: Author's Note\n---\n\n"
                            "Thank you for reading.\n"),
    "images/.gitkeep": "",
}


SCAFFOLD_FILES = frozenset({CONFIG_NAME, ".gitignore"})
"""The files ``init`` writes that hold no writing of the author's: ``--force`` may replace
them; chapters, matter and images are never overwritten."""


def init_project(folder: Path, source: Path | None = None, force: bool = False) -> list[Path]:
    """Create a book project in *folder* (from *source* if given); return the files.

    Nothing is overwritten (with *force*, only ``book.toml`` and ``.gitignore``) and no
    link is followed: every file is created new, inside *folder*.
    """
    if folder.exists() and not folder.is_dir():
        raise ConfigError("is a file; mkbook init takes the folder to create the project "
                          "in", source=folder)
    if (folder / CONFIG_NAME).exists() and not force:
        raise ConfigError("is already a book project (it has a book.toml); choose another "
                          "folder, or add --force to replace book.toml and .gitignore",
                          source=folder)
    if source is None:
        files = dict(STARTER_FILES)
        meta = Metadata(title=_title_from_folder(folder), authors=(PLACEHOLDER_AUTHOR,),
                        language="en")
        order = ['  { file = "front/dedication.md", role = "dedication" },',
                 '  "chapters/*.md",', '  { file = "back/author-note.md", role = "author-note" },']
        assets: tuple[Asset, ...] = ()
    else:
        book = read_project(source).book
        files, order, meta = _from_book(book)
        assets = book.assets
    files[CONFIG_NAME] = _book_toml(meta, order)
    files[".gitignore"] = GITIGNORE
    _refuse_existing(folder, [*files, *(asset.name for asset in assets)], force)
    written = [_create(folder, name, content.encode("utf-8"), force)
               for name, content in files.items()]
    written += [_create(folder, asset.name, asset.data if asset.data is not None
                        else asset.path.read_bytes(), force) for asset in assets]
    return written


def _refuse_existing(folder: Path, names: list[str], force: bool) -> None:
    """Name every file ``init`` would overwrite (links count: they are never followed)."""
    taken = [name for name in names if (folder / name).exists() or (folder / name).is_symlink()]
    taken = [name for name in taken if not (force and name in SCAFFOLD_FILES
                                            and (folder / name).is_file()
                                            and not (folder / name).is_symlink())]
    if taken:
        raise ConfigError("already holds " + ", ".join(sorted(taken)) + "; mkbook init never "
                          "overwrites a file: choose an empty folder", source=folder)


def _create(folder: Path, name: str, content: bytes, force: bool) -> Path:
    """Write *name* under *folder* as a new file, through no link (``O_NOFOLLOW``)."""
    path = folder / name
    for parent in reversed(path.relative_to(folder).parents):
        step = folder / parent
        if step.is_symlink():
            raise ConfigError(f"{parent.as_posix()!r} is a link; mkbook init writes only "
                              "inside the new project", source=folder)
        step.mkdir(exist_ok=True)
    replace_ok = force and name in SCAFFOLD_FILES
    flags = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
             | (os.O_TRUNC if replace_ok else os.O_EXCL))
    try:
        handle = os.open(path, flags, 0o644)
    except OSError as err:
        raise ConfigError(f"cannot create {name} ({err.strerror})", source=folder) from None
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    return path


def _title_from_folder(folder: Path) -> str:
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(word.capitalize() for word in words) or "Untitled"


def _book_toml(meta: Metadata, order: list[str]) -> str:
    return BOOK_TOML.format(title=" ".join(meta.title.split()), title_json=_toml(meta.title),
                            authors_json="[" + ", ".join(map(_toml, meta.authors)) + "]",
                            language_json=_toml(meta.language), files="\n".join(order))


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _slug(text: str) -> str:
    return file_slug(text, 40, "untitled")


def _from_book(book: Book) -> tuple[dict[str, str], list[str], Metadata]:
    files: dict[str, str] = {}
    order: list[str] = []
    for matter, sections in (("front", book.front_matter), ("back", book.back_matter)):
        if matter == "back":
            order.append('  "chapters/*.md",')
        for number, section in enumerate(sections, start=1):
            name = f"{matter}/{number:02d}-{section.role}.md"
            files[name] = _section_file(section)
            order.append(f'  {{ file = "{name}", role = "{section.role}" }},')
    width = max(2, len(str(len(book.body))))
    for number, item in enumerate(book.body, start=1):
        files[f"chapters/{number:0{width}d}-{_slug(item.title)}.md"] = _body_file(item)
    return files, order, book.metadata


def _section_file(section: Section) -> str:
    head = f"---\nrole: {section.role}\n---\n\n"
    title = f"# {md.escape(section.title)}\n\n" if section.title else ""
    return head + title + md.blocks(section.blocks, "../") + "\n"


def _body_file(item: Part | Chapter) -> str:
    chapters = item.chapters if isinstance(item, Part) else (item,)
    text = f"# {md.escape(item.title)}\n\n" if isinstance(item, Part) else ""
    for chapter in chapters:
        text += f"# {md.escape(chapter.title)}\n\n"
        if chapter.subtitle:
            text += f"## {md.escape(chapter.subtitle)}\n\n"
        text += md.scenes(chapter.scenes, "../") + "\n\n"
        if chapter.notes:
            text += md.footnotes(chapter.notes) + "\n\n"
    return text.rstrip() + "\n"
