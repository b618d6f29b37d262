"""Every file a build reads comes through here: inside the book project, a regular
file, and not larger than a book's file can be.

One function decides, so no reader, exporter or the preview can grow a second,
weaker copy of the rule: a symlink that leads out of the project, a device
(``/dev/zero``), a named pipe or a folder is refused with a message naming the
file, before a byte is read.
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

from mkbook.diagnostics import SourceRef
from mkbook.errors import ManuscriptError, SourceNotFoundError, UnsafePathError

MAX_TEXT_BYTES = 64 * 1024 * 1024
"""A manuscript file, stylesheet or template: twenty times War and Peace."""
MAX_ASSET_BYTES = 64 * 1024 * 1024
"""An image or font file."""
MAX_IMAGE_PIXELS = 50_000_000
"""An image's width × height: a full-bleed 8.5 × 11 in page at 600 DPI is 34 million."""


def confined_file(root: Path, name: str | Path, *, what: str = "file", label: str | None = None,
                  source: SourceRef | Path | str | None = None) -> Path:
    """The resolved path of *name* (relative to *root*, or absolute), if it is a regular
    file inside *root*; else an error that names it (as *label*, default *name*), says
    *what* it is and where it was asked for (*source*, default the name itself)."""
    where = source if source is not None else name
    base = root.resolve()
    path = (root / name).resolve()
    name = label if label is not None else name
    if not path.is_relative_to(base):
        raise UnsafePathError(f"{what} {str(name)!r} lies outside the book project (or links "
                              "out of it); copy the file into the project", source=where)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SourceNotFoundError(f"{what} {str(name)!r} not found; check the name",
                                  source=where) from None
    except OSError as err:
        raise ManuscriptError(f"{what} {str(name)!r} cannot be read ({err.strerror})",
                              source=where) from None
    if stat.S_ISDIR(mode):
        raise ManuscriptError(f"{what} {str(name)!r} is a folder, not a file", source=where)
    if not stat.S_ISREG(mode):
        raise ManuscriptError(f"{what} {str(name)!r} is not a regular file (a device, pipe "
                              "or socket); give a file", source=where)
    return path


def read_confined(root: Path, name: str | Path, *, what: str = "file", label: str | None = None,
                  limit: int = MAX_TEXT_BYTES,
                  source: SourceRef | Path | str | None = None) -> bytes:
    """The bytes of *name* inside *root* (see :func:`confined_file`), at most *limit*."""
    path = confined_file(root, name, what=what, label=label, source=source)
    where = source if source is not None else name
    name = label if label is not None else name
    try:
        # O_NOFOLLOW: the path was resolved, so a link swapped in since is refused.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise ManuscriptError(f"{what} {str(name)!r} cannot be read ({err.strerror})",
                              source=where) from None
    if len(data) > limit:
        raise ManuscriptError(f"{what} {str(name)!r} is larger than {limit // 2 ** 20} MB, "
                              "more than a book's file can be", source=where)
    return data


def image_size(path: Path, name: str, source: SourceRef | Path | str | None = None
               ) -> tuple[int, int]:
    """The pixel size of image *path* (read from its header only), refusing one too
    large to lay out and a file that is not a readable image."""
    from PIL import Image  # only books with images pay for Pillow

    where = source if source is not None else name
    try:
        with warnings.catch_warnings():  # the size is checked below, against a lower limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except (OSError, Image.DecompressionBombError, ValueError):
        raise ManuscriptError(f"image {name!r} is not a readable image; save it again as "
                              "PNG or JPEG", source=where) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise ManuscriptError(f"image {name!r} is {width}×{height} pixels, more than the "
                              f"{MAX_IMAGE_PIXELS // 1_000_000} million mkbook lays out; "
                              "save it smaller (300 DPI at the printed size is plenty)",
                              source=where)
    return width, height
