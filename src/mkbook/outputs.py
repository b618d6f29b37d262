"""Where a build may write: never over anything it reads.

The rule, in one sentence: a build writes a new file, or replaces a regular file,
but never a file of the book (its manuscript, ``book.toml``, an image, a style or
template), never a name it would itself read as manuscript, style, template or image
(unless that is the format's own extension), and never a device, pipe or folder.
``mkbook epub draft.txt -o draft.txt`` is refused before a byte is written, so the
manuscript survives the typo.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mkbook.errors import ConfigError
from mkbook.model import Book

READ_SUFFIXES = frozenset({
    ".txt", ".text", ".md", ".markdown", ".toml", ".yml", ".yaml", ".css", ".html", ".xhtml",
    ".htm", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".otf", ".ttf", ".woff",
    ".woff2", ".docx", ".odt", ".fodt", ".rtf",
})
"""Extensions of files a book is made from: an output never takes one."""


def book_inputs(book: Book, config_path: Path | None) -> frozenset[Path]:
    """Every file the book was read from, resolved: manuscript, images, cover, config,
    and the project's own styles and templates."""
    paths = [*book.sources, *(asset.path for asset in book.assets)]
    if book.cover is not None:
        paths.append(book.cover.path)
    if config_path is not None:
        paths.append(config_path)
    if book.root is not None:
        for folder in ("styles", "templates"):
            if (book.root / folder).is_dir():
                paths.extend(p for p in (book.root / folder).rglob("*") if p.is_file())
    return frozenset(path.resolve() for path in paths)


def check_output_file(target: Path, inputs: frozenset[Path], suffix: str) -> None:
    """Refuse *target* as the file a format with extension *suffix* is written to (see
    the module's rule; a plugin that writes ``.html`` may write ``.html`` files)."""
    if target.suffix.lower() in READ_SUFFIXES - {Path(suffix).suffix.lower()}:
        raise ConfigError(f"will not write a book to a {target.suffix} file: mkbook reads "
                          "such files; give the output its own name (book.epub, book.pdf)",
                          source=target)
    if target.resolve() in inputs:
        raise ConfigError("is one of the book's own files; mkbook never writes over what it "
                          "reads: choose another output", source=target)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as err:
        raise ConfigError(f"cannot be written ({err.strerror})", source=target) from None
    if stat.S_ISDIR(mode):
        raise ConfigError("is a folder; give the file to write (for a folder of every "
                          "format, use mkbook build -o)", source=target)
    if not stat.S_ISREG(mode):
        raise ConfigError("is not a regular file (a device, pipe or socket); mkbook writes "
                          "books only to files", source=target)


def check_output_folder(folder: Path) -> None:
    """Refuse *folder* as the place ``build`` writes every format into, if it is a file."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError("is a file, not a folder; mkbook build -o takes the folder to "
                          "write every format into", source=folder)


class Staging:
    """Where a build writes when ``--strict`` may yet refuse it: each file goes to a
    hidden sibling of its target first, and only when the whole build warned of
    nothing are they renamed into place, so a strict build that warns writes nothing."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.staged: list[tuple[Path, Path]] = []

    def path_for(self, target: Path) -> Path:
        """The file to write for *target*: *target* itself unless strict."""
        if not self.strict:
            return target
        staged = target.with_name(f".{target.name}.strict")
        self.staged.append((staged, target))
        return staged

    def publish(self) -> None:
        """Rename every staged file into place."""
        for staged, target in self.staged:
            os.replace(staged, target)
        self.staged.clear()

    def discard(self) -> None:
        """Remove every staged file: the build is refused."""
        for staged, _ in self.staged:
            staged.unlink(missing_ok=True)
        self.staged.clear()
